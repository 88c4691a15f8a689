"""Error pages are Danish, in the portal's layout, with a way back; a 404 tells nothing."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from dap_portal import errors
from dap_portal.urls import urlpatterns as portal_urls
from meetings.models import Role
from tests.factories import CommitteeFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("fejl i en visning")


def _denied(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("ugyldig")


urlpatterns = [
    path("test/500/", _boom),
    path("test/403/", _denied),
    path("test/400/", _bad),
    *portal_urls,
]
handler400 = "dap_portal.errors.bad_request"
handler403 = "dap_portal.errors.permission_denied"
handler404 = "dap_portal.errors.page_not_found"
handler500 = "dap_portal.errors.server_error"


def _layout(body: str) -> None:
    assert '<html lang="da">' in body
    assert "DAP-portalen" in body
    assert 'class="footer"' in body
    assert reverse("meetings:meeting_list") in body or 'href="/"' in body


def _without_tokens(body: str) -> str:
    """The page with its per-request CSRF tokens blanked out."""
    body = re.sub(r'"X-CSRFToken": "[^"]*"', "", body)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_a_hidden_meeting_answers_exactly_as_a_missing_one(client):
    dap = CommitteeFactory()
    draft = MeetingFactory(committee=dap, draft=True)
    other = MeetingFactory(committee=CommitteeFactory(short_name="FP"))
    client.force_login(member(dap, Role.OBSERVER))

    hidden = client.get(reverse("meetings:meeting_detail", args=[draft.pk]))
    foreign = client.get(reverse("meetings:meeting_detail", args=[other.pk]))
    missing = client.get(reverse("meetings:meeting_detail", args=[999_999]))

    assert hidden.status_code == foreign.status_code == missing.status_code == 404
    body = hidden.content.decode()
    assert "Siden findes ikke" in body
    assert "Gå til dine møder" in body
    _layout(body)
    assert _without_tokens(body) == _without_tokens(missing.content.decode())
    assert _without_tokens(body) == _without_tokens(foreign.content.decode())


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/test/403/", 403, "Du har ikke adgang til at gøre dette"),
        ("/test/400/", 400, "Forespørgslen kunne ikke læses"),
        ("/findes/ikke/", 404, "Siden findes ikke"),
    ],
)
def test_400_403_404_are_danish_with_a_way_back(client, url, status, heading):
    client.force_login(member(CommitteeFactory(), Role.MEMBER))

    response = client.get(url)

    assert response.status_code == status
    body = response.content.decode()
    assert heading in body
    assert "Page not found" not in body
    assert "Forbidden" not in body
    _layout(body)


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_is_danish_and_needs_no_database():
    client = Client(raise_request_exception=False)
    client.force_login(member(CommitteeFactory(), Role.MEMBER))

    with CaptureQueriesContext(connection) as queries:
        body = errors.server_error(None).content.decode()
    response = client.get("/test/500/")

    assert len(queries) == 0
    assert "Der skete en fejl" in body
    _layout(body)
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


def test_the_500_page_falls_back_to_fixed_html_when_its_template_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("ingen skabeloner")

    monkeypatch.setattr(errors, "render_to_string", broken)

    response = errors.server_error(None)

    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


def test_a_form_sent_without_a_valid_csrf_token_gets_a_danish_page():
    client = Client(enforce_csrf_checks=True)
    client.force_login(member(CommitteeFactory(), Role.MEMBER))

    response = client.post(reverse("member:calendar_renew"))

    assert response.status_code == 403
    body = response.content.decode()
    assert "Formularen er udløbet" in body
    assert "Log ind igen" in body
    _layout(body)


@pytest.mark.parametrize(
    "data",
    [
        {"beskrivelse": "x" * (11 * 1024 * 1024)},  # 11 MB of text
        {f"felt{n}": "x" for n in range(2000)},  # more fields than Django reads
    ],
    ids=["11 MB", "2000 fields"],
)
def test_a_too_large_post_gets_a_danish_page_about_the_size(client, data):
    client.force_login(member(CommitteeFactory(), Role.SECRETARIAT))
    response = client.post(
        reverse("meetings:archive_start"),
        "&".join(f"{key}={value}" for key, value in data.items()),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "Det sendte fylder for meget" in body
    assert "højst 10 MB tekst" in body
    assert "Forespørgslen kunne ikke læses" not in body
    _layout(body)
