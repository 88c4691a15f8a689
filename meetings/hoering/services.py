"""Writes of the høring: send the minutes in høring, comment, and the chair's approval."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dap_portal import danish

from ..audit import Actor, AuditAction, record_audit, user_of
from ..models import (
    AgendaItem,
    ApprovalKind,
    HoeringStatus,
    MeetingStatus,
    MinutesComment,
    MinutesHoering,
)
from ..models.meetings import Meeting
from ..writes import locked_meeting
from . import tasks
from .closing import approve
from .selectors import minutes_text, participants
from .workdays import DEFAULT_WORKING_DAYS, add_working_days, working_day_before


def default_deadline(today: dt.date | None = None) -> dt.date:
    """Five working days from today."""
    return add_working_days(today or timezone.localdate(), DEFAULT_WORKING_DAYS)


@transaction.atomic
def hoering_send(
    *, meeting: Meeting, actor: Actor, deadline: dt.date | None = None
) -> MinutesHoering:
    """Send the held meeting's minutes in høring to the participants, with a deadline."""
    meeting = locked_meeting(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            "Referatet kan sendes i høring, når mødet er afsluttet (markeret som afholdt) "
            "og før referatet er godkendt."
        )
    if MinutesHoering.objects.filter(meeting=meeting, status=HoeringStatus.OPEN).exists():
        raise ValidationError("Referatet er allerede i høring.")
    today = timezone.localdate()
    deadline = deadline or default_deadline(today)
    if deadline <= today:
        raise ValidationError("Høringsfristen skal ligge efter i dag.")
    recipient_ids = participants(meeting)
    if not recipient_ids:
        raise ValidationError("Der er ingen deltagere at sende referatet i høring til.")
    hoering = MinutesHoering(
        meeting=meeting,
        sent_at=timezone.now(),
        sent_by=user_of(actor),
        deadline=deadline,
        remind_on=max(working_day_before(deadline), today),
        recipient_ids=recipient_ids,
        sent_text=minutes_text(meeting),
    )
    hoering.full_clean()
    hoering.save()
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.MINUTES_HOERING_SENT,
        summary=f"Referatet sendt i høring til {len(recipient_ids)} deltagere med frist "
        f"{danish.date_with_weekday(deadline)}",
        target=hoering,
        changes={"deadline": [None, deadline.isoformat()]},
    )
    transaction.on_commit(lambda: tasks.send_hoering.delay(hoering.pk))
    return hoering


def _open_for(hoering: MinutesHoering) -> MinutesHoering:
    current = (
        MinutesHoering.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=hoering.pk)
    )
    if current.status != HoeringStatus.OPEN or current.meeting.status != MeetingStatus.HELD:
        raise ValidationError("Høringen er afsluttet; der kan ikke længere gives bemærkninger.")
    return current


@transaction.atomic
def comment_add(
    *,
    hoering: MinutesHoering,
    actor: Actor,
    text: str,
    item: AgendaItem | None = None,
    objection: bool = False,
) -> MinutesComment:
    """A participant's 'Bemærkning til referatet' on an item (or on the whole minutes)."""
    hoering = _open_for(hoering)
    user = user_of(actor)
    if user is None or user.pk not in (hoering.recipient_ids or []):
        raise ValidationError("Kun mødets deltagere kan give bemærkninger til referatet.")
    if item is not None and item.meeting_id != hoering.meeting_id:
        raise ValidationError("Punktet hører ikke til dette møde.")
    text = text.strip()
    if not text:
        raise ValidationError("Skriv din bemærkning.")
    comment = MinutesComment(
        hoering=hoering, item=item, author=user, text=text, objection=objection
    )
    comment.full_clean()
    comment.save()
    where = f"punkt »{item.title}«" if item is not None else "referatet"
    record_audit(
        meeting=hoering.meeting,
        actor=actor,
        action=AuditAction.MINUTES_COMMENTED,
        summary=f"{'Indsigelse' if objection else 'Bemærkning'} til {where}",
        target=comment,
        item=item,
        changes={"text": [None, text]},
    )
    return comment


@transaction.atomic
def hoering_approve(*, hoering: MinutesHoering, actor: Actor) -> MinutesHoering:
    """The chair approves the minutes ('Godkend referat'), before or after the deadline."""
    current = MinutesHoering.objects.select_for_update().get(pk=hoering.pk)
    if current.status == HoeringStatus.APPROVED:
        raise ValidationError("Referatet er allerede godkendt.")
    return approve(current, actor=actor, kind=ApprovalKind.CHAIR, now=timezone.now())
