"""Reads of the meeting day: the run page's items, times and re-timing."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from ..access import Viewer
from ..agenda import item_numbers
from ..models import AgendaItem, Meeting, MeetingRun, StandingItem
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
class Following:
    """What a member following along sees: the item on now (number and visible title)."""

    started: bool
    number: int | None
    title: str


def following(meeting: Meeting, viewer: Viewer) -> Following:
    """The current item as this viewer may see it (asked only when the meeting changed)."""
    run = (
        MeetingRun.objects.filter(meeting=meeting)
        .select_related("current_item")
        .prefetch_related(
            Prefetch("current_item__restricted_to", queryset=get_user_model().objects.only("pk"))
        )
        .first()
    )
    if run is None:
        return Following(started=False, number=None, title="")
    item = run.current_item
    if item is None:
        return Following(started=True, number=None, title="")
    title = item.title if viewer.sees_item_content(item) else item.public_title
    return Following(started=True, number=item_numbers([item])[item.pk], title=title)
