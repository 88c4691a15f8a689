"""Re-timing with the times of the seed agenda of 6 October 2025 (13.00-15.00, 135 minutes)."""

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from meetings.meetingday.timing import Phase, PlannedItem, propose_postponement, retime

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "dap-2025-10-06.json"
CPH = ZoneInfo("Europe/Copenhagen")


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2025, 10, 6, hour, minute, tzinfo=CPH)


def seed_items() -> tuple[list[PlannedItem], dt.datetime, dt.datetime]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    meeting = data["meeting"]
    start = dt.datetime.combine(
        dt.date.fromisoformat(meeting["date"]), dt.time.fromisoformat(meeting["start_time"]), CPH
    )
    end = start.replace(hour=int(meeting["end_time"][:2]), minute=int(meeting["end_time"][3:]))
    items = [
        PlannedItem(
            number=number,
            title=item["title"],
            planned_minutes=item["duration_minutes"],
            postponable=number != len(data["items"]),
        )
        for number, item in enumerate(data["items"], start=1)
    ]
    return items, start, end


def ran(item: PlannedItem, start: dt.datetime, end: dt.datetime | None) -> PlannedItem:
    return PlannedItem(
        number=item.number,
        title=item.title,
        planned_minutes=item.planned_minutes,
        started_at=start,
        ended_at=end,
        postponable=item.postponable,
    )


def test_the_seed_agenda_plans_135_minutes_into_two_hours():
    items, start, end = seed_items()

    timing = retime(items=items, start=start, end=end, now=at(12, 0))

    assert sum(item.planned_minutes for item in items) == 135
    assert timing.forecast_end == at(15, 15)
    assert timing.overrun_line == "Overskrider mødets sluttid med 15 min."


def test_item_2_running_25_minutes_instead_of_10_moves_item_3_to_13_30_and_the_end_to_15_30():
    items, start, end = seed_items()
    assert (items[0].planned_minutes, items[1].planned_minutes) == (5, 10)
    items[0] = ran(items[0], at(13, 0), at(13, 5))
    items[1] = ran(items[1], at(13, 5), at(13, 30))

    timing = retime(items=items, start=start, end=end, now=at(13, 30))

    done, done2, third = timing.lines[:3]
    assert (done.phase, done.elapsed_minutes, done.over_minutes) == (Phase.DONE, 5, 0)
    assert (done2.elapsed_minutes, done2.over_minutes) == (25, 15)
    assert (third.phase, third.starts_at) == (Phase.COMING, at(13, 30))
    assert timing.next is third
    assert timing.forecast_end == at(15, 30)
    assert timing.overrun_minutes == 30
    assert timing.overrun_line == "Overskrider mødets sluttid med 30 min."
    # Postponing the named items brings the end back to 15.00, never 'Eventuelt og næste møde'.
    assert [item.number for item in timing.postpone] == [7, 9]
    assert sum(item.planned_minutes for item in timing.postpone) == 30
    assert timing.postpone_end == at(15, 0)


def test_a_current_item_running_over_pushes_the_rest_from_now():
    items, start, end = seed_items()
    items[0] = ran(items[0], at(13, 0), at(13, 5))
    items[1] = ran(items[1], at(13, 5), None)

    timing = retime(items=items, start=start, end=end, now=at(13, 30))

    assert timing.current is timing.lines[1]
    assert timing.current.elapsed_minutes == 25
    assert timing.lines[2].starts_at == at(13, 30)
    assert timing.forecast_end == at(15, 30)


def test_between_items_the_next_one_starts_now_at_the_earliest():
    items, start, end = seed_items()
    items[0] = ran(items[0], at(13, 0), at(13, 5))

    timing = retime(items=items, start=start, end=end, now=at(13, 12))

    assert timing.lines[1].starts_at == at(13, 12)
    assert timing.lines[2].starts_at == at(13, 22)


def test_no_proposal_when_it_fits_or_when_nothing_could_make_it_fit():
    items, start, end = seed_items()
    items = [ran(item, at(13, 0), at(13, 0)) for item in items[:3]] + items[3:]

    timing = retime(items=items, start=start, end=end, now=at(13, 0))

    assert timing.overrun_line == ""
    assert timing.postpone == []
    assert propose_postponement(items[3:5], 500) == []
