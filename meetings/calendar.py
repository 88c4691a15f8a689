"""Meetings as iCalendar (RFC 5545): one event per meeting, for downloads, feeds and e-mail.

The UID is stable per meeting and installation, and SEQUENCE is `Meeting.calendar_sequence`,
raised when the meeting moves, is renamed or is cancelled, so calendar programs replace the
event they hold instead of adding a second one. A cancelled meeting is sent as
STATUS:CANCELLED (with METHOD:CANCEL in an invitation).
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from dap_portal import danish

from .models import Meeting, MeetingStatus

PRODID = "-//DAP-portalen//Møder//DA"
DEFAULT_DURATION = dt.timedelta(hours=2)


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting, whatever changes: `meeting-12@dap.example`."""
    return f"meeting-{meeting.pk}@{settings.DAP_CALENDAR_DOMAIN}"


def meeting_bounds(meeting: Meeting) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date]:
    """Start and end as aware datetimes in Copenhagen time, or whole days when no time is set."""
    if meeting.start_time is None:
        return meeting.date, meeting.date + dt.timedelta(days=1)
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    if meeting.end_time is not None:
        end = dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    else:
        end = start + DEFAULT_DURATION
    return start, end


def meeting_event(meeting: Meeting, *, base_url: str = "", with_details: bool = True) -> Event:
    """The meeting as one VEVENT; `with_details=False` leaves out the agenda summary."""
    event = Event()
    start, end = meeting_bounds(meeting)
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at or timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    summary = meeting.title if not cancelled else f"AFLYST: {meeting.title}"
    event.add("summary", summary)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    url = base_url + reverse("meetings:meeting_detail", args=[meeting.pk]) if base_url else ""
    if url:
        event.add("url", url)
    lines = [f"{meeting.committee.name}, {danish.date_with_weekday(meeting.date)}."]
    if with_details and url:
        lines.append(f"Dagsorden og bilag: {url}")
    event.add("description", "\n".join(lines))
    return event


def calendar_for(
    meetings: Iterable[Meeting],
    *,
    base_url: str = "",
    name: str = "",
    method: str | None = None,
    with_details: bool = True,
) -> bytes:
    """A VCALENDAR with one event per meeting (a file, a feed or an e-mail invitation)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, base_url=base_url, with_details=with_details))
    # RFC 5545: every TZID used needs its VTIMEZONE, or Outlook reads the times as UTC.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, *, base_url: str = "") -> bytes:
    """One meeting as an .ics file."""
    return calendar_for([meeting], base_url=base_url)


def meeting_invitation(meeting: Meeting, *, base_url: str = "") -> bytes:
    """One meeting as an e-mail invitation (METHOD:REQUEST, or CANCEL when cancelled)."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    return calendar_for([meeting], base_url=base_url, method=method)
