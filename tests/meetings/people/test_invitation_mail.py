"""Issue 21, points 9 and 10: the invitation links to the portal's own address, tells only what
applies to the invitee's role and the configuration, signs the invitee in after the password
(telling the user name); the secretariat finds the people page from the menu and the meeting
pages, nobody else does."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import CommitteeSignInRule, Membership, Role
from tests.accounts.helpers import give_totp
from tests.factories import CommitteeFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "en-lang-og-god-adgangskode"


@pytest.fixture(autouse=True)
def _no_reauthentication(settings):
    """Re-authentication before inviting is tested with the people pages, not here."""
    settings.DAP_REAUTHENTICATION_REQUIRED = False


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def secretary(dap):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat")
    give_totp(user)  # so that DAP_REQUIRE_SECOND_FACTOR lets the secretariat in
    return user


def invite(client, dap, capture, role=Role.MEMBER, email="lise@region.dk"):
    mail.outbox.clear()
    with capture(execute=True):
        client.post(
            reverse("people:invite", args=[dap.pk]),
            {"name": "Lise Lund", "email": email, "role": role},
        )
    (message,) = mail.outbox
    return message


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_invitation_links_to_the_portals_own_address(
    client, dap, secretary, settings, django_capture_on_commit_callbacks
):
    settings.DAP_BASE_URL = "https://dap.region.dk"
    client.force_login(secretary)
    message = invite(client, dap, django_capture_on_commit_callbacks)
    assert re.search(r"https://dap\.region\.dk/invitation/\S+/", message.body)
    assert "127.0.0.1" not in message.body


def test_a_member_is_not_told_to_turn_on_a_second_factor_nor_an_organisation_log_in(
    client, dap, secretary, settings, django_capture_on_commit_callbacks
):
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    settings.SOCIALACCOUNT_PROVIDERS = {}
    client.force_login(secretary)
    body = invite(client, dap, django_capture_on_commit_callbacks).body
    assert "totrinsbekræftelse" not in body
    assert "organisations log-in" not in body
    assert "vælge din adgangskode:" in body


def test_a_role_that_requires_a_second_factor_is_told_so(
    client, dap, secretary, settings, django_capture_on_commit_callbacks
):
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    CommitteeSignInRule.objects.create(committee=dap, second_factor_roles=[Role.CHAIR])
    client.force_login(secretary)
    body = invite(client, dap, django_capture_on_commit_callbacks, role=Role.CHAIR).body
    assert "slår du totrinsbekræftelse til" in body
    body = invite(
        client, dap, django_capture_on_commit_callbacks, role=Role.SECRETARIAT, email="s@x.dk"
    ).body
    assert "slår du totrinsbekræftelse til" in body


def test_the_organisation_log_in_is_named_only_when_one_is_configured(
    client, dap, secretary, settings, django_capture_on_commit_callbacks
):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    client.force_login(secretary)
    body = invite(client, dap, django_capture_on_commit_callbacks).body
    assert "eller logge ind med din organisations log-in" in body


def test_after_choosing_a_password_the_invitee_is_signed_in_and_told_the_user_name(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    message = invite(client, dap, django_capture_on_commit_callbacks)
    client.logout()
    path = "/" + re.search(r"https?://\S+/(invitation/\S+/)", message.body).group(1)

    done = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)

    assert done.wsgi_request.user.get_username() == "lise"
    assert done.redirect_chain[-1][0] == reverse("meetings:meeting_list")
    assert "Dit brugernavn er lise" in text_of(done)


def test_the_role_change_message_names_the_person(client, dap, secretary, settings):
    settings.DAP_REAUTHENTICATION_REQUIRED = False
    other = member(dap, role=Role.MEMBER, username="lnl", first_name="Lise", last_name="Lund")
    membership = other.memberships.get()
    client.force_login(secretary)
    response = client.post(
        reverse("people:role", args=[dap.pk, membership.pk]), {"role": Role.CHAIR}, follow=True
    )
    assert "Lise Lund er nu formand." in text_of(response)
    assert "lnl:" not in text_of(response)


def people_links(response) -> list[str]:
    return re.findall(r'href="(/styregrupper/[^"]*)"', response.content.decode())


def test_the_secretariat_finds_the_people_page_in_the_menu_and_on_the_meeting_page(
    client, dap, secretary
):
    meeting = MeetingFactory(committee=dap)
    client.force_login(secretary)
    people_url = reverse("people:list", args=[dap.pk])

    overview = client.get(reverse("meetings:meeting_list"))
    assert people_links(overview) == [people_url]
    assert people_url in people_links(
        client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    )
    page = client.get(people_url)
    assert "Inviter en person" in text_of(page)
    assert 'aria-current="page"' in page.content.decode().split(people_url, 1)[1][:60]


def test_a_secretariat_of_two_committees_gets_the_list_of_both(client, dap, secretary):
    other = CommitteeFactory(name="Anden styregruppe", short_name="Anden")
    member(other, role=Role.SECRETARIAT, username="s2")
    secretary.memberships.create(committee=other, role=Role.SECRETARIAT)
    client.force_login(secretary)
    assert people_links(client.get(reverse("meetings:meeting_list"))) == [reverse("people:index")]


@pytest.mark.parametrize("role", [Role.CHAIR, Role.MEMBER, Role.OBSERVER])
def test_nobody_else_sees_the_people_entry(client, dap, secretary, role):
    meeting = MeetingFactory(committee=dap)
    someone = member(dap, role=role, username="nogen")
    client.force_login(someone)
    assert people_links(client.get(reverse("meetings:meeting_list"))) == []
    assert people_links(client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))) == []


def test_the_second_factor_rule_and_the_menu_read_the_memberships_once_per_request(
    client, dap, secretary, settings
):
    """Both ask which committees the user has a seat in and in which role (`access.seats`):
    one query for both, on every signed-in page."""
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    client.force_login(secretary)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("member:calendar_page"))
    assert page.status_code == 200
    assert people_links(page) == [reverse("people:list", args=[dap.pk])]
    memberships = [q["sql"] for q in captured.captured_queries if "meetings_membership" in q["sql"]]
    assert len(memberships) == 1, memberships


def test_a_seat_given_in_one_request_counts_from_the_next(client, dap, settings):
    """The memberships kept on the request's user are read again on the next request."""
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    person = member(dap, role=Role.MEMBER, username="snart-sekretariat")
    give_totp(person)
    client.force_login(person)
    assert people_links(client.get(reverse("member:calendar_page"))) == []
    Membership.objects.filter(user=person).update(role=Role.SECRETARIAT)
    assert people_links(client.get(reverse("member:calendar_page"))) == [
        reverse("people:list", args=[dap.pk])
    ]
