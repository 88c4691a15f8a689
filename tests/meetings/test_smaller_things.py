"""Smaller things seen by a new user (issue 23, point 16)."""

import datetime as dt
import logging

import pytest
from django.conf import settings
from django.urls import reverse
from kombu import Connection

from meetings.editor.services import meeting_create
from meetings.models import MeetingStatus, Role
from tests.factories import AgendaItemFactory, MeetingFactory, member
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


def test_the_time_plan_has_one_full_stop_without_a_start_time(client, dap):
    meeting = MeetingFactory(committee=dap, start_time=None, end_time=None)
    AgendaItemFactory(meeting=meeting, duration_minutes=60)
    client.force_login(member(dap, Role.MEMBER))
    text = text_of(client.get(reverse("meetings:meeting_detail", args=[meeting.pk])))
    assert "Punkterne varer i alt 60 min." in text
    assert "min.." not in text


def test_the_embedded_broker_names_a_host_so_kombu_does_not_warn(caplog):
    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        pytest.skip("the embedded broker is not in use (a Redis broker is set)")
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection(
            settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
        ).info()
    assert "No hostname was supplied" not in caplog.text


def test_meddelelser_is_marked_as_a_standing_item_in_the_editor(client, dap, secretary):
    meeting = meeting_create(committee=dap, actor=secretary, date=dt.date(2026, 12, 28))
    client.force_login(secretary)
    page = client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).content.decode()
    assert page.count("Stående punkt</span>") == 2  # Meddelelser and Eventuelt og næste møde


def test_dan_dagsorden_med_bilag_says_it_needs_a_connection(client, dap):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.PUBLISHED)
    AgendaItemFactory(meeting=meeting)
    client.force_login(member(dap, Role.MEMBER))
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Dan dagsorden med bilag (PDF)" in page
    assert "kræver forbindelse til nettet" in page


def test_nyt_moede_sits_with_importer_arkiv_beside_the_heading(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("meetings:meeting_list")).content.decode()
    head = page.split('<div class="meeting-list-head">', 1)[1].split("</h1>", 1)[1]
    actions = head.split('<div class="meeting-list-actions">', 1)[1].split("</div>", 1)[0]
    assert "Nyt møde" in actions
    assert "Importér arkiv" in actions
