"""Sign-in that cannot be turned against its users (issue 21): an address signs in and receives
reset links only once verified, its old address is told; a reset request writes no address and
never holds up enrolment; one lockout counter per account, lifted by a reset or an
administrator; the second-factor step's lockout says when; the security-key pages answer;
the service worker is not sent to enrolment; giving power asks for the password again."""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind
from meetings.management import demo
from meetings.models import CalendarFeed, Role
from tests.factories import PASSWORD, CommitteeFactory, UserFactory, member

from .helpers import give_totp, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "et-nyt-og-langt-kodeord"


@pytest.fixture
def dap():
    return CommitteeFactory()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def age_sign_in(client, minutes: int = 15) -> None:
    """Make the session's sign-in older than the re-authentication timeout."""
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= minutes * 60
    session.save()


def add_address(client, email: str):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def reset_link(message) -> str:
    link = re.search(r"http://\S+/konto/password/reset/key/\S+/", message.body).group(0)
    return link.split("testserver", 1)[-1]


def complete_reset(client, email: str, password: str = NEW_PASSWORD) -> None:
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": email})
    (message,) = mail.outbox
    form = client.get(reset_link(message), follow=True)
    done = client.post(form.redirect_chain[-1][0], {"password1": password, "password2": password})
    assert done.status_code == 302


# --- Point 1: a stolen session does not become a stolen account -----------------------------


def test_point1_adding_an_address_from_an_old_session_asks_for_the_password(client, dap):
    member(dap, username="medlem", email="medlem@region.dk")
    sign_in(client, "medlem")
    age_sign_in(client)

    response = add_address(client, "angriber@example.com")

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="angriber@example.com").exists()


def test_point1_an_added_address_neither_signs_in_nor_gets_a_reset_link_and_the_old_is_told(
    client, dap
):
    user = member(dap, username="medlem", email="medlem@region.dk")
    EmailAddress.objects.create(user=user, email="medlem@region.dk", verified=True, primary=True)
    sign_in(client, "medlem")
    mail.outbox.clear()

    add_address(client, "angriber@example.com")

    assert EmailAddress.objects.get(email="angriber@example.com").verified is False
    notice = next(m for m in mail.outbox if m.to == ["medlem@region.dk"])
    assert "angriber@example.com" in notice.body
    assert "Var det ikke dig" in notice.body
    assert SecurityEvent.objects.filter(
        user=user, kind=SecurityEventKind.EMAIL_ADDED, detail="angriber@example.com"
    ).exists()

    # The attacker asks for a reset through the new address: nothing is sent.
    attacker = Client()
    mail.outbox.clear()
    attacker.post(reverse("account_reset_password"), {"email": "angriber@example.com"})
    assert mail.outbox == []
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.RESET_REFUSED)

    # Nor is it a sign-in name, even with the right password.
    sign_in(attacker, "angriber@example.com")
    assert "_auth_user_id" not in attacker.session
    # The member's own address still is.
    sign_in(attacker, "medlem@region.dk")
    assert attacker.session["_auth_user_id"] == str(user.pk)


