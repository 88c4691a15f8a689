"""Password reset by e-mail, in Danish; the reset ends every session of the user."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind
from tests.factories import CommitteeFactory, member

from .helpers import sign_in

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_reset_by_a_danish_email_and_other_sessions_end(client):
    member(CommitteeFactory(), username="anne", email="anne@region.dk")
    elsewhere = Client()
    sign_in(elsewhere, "anne")

    client.post(reverse("account_reset_password"), {"email": "anne@region.dk"})

    (message,) = mail.outbox
    assert message.subject == "DAP-portalen: Nulstil din adgangskode"
    assert "Vælg en ny adgangskode via linket herunder" in message.body
    link = re.search(r"http://\S+/konto/password/reset/key/\S+/", message.body).group(0)
    form = client.get(link.split("testserver", 1)[-1], follow=True)
    new = "et-nyt-og-langt-kodeord"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302

    assert client.login(username="anne", password=new)
    assert elsewhere.get(reverse("meetings:meeting_list")).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET).exists()


def test_the_reset_page_does_not_tell_whether_an_address_is_known(client):
    response = client.post(reverse("account_reset_password"), {"email": "ukendt@region.dk"})
    assert response.status_code == 302
    assert mail.outbox == []
