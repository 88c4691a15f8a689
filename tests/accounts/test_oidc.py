"""Sign-in through the organisation's OpenID Connect provider, end to end: Chromium, the portal
and a real provider (django-oauth-toolkit, tests/accounts/oidc_provider.py) on the live server.
The portal exchanges the code at the provider's token endpoint and checks the ID token."""

import os
import re
from urllib.parse import urlsplit

import pytest
from oauth2_provider.models import Application

from accounts.models import SecurityEvent, SecurityEventKind
from meetings.models import Role
from tests.factories import PASSWORD, CommitteeFactory, UserFactory, member

from . import oidc_provider

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.accounts.oidc_provider"),
]

BUTTON = "Log ind med Testorganisationen"


@pytest.fixture
def sites(live_server, settings):
    """The portal at 127.0.0.1 and the provider at localhost, on the live server's port."""
    port = urlsplit(live_server.url).port
    portal, provider = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
    secret = "hemmelig-klientnoegle-til-test"
    Application.objects.create(
        name="DAP-portalen",
        client_id="dap-portal",
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{portal}/konto/oidc/organisation/login/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    settings.OAUTH2_PROVIDER = oidc_provider.provider_settings()
    # The provider's pages are served by the same test server: they may post back to the portal.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", provider, portal]}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "organisation",
                    "name": BUTTON,
                    "client_id": "dap-portal",
                    "secret": secret,
                    "settings": {"server_url": f"{provider}/idp", "oauth_pkce_enabled": True},
                }
            ],
            "EMAIL_AUTHENTICATION": True,
        }
    }
    oidc_provider.TAMPER["mode"] = None
    oidc_provider.CLAIMED_EMAILS.clear()
    yield portal, provider
    oidc_provider.TAMPER["mode"] = None


def provider_user(username: str, email: str) -> None:
    """A person known to the organisation's provider (its own user name and password)."""
    UserFactory(username=username, email=f"{username}@idp.example")
    oidc_provider.CLAIMED_EMAILS[username] = email


def sign_in_through_provider(page, portal: str, username: str) -> None:
    page.goto(f"{portal}/log-ind/")
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(re.compile(r"/idp/log-ind/"))
    assert page.url.startswith("http://localhost:")
    page.fill("#idp-username", username)
    page.fill("#idp-password", PASSWORD)
    page.click("#idp-submit")
    page.wait_for_load_state("networkidle")


def test_an_invited_member_signs_in_through_the_organisations_provider(sites, page):
    portal, _ = sites
    ida = member(CommitteeFactory(), role=Role.MEMBER, username="ida", email="ida@region.dk")
    provider_user("ida.idp", "ida@region.dk")

    sign_in_through_provider(page, portal, "ida.idp")

    page.wait_for_url(f"{portal}/moeder/")
    assert ida.get_full_name() in page.locator(".portal-user").inner_text()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN, user=ida)
    assert "organisation" in event.detail


def test_an_unknown_email_is_refused_and_no_account_is_made(sites, page):
    portal, _ = sites
    provider_user("ukendt.idp", "ukendt@region.dk")
    users_before = UserFactory._meta.model.objects.count()

    sign_in_through_provider(page, portal, "ukendt.idp")

    page.wait_for_url(re.compile(r"/log-ind/"))
    assert "din e-mailadresse er ikke kendt i DAP-portalen" in page.content()
    assert UserFactory._meta.model.objects.count() == users_before
    page.goto(f"{portal}/moeder/")
    assert "/log-ind/" in page.url
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PROVIDER_REFUSED).exists()


@pytest.mark.parametrize("mode", ["forged", "expired"])
def test_a_forged_or_expired_id_token_is_refused(sites, page, mode):
    portal, _ = sites
    member(CommitteeFactory(), role=Role.MEMBER, username="ida", email="ida@region.dk")
    provider_user("ida.idp", "ida@region.dk")
    oidc_provider.TAMPER["mode"] = mode

    sign_in_through_provider(page, portal, "ida.idp")

    assert "Log ind via din organisation mislykkedes" in page.content()
    page.goto(f"{portal}/moeder/")
    assert "/log-ind/" in page.url
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, user__username="ida")
