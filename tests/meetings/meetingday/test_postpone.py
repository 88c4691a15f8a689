"""Udsæt til næste møde: the item, its sections and bilag go onto the next meeting's draft."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.meetingday import services
from meetings.models import (
    AgendaItem,
    AuditEntry,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    StandingItem,
)
from tests.factories import AgendaItemFactory, BilagFactory, ItemSectionFactory, MeetingFactory
from tests.meetings.editing import url
from tests.meetings.meetingday.test_run_page import at, clock_at
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(dap, secretary):
    meeting = MeetingFactory(committee=dap, with_next=True)
    AgendaItemFactory(meeting=meeting, title="Meddelelser", duration_minutes=5)
    health = AgendaItemFactory(meeting=meeting, title="Health Hub", duration_minutes=20)
    ItemSectionFactory(item=health, heading="Baggrund", html="<p>Om Health Hub.</p>")
    BilagFactory(item=health, title="Health Hub-notat", with_file=True)
    AgendaItemFactory(meeting=meeting, title="Budget", duration_minutes=15)
    AgendaItemFactory(
        meeting=meeting,
        title="Eventuelt og næste møde",
        duration_minutes=5,
        standing=StandingItem.NEXT_MEETING,
    )
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
    return meeting, health


def test_postponing_makes_a_new_draft_with_the_item_its_text_and_bilag(as_secretary, running):
    meeting, health = running
    with clock_at(at(13, 10)):
        response = as_secretary.post(url("item_postpone", health.pk))
        page = text_of(as_secretary.get(url("meeting_run", meeting.pk)))

    assert response.status_code == 302
    draft = Meeting.objects.get(status=MeetingStatus.DRAFT)
    assert draft.date == dt.date(2025, 12, 16)
    copy = draft.items.get(title="Health Hub")
    assert [s.html for s in copy.sections.order_by("position")] == [
        "<p>Punktet blev udsat fra mødet mandag d. 6. oktober 2025 (punkt 2).</p>",
        "<p>Om Health Hub.</p>",
    ]
    copied = copy.bilag.get()
    assert copied.title == "Health Hub-notat"
    assert copied.file.name != health.bilag.get().file.name
    # Before the closing standing item of the new draft.
    titles = list(draft.items.order_by("position").values_list("title", flat=True))
    assert titles.index("Health Hub") < len(titles) - 1
    health.refresh_from_db()
    assert health.decision_outcome == DecisionOutcome.POSTPONED
    assert health.decision_html == "<p>Punktet blev udsat til næste møde.</p>"
    assert AuditEntry.objects.filter(meeting=meeting, action="item_postponed").count() == 1
    assert "er udsat til mødet tirsdag d. 16. december 2025" in page
    assert "2. Health Hub – 20 min. – Udsat til næste møde" in page
    # The 20 minutes are no longer planned: 13.10 + 15 + 5 (the current item 1 ran 10 min.).
    assert "Forventet sluttid kl. 13.30" in page


def test_next_item_skips_the_postponed_one_and_an_existing_draft_is_used(dap, secretary, running):
    meeting, health = running
    existing = MeetingFactory(committee=dap, draft=True, date=dt.date(2025, 11, 20))

    services.item_postpone(item=health, actor=secretary, now=at(13, 3))
    taken_up = services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 5))

    assert taken_up.title == "Budget"
    assert existing.items.filter(title="Health Hub").exists()
    assert Meeting.objects.filter(status=MeetingStatus.DRAFT).count() == 1
    with pytest.raises(ValidationError, match="allerede udsat"):
        services.item_postpone(item=health, actor=secretary, now=at(13, 6))


def test_without_a_next_meeting_nothing_is_postponed(dap, secretary):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting)
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))

    with pytest.raises(ValidationError, match="næste mødes dato er ikke angivet"):
        services.item_postpone(item=item, actor=secretary, now=at(13, 1))

    assert AgendaItem.objects.count() == 1
    item.refresh_from_db()
    assert item.decision_outcome == ""


def test_a_member_cannot_postpone(client, dap, running):
    from meetings.models import Role
    from tests.factories import member

    _, health = running
    client.force_login(member(dap, Role.MEMBER))
    with clock_at(at(13, 10)):
        assert client.post(url("item_postpone", health.pk)).status_code == 404
