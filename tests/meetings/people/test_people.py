"""The secretariat invites people (single-use link, 7 days), changes roles, removes people
(with re-authentication), sets which roles need two factors, and reads a person's log."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent, SecurityEventKind
from meetings.models import CommitteeSignInRule, Invitation, Membership, Role
from tests.factories import PASSWORD, CommitteeFactory, member

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "en-lang-og-god-adgangskode"


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def secretary(dap):
    return member(dap, role=Role.SECRETARIAT, username="sekretariat")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def invite(client, dap, capture, email="lise@region.dk", role=Role.MEMBER) -> str:
    """Invite a person through the page; returns the link in the e-mail."""
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(
            reverse("people:invite", args=[dap.pk]),
            {"name": "Lise Lund", "email": email, "role": role},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    return re.search(r"http://\S+/invitation/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_the_invitation_is_a_danish_email_with_a_link_valid_for_7_days(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    assert message.to == ["lise@region.dk"]
    assert "Du er inviteret til DAP-portalen" in message.subject
    assert "medlem i Styregruppen for Digital Almen Praksis" in message.body
    assert "virker i 7 dage" in message.body
    invitation = Invitation.objects.get()
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    assert link.split("/")[-2] not in invitation.token_hash
    assert Membership.objects.get(user__email="lise@region.dk").role == Role.MEMBER


def test_the_link_sets_a_password_once_and_then_stops_working(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks)
    client.logout()

    page = client.get(path_of(link))
    assert "Velkommen til DAP-portalen" in text_of(page)
    done = client.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == reverse("meetings:meeting_list")  # signed in (issue 21, point 9)
    assert client.get(done["Location"]).wsgi_request.user.get_username() == "lise"
    assert client.login(username="lise", password=NEW_PASSWORD)
    client.logout()

    again = client.get(path_of(link))
    assert "Linket er allerede brugt" in text_of(again)
    refused = client.post(path_of(link), {"password1": "x" * 20, "password2": "x" * 20})
    assert "Linket er allerede brugt" in text_of(refused)
    assert client.login(username="lise", password=NEW_PASSWORD)


def test_an_expired_link_is_refused(client, dap, secretary, django_capture_on_commit_callbacks):
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks)
    client.logout()
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = client.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert "Linket er udløbet" in text_of(response)
    assert not Invitation.objects.get().user.has_usable_password()


def test_a_link_opened_while_signed_in_as_someone_else_is_refused(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks)

    response = client.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert "en anden e-mailadresse" in text_of(response)
    assert Invitation.objects.get().used_at is None


def test_a_made_up_link_is_refused(client):
    assert "Linket er ikke gyldigt" in text_of(client.get("/invitation/opdigtet/"))


def test_a_short_password_is_refused_and_the_link_still_works(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks)
    client.logout()

    response = client.post(path_of(link), {"password1": "kort1234", "password2": "kort1234"})

    assert "mindst 12 tegn" in text_of(response)
    assert Invitation.objects.get().used_at is None


def test_only_the_secretariat_manages_people(client, dap):
    client.force_login(member(dap, role=Role.CHAIR))
    assert client.get(reverse("people:list", args=[dap.pk])).status_code == 404
    response = client.post(
        reverse("people:invite", args=[dap.pk]),
        {"name": "X", "email": "x@region.dk", "role": Role.MEMBER},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_the_people_page_lists_roles_and_second_factor(client, dap, secretary):
    member(dap, role=Role.CHAIR, first_name="Frida", last_name="Formand")
    client.force_login(secretary)
    text = text_of(client.get(reverse("people:list", args=[dap.pk])))
    assert "Frida Formand" in text
    assert "Inviter en person" in text
    assert "Krav om totrinsbekræftelse" in text


def test_changing_a_role_asks_for_the_password_when_the_sign_in_is_old(
    client, dap, secretary, settings
):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    other = member(dap, role=Role.MEMBER, username="medlem")
    membership = Membership.objects.get(user=other)
    client.force_login(secretary)  # no recent password: must confirm

    url = reverse("people:role", args=[dap.pk, membership.pk])
    response = client.post(url, {"role": Role.CHAIR})
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER

    client.post(response["Location"], {"password": PASSWORD})
    membership.refresh_from_db()
    assert membership.role == Role.CHAIR
    assert SecurityEvent.objects.filter(user=other, kind=SecurityEventKind.ROLE_CHANGED)


def test_removing_a_person_asks_for_the_password_and_keeps_a_secretariat(
    client, dap, secretary, settings
):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    other = member(dap, role=Role.MEMBER, username="medlem")
    client.force_login(secretary)
    remove = reverse("people:remove", args=[dap.pk, Membership.objects.get(user=other).pk])

    response = client.post(remove)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    assert not Membership.objects.filter(user=other).exists()

    own = reverse("people:remove", args=[dap.pk, Membership.objects.get(user=secretary).pk])
    refused = client.post(own, follow=True)
    assert "mindst én fra sekretariatet" in text_of(refused)


def test_the_secretariat_sets_which_roles_need_two_factors(client, dap, secretary):
    client.force_login(secretary)
    client.post(reverse("people:signin_rule", args=[dap.pk]), {"roles": [Role.CHAIR]})
    assert CommitteeSignInRule.objects.get(committee=dap).second_factor_roles == [Role.CHAIR]


def test_the_secretariat_reads_a_persons_security_log(client, dap, secretary):
    other = member(dap, role=Role.MEMBER, username="medlem")
    client.login(username="medlem", password="forkert")
    SecurityEvent.objects.create(user=other, kind=SecurityEventKind.LOGIN, ip="10.1.2.3")
    client.force_login(secretary)

    membership = Membership.objects.get(user=other)
    text = text_of(client.get(reverse("people:security", args=[dap.pk, membership.pk])))

    assert "Logget ind" in text
    assert "10.1.2.3" in text
    assert "Forkert adgangskode" in text


# --- Issue 21: inviting asks for the password; an invitation never takes over an account -----


def test_point3_inviting_asks_for_the_password_when_the_sign_in_is_old(
    client, dap, secretary, settings, django_capture_on_commit_callbacks
):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    client.force_login(secretary)  # no recent password: must confirm
    data = {"name": "Lise Lund", "email": "lise@region.dk", "role": Role.SECRETARIAT}

    response = client.post(reverse("people:invite", args=[dap.pk]), data)

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"password": PASSWORD})
    assert Invitation.objects.get().role == Role.SECRETARIAT


def test_point3_changing_the_second_factor_rule_asks_for_the_password(
    client, dap, secretary, settings
):
    settings.DAP_REAUTHENTICATION_REQUIRED = True
    client.force_login(secretary)
    response = client.post(reverse("people:signin_rule", args=[dap.pk]), {"roles": [Role.CHAIR]})
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not CommitteeSignInRule.objects.filter(second_factor_roles=[Role.CHAIR]).exists()


def test_point6_an_invitation_to_a_closed_account_neither_resets_nor_reopens_it(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    other = CommitteeFactory(short_name="ANDEN", name="En anden styregruppe")
    closed = member(other, username="lukket", email="lukket@region.dk")
    closed.is_active = False
    closed.save()
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks, email="lukket@region.dk")
    client.logout()

    page = client.get(path_of(link))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
    done = client.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    closed.refresh_from_db()
    assert closed.is_active is False
    assert closed.check_password(PASSWORD)
    assert not Membership.objects.filter(committee=dap, user=closed).exists()
    assert Invitation.objects.get().used_at is None


def test_point6_an_invitation_to_an_account_in_use_adds_the_membership_once_its_owner_signs_in(
    client, dap, secretary, django_capture_on_commit_callbacks
):
    other = CommitteeFactory(short_name="ANDEN", name="En anden styregruppe")
    known = member(other, username="kendt", email="kendt@region.dk")
    client.force_login(secretary)
    link = invite(client, dap, django_capture_on_commit_callbacks, email="kendt@region.dk")
    assert not Membership.objects.filter(committee=dap, user=known).exists()
    client.logout()

    # Someone else following the link cannot choose the account's password.
    client.post(path_of(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    known.refresh_from_db()
    assert known.check_password(PASSWORD)

    assert client.login(username="kendt", password=PASSWORD)
    page = client.get(path_of(link))
    assert "Tilføj mig til DAP" in text_of(page)
    client.post(path_of(link))
    assert Membership.objects.get(committee=dap, user=known).role == Role.MEMBER
    assert Invitation.objects.get().used_at is not None
    known.refresh_from_db()
    assert known.check_password(PASSWORD)
