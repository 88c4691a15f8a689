"""Meetings as iCalendar: stable UID, SEQUENCE raised when the meeting moves or is cancelled."""

import datetime as dt

import pytest
from icalendar import Calendar

from meetings.calendar import meeting_ics, meeting_invitation, meeting_uid
from meetings.editor.services import meeting_cancel, meeting_update
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def event_of(ics: bytes):
    return next(iter(Calendar.from_ical(ics).walk("VEVENT")))


def test_ics_has_the_meeting_in_copenhagen_time_with_a_stable_uid():
    meeting = MeetingFactory(location="Slotsholmsgade 12, mødesal B (fælles)")
    event = event_of(meeting_ics(meeting, base_url="https://dap.example.dk"))
    assert str(event["uid"]) == meeting_uid(meeting)
    assert event["summary"] == meeting.title
    assert event["location"] == "Slotsholmsgade 12, mødesal B (fælles)"
    start = event.decoded("dtstart")
    assert start.hour == 13
    assert str(start.tzinfo) == "Europe/Copenhagen"
    assert event.decoded("dtend").hour == 15
    assert int(event["sequence"]) == 0
    assert f"https://dap.example.dk/moeder/{meeting.pk}/" in str(event["description"])


def test_every_tzid_has_its_vtimezone_with_danish_summer_and_winter_time():
    meeting = MeetingFactory(date=dt.date(2025, 10, 6), start_time=dt.time(13))
    ics = meeting_ics(meeting)

    assert b"DTSTART;TZID=Europe/Copenhagen:20251006T130000" in ics
    [zone] = Calendar.from_ical(ics).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Copenhagen"
    offsets = {str(part["tzoffsetto"].to_ical()) for part in zone.subcomponents}
    assert {"+0100", "+0200"} <= offsets


def test_moving_the_meeting_raises_sequence_and_keeps_the_uid():
    meeting = MeetingFactory()
    uid = meeting_uid(meeting)
    meeting_update(
        meeting=meeting,
        actor=None,
        title=meeting.title,
        date=meeting.date + dt.timedelta(days=7),
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        location=meeting.location,
    )
    meeting.refresh_from_db()
    event = event_of(meeting_ics(meeting))
    assert str(event["uid"]) == uid
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart").date() == meeting.date


def test_a_cancelled_meeting_is_sent_as_a_cancellation():
    meeting = MeetingFactory()
    meeting = meeting_cancel(meeting=meeting, actor=None)
    assert meeting.calendar_sequence == 1
    invitation = Calendar.from_ical(meeting_invitation(meeting))
    assert invitation["method"] == "CANCEL"
    event = next(iter(invitation.walk("VEVENT")))
    assert event["status"] == "CANCELLED"
    assert int(event["sequence"]) == 1
