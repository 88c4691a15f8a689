"""Writes of the meeting day: start the meeting, take up the next item."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from dap_portal import danish

from ..audit import Actor, AuditAction, record_audit, user_of
from ..models import AgendaItem, ItemRun, Meeting, MeetingRun, MeetingStatus
from ..writes import locked_meeting


def ensure_runnable(meeting: Meeting, today: dt.date) -> None:
    """Refuse, in Danish, to run a meeting that is not sent out or not yet due."""
    if meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError("Kun et udsendt møde, der ikke er afholdt, kan afvikles.")
    if meeting.date > today:
        raise ValidationError(
            f"Mødet holdes først {danish.date_with_weekday(meeting.date)}. "
            "Det kan startes fra mødedagen."
        )


def _take_up(run: MeetingRun, item: AgendaItem | None, now: dt.datetime) -> None:
    """End the current item and start `item` (None: the agenda is through)."""
    if run.current_item_id is not None:
        ItemRun.objects.filter(item_id=run.current_item_id, ended_at__isnull=True).update(
            ended_at=now
        )
    if item is not None:
        ItemRun.objects.update_or_create(item=item, defaults={"started_at": now, "ended_at": None})
    run.current_item = item
    MeetingRun.objects.filter(pk=run.pk).update(current_item=item, version=F("version") + 1)


@transaction.atomic
def run_start(*, meeting: Meeting, actor: Actor, now: dt.datetime | None = None) -> MeetingRun:
    """Start the meeting: the clock runs from now, and the first item is taken up."""
    now = now or timezone.now()
    meeting = locked_meeting(meeting)
    ensure_runnable(meeting, timezone.localdate(now))
    if MeetingRun.objects.filter(meeting=meeting).exists():
        raise ValidationError("Mødet er allerede startet.")
    first = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
    run = MeetingRun(meeting=meeting, started_at=now, started_by=user_of(actor))
    run.full_clean()
    run.save()
    _take_up(run, first, now)
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.MEETING_STARTED,
        summary=f"Mødet startet kl. {danish.clock(timezone.localtime(now).time())}",
        target=run,
    )
    return run


@transaction.atomic
def run_next_item(
    *, meeting: Meeting, actor: Actor, now: dt.datetime | None = None
) -> AgendaItem | None:
    """End the current item and take up the next one not yet dealt with (None after the last)."""
    now = now or timezone.now()
    meeting = locked_meeting(meeting)
    ensure_runnable(meeting, timezone.localdate(now))
    run = MeetingRun.objects.filter(meeting=meeting).first()
    if run is None:
        raise ValidationError("Start mødet først.")
    if run.current_item_id is None and not _untouched(meeting).exists():
        raise ValidationError("Alle punkter er behandlet.")
    following = _untouched(meeting).order_by("position").first()
    _take_up(run, following, now)
    if following is not None:
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.ITEM_TAKEN_UP,
            summary=f"Punktet »{following.title}« taget op",
            target=following,
            item=following,
        )
    return following


def _untouched(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items not yet taken up."""
    return AgendaItem.objects.filter(meeting=meeting, run__isnull=True)
