"""When a reminder is due: the meeting's start and end, and a rule's time relative to them."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from dap_portal import danish

from ..models import Meeting, ReminderAnchor, ReminderRule
from .workdays import day_off, working_day


def meeting_times(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of the meeting as aware datetimes (a meeting without a time: the whole day)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    if meeting.start_time is None:
        start = dt.datetime.combine(meeting.date, dt.time(0, 0), tzinfo=zone)
        return start, start + dt.timedelta(days=1)
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    if meeting.end_time is not None:
        end = dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    else:
        end = start + dt.timedelta(hours=2)
    return start, end


def planned_time(rule: ReminderRule, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """The rule's offset from the meeting, before any move away from a day off."""
    offset = dt.timedelta(days=rule.offset_days, hours=rule.offset_hours)
    if rule.anchor == ReminderAnchor.AFTER_END:
        return end + offset
    return start - offset


def due_time(rule: ReminderRule, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """When the rule's reminder goes out for a meeting from `start` to `end`: on a weekend or a
    holiday, the working day before; after the meeting never before it has ended, so then the
    working day after."""
    planned = planned_time(rule, start, end)
    due = working_day(planned)
    if rule.anchor == ReminderAnchor.AFTER_END and due < end:
        due = working_day(planned, step=1)
    return due


def moved_from(rule: ReminderRule, start: dt.datetime, end: dt.datetime) -> str | None:
    """Why the reminder is not sent at its planned time ("lørdag 4. april"), or None."""
    planned = planned_time(rule, start, end)
    reason = day_off(planned.date())
    if reason is None:
        return None
    day = danish.date_with_weekday(planned.date())
    if reason in ("lørdag", "søndag"):
        return day
    return f"{day}, {reason}"
