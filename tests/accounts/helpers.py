"""Helpers for sign-in tests: an authenticator app for a user, and signing in through the forms."""

import time

import pyotp
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.factories import PASSWORD


def code_now(app: pyotp.TOTP, margin: float = 5.0) -> str:
    """The app's code, taken with at least `margin` seconds left of its 30 s: a browser test
    types it a moment later, and a code from the end of one window is refused in the next."""
    left = app.interval - time.time() % app.interval
    if left < margin:
        time.sleep(left + 0.1)
    return app.now()


def give_totp(user) -> pyotp.TOTP:
    """Enrol an authenticator app (and recovery codes) for the user; returns the app."""
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return pyotp.TOTP(secret)


def recovery_codes_of(user) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def sign_in(client, username: str, password: str = PASSWORD, next_url: str = ""):
    data = {"login": username, "password": password}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    if next_url:
        data["next"] = next_url
    return client.post(url, data)
