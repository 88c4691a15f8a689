"""Mødet i gang: who may run the meeting, from which day, start, next item, the re-timing."""

import datetime as dt
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.meetingday import services
from meetings.models import AuditEntry, ItemRun, MeetingRun, Role, StandingItem
from tests.factories import AgendaItemFactory, MeetingFactory, member
from tests.meetings.editing import url
from tests.meetings.meetingday.test_timing import seed_items
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def at(hour: int, minute: int, day: int = 6) -> dt.datetime:
    return dt.datetime(2025, 10, day, hour, minute, tzinfo=CPH)


def clock_at(moment: dt.datetime):
    """Set the clock the page and the services read."""
    return mock.patch.object(timezone, "now", return_value=moment)


@pytest.fixture
def seed_meeting(dap):
    """The meeting of 6 October 2025 with the seed agenda's items and planned minutes."""
    meeting = MeetingFactory(committee=dap)
    planned, _, _ = seed_items()
    for item in planned:
        AgendaItemFactory(
            meeting=meeting,
            title=item.title,
            duration_minutes=item.planned_minutes,
            standing="" if item.postponable else StandingItem.NEXT_MEETING,
        )
    return meeting


def test_only_the_secretariat_and_the_chair_open_the_run_page(client, dap, seed_meeting):
    address = url("meeting_run", seed_meeting.pk)
    for role, status in ((Role.MEMBER, 404), (Role.OBSERVER, 404), (Role.CHAIR, 200)):
        client.force_login(member(dap, role))
        assert client.get(address).status_code == status, role
    draft = MeetingFactory(committee=dap, draft=True)
    assert client.get(url("meeting_run", draft.pk)).status_code == 404


def test_before_the_meeting_day_it_cannot_be_started(as_secretary, seed_meeting):
    with clock_at(at(9, 0, day=5)):
        page = text_of(as_secretary.get(url("meeting_run", seed_meeting.pk)))
        response = as_secretary.post(url("meeting_run_start", seed_meeting.pk))
    assert "Mødet holdes først mandag d. 6. oktober 2025. Det kan startes fra mødedagen." in page
    assert "Start mødet" not in page
    assert response.status_code == 302
    assert not MeetingRun.objects.exists()


def test_start_next_and_the_retiming_with_the_seed_times(as_secretary, seed_meeting):
    address = url("meeting_run", seed_meeting.pk)
    with clock_at(at(12, 50)):
        assert "Start mødet" in text_of(as_secretary.get(address))
    with clock_at(at(13, 0)):
        as_secretary.post(url("meeting_run_start", seed_meeting.pk))
    with clock_at(at(13, 5)):
        as_secretary.post(url("meeting_run_next", seed_meeting.pk))
    with clock_at(at(13, 30)):
        as_secretary.post(url("meeting_run_next", seed_meeting.pk))
        page = text_of(as_secretary.get(address))

    assert "Aktuelt punkt Punkt 3. Revideret KOL-forløbsplan" in page
    assert "Begyndt kl. 13.30: 0 af 10 min." in page
    assert "2. Kronikerpakker 13.05 10 min. 25 min. (+15) Behandlet" in page
    assert "3. Revideret KOL-forløbsplan" in page
    assert "13.30 10 min. 0 min. I gang" in page
    assert "Næste punkt: 4. Etablering af forvaltning" in page
    assert "Forventet sluttid kl. 15.30 (planlagt kl. 15.00)." in page
    assert "Overskrider mødets sluttid med 30 min." in page
    assert "Udsættes punkt 7 (20 min.) og 9 (10 min.), slutter mødet kl. 15.00." in page
    assert list(
        AuditEntry.objects.filter(meeting=seed_meeting)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["meeting_started", "item_taken_up", "item_taken_up"]


def test_next_after_the_last_item_ends_it_and_the_agenda_is_through(dap, secretary):
    meeting = MeetingFactory(committee=dap)
    only = AgendaItemFactory(meeting=meeting, duration_minutes=5)
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))

    assert services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 4)) is None

    assert ItemRun.objects.get(item=only).ended_at == at(13, 4)
    assert MeetingRun.objects.get(meeting=meeting).current_item is None
    with pytest.raises(ValidationError, match="Alle punkter er behandlet"):
        services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 5))
    with pytest.raises(ValidationError, match="Mødet er allerede startet"):
        services.run_start(meeting=meeting, actor=secretary, now=at(13, 5))


def test_the_current_items_decision_and_referat_are_recorded_from_the_run_page(
    client, dap, as_secretary, seed_meeting
):
    """The secretariat's run page loads the minutes' live form of the current item; the chair
    keeps time there and records nothing. The secretariat's links lead to the run page."""
    with clock_at(at(13, 0)):
        as_secretary.post(url("meeting_run_start", seed_meeting.pk))
        page = as_secretary.get(url("meeting_run", seed_meeting.pk)).content.decode()
        first = seed_meeting.items.order_by("position").first()
        live = url("live_item", first.pk)
        assert f'hx-get="{live}"' in page
        assert as_secretary.get(live).status_code == 200
        assert (
            url("meeting_run", seed_meeting.pk)
            in as_secretary.get(url("meeting_minutes", seed_meeting.pk)).content.decode()
        )

        client.force_login(member(dap, Role.CHAIR))
        assert (
            f'hx-get="{live}"'
            not in client.get(url("meeting_run", seed_meeting.pk)).content.decode()
        )


def test_a_meeting_not_started_on_another_day_shows_its_plan_as_scheduled(
    as_secretary, seed_meeting
):
    """Seen in the demo: a year on, the unstarted meeting 'overskrider … med 615472 min.'."""
    with clock_at(at(21, 37, day=7)):
        page = text_of(as_secretary.get(url("meeting_run", seed_meeting.pk)))
    assert "Forventet sluttid kl. 15.15 (planlagt kl. 15.00)." in page
    assert "Overskrider mødets sluttid med 15 min." in page


def test_through_the_agenda_the_run_page_offers_afslut_moedet(as_secretary, dap, secretary):
    meeting = MeetingFactory(committee=dap)
    AgendaItemFactory(meeting=meeting, duration_minutes=5)
    address = url("meeting_run", meeting.pk)
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
    with clock_at(at(13, 3)):
        running = as_secretary.get(address).text
    services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 4))
    with clock_at(at(13, 5)):
        through = as_secretary.get(address).text
    ending = f'action="{url("hoering_end", meeting.pk)}"'
    assert ending not in running
    assert ending in through
    assert "Alle punkter er behandlet. Afslut mødet" in text_of(as_secretary.get(address))
