"""The høring page: who sees it (404 for others), sending, commenting, the chair's approval."""

import datetime as dt

import pytest

from meetings.hoering import services
from meetings.minutes.services import decision_record
from meetings.models import HoeringStatus, MeetingStatus, MinutesComment
from tests.factories import CommitteeFactory, member
from tests.meetings.editing import url
from tests.meetings.member.test_meeting_page import text_of

from .conftest import held_meeting

pytestmark = pytest.mark.django_db


def test_end_the_meeting_then_send_in_hoering(client, crew, clock):
    meeting, _, _ = held_meeting(crew, clock)
    meeting.status = MeetingStatus.PUBLISHED
    meeting.save()
    client.force_login(crew["secretary"])
    page = text_of(client.get(url("hoering", meeting.pk)))
    assert "Afslut mødet" in page

    client.post(url("hoering_end", meeting.pk))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    page = client.get(url("hoering", meeting.pk))
    assert 'value="2025-10-14"' in page.content.decode()  # 5 working days

    refused = client.post(url("hoering_send", meeting.pk), {"deadline": "nej"}, follow=True)
    assert "Skriv fristen som en dato" in text_of(refused)
    assert not meeting.hoeringer.exists()

    client.post(url("hoering_send", meeting.pk), {"deadline": "2025-10-20"})
    assert meeting.hoeringer.get().deadline == dt.date(2025, 10, 20)


def test_who_sees_the_page(client, crew, clock):
    meeting, _, _ = held_meeting(crew, clock)
    outsider = member(CommitteeFactory(short_name="X"), username="x")
    for user in (crew["anna"], crew["observer"], outsider):
        client.force_login(user)
        assert client.get(url("hoering", meeting.pk)).status_code == 404, user
    services.hoering_send(meeting=meeting, actor=crew["secretary"])
    for user, status in ((crew["anna"], 200), (crew["observer"], 404), (outsider, 404)):
        client.force_login(user)
        assert client.get(url("hoering", meeting.pk)).status_code == status, user
    client.force_login(crew["observer"])
    response = client.post(url("hoering_comment", meeting.pk), {"text": "Hej"})
    assert response.status_code == 404
    response = client.post(url("hoering_approve", meeting.pk))
    assert response.status_code == 404
    client.force_login(crew["anna"])
    assert client.post(url("hoering_approve", meeting.pk)).status_code == 404
    assert not MinutesComment.objects.exists()


def test_participants_comment_per_item_and_the_secretariat_sees_changes(client, crew, clock):
    meeting, first, _ = held_meeting(crew, clock)
    services.hoering_send(meeting=meeting, actor=crew["secretary"])
    client.force_login(crew["anna"])
    page = text_of(client.get(url("hoering", meeting.pk)))
    assert "Bemærkning til referatet" in page
    client.post(url("hoering_comment", meeting.pk), {"item": first.pk, "text": "Nævn KOL."})
    empty = client.post(
        url("hoering_comment", meeting.pk), {"item": first.pk, "text": ""}, follow=True
    )
    assert "Skriv din bemærkning." in text_of(empty)
    client.force_login(crew["bo"])
    client.post(
        url("hoering_comment", meeting.pk),
        {"item": first.pk, "text": "Forkert udfald.", "objection": "on"},
    )
    assert MinutesComment.objects.count() == 2

    decision_record(
        item=first, actor=crew["secretary"], outcome="approved", html="<p>Ny tekst.</p>"
    )
    client.force_login(crew["secretary"])
    page = text_of(client.get(url("hoering", meeting.pk)))
    assert "Nævn KOL." in page
    assert "Indsigelse: Bo" in page
    assert "Ændret siden høringen Før: Godkendt som indstillet Nu: Ny tekst." in page
    assert "Har ikke svaret endnu: Finn" in page


def test_the_chair_approves(client, crew, clock):
    meeting, _, _ = held_meeting(crew, clock)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    client.force_login(crew["chair"])
    assert "Godkend referat" in text_of(client.get(url("hoering", meeting.pk)))
    client.post(url("hoering_approve", meeting.pk))
    hoering.refresh_from_db()
    meeting.refresh_from_db()
    assert hoering.status == HoeringStatus.APPROVED
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    page = text_of(client.get(url("hoering", meeting.pk)))
    assert "Godkendt af formanden d. 7. oktober 2025." in page
    assert "Godkend referat" not in page


def test_the_minutes_page_links_to_the_hoering(client, crew, clock):
    meeting, _, _ = held_meeting(crew, clock)
    client.force_login(crew["secretary"])
    page = client.get(url("meeting_minutes", meeting.pk)).content.decode()
    assert url("hoering", meeting.pk) in page
