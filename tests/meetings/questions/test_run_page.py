"""On the day: the secretariat's run page shows the members' questions on the current item."""

import pytest

from meetings.models import Role
from meetings.questions import services
from tests.factories import AgendaItemFactory, MeetingFactory, member
from tests.meetings.editing import url
from tests.meetings.meetingday.test_run_page import at, clock_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_meeting(dap):
    meeting = MeetingFactory(committee=dap)
    for minutes in (10, 20, 15):
        AgendaItemFactory(meeting=meeting, duration_minutes=minutes)
    return meeting


def test_the_current_items_questions_are_on_the_secretariats_run_page(
    client, dap, as_secretary, seed_meeting
):
    first, second = seed_meeting.items.order_by("position")[:2]
    asker = member(dap, Role.MEMBER)
    services.question_ask(item=first, actor=asker, text="Hvad koster forlængelsen?")
    services.question_ask(item=second, actor=asker, text="Er notatet opdateret?")
    with clock_at(at(13, 0)):
        as_secretary.post(url("meeting_run_start", seed_meeting.pk))
        page = as_secretary.get(url("meeting_run", seed_meeting.pk)).content.decode()
        assert "Spørgsmål til punktet: 1 spørgsmål (1 ubesvaret)" in page
        assert "Hvad koster forlængelsen?" in page
        assert "Er notatet opdateret?" not in page  # not the current item
        # The chair keeps time; the questions are the secretariat's.
        client.force_login(member(dap, Role.CHAIR))
        chairs = client.get(url("meeting_run", seed_meeting.pk)).content.decode()
        assert "Hvad koster forlængelsen?" not in chairs
