"""Connects sign-in events (Django's, allauth's) to the security log and the session stamps."""

import time

from allauth.account import signals as account_signals
from allauth.account.adapter import get_adapter
from allauth.account.authentication import get_authentication_records
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from . import policy
from .adapters import lift_lockout
from .middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY, mark_tracked
from .models import SecurityEventKind
from .services import record_security_event

FACTOR_NAMES = {
    Authenticator.Type.TOTP: "godkendelsesapp",
    Authenticator.Type.WEBAUTHN: "sikkerhedsnøgle",
    Authenticator.Type.RECOVERY_CODES: "gendannelseskoder",
}


@receiver(auth_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    now = time.time()
    if hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = now
        request.session[LAST_SEEN_KEY] = now
        mark_tracked(request)  # allauth records the new session as it signs in
        if request.session.pop(policy.PROVIDER_MFA_PENDING_KEY, False):
            request.session[policy.PROVIDER_MFA_SESSION_KEY] = True
    records = get_authentication_records(request, user) if hasattr(request, "session") else []
    last = records[-1] if records else {}
    detail = f"via {last.get('provider')}" if last.get("method") == "socialaccount" else ""
    record_security_event(request=request, kind=SecurityEventKind.LOGIN, user=user, detail=detail)


@receiver(auth_signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = credentials.get("username") or credentials.get("email") or ""
    record_security_event(request=request, kind=SecurityEventKind.LOGIN_FAILED, login=login)


@receiver(auth_signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_security_event(request=request, kind=SecurityEventKind.LOGOUT, user=user)


@receiver(mfa_signals.authentication_failed)
def _second_factor_failed(sender, request, user, **kwargs) -> None:
    record_security_event(request=request, kind=SecurityEventKind.SECOND_FACTOR_FAILED, user=user)


def _factor_event(kind: SecurityEventKind, request, user, authenticator) -> None:
    detail = FACTOR_NAMES.get(authenticator.type, authenticator.type)
    record_security_event(request=request, kind=kind, user=user, detail=detail)


@receiver(mfa_signals.authenticator_added)
def _factor_added(sender, request, user, authenticator, **kwargs) -> None:
    _factor_event(SecurityEventKind.FACTOR_ADDED, request, user, authenticator)


@receiver(mfa_signals.authenticator_removed)
def _factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    _factor_event(SecurityEventKind.FACTOR_REMOVED, request, user, authenticator)


@receiver(account_signals.password_changed)
def _password_changed(sender, request, user, **kwargs) -> None:
    record_security_event(request=request, kind=SecurityEventKind.PASSWORD_CHANGED, user=user)


@receiver(account_signals.password_reset)
def _password_reset(sender, request, user, **kwargs) -> None:
    record_security_event(request=request, kind=SecurityEventKind.PASSWORD_RESET, user=user)
    # The lockout message offers the reset as the way out: a completed one lifts it.
    lift_lockout(request, user)


@receiver(account_signals.email_added)
def _email_added(sender, request, user, email_address, **kwargs) -> None:
    record_security_event(
        request=request, kind=SecurityEventKind.EMAIL_ADDED, user=user, detail=email_address.email
    )
    # allauth tells the old address when the change is completed; it is told of the attempt
    # at once, so that a member whose session was stolen hears of it before anything happens.
    get_adapter(request).send_notification_mail(
        "account/email/email_added", user, {"new_email": email_address.email}
    )


@receiver(account_signals.email_confirmed)
def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    record_security_event(
        request=request,
        kind=SecurityEventKind.EMAIL_CONFIRMED,
        user=email_address.user,
        detail=email_address.email,
    )


@receiver(account_signals.email_changed)
def _email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    old = from_email_address.email if from_email_address else ""
    record_security_event(
        request=request,
        kind=SecurityEventKind.EMAIL_CHANGED,
        user=user,
        detail=f"{old} → {to_email_address.email}".strip(),
    )


@receiver(account_signals.email_removed)
def _email_removed(sender, request, user, email_address, **kwargs) -> None:
    record_security_event(
        request=request, kind=SecurityEventKind.EMAIL_REMOVED, user=user, detail=email_address.email
    )


@receiver(account_signals.password_set)
def _password_set(sender, request, user, **kwargs) -> None:
    record_security_event(request=request, kind=SecurityEventKind.PASSWORD_SET, user=user)
