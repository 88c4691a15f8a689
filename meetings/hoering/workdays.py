"""Deadlines counted in Danish working days (the calendar the reminders use)."""

import datetime as dt

from ..reminders.workdays import day_off

DEFAULT_WORKING_DAYS = 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (weekends and holidays skipped)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day_off(day) is None:
            left -= 1
    return day


def working_day_before(day: dt.date) -> dt.date:
    """The last working day before `day`."""
    day -= dt.timedelta(days=1)
    while day_off(day) is not None:
        day -= dt.timedelta(days=1)
    return day
