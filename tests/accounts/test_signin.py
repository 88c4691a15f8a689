"""Sign-in with allauth: lockout with a Danish message, the admin through the same page, the
second factor (enforced, entered, recovery codes), and the security log."""

import re

import pytest
from django.urls import reverse

from accounts.adapters import _provider_vouches_for_mfa
from accounts.models import SecurityEvent, SecurityEventKind
from meetings.management import demo
from meetings.models import CommitteeSignInRule, Role
from tests.factories import PASSWORD, CommitteeFactory, UserFactory, member

from .helpers import give_totp, recovery_codes_of, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_six_wrong_passwords_lock_the_user_with_a_danish_message_saying_when(client, dap):
    member(dap, username="anne")
    for _ in range(5):
        response = sign_in(client, "anne", "forkert-kode")
        assert "Brugernavnet eller adgangskoden er forkert" in text_of(response)

    sixth = sign_in(client, "anne", "forkert-kode")
    locked = text_of(sixth)
    assert "For mange mislykkede forsøg på at logge ind" in locked
    assert re.search(r"Prøv igen kl\. \d\d\.\d\d \(om ca\. 1[45] minutter\)", locked)

    # Locked means locked: the right password is refused too.
    right = sign_in(client, "anne")
    assert right.status_code == 200
    assert "For mange mislykkede forsøg" in text_of(right)
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT, login="anne").exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).count() == 5


def test_the_lockout_message_does_not_tell_whether_the_user_exists(client, dap):
    member(dap, username="anne")
    messages = []
    for username in ("anne", "findes-ikke"):
        for _ in range(6):
            response = sign_in(client, username, "forkert-kode")
        messages.append(re.sub(r"\d", "0", text_of(response)))
    assert messages[0] == messages[1]


def test_the_admin_has_no_login_form_of_its_own(client, dap):
    response = client.get("/admin/")
    login = client.get(response["Location"])

    assert login["Location"].startswith("/log-ind/?next=")
    assert client.get("/admin/login/")["Location"].startswith("/log-ind/")


def test_six_wrong_passwords_lock_the_admin_too(client):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    for _ in range(6):
        response = sign_in(client, "admin", "forkert-kode", next_url="/admin/")
    assert "For mange mislykkede forsøg" in text_of(response)
    assert client.get("/admin/").status_code == 302


def test_a_staff_member_reaches_the_admin_after_signing_in_on_the_portal_page(client):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    response = sign_in(client, "admin", next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_there_is_no_public_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"username": "ny", "email": "ny@dap.example", "password1": "x" * 20, "password2": "x" * 20},
    )
    assert "lukket" in text_of(response).lower()
    assert not UserFactory._meta.model.objects.filter(username="ny").exists()


def test_with_the_production_setting_the_secretariat_must_enrol_before_anything_else(
    client, dap, production_signin
):
    member(dap, role=Role.SECRETARIAT, username="sekretariat")
    response = sign_in(client, "sekretariat")
    assert response.status_code == 302

    meetings = client.get(reverse("meetings:meeting_list"))
    assert meetings["Location"] == reverse("mfa_index")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("account_overview"))["Location"] == reverse("mfa_index")


def test_in_the_demo_nobody_is_made_to_enrol(client, dap, settings):
    settings.DAP_REQUIRE_SECOND_FACTOR = False
    member(dap, role=Role.SECRETARIAT, username="sekretariat")
    sign_in(client, "sekretariat")
    assert client.get(reverse("meetings:meeting_list")).status_code == 200


def test_a_member_is_offered_but_not_made_to_enrol(client, dap, production_signin):
    member(dap, role=Role.MEMBER, username="medlem")
    sign_in(client, "medlem")
    assert client.get(reverse("meetings:meeting_list")).status_code == 200


def test_a_committee_can_require_the_second_factor_of_its_chair(client, dap, production_signin):
    member(dap, role=Role.CHAIR, username="formand")
    CommitteeSignInRule.objects.create(committee=dap, second_factor_roles=[Role.CHAIR])
    sign_in(client, "formand")
    assert client.get(reverse("meetings:meeting_list"))["Location"] == reverse("mfa_index")


def test_staff_must_enrol(client, production_signin):
    UserFactory(username="admin", is_staff=True)
    sign_in(client, "admin")
    assert client.get(reverse("meetings:meeting_list"))["Location"] == reverse("mfa_index")


def test_a_user_with_an_app_is_asked_for_the_code_and_a_wrong_code_is_refused(client, dap):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat")
    app = give_totp(user)

    response = sign_in(client, "sekretariat")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Koden er forkert" in text_of(wrong)
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": app.now()})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SecurityEvent.objects.filter(user=user, kind=SecurityEventKind.SECOND_FACTOR_FAILED)


def test_a_recovery_code_works_once(client, dap):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat")
    give_totp(user)
    code = recovery_codes_of(user)[0]

    sign_in(client, "sekretariat")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("logout"))

    sign_in(client, "sekretariat")
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_last_factor_of_a_user_who_must_have_one_cannot_be_removed(
    client, dap, production_signin
):
    user = member(dap, role=Role.SECRETARIAT, username="sekretariat")
    give_totp(user)
    client.force_login(user)

    response = client.post(reverse("mfa_deactivate_totp"))
    # allauth asks for the password first (sensitive), then refuses.
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert "kan ikke fjerne din sidste metode" in text_of(response)
    assert user.authenticator_set.filter(type="totp").exists()


def test_a_member_who_need_not_have_one_may_remove_it(client, dap, production_signin):
    user = member(dap, role=Role.MEMBER, username="medlem")
    app = give_totp(user)
    sign_in(client, "medlem")
    client.post(reverse("mfa_authenticate"), {"code": app.now()})
    client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert not user.authenticator_set.filter(type="totp").exists()


def test_sign_ins_and_failures_are_logged_with_ip_and_time(client, dap):
    user = member(dap, username="anne")
    sign_in(client, "anne", "forkert-kode")
    sign_in(client, "anne")

    events = list(SecurityEvent.objects.order_by("at", "pk"))
    assert [event.kind for event in events] == [
        SecurityEventKind.LOGIN_FAILED,
        SecurityEventKind.LOGIN,
    ]
    assert events[1].user == user
    assert all(event.ip == "127.0.0.1" and event.at for event in events)


@pytest.mark.parametrize(
    ("claims", "vouches"),
    [
        ({"id_token": {"amr": ["pwd", "mfa"]}}, True),
        ({"userinfo": {"acr": "mfa"}}, True),
        ({"id_token": {"amr": ["pwd"]}}, False),
        ({}, False),
    ],
)
def test_the_providers_amr_or_acr_claim_says_whether_it_used_two_factors(claims, vouches):
    assert _provider_vouches_for_mfa(claims) is vouches


@pytest.mark.parametrize(("required", "lands_on"), [(False, "/moeder/"), (True, "/konto/2fa/")])
def test_the_demo_users_keep_the_password_demo_and_enrol_only_under_the_production_setting(
    client, dap, settings, required, lands_on
):
    settings.DAP_REQUIRE_SECOND_FACTOR = required
    demo.ensure_users(dap)

    sign_in(client, "sekretariat", demo.DEMO_PASSWORD)

    response = client.get(reverse("meetings:meeting_list"))
    assert (response.get("Location") or response.request["PATH_INFO"]) == lands_on