def test_point1_a_verified_new_address_replaces_the_old_which_is_told(client, dap):
    user = member(dap, username="medlem", email="medlem@region.dk")
    EmailAddress.objects.create(user=user, email="medlem@region.dk", verified=True, primary=True)
    sign_in(client, "medlem")
    mail.outbox.clear()
    add_address(client, "ny@region.dk")
    confirmation = next(m for m in mail.outbox if m.to == ["ny@region.dk"])
    link = re.search(r"http://\S+/konto/confirm-email/\S+/", confirmation.body).group(0)

    mail.outbox.clear()
    client.post(link.split("testserver", 1)[-1])

    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("ny@region.dk", True)
    ]
    user.refresh_from_db()
    assert user.email == "ny@region.dk"
    assert any(m.to == ["medlem@region.dk"] for m in mail.outbox)
    kinds = set(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert {SecurityEventKind.EMAIL_CONFIRMED, SecurityEventKind.EMAIL_CHANGED} <= kinds


# --- Point 2: nobody can shut a member out ---------------------------------------------------


def test_point2_a_reset_request_writes_no_address_and_enrolment_is_never_held_up(client, dap):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat", email="s@region.dk")
    assert not EmailAddress.objects.filter(user=user).exists()  # made without a record

    Client().post(reverse("account_reset_password"), {"email": "s@region.dk"})

    assert not EmailAddress.objects.filter(user=user).exists()
    # Even an unverified address (one the user added and never confirmed) holds nothing up.
    EmailAddress.objects.create(user=user, email="anden@example.com", verified=False)
    sign_in(client, "sekretariat")
    for name in ("mfa_activate_totp", "mfa_add_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "før du har bekræftet" not in text_of(response)


def test_point2_the_demo_users_and_existing_users_have_a_verified_address(dap):
    demo.ensure_users(dap)
    for username in ("sekretariat", "formand", "medlem", "observator"):
        address = EmailAddress.objects.get(user__username=username)
        assert (address.email, address.verified, address.primary) == (
            f"{username}@dap.example",
            True,
            True,
        )

    # The data migration: a user made in the admin, and one a reset had given an unverified one.
    plain = UserFactory(username="plain", email="Plain@Region.dk")
    hurt = UserFactory(username="hurt", email="hurt@region.dk")
    EmailAddress.objects.create(user=hurt, email="hurt@region.dk", verified=False)
    migration = importlib.import_module("accounts.migrations.0003_verified_addresses")
    migration.verify_addresses(apps, None)

    assert EmailAddress.objects.filter(user=plain, email="plain@region.dk", verified=True)
    assert EmailAddress.objects.get(user=hurt).verified


def test_point2_a_user_saved_in_the_admin_gets_a_verified_address(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    other = UserFactory(username="anne", email="anne@region.dk")
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[other.pk])
    data = {
        "username": "anne",
        "email": "anne@region.dk",
        "first_name": "Anne",
        "last_name": "A",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    assert client.post(url, data).status_code == 302
    assert EmailAddress.objects.get(user=other).verified


# --- Points 4 and 5: one lockout counter per account; a reset or an administrator lifts it --


def test_point4_wrong_passwords_by_user_name_and_address_share_one_counter(client, dap):
    user = member(dap, username="medlem", email="medlem@dap.example")
    EmailAddress.objects.create(user=user, email="medlem@dap.example", verified=True, primary=True)
    for login in ("medlem", "medlem@dap.example", "MEDLEM", "medlem", "medlem@dap.example"):
        sign_in(client, login, "forkert-kode")

    for login in ("medlem@dap.example", "medlem"):
        right = sign_in(client, login)
        assert "For mange mislykkede forsøg" in text_of(right), login
        assert re.search(r"Prøv igen kl\. \d\d\.\d\d", text_of(right))
        assert "_auth_user_id" not in client.session
    locked = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT).first()
    assert locked.user == user


def test_point5_a_completed_reset_lifts_the_lockout(client, dap):
    user = member(dap, username="medlem", email="medlem@dap.example")
    EmailAddress.objects.create(user=user, email="medlem@dap.example", verified=True, primary=True)
    for _ in range(6):
        sign_in(client, "medlem", "forkert-kode")
    assert "For mange mislykkede forsøg" in text_of(sign_in(client, "medlem"))

    complete_reset(Client(), "medlem@dap.example")

    sign_in(client, "medlem", NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_point5_an_administrators_unlock_lifts_the_lockout(client, dap):
    user = member(dap, username="medlem", email="medlem@dap.example")
    for _ in range(6):
        sign_in(client, "medlem", "forkert-kode")
    admin = Client()
    admin.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))

    admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock", "_selected_action": [user.pk]},
    )

    sign_in(client, "medlem")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.UNLOCKED).exists()


# --- Point 8: the second-factor step's lockout says when, and is logged ---------------------


def test_point8_five_wrong_codes_lock_the_second_step_with_a_time_and_a_log_line(client, dap):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat")
    app = give_totp(user)
    sign_in(client, "sekretariat")
    wrong = "000000" if app.now() != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong})

    locked = text_of(client.post(reverse("mfa_authenticate"), {"code": app.now()}))

    assert "For mange mislykkede forsøg" in locked
    assert re.search(r"Prøv igen kl\. \d\d\.\d\d \(om ca\. 1[45] minutter\)", locked)
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(
        user=user, kind=SecurityEventKind.LOCKED_OUT, detail="totrinsbekræftelse"
    ).exists()


# --- Point 7: the security-key pages answer -------------------------------------------------


def test_point7_the_security_key_pages_answer(client, dap):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat")
    sign_in(client, "sekretariat")
    assert client.get("/konto/2fa/webauthn/").status_code == 200
    give_totp(user)
    # Without a key of one's own the page sends one to the password; with a key it answers 200
    # (tests/accounts/test_browser_signin.py registers one in Chromium).
    assert client.get("/konto/2fa/webauthn/reauthenticate/", follow=True).status_code == 200


# --- Point 13: enrolment leaves the service worker, its status and log-out alone ------------


def test_point13_while_enrolment_is_forced_the_worker_and_log_out_are_not_redirected(
    client, dap, production_signin
):
    member(dap, role=Role.SECRETARIAT, username="sekretariat")
    sign_in(client, "sekretariat")
    assert client.get(reverse("meetings:meeting_list"))["Location"] == reverse("mfa_index")

    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert "javascript" in worker["Content-Type"]
    status = client.get("/offline/status.json")
    assert status.status_code == 200
    assert status["Content-Type"].startswith("application/json")
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


# --- Re-authentication before every action that gives power ---------------------------------


def test_renewing_the_calendar_feed_asks_for_the_password_when_the_sign_in_is_old(
    client, dap, settings
):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    user = member(dap, username="medlem")
    sign_in(client, "medlem")
    age_sign_in(client)

    response = client.post(reverse("member:calendar_renew"))

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not CalendarFeed.objects.filter(user=user).exists()
    client.post(response["Location"], {"password": PASSWORD})
    assert CalendarFeed.objects.filter(user=user).exists()
