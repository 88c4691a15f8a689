"""Writes of the meeting day: start the meeting, take up the next item, postpone an item."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from dap_portal import danish

from ..agenda import item_numbers
from ..audit import Actor, AuditAction, record_audit, user_of
from ..editor.services import meeting_copy_items, meeting_create
from ..minutes.services import decision_record
from ..models import (
    AgendaItem,
    DecisionOutcome,
    ItemPostponement,
    ItemRun,
    ItemSection,
    Meeting,
    MeetingRun,
    MeetingStatus,
    StandingItem,
)
from ..writes import locked_meeting, set_order, touch

POSTPONED_DECISION = "<p>Punktet blev udsat til næste møde.</p>"


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
    # The members' meeting page and their poll's ETag follow the meeting's version.
    touch(run.meeting_id)


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
    """The meeting's items not yet taken up, leaving out those postponed."""
    return AgendaItem.objects.filter(meeting=meeting, run__isnull=True, postponement__isnull=True)


def next_draft(meeting: Meeting, actor: Actor) -> Meeting:
    """The committee's next draft after this meeting; a new one on the date the meeting gives
    as the next meeting's ('Næste møde') when there is none; refused when that is not known."""
    draft = (
        Meeting.objects.filter(
            committee_id=meeting.committee_id, date__gt=meeting.date, status=MeetingStatus.DRAFT
        )
        .order_by("date", "start_time", "pk")
        .first()
    )
    if draft is not None:
        return draft
    if meeting.next_date is None or meeting.next_date <= meeting.date:
        raise ValidationError(
            "Der er ingen kladde til næste møde, og næste mødes dato er ikke angivet. "
            "Opret næste møde, eller angiv næste mødes dato under mødets oplysninger."
        )
    return meeting_create(
        committee=meeting.committee,
        actor=actor,
        date=meeting.next_date,
        start_time=meeting.next_start_time,
        end_time=meeting.next_end_time,
        location=meeting.next_location,
    )


@transaction.atomic
def item_postpone(
    *, item: AgendaItem, actor: Actor, now: dt.datetime | None = None
) -> ItemPostponement:
    """Postpone an item to the next meeting: it goes, with its sections and bilag, onto the
    next meeting's draft, which tells where it came from; the minutes say it was postponed."""
    now = now or timezone.now()
    meeting = locked_meeting(item.meeting_id)
    ensure_runnable(meeting, timezone.localdate(now))
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if item.standing == StandingItem.NEXT_MEETING:
        raise ValidationError("Punktet om næste møde kan ikke udsættes.")
    if ItemPostponement.objects.filter(item=item).exists():
        raise ValidationError("Punktet er allerede udsat til næste møde.")
    draft = next_draft(meeting, actor)
    (copy,) = meeting_copy_items(meeting=draft, actor=actor, items=[item], include_bilag=True)
    number = item_numbers([item])[item.pk]
    origin = ItemSection.objects.create(
        item=copy,
        position=(max((s.position for s in copy.sections.all()), default=0) + 1),
        html=(
            f"<p>Punktet blev udsat fra mødet {danish.date_with_weekday(meeting.date)} "
            f"(punkt {number}).</p>"
        ),
        updated_at=now,
        updated_by=user_of(actor),
    )
    set_order(
        ItemSection.objects.filter(item=copy),
        [
            origin.pk,
            *copy.sections.exclude(pk=origin.pk).order_by("position").values_list("pk", flat=True),
        ],
    )
    decision_record(
        item=item, actor=actor, outcome=DecisionOutcome.POSTPONED, html=POSTPONED_DECISION
    )
    postponement = ItemPostponement.objects.create(
        item=item, moved_to=copy, postponed_at=now, postponed_by=user_of(actor)
    )
    MeetingRun.objects.filter(meeting=meeting).update(version=F("version") + 1)
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.ITEM_POSTPONED,
        summary=(f"Punktet »{item.title}« udsat til mødet {danish.date_with_weekday(draft.date)}"),
        target=item,
        item=item,
        changes={"moved_to": [None, draft.date.isoformat()]},
    )
    return postponement
