"""Reads of the meeting day: the run page's items, times and re-timing."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from ..access import Viewer
from ..models import (
    AgendaItem,
    Disqualification,
    Meeting,
    MeetingRun,
    MeetingStatus,
    StandingItem,
)
from .timing import PlannedItem, Retiming, retime


@dataclass(frozen=True)
class RunState:
    meeting: Meeting
    run: MeetingRun | None
    timing: Retiming
    titles: dict[int, str]  # item id -> the title this viewer may see

    @property
    def started(self) -> bool:
        return self.run is not None

    @property
    def through(self) -> bool:
        """Started, and every item dealt with."""
        return (
            self.run is not None and self.run.current_item_id is None and self.timing.next is None
        )


def _at(meeting: Meeting, time: dt.time | None) -> dt.datetime | None:
    if time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(meeting.date, time))


def run_state(meeting: Meeting, viewer: Viewer, *, now: dt.datetime | None = None) -> RunState:
    """The meeting as it stands now: items with their times, re-timed, in three queries."""
    now = now or timezone.now()
    run = MeetingRun.objects.filter(meeting=meeting).first()
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .select_related("run", "postponement")
        .prefetch_related(Prefetch("restricted_to", queryset=get_user_model().objects.only("pk")))
    )
    planned = []
    titles = {}
    for number, item in enumerate(items, start=1):
        item_run = getattr(item, "run", None)
        planned.append(
            PlannedItem(
                number=number,
                title=item.title,
                planned_minutes=item.duration_minutes,
                started_at=item_run.started_at if item_run else None,
                ended_at=item_run.ended_at if item_run else None,
                postponable=item.standing != StandingItem.NEXT_MEETING,
                key=item.pk,
                postponed=hasattr(item, "postponement"),
            )
        )
        titles[item.pk] = item.title if viewer.sees_item_content(item) else item.public_title
    start = (run.started_at if run else None) or _at(meeting, meeting.start_time) or now
    # Not started on another day than its own: the plan as scheduled, not re-timed from today.
    plan_now = now if run or timezone.localdate(now) == meeting.date else start
    timing = retime(items=planned, start=start, end=_at(meeting, meeting.end_time), now=plan_now)
    return RunState(meeting=meeting, run=run, timing=timing, titles=titles)


@dataclass(frozen=True)
class LiveItem:
    """One item as a member following along sees it: on now or not, who took no part
    (inhabil) and its decision, each only when the viewer may read it."""

    pk: int
    number: int
    current: bool
    inhabil: list[str]
    decision_html: str


@dataclass(frozen=True)
class Following:
    """What a member following along sees: the item on now (number and visible title), and
    every item's place on the meeting page."""

    started: bool
    number: int | None
    title: str
    current_pk: int | None = None
    items: list[LiveItem] = field(default_factory=list)
    # The meeting was run and is over ("Afslut mødet"): the poll's last answer says so.
    ended: bool = False


def following(meeting: Meeting, viewer: Viewer, *, over: bool = False) -> Following:
    """The current item and the decisions as this viewer may see them (asked only when the
    meeting changed): three queries (the run, the items with whom they are narrowed to, the
    inhabil), and one more for a member with bilag withheld. `over`: the poll's last answer,
    when the meeting is no longer on (held, or its day gone): no item is on now, whatever
    the run last took up."""
    run = MeetingRun.objects.filter(meeting=meeting).first()
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related(Prefetch("restricted_to", queryset=get_user_model().objects.only("pk")))
    )
    inhabil = Disqualification.objects.names_by_item(meeting.pk)
    current_pk = run.current_item_id if run and not over else None
    live = []
    number = None
    title = ""
    for position, item in enumerate(items, start=1):
        visible = viewer.sees_item_content(item)
        if item.pk == current_pk:
            number = position
            title = item.title if visible else item.shown_title
        live.append(
            LiveItem(
                pk=item.pk,
                number=position,
                current=item.pk == current_pk,
                inhabil=inhabil.get(item.pk, []) if visible else [],
                decision_html=item.decision_html if viewer.sees_decision(item) else "",
            )
        )
    return Following(
        started=run is not None,
        number=number,
        title=title,
        current_pk=current_pk,
        items=live,
        ended=over and run is not None and meeting.status != MeetingStatus.PUBLISHED,
    )
