"""Approving the minutes (issue 23, 14): "Godkend referat" warns of items whose kind takes a
decision but that have none; an approved meeting's attendance is history."""

import pytest
from django.urls import reverse

from meetings.minutes import services
from meetings.models import AttendanceStatus, MeetingStatus, Role
from tests.factories import AgendaItemFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(dap):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting, title="Meddelelser", kind="")
    AgendaItemFactory(meeting=meeting, title="Kronikerpakker", kind="O")
    AgendaItemFactory(meeting=meeting, title="Revideret KOL-forløbsplan", kind="B")
    return meeting


def test_godkend_referat_warns_of_items_without_a_decision(client, secretary, held):
    client.force_login(secretary)
    url = reverse("meetings:meeting_minutes", args=[held.pk])
    page = client.get(url).content.decode()
    assert "2 punkter har ingen beslutning" in page  # not Meddelelser: it takes none
    assert "2. Kronikerpakker (O)" in page
    kol = held.items.get(title="Revideret KOL-forløbsplan")
    services.decision_record(item=held.items.get(kind="O"), actor=secretary, outcome="noted")
    services.decision_record(item=kol, actor=secretary, outcome="approved")
    assert "har ingen beslutning" not in client.get(url).content.decode()


def test_one_invited_after_approval_is_not_in_the_attendance(client, dap, secretary, held):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    services.attendance_record(
        meeting=held, actor=secretary, statuses={anna.pk: AttendanceStatus.PRESENT}
    )
    services.minutes_approve(meeting=held, actor=secretary)
    member(dap, Role.MEMBER, first_name="Nina", last_name="Nyvalgt")
    client.force_login(secretary)
    page = client.get(reverse("meetings:meeting_minutes", args=[held.pk])).content.decode()
    assert "Anna Andersen" in page
    assert "Nina Nyvalgt" not in page
