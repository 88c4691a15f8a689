"""In Chromium: the secretariat is made to enrol an authenticator app at first sign-in (the test
computes the codes with pyotp), a wrong code is refused, a recovery code works once; six wrong
passwords lock the account with the Danish message, also on the way to /admin/; and a security
key is registered and used with Chromium's virtual authenticator (WebAuthn over CDP)."""

import os
import re

import pyotp
import pytest
from playwright.sync_api import expect

from meetings.models import Role
from tests.accounts.helpers import code_now
from tests.factories import PASSWORD, CommitteeFactory, UserFactory, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str, password: str = PASSWORD, path: str = "/log-ind/"):
    page.goto(f"{base}{path}")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click("button.login-button")
    page.wait_for_load_state("networkidle")


def log_out(page, base: str) -> None:
    page.goto(f"{base}/konto/")
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/log-ind/"))


def test_the_secretariat_enrols_an_app_at_first_sign_in_and_codes_work_as_they_should(
    page, live_server, settings
):
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    base = live_server.url
    member(CommitteeFactory(), role=Role.SECRETARIAT, username="sekretariat")

    log_in(page, base, "sekretariat")
    expect(page).to_have_url(f"{base}/konto/2fa/")
    expect(page.locator(".messages")).to_contain_text("Du skal slå totrinsbekræftelse til")
    page.goto(f"{base}/moeder/")
    expect(page).to_have_url(f"{base}/konto/2fa/")

    page.get_by_role("link", name="Slå godkendelsesapp til").click()
    expect(page.locator("h1")).to_have_text("Slå godkendelsesapp til")
    expect(page.locator("img.totp-qr")).to_be_visible()
    app = pyotp.TOTP(page.locator("#authenticator_secret").input_value())

    wrong = "000000" if app.now() != "000000" else "111111"
    page.fill("#id_code", wrong)
    page.get_by_role("button", name="Slå til").click()
    expect(page.locator(".form-error-message")).to_contain_text("Koden er forkert")

    page.fill("#id_code", code_now(app))
    page.get_by_role("button", name="Slå til").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/konto/2fa/recovery-codes/")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.goto(f"{base}/moeder/")
    expect(page).to_have_url(f"{base}/moeder/")

    # Next sign-in: the password, then a code. A wrong one is refused; a recovery code works.
    log_out(page, base)
    log_in(page, base, "sekretariat")
    expect(page).to_have_url(f"{base}/konto/2fa/authenticate/")
    page.fill("#id_code", wrong)
    page.click("button.mfa-button")
    expect(page.locator(".form-error-message")).to_contain_text("Koden er forkert")
    page.fill("#id_code", codes[0])
    page.click("button.mfa-button")
    expect(page).to_have_url(f"{base}/moeder/")

    # ...but only once.
    log_out(page, base)
    log_in(page, base, "sekretariat")
    page.fill("#id_code", codes[0])
    page.click("button.mfa-button")
    expect(page).to_have_url(f"{base}/konto/2fa/authenticate/")
    expect(page.locator(".form-error-message")).to_contain_text("Koden er forkert")


@pytest.mark.parametrize("path", ["/log-ind/", "/admin/"])
def test_six_wrong_passwords_lock_the_account_with_a_danish_message(page, live_server, path):
    base = live_server.url
    UserFactory(username="chef", is_staff=True, is_superuser=True)
    page.goto(f"{base}{path}")
    expect(page).to_have_url(re.compile(r"/log-ind/"))

    for _ in range(5):
        page.fill("#id_login", "chef")
        page.fill("#id_password", "forkert-kode")
        page.click("button.login-button")
        expect(page.locator(".alert-error")).to_contain_text("Brugernavnet eller adgangskoden")
    page.fill("#id_login", "chef")
    page.fill("#id_password", "forkert-kode")
    page.click("button.login-button")
    expect(page.locator(".alert-error")).to_contain_text("For mange mislykkede forsøg")
    expect(page.locator(".alert-error")).to_contain_text(re.compile(r"Prøv igen kl\. \d\d\.\d\d"))

    page.fill("#id_login", "chef")
    page.fill("#id_password", PASSWORD)
    page.click("button.login-button")
    expect(page.locator(".alert-error")).to_contain_text("For mange mislykkede forsøg")


def test_a_security_key_is_registered_and_signs_in(page, live_server, settings):
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    base = live_server.url  # http://localhost:<port>: WebAuthn needs a host name, not an IP
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    member(CommitteeFactory(), role=Role.SECRETARIAT, username="sekretariat")

    log_in(page, base, "sekretariat")
    expect(page).to_have_url(f"{base}/konto/2fa/")
    page.goto(f"{base}/konto/2fa/webauthn/add/")
    page.fill("#id_name", "Min nøgle")
    page.click("#mfa_webauthn_add")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/moeder/")
    expect(page).to_have_url(f"{base}/moeder/")
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1
    # allauth's pages for keys load `humanize` (issue 21, point 7: they answered 500).
    for path in ("/konto/2fa/webauthn/", "/konto/2fa/webauthn/reauthenticate/"):
        assert page.goto(f"{base}{path}").status == 200, path

    log_out(page, base)
    log_in(page, base, "sekretariat")
    expect(page).to_have_url(f"{base}/konto/2fa/authenticate/")
    page.click("#mfa_webauthn_authenticate")
    expect(page).to_have_url(f"{base}/moeder/")
