"""Writes of the questions to the secretariat: a member asks on an item, the secretariat
answers (to the asker, by e-mail and on the page) and may share the answer with everyone.

Services in the house style (keyword-only, typed, atomic, validated, audited). Whether the
user may ask on the item, or answer the question, is decided by the view through
`meetings.access` (`may_ask_question`, `answerable_questions`).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dap_portal import danish

from ..audit import Actor, AuditAction, record_audit, user_of
from ..models import MAX_ANSWER_CHARS, MAX_QUESTION_CHARS, AgendaItem, ItemQuestion
from ..writes import touch
from . import tasks


def _checked(text: str, *, what: str, limit: int, empty: str) -> str:
    """The text without surrounding blanks, or a Danish refusal (nothing is saved)."""
    text = text.strip()
    if not text:
        raise ValidationError(empty)
    if len(text) > limit:
        raise ValidationError(
            f"{what} er for langt: {danish.thousands(len(text))} tegn. Det må højst have "
            f"{danish.thousands(limit)} tegn. Intet er sendt; gør det kortere, og prøv igen."
        )
    return text


@transaction.atomic
def question_ask(*, item: AgendaItem, actor: Actor, text: str) -> ItemQuestion:
    """Send a question on an item to the secretariat (from the user's note or a new text).

    The question keeps its own copy of the text: the note stays the user's own."""
    user = user_of(actor)
    if user is None:
        raise ValidationError("Log ind for at stille et spørgsmål.")
    text = _checked(
        text,
        what="Spørgsmålet",
        limit=MAX_QUESTION_CHARS,
        empty="Skriv dit spørgsmål til sekretariatet, før du sender det.",
    )
    question = ItemQuestion(item=item, asker=user, text=text)
    question.full_clean()
    question.save()
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.QUESTION_ASKED,
        summary=f"Spørgsmål til sekretariatet om punktet »{item.title}«",
        target=question,
        item=item,
        changes={"text": [None, text]},
    )
    return question


def _notice_key(question: ItemQuestion) -> str:
    """One e-mail per answer text: a corrected answer is sent again, the same one never."""
    digest = hashlib.sha256(question.answer.encode()).hexdigest()[:16]
    return f"question:{question.pk}:answer:{digest}"


@transaction.atomic
def question_answer(
    *, question: ItemQuestion, actor: Actor, answer: str, shared: bool
) -> ItemQuestion:
    """The secretariat's answer (new or corrected), and whether everyone who may read the
    item sees question and answer ("Del svaret med alle"). A new answer text is e-mailed to
    the asker; a shared answer is part of the members' cached page, so the meeting is
    touched whenever what it shows changes."""
    current = (
        ItemQuestion.objects.select_for_update(of=("self",))
        .select_related("item__meeting")
        .get(pk=question.pk)
    )
    answer = _checked(
        answer,
        what="Svaret",
        limit=MAX_ANSWER_CHARS,
        empty="Skriv et svar, før du sender det.",
    )
    item = current.item
    new_text = answer != current.answer
    was_shared = current.shared
    if new_text:
        before = current.answer or None
        current.answer = answer
        current.answered_at = timezone.now()
        current.answered_by = user_of(actor)
    current.shared = shared
    if not new_text and shared == was_shared:
        return current
    current.full_clean()
    current.save()
    if new_text:
        record_audit(
            meeting=item.meeting,
            actor=actor,
            action=AuditAction.QUESTION_ANSWERED,
            summary=f"Spørgsmål om punktet »{item.title}« besvaret",
            target=current,
            item=item,
            changes={"answer": [before, answer]},
        )
        key = _notice_key(current)
        transaction.on_commit(lambda: tasks.send_question_answer.delay(current.pk, key))
    if shared != was_shared:
        record_audit(
            meeting=item.meeting,
            actor=actor,
            action=AuditAction.QUESTION_SHARED if shared else AuditAction.QUESTION_UNSHARED,
            summary=(
                f"Svar på spørgsmål om punktet »{item.title}« "
                + ("delt med alle" if shared else "ikke længere delt med alle")
            ),
            target=current,
            item=item,
            changes={"shared": [was_shared, shared]},
        )
    if shared or was_shared:
        # What members read of the item changed: their cached page follows the version.
        touch(item.meeting_id)
    return current
