"""The sign-in pages in Chromium on a 390 px phone and a 1366 px laptop (issue 21, points 11,
12, 14): no serious or critical axe violation, no page wider than the screen, "Dine sessioner"
shows "Sidst set" and "Denne browser" on the phone, the "Log ind uden adgangskode" checkbox
sits in its form, and the authenticator app's key is shown whole."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.accounts.helpers import give_totp
from tests.factories import PASSWORD, CommitteeFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

SIGNED_OUT = [
    "/log-ind/",
    "/konto/password/reset/",
    "/konto/password/reset/done/",
    "/konto/password/reset/key/done/",
]
SIGNED_IN = [
    "/konto/reauthenticate/",
    "/konto/2fa/",
    "/konto/2fa/totp/activate/",
    "/konto/2fa/webauthn/add/",
    "/konto/email/",
    "/konto/sessions/",
    "/konto/password/change/",
]


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def too_wide(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )


def log_in(page, base: str) -> None:
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", "anne")
    page.fill("#id_password", PASSWORD)
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))


@pytest.fixture
def anne(settings):
    settings.USERSESSIONS_TRACK_ACTIVITY = True  # "Sidst set" is shown only when tracked
    return member(
        CommitteeFactory(),
        username="anne",
        email="anne@region.dk",
        first_name="Anne",
        last_name="Kristine Bach-Sørensen",
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_the_sign_in_pages_are_accessible_and_fit_the_screen(live_server, browser, anne, width):
    base = live_server.url
    # A second browser with a long phone user agent, so the sessions table has two rows.
    other = browser.new_context(user_agent=PHONE_UA)
    log_in(other.new_page(), base)

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    found, wide = {}, {}
    for url in SIGNED_OUT:
        page.goto(base + url)
        found[url], wide[url] = serious(page), too_wide(page)
    log_in(page, base)
    for url in SIGNED_IN:
        page.goto(base + url)
        found[url], wide[url] = serious(page), too_wide(page)
        if url == "/konto/2fa/totp/activate/":
            key = page.locator("#authenticator_secret")
            assert len(key.input_value()) >= 32
            assert key.evaluate("el => el.scrollWidth <= el.clientWidth"), "key cut off"
        if url == "/konto/2fa/webauthn/add/":
            box = page.locator("input[type=checkbox]").bounding_box()
            label = page.get_by_text("Log ind uden adgangskode (adgangsnøgle)").bounding_box()
            # The (invisible, clickable) box lies on its label, below the name field.
            assert abs(box["y"] - label["y"]) < 40
            assert box["y"] > page.locator("#id_name").bounding_box()["y"]
        if url == "/konto/sessions/":
            # On the phone the headings stand in each cell (DKFDS: data-title, ::before).
            for what in (
                'td[data-title="Sidst set"]',
                ".sessions-table .badge:text-is('Denne browser')",
                "button:text-is('Log ud af alle andre')",
            ):
                element = page.locator(what).first
                element.scroll_into_view_if_needed()
                shown = element.bounding_box()
                assert shown["x"] >= 0
                assert shown["x"] + shown["width"] <= width, f"{what} is cut off"
            last_seen = page.locator('td[data-title="Sidst set"]').first
            assert re.search(r"kl\. \d", last_seen.inner_text())
    give_totp(anne)
    page.goto(base + "/konto/2fa/recovery-codes/")
    found["recovery codes"], wide["recovery codes"] = serious(page), too_wide(page)
    context.close()
    other.close()

    assert found == {url: [] for url in found}
    assert wide == {url: 0 for url in wide}
