"""allauth's e-mails link to DAP_BASE_URL like the portal's own, not to the host a request
came in on (issue 21, point 9)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import CommitteeFactory, member

pytestmark = pytest.mark.django_db


def test_the_reset_link_points_at_the_portals_address(client, settings):
    settings.DAP_BASE_URL = "https://dap.region.dk"
    member(CommitteeFactory(), username="anne", email="anne@region.dk")

    client.post(
        reverse("account_reset_password"), {"email": "anne@region.dk"}, HTTP_HOST="localhost"
    )

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+/", message.body).group(0)
    assert link.startswith("https://dap.region.dk/konto/password/reset/key/")
    assert client.get(link.removeprefix("https://dap.region.dk")).status_code == 302
