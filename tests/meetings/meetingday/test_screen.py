"""The room screen: the item on now with its time and Indstilling; never a closed item's content."""

import pytest
from django.test import Client

from meetings.meetingday import services
from meetings.models import Role
from tests.factories import AgendaItemFactory, ItemSectionFactory, MeetingFactory, member
from tests.meetings.editing import HTMX, url
from tests.meetings.meetingday.test_run_page import at, clock_at
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


def test_the_screen_shows_the_current_item_and_follows_the_next(as_secretary, dap, secretary):
    meeting = MeetingFactory(committee=dap)
    kol = AgendaItemFactory(meeting=meeting, title="KOL-forløbsplan", kind="B")
    ItemSectionFactory(item=kol, heading="Indstilling", html="<p>Det indstilles, at KOL</p>")
    secret = AgendaItemFactory(meeting=meeting, title="Fortrolig sag", confidential=True)
    ItemSectionFactory(item=secret, heading="Indstilling", html="<p>Hemmelig indstilling</p>")
    address = url("meeting_screen", meeting.pk)
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))

    with clock_at(at(13, 7)):
        first = text_of(as_secretary.get(address))
        services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 12))
        second = as_secretary.get(address, **HTMX)

    assert "1. KOL-forløbsplan (B) Beslutning Planlagt 10 min. · Brugt 7 min." in first
    assert "Indstilling Det indstilles, at KOL" in first
    assert 'hx-trigger="every 10s"' in second.text
    assert "<html" not in second.text
    shown = text_of(second)
    assert "2. Lukket punkt" in shown
    assert "Fortrolig sag" not in shown
    assert "Hemmelig" not in shown


def test_members_cannot_open_the_screen(client, dap):
    meeting = MeetingFactory(committee=dap)
    client.force_login(member(dap, Role.MEMBER))
    assert client.get(url("meeting_screen", meeting.pk)).status_code == 404


def test_the_screen_and_the_members_page_ask_as_often_as_the_setting_says(
    as_secretary, dap, secretary, settings
):
    settings.DAP_FOLLOW_POLL_SECONDS = 3
    meeting = MeetingFactory(committee=dap)
    AgendaItemFactory(meeting=meeting)
    client = Client()
    client.force_login(member(dap, Role.MEMBER))
    with clock_at(at(13, 0)):
        screen = as_secretary.get(url("meeting_screen", meeting.pk)).text
        follow = client.get(url("meeting_detail", meeting.pk)).text
    assert 'hx-trigger="every 3s"' in screen
    assert 'hx-trigger="load, every 3s"' in follow


def test_the_screen_is_the_whole_page_without_the_portals_header_menu_and_footer(
    as_secretary, dap, secretary
):
    meeting = MeetingFactory(committee=dap)
    AgendaItemFactory(meeting=meeting, title="KOL-forløbsplan")
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
    with clock_at(at(13, 1)):
        response = as_secretary.get(url("meeting_screen", meeting.pk))
    html = response.text

    for portal_part in ("<header", "<nav", "<footer", "Hovedmenu", "Log ud"):
        assert portal_part not in html
    assert '<html lang="da">' in html
    assert 'href="#main-content"' in html  # the skip link, to the screen's own main
    assert '<main id="main-content" class="room-screen"' in html
    assert "1. KOL-forløbsplan" in text_of(response)
