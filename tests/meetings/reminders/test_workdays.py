"""A reminder due on a weekend or a Danish holiday goes out on the working day before."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from meetings.models import ReminderAnchor, ReminderRule
from meetings.reminders import times, workdays

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: dt.date, hour: int = 13) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=CPH)


def before(days: int = 0, hours: int = 0) -> ReminderRule:
    return ReminderRule(anchor=ReminderAnchor.BEFORE_START, offset_days=days, offset_hours=hours)


def after(days: int = 0, hours: int = 0) -> ReminderRule:
    return ReminderRule(anchor=ReminderAnchor.AFTER_END, offset_days=days, offset_hours=hours)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5)),
     (2030, dt.date(2030, 4, 21)), (2038, dt.date(2038, 4, 25))],
)  # fmt: skip
def test_easter_is_known(year, easter):
    assert workdays.day_off(easter) == "påskedag"
    assert workdays.day_off(easter + dt.timedelta(days=1)) == "2. påskedag"


@pytest.mark.parametrize(
    ("meeting_day", "rule", "due_day"),
    [
        # Weekend: ten days before Tuesday 8 October 2030 is Saturday 28 September.
        (dt.date(2030, 10, 8), before(days=10), dt.date(2030, 9, 27)),
        # Påske: ten days before Monday 29 April 2030 is langfredag; skærtorsdag too is off.
        (dt.date(2030, 4, 29), before(days=10), dt.date(2030, 4, 17)),
        # 2. påskedag, Monday 22 April 2030: back past the whole Easter.
        (dt.date(2030, 4, 24), before(days=2), dt.date(2030, 4, 17)),
        # Kristi himmelfartsdag, Thursday 30 May 2030.
        (dt.date(2030, 6, 6), before(days=7), dt.date(2030, 5, 29)),
        # 2. pinsedag, Monday 10 June 2030: back past Sunday and Saturday to Friday.
        (dt.date(2030, 6, 12), before(days=2), dt.date(2030, 6, 7)),
        # Jul: 25 December 2030 (a Wednesday) and juleaftensdag before it.
        (dt.date(2030, 12, 27), before(days=2), dt.date(2030, 12, 23)),
        # Nytår: 1 January 2031 and nytårsaftensdag.
        (dt.date(2031, 1, 3), before(days=2), dt.date(2030, 12, 30)),
        # A working day stays as it is.
        (dt.date(2030, 10, 10), before(days=2), dt.date(2030, 10, 8)),
    ],
)
def test_a_reminder_due_on_a_day_off_goes_out_the_working_day_before(meeting_day, rule, due_day):
    start, end = at(meeting_day, 13), at(meeting_day, 15)
    due = times.due_time(rule, start, end)
    assert due == at(due_day, 13)
    assert workdays.day_off(due.date()) is None


def test_store_bededag_was_a_holiday_until_2023():
    assert workdays.day_off(dt.date(2023, 5, 5)) == "store bededag"
    assert workdays.day_off(dt.date(2024, 4, 26)) is None


def test_a_reminder_after_the_meeting_never_goes_out_before_it_has_ended():
    friday = dt.date(2030, 10, 4)
    start, end = at(friday, 13), at(friday, 15)
    # Two days after: Sunday, so Friday at the same clock time, once the meeting has ended.
    assert times.due_time(after(days=2), start, end) == at(friday, 15)
    # Twenty hours after: Saturday 11.00; Friday 11.00 is before the end, so Monday 11.00.
    assert times.due_time(after(hours=20), start, end) == at(dt.date(2030, 10, 7), 11)


def test_the_move_is_explained():
    start, end = at(dt.date(2030, 4, 24), 13), at(dt.date(2030, 4, 24), 15)
    assert times.moved_from(before(days=2), start, end) == "mandag d. 22. april 2030, 2. påskedag"
    assert times.moved_from(before(days=4), start, end) == "lørdag d. 20. april 2030"
    assert times.moved_from(before(days=1), start, end) is None
