"""Sessions: idle and absolute limits, 'log ud af alle andre', password change ends the others,
and re-authentication before the secretariat publishes an agenda."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from accounts.models import SecurityEvent, SecurityEventKind
from meetings.models import MeetingStatus, Role
from tests.factories import PASSWORD, AgendaItemFactory, CommitteeFactory, MeetingFactory, member

from .helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


def _age_session(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_a_session_idle_longer_than_the_limit_ends_with_a_danish_message(client, dap, settings):
    settings.DAP_SESSION_IDLE_SECONDS = 30 * 60
    user = member(dap, username="anne")
    sign_in(client, "anne")
    assert client.get(reverse("meetings:meeting_list")).status_code == 200

    _age_session(client, LAST_SEEN_KEY, 31 * 60)
    response = client.get(reverse("meetings:meeting_list"))

    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/?next=")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "inaktiv" in page.content.decode()
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.SESSION_TIMEOUT)


def test_an_active_session_continues_within_the_idle_limit(client, dap):
    member(dap, username="anne")
    sign_in(client, "anne")
    _age_session(client, LAST_SEEN_KEY, 29 * 60)
    assert client.get(reverse("meetings:meeting_list")).status_code == 200


def test_a_session_ends_after_the_absolute_lifetime_whatever_the_activity(client, dap):
    member(dap, username="anne")
    sign_in(client, "anne")
    _age_session(client, SIGNED_IN_AT_KEY, 12 * 60 * 60 + 1)
    assert client.get(reverse("meetings:meeting_list")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_sessions_page_lists_sessions_and_logs_out_all_others(dap):
    member(dap, username="anne")
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Telefon")
    sign_in(laptop, "anne")
    sign_in(phone, "anne")

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Laptop" in text
    assert "Telefon" in text
    assert "Log ud af alle andre" in text

    laptop.post(reverse("usersessions_list"))

    assert phone.get(reverse("meetings:meeting_list")).status_code == 302
    assert laptop.get(reverse("meetings:meeting_list")).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSIONS_ENDED).count() == 1


def test_a_password_change_ends_the_other_sessions(dap):
    member(dap, username="anne")
    laptop, phone = Client(), Client()
    sign_in(laptop, "anne")
    sign_in(phone, "anne")

    new = "et-helt-nyt-og-langt-kodeord"
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302

    assert laptop.get(reverse("meetings:meeting_list")).status_code == 200
    assert phone.get(reverse("meetings:meeting_list")).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGED).count() == 1


def test_a_password_shorter_than_12_characters_is_refused(client, dap):
    member(dap, username="anne")
    sign_in(client, "anne")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "kort-kode1", "password2": "kort-kode1"},
    )
    assert response.status_code == 200
    assert "mindst 12 tegn" in response.content.decode()


def test_publishing_asks_for_the_password_again_after_10_minutes(client, dap, settings):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    member(dap, role=Role.SECRETARIAT, username="sekretariat")
    meeting = MeetingFactory(committee=dap, draft=True)
    AgendaItemFactory(meeting=meeting)
    sign_in(client, "sekretariat")
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 11 * 60
    session.save()
    publish = reverse("meetings:meeting_publish", args=[meeting.pk])

    response = client.post(publish)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT

    # The password once more, and the suspended publish goes through.
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED


def test_publishing_right_after_signing_in_needs_no_second_confirmation(client, dap, settings):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    member(dap, role=Role.SECRETARIAT, username="sekretariat")
    meeting = MeetingFactory(committee=dap, draft=True)
    AgendaItemFactory(meeting=meeting)
    sign_in(client, "sekretariat")

    client.post(reverse("meetings:meeting_publish", args=[meeting.pk]))

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED


# --- "Mine sessioner": allauth's tracking, once a minute per session and client -------------


def test_the_session_row_is_written_once_a_minute_and_at_once_for_a_new_client(
    client, dap, settings
):
    from allauth.usersessions.models import UserSession

    from accounts.middleware import TRACKED_KEY

    settings.USERSESSIONS_TRACK_ACTIVITY = True
    member(dap, username="anne")
    sign_in(client, "anne")
    url = reverse("meetings:meeting_list")
    client.get(url, HTTP_USER_AGENT="Firefox")
    row = UserSession.objects.get()
    seen = row.last_seen_at

    client.get(url, HTTP_USER_AGENT="Firefox")  # same client within the minute: no write
    assert UserSession.objects.get().last_seen_at == seen

    client.get(url, HTTP_USER_AGENT="Safari")  # another browser: tracked on that request
    assert UserSession.objects.get().user_agent == "Safari"

    session = client.session  # the same client, last tracked over a minute ago
    session[TRACKED_KEY] = [time.time() - 61, *session[TRACKED_KEY][1:]]
    session.save()
    client.get(url, HTTP_USER_AGENT="Safari")
    assert UserSession.objects.get().last_seen_at > seen
