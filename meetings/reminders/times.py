"""When a reminder is due: the meeting's start and end, and a rule's time relative to them."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from ..models import Meeting, ReminderAnchor, ReminderRule


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


def due_time(rule: ReminderRule, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """When the rule's reminder goes out for a meeting from `start` to `end`."""
    offset = dt.timedelta(days=rule.offset_days, hours=rule.offset_hours)
    if rule.anchor == ReminderAnchor.AFTER_END:
        return end + offset
    return start - offset
