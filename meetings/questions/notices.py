"""The e-mail that tells an asker the secretariat has answered their question.

Claimed by its `BetweenNotice` (one key per answer text), as the procedures' e-mails are: a
task run twice sends it once. A closed item's title and answer stay out of the e-mail (mail
passes through systems outside the portal): the link, behind the login, shows them.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from dap_portal import danish

from .. import access
from ..models import ItemQuestion, NoticeKind
from ..procedures.notices import claim, send_claimed


def _mail(question: ItemQuestion) -> tuple[str, str]:
    item = question.item
    meeting = item.meeting
    closed = item.confidential
    link = (
        settings.DAP_BASE_URL
        + reverse("meetings:meeting_detail", args=[meeting.pk])
        + f"#spoergsmaal-{question.pk}"
    )
    subject = (
        "Svar på dit spørgsmål om et lukket punkt"
        if closed
        else f"Svar på dit spørgsmål om »{item.title}«"
    )
    body = render_to_string(
        "meetings/questions/email/answer.txt",
        {
            "question": question,
            "user": question.asker,
            "item": item,
            "closed": closed,
            "meeting": meeting,
            "meeting_date": danish.date_with_weekday(meeting.date),
            "committee": meeting.committee,
            "link": link,
        },
    )
    return subject, body


def send_answer(question_id: int, key: str) -> bool:
    """E-mail the asker the answer named by `key` (once), if they may still read the item."""
    question = (
        ItemQuestion.objects.select_related("item__meeting__committee", "asker")
        .filter(pk=question_id)
        .first()
    )
    if question is None or not question.answered:
        return False
    user = question.asker
    if user is None or not user.is_active or not user.email:
        return False
    if not access.own_questions(user).filter(pk=question.pk).exists():
        return False  # the item was closed to them since: nothing of it goes out
    notice = claim(key, NoticeKind.QUESTION_ANSWERED, user)
    return notice is not None and send_claimed(notice, *_mail(question))
