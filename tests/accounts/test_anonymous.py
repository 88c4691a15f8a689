"""No page of the portal answers an anonymous visitor with anything but the sign-in redirect,
except the sign-in, password reset and invitation pages, the tokened calendar feed and the
accessibility statement.
Walks every URL the resolver knows, so a new page cannot forget its protection."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Pages meant for people who are not signed in (or that answer 'no' without showing anything).
PUBLIC = {
    "login",
    "logout",
    "account_login",
    "account_logout",
    "account_signup",  # says that sign-up is closed
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_inactive",
    "mfa_authenticate",
    "mfa_login_webauthn",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
    "account_oidc_login",
    "account_oidc_callback",
    "people:invitation",
    "member:calendar_feed",
    "healthz",  # the load balancer's check: 'ok' or 'unavailable', nothing more (tests/ops)
    # The installable app: its worker and manifest are fetched without a session, the status
    # tells a signed-out browser to wipe its stored copies, the fallback page holds no data.
    "offline:service_worker",
    "offline:web_manifest",
    "offline:status",
    "offline:unavailable",
    # The accessibility statement (webtilgængelighedsloven): for anyone, says nothing private.
    "accessibility_statement",
}
SAMPLE = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = namespace
            if pattern.namespace:
                space = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}"


def concrete(route: str) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    return "/" + route.replace("\\", "")


def test_every_page_sends_an_anonymous_visitor_to_the_sign_in_page(client):
    open_pages = []
    checked = 0
    for route, name in walk(get_resolver().url_patterns):
        if name in PUBLIC or route.startswith(("admin/", "static")):
            continue
        url = concrete(route)
        response = client.get(url)
        checked += 1
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith("/log-ind/?next="):
            continue
        open_pages.append((name, url, response.status_code, location))
    assert checked > 80
    assert open_pages == []


def test_the_admin_sends_an_anonymous_visitor_to_the_portals_sign_in(client):
    response = client.get("/admin/meetings/meeting/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/log-ind/?next=")


def test_the_public_pages_answer_without_errors(client):
    for route, name in walk(get_resolver().url_patterns):
        if name in PUBLIC:
            assert client.get(concrete(route)).status_code < 500, name
