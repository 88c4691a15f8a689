"""In Chromium (issue 21): an attacker holding a member's session adds an address, and can
neither reset the password through it nor sign in with it; the member's old address is told
and the member's security log shows the attempt. An anonymous reset request for a demo user
does not keep that user from enrolling an authenticator app when the second factor is required.
"""

import os
import re

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from meetings.management import demo
from tests.accounts.helpers import code_now
from tests.factories import PASSWORD, CommitteeFactory, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATTACKER_ADDRESS = "angriber@example.com"


def log_in(page, base: str, login: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", login)
    page.fill("#id_password", password)
    page.click("button.login-button")
    page.wait_for_load_state("networkidle")


def ask_for_reset(page, base: str, email: str) -> None:
    page.goto(f"{base}/konto/password/reset/")
    page.fill("#id_email", email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_an_address_added_from_a_stolen_session_cannot_take_the_account(browser, page, live_server):
    base = live_server.url
    user = member(CommitteeFactory(), username="medlem", email="medlem@region.dk")
    EmailAddress.objects.create(user=user, email="medlem@region.dk", verified=True, primary=True)
    log_in(page, base, "medlem")
    expect(page).to_have_url(f"{base}/moeder/")

    # The attacker carries the member's session cookie into a browser of their own.
    attacker = browser.new_context(locale="da-DK")
    attacker.add_cookies(page.context.cookies())
    stolen = attacker.new_page()
    stolen.set_default_timeout(10_000)
    mail.outbox.clear()
    stolen.goto(f"{base}/konto/email/")
    stolen.fill("input[name=email]", ATTACKER_ADDRESS)
    stolen.click("button[name=action_add]")
    stolen.wait_for_load_state("networkidle")
    assert EmailAddress.objects.get(email=ATTACKER_ADDRESS).verified is False

    # The member's old address is told at once.
    notices = [m for m in mail.outbox if m.to == ["medlem@region.dk"]]
    assert notices
    assert ATTACKER_ADDRESS in notices[0].body

    # No reset link reaches the new address...
    anonymous = browser.new_context(locale="da-DK")
    outsider = anonymous.new_page()
    outsider.set_default_timeout(10_000)
    mail.outbox.clear()
    ask_for_reset(outsider, base, ATTACKER_ADDRESS)
    assert [m for m in mail.outbox if ATTACKER_ADDRESS in m.to] == []

    # ...and it is no sign-in name, even with the right password.
    log_in(outsider, base, ATTACKER_ADDRESS)
    expect(outsider).to_have_url(re.compile(r"/log-ind/"))
    expect(outsider.locator(".alert-error")).to_contain_text("forkert")
    attacker.close()
    anonymous.close()

    # The member's security log shows the attempt.
    page.goto(f"{base}/konto/")
    events = page.locator("body")
    expect(events).to_contain_text("E-mailadresse tilføjet (ikke bekræftet)")
    expect(events).to_contain_text(ATTACKER_ADDRESS)
    expect(events).to_contain_text("Nulstilling afvist")


def test_an_anonymous_reset_request_does_not_keep_a_demo_user_from_enrolling(
    page, live_server, settings
):
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    base = live_server.url
    committee = CommitteeFactory()
    demo.ensure_users(committee)

    ask_for_reset(page, base, "sekretariat@dap.example")
    assert EmailAddress.objects.get(user__username="sekretariat").verified

    log_in(page, base, "sekretariat", demo.DEMO_PASSWORD)
    expect(page).to_have_url(f"{base}/konto/2fa/")
    page.get_by_role("link", name="Slå godkendelsesapp til").click()
    expect(page.locator("img.totp-qr")).to_be_visible()
    app = pyotp.TOTP(page.locator("#authenticator_secret").input_value())
    page.fill("#id_code", code_now(app))
    page.get_by_role("button", name="Slå til").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{base}/moeder/")
    expect(page).to_have_url(f"{base}/moeder/")
