"""The sign-in pages speak one Danish (issue 21, point 11): allauth's wording comes through the
portal's own locale/da overrides, with "adgangskode", "e-mail", "totrinsbekræftelse",
"godkendelsesapp", "sikkerhedsnøgle" and "bekræft din identitet"; no English, no misspellings.
And the small things on those pages: a way on after a reset, the TOTP key shown whole, the
reset link under the password field, a name for the security key, the passkey notice at an
IP address (point 12)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.html import strip_tags

from tests.factories import PASSWORD, CommitteeFactory, member

from .helpers import give_totp, sign_in

pytestmark = pytest.mark.django_db

LOCALE = Path(django_settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES"

# Words and terms that must not appear on a rendered sign-in page (case-insensitive regular
# expressions; "e-mail" is fine, "email" is not).
FORBIDDEN = [
    r"(?<!1)password",  # 1Password, the password manager, is a name
    r"\bTOTP",
    r"to-faktor",
    r"two-factor",
    r"autentificer",
    r"genautentific",
    r"reauthenticat",
    r"Bekæftet",
    r"success",
    r"(?<![-\w@.])email",
    r"\bName\b",
    r"\bKey\b",
    r"authenticator app",
    r"Alternative muligheder",
    r"Bekræft adgang\b",
]


def page_text(response) -> str:
    html = response.content.decode()
    # Attributes, scripts and hidden data are not read; the page's text and its title are.
    html = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<div[^>]* hidden[^>]*>.*?</div>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", strip_tags(html))


def forbidden_in(text: str) -> list[str]:
    return [pattern for pattern in FORBIDDEN if re.search(pattern, text, flags=re.I)]


@pytest.fixture
def anne():
    return member(CommitteeFactory(), username="anne", email="anne@region.dk", first_name="Anne")


def test_the_sign_in_pages_use_one_danish_vocabulary(client, anne):
    pages = {}
    for name in (
        "login",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
    ):
        pages[name] = client.get(reverse(name), follow=True)
    sign_in(client, "anne")
    for name in ("account_reauthenticate", "mfa_index", "mfa_activate_totp", "mfa_add_webauthn"):
        pages[name] = client.get(reverse(name), follow=True)
    give_totp(anne)
    for name in (
        "mfa_view_recovery_codes",
        "account_email",
        "account_sessions",
        "account_change_password",
        "mfa_list_webauthn",  # the security keys page (a 500 until issue 21, point 7)
    ):
        pages[name] = client.get(reverse(name), follow=True)
    # A message of allauth's: after changing the password.
    new = "et-nyt-og-langt-kodeord"
    pages["password changed"] = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
        follow=True,
    )

    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200
    )
    found = {name: forbidden_in(page_text(response)) for name, response in pages.items()}
    assert found == {name: [] for name in pages}
    assert "Din adgangskode er ændret." in page_text(pages["password changed"])
    assert "Nulstil adgangskode" in page_text(pages["account_reset_password"])
    assert "Bekræft din identitet" in page_text(pages["account_reauthenticate"])


def test_the_forbidden_list_catches_allauths_own_danish():
    """The list is not empty words: allauth's Danish has them, the portal's overrides not."""
    allauth_da = Path(__import__("allauth").__file__).parent / "locale/da/LC_MESSAGES/django.mo"
    with allauth_da.open("rb") as mo:
        theirs = gettext.GNUTranslations(mo)
    for msgid in ("Password Reset", "Two-Factor Authentication", "Verified", "TOTP Authenticator"):
        assert forbidden_in(theirs.gettext(msgid)), msgid


def test_the_committed_catalogue_is_compiled_from_the_po_file():
    """The .mo is committed (no gettext on a fresh machine); it must say what the .po says."""
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = re.findall(
        r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)',
        (LOCALE / "django.po").read_text(encoding="utf-8"),
        flags=re.M,
    )

    def joined(lines: str) -> str:
        return "".join(
            line[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
            for line in lines.strip().split("\n")
        )

    singular = [(joined(msgid), joined(msgstr)) for msgid, msgstr in entries]
    assert len(singular) > 50
    stale = [msgid for msgid, msgstr in singular if msgid and compiled.gettext(msgid) != msgstr]
    assert stale == []


def test_the_reset_done_page_leads_on_to_signing_in(client):
    response = client.get(reverse("account_reset_password_from_key_done"))
    assert f'href="{reverse("login")}"' in response.content.decode()
    assert "Log ind" in page_text(response)


def test_the_reauthentication_page_has_the_reset_link_after_the_field(client, anne):
    sign_in(client, "anne")
    html = client.get(reverse("account_reauthenticate")).content.decode()
    label = html.index('<label class="form-label" for="id_password">')
    field = html.index('id="id_password"', label + 40)
    reset = html.index("Glemt din adgangskode?")
    assert label < field < reset


def test_the_totp_key_is_shown_whole(client, anne):
    sign_in(client, "anne")
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1)
    assert len(secret) >= 32
    assert f'size="{len(secret)}"' in html


def test_the_security_key_form_names_its_fields_in_danish(client, anne):
    sign_in(client, "anne")
    text = page_text(client.get(reverse("mfa_add_webauthn")))
    assert "Navn på nøglen" in text
    assert "Log ind uden adgangskode (adgangsnøgle)" in text
    assert "Adgangskode-fri" not in text


def test_the_passkey_pages_say_why_passkeys_fail_at_an_ip_address(client, anne):
    sign_in(client, "anne")
    at_ip = page_text(client.get(reverse("mfa_add_webauthn"), HTTP_HOST="127.0.0.1:8000"))
    assert "Sikkerhedsnøgler virker ikke på en IP-adresse" in at_ip
    at_name = page_text(client.get(reverse("mfa_add_webauthn"), HTTP_HOST="localhost:8000"))
    assert "IP-adresse" not in at_name
    client.logout()
    login = page_text(client.get(reverse("login"), HTTP_HOST="[::1]:8000"))
    assert "Adgangsnøgler virker ikke på en IP-adresse" in login
