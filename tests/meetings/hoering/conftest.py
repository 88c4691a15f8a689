"""Fixtures of the høring tests: a held meeting with decisions, its people, a clock."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from meetings.minutes.services import attendance_record, decision_record
from meetings.models import AttendanceStatus, DecisionOutcome, MeetingStatus, Role
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, member
from tests.meetings.procedures.conftest import Clock

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def crew():
    committee = CommitteeFactory()
    return {
        "committee": committee,
        "secretary": member(committee, Role.SECRETARIAT, username="sek", first_name="Sofie"),
        "chair": member(committee, Role.CHAIR, username="formand", first_name="Finn"),
        "anna": member(committee, Role.MEMBER, username="anna", first_name="Anna"),
        "bo": member(committee, Role.MEMBER, username="bo", first_name="Bo"),
        "observer": member(committee, Role.OBSERVER, username="obs", first_name="Olga"),
    }


def held_meeting(crew, clock, *, tacit: bool = False):
    """The meeting of Monday 6 October 2025, held, with a decision on each of its two items;
    the clock at Tuesday 7 October 10.00."""
    committee = crew["committee"]
    committee.minutes_tacit_approval = tacit
    committee.save()
    clock.set(at(dt.date(2025, 10, 7)))
    meeting = MeetingFactory(committee=committee, status=MeetingStatus.HELD)
    first = AgendaItemFactory(meeting=meeting, kind="B", title="Kronikerpakker")
    second = AgendaItemFactory(meeting=meeting, kind="O", title="Monitorering")
    decision_record(item=first, actor=crew["secretary"], outcome=DecisionOutcome.APPROVED)
    decision_record(
        item=second, actor=crew["secretary"], outcome="", html="<p>Taget til efterretning.</p>"
    )
    attendance_record(
        meeting=meeting,
        actor=crew["secretary"],
        statuses={
            crew["chair"].pk: AttendanceStatus.PRESENT,
            crew["anna"].pk: AttendanceStatus.PRESENT,
            crew["bo"].pk: AttendanceStatus.PRESENT,
        },
    )
    return meeting, first, second
