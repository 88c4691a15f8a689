"""Re-timing a running meeting: the remaining items' clock times, the forecast end, the overrun
and the items whose postponement would make the meeting end on time.

Pure: it takes the items, what has happened and the clock (`now`), and touches no database, so
the run page, the room screen and the tests compute it the same way.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    DONE = "done"
    CURRENT = "current"
    COMING = "coming"
    POSTPONED = "postponed"  # moved to the next meeting before it was taken up: takes no time


@dataclass(frozen=True)
class PlannedItem:
    """One item as re-timing sees it: its number, planned minutes and when it ran."""

    number: int
    title: str
    planned_minutes: int
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    # The standing 'Eventuelt og næste møde' closes every meeting: never proposed for postponing.
    postponable: bool = True
    key: int | None = None  # the item's id, for the page
    postponed: bool = False


@dataclass(frozen=True)
class TimedItem:
    item: PlannedItem
    phase: Phase
    starts_at: dt.datetime  # when it started, or when it is now expected to start
    ends_at: dt.datetime  # when it ended, or when it is now expected to end
    elapsed_minutes: int | None  # for a done or current item

    @property
    def over_minutes(self) -> int:
        """Minutes beyond the planned ones (negative when it took less)."""
        return (self.elapsed_minutes or 0) - self.item.planned_minutes


@dataclass(frozen=True)
class Retiming:
    lines: list[TimedItem]
    forecast_end: dt.datetime
    scheduled_end: dt.datetime | None
    # Proposed for postponement: the fewest coming items whose planned minutes cover the overrun.
    postpone: list[PlannedItem]

    @property
    def overrun_minutes(self) -> int:
        if self.scheduled_end is None:
            return 0
        return max(0, _whole_minutes(self.forecast_end - self.scheduled_end))

    @property
    def overrun_line(self) -> str:
        """`Overskrider mødets sluttid med 30 min.`, or '' when the meeting ends in time."""
        if not self.overrun_minutes:
            return ""
        return f"Overskrider mødets sluttid med {self.overrun_minutes} min."

    @property
    def postpone_end(self) -> dt.datetime:
        """The forecast end if the proposed items were postponed."""
        saved = sum(item.planned_minutes for item in self.postpone)
        return self.forecast_end - dt.timedelta(minutes=saved)

    @property
    def current(self) -> TimedItem | None:
        return next((line for line in self.lines if line.phase == Phase.CURRENT), None)

    @property
    def next(self) -> TimedItem | None:
        return next((line for line in self.lines if line.phase == Phase.COMING), None)


def _whole_minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def retime(
    *,
    items: list[PlannedItem],
    start: dt.datetime,
    end: dt.datetime | None,
    now: dt.datetime,
) -> Retiming:
    """The meeting as it stands at `now`: done items as they ran, the current one at least until
    its planned end (or now, if it runs over), the coming ones one after another from there."""
    lines: list[TimedItem] = []
    clock = start
    for item in items:
        if item.started_at is not None and item.ended_at is not None:
            line = TimedItem(
                item,
                Phase.DONE,
                item.started_at,
                item.ended_at,
                _whole_minutes(item.ended_at - item.started_at),
            )
        elif item.started_at is not None:
            planned_end = item.started_at + dt.timedelta(minutes=item.planned_minutes)
            line = TimedItem(
                item,
                Phase.CURRENT,
                item.started_at,
                max(planned_end, now),
                _whole_minutes(now - item.started_at),
            )
        elif item.postponed:
            line = TimedItem(item, Phase.POSTPONED, clock, clock, None)
        else:
            # Nothing starts in the past: between items the next one starts now at the earliest.
            coming = any(line.phase in (Phase.CURRENT, Phase.COMING) for line in lines)
            begins = clock if coming else max(clock, now)
            line = TimedItem(
                item,
                Phase.COMING,
                begins,
                begins + dt.timedelta(minutes=item.planned_minutes),
                None,
            )
        lines.append(line)
        clock = line.ends_at
    forecast_end = clock if lines else max(start, now)
    overrun = max(0, _whole_minutes(forecast_end - end)) if end is not None else 0
    candidates = [
        line.item for line in lines if line.phase == Phase.COMING and line.item.postponable
    ]
    return Retiming(
        lines=lines,
        forecast_end=forecast_end,
        scheduled_end=end,
        postpone=propose_postponement(candidates, overrun),
    )


def propose_postponement(candidates: list[PlannedItem], overrun: int) -> list[PlannedItem]:
    """The fewest items whose planned minutes cover `overrun`, as tight a fit as one exchange
    per item finds, later items before earlier ones (the agenda puts what matters first);
    empty when nothing runs over or even postponing them all would not make it fit."""
    if overrun <= 0 or sum(item.planned_minutes for item in candidates) < overrun:
        return []
    # Largest first (later ones first among equals) gives the fewest items ...
    ranked = sorted(candidates, key=lambda item: (-item.planned_minutes, -item.number))
    chosen: list[PlannedItem] = []
    for item in ranked:
        if sum(pick.planned_minutes for pick in chosen) >= overrun:
            break
        chosen.append(item)
    # ... then each pick, the smallest first, is exchanged for the smallest item still enough.
    for index in range(len(chosen) - 1, -1, -1):
        others = sum(pick.planned_minutes for pick in chosen) - chosen[index].planned_minutes
        fits = [
            item
            for item in candidates
            if (item is chosen[index] or item not in chosen)
            and others + item.planned_minutes >= overrun
        ]
        chosen[index] = min(fits, key=lambda item: (item.planned_minutes, -item.number))
    return sorted(chosen, key=lambda item: item.number)
