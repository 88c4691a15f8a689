"""The portal's allauth adapters: no sign-up, one lockout counter per account with a Danish
message that says when to try again, reset links only to verified addresses, the
organisation's provider only for existing users, no removing the last factor."""

import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.app_settings import RATE_LIMITS
from allauth.core import context, ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import get_cache_key, parse_rates
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from . import policy, selectors
from .models import SecurityEventKind
from .reauth import authenticated_recently
from .services import record_security_event

LOCKED_MESSAGE = (
    "For mange mislykkede forsøg på at logge ind. Prøv igen kl. {clock} (om ca. {minutes} "
    "minutter), eller nulstil din adgangskode."
)


def account_lockout_key(user: AbstractBaseUser) -> str:
    """The failed-login counter of an account, whichever of its names was typed."""
    return f"account:{user.pk}"


def second_factor_lockout_key(user: AbstractBaseUser) -> str:
    """allauth's counter of wrong codes at the second-factor step (allauth.mfa)."""
    return f"mfa-auth-user-{user.pk}"


def lift_lockout(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Empty the account's counters of wrong passwords and wrong codes (a completed reset, an
    administrator's unlock)."""
    for key in (account_lockout_key(user), second_factor_lockout_key(user)):
        ratelimit.clear(request, action="login_failed", key=key)


def locked_message(request: HttpRequest, key: str) -> str:
    """The Danish lockout message with the clock time the counter has room again."""
    until = _unlocked_at(request, key)
    minutes = max(1, round((until - time.time()) / 60))
    clock = timezone.localtime(datetime.fromtimestamp(until, tz=UTC))
    return LOCKED_MESSAGE.format(clock=clock.strftime("%H.%M"), minutes=minutes)


def _unlocked_at(request: HttpRequest, key: str) -> float:
    """When the failed-login limits that are full now have room again (epoch seconds).

    Read from allauth's own counters through its internal ratelimit module: allauth has no public
    way to say when a full limit frees up (allauth.core.ratelimit offers consume and clear only).
    """
    latest = time.time()
    for rate in parse_rates(RATE_LIMITS.get("login_failed")):
        cache_key = get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = cache.get(cache_key, [])
        now = time.time()
        recent = [stamp for stamp in history if stamp > now - rate.duration]
        if len(recent) >= rate.amount:
            # The history is newest first: the limit frees up when the oldest counted expires.
            latest = max(latest, recent[rate.amount - 1] + rate.duration)
    return latest


def _on_base_url(url: str) -> str:
    bits = urlsplit(url)
    return settings.DAP_BASE_URL + bits.path + (f"?{bits.query}" if bits.query else "")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "Brugernavnet eller adgangskoden er forkert.",
        "email_password_mismatch": "E-mailadressen eller adgangskoden er forkert.",
    }

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in within the last 10 minutes counts, not only an explicit confirmation:
        a person enrolling their first factor right after signing in is not asked again."""
        request = context.request
        if request is not None and authenticated_recently(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """No public sign-up: the secretariat invites people (meetings/people)."""
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        """One counter per account: its user name and each of its addresses count together.
        (allauth's hook for the key; it also clears it for each address after a reset.)"""
        login = credentials.get("email") or credentials.get("username") or ""
        user = selectors.account_for_login(login)
        if user is not None:
            return account_lockout_key(user)
        return super()._get_login_attempts_cache_key(request, **credentials)

    # Links in allauth's e-mails point at DAP_BASE_URL, as the portal's own e-mails do, not at
    # whatever host the request came in on.
    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_base_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return _on_base_url(super().get_email_confirmation_url(request, emailconfirmation))

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            login = credentials.get("email") or credentials.get("username") or ""
            record_security_event(
                request=request,
                kind=SecurityEventKind.LOCKED_OUT,
                user=selectors.account_for_login(login),
                login=login,
            )
            raise ValidationError(
                locked_message(request, key), code="too_many_login_attempts"
            ) from None

    def send_password_reset_mail(self, user: AbstractBaseUser, email: str, context: dict) -> None:
        """A reset link goes only to an address that is the user's sign-in address: never to
        one added and not yet verified (it could be anyone's)."""
        if selectors.address_owner(email) != user:
            record_security_event(
                request=context.get("request"),
                kind=SecurityEventKind.RESET_REFUSED,
                user=user,
                login=email,
                detail="Adressen er ikke bekræftet",
            )
            return
        super().send_password_reset_mail(user, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        """Only users that exist (matched by the provider's verified e-mail) may sign in."""
        if not sociallogin.is_existing or not sociallogin.user.is_active:
            emails = ", ".join(address.email for address in sociallogin.email_addresses)
            record_security_event(
                request=request,
                kind=SecurityEventKind.PROVIDER_REFUSED,
                login=emails,
                detail="Ingen bruger med den bekræftede e-mailadresse",
            )
            messages.error(
                request,
                "Du kunne ikke logges ind via din organisation: din e-mailadresse er ikke "
                "kendt i DAP-portalen. Kontakt sekretariatet for at blive inviteret.",
            )
            raise ImmediateHttpResponse(HttpResponseRedirect(reverse("login")))
        if settings.DAP_OIDC_AMR_COUNTS_AS_SECOND_FACTOR and _provider_vouches_for_mfa(
            sociallogin.account.extra_data
        ):
            request.session[policy.PROVIDER_MFA_PENDING_KEY] = True

    def on_authentication_error(self, request, provider, error=None, exception=None, **kw):
        record_security_event(
            request=request,
            kind=SecurityEventKind.PROVIDER_REFUSED,
            detail=f"{error or ''} {exception or ''}".strip(),
        )
        return super().on_authentication_error(request, provider, error, exception, **kw)


def _provider_vouches_for_mfa(extra_data: dict) -> bool:
    wanted = set(settings.DAP_OIDC_MFA_VALUES)
    claims: dict = {}
    for part in ("userinfo", "id_token"):
        claims.update((extra_data or {}).get(part) or {})
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(wanted & set(amr)) or claims.get("acr") in wanted


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "Koden er forkert. Prøv igen med den kode, appen viser nu.",
        "cannot_delete_authenticator": (
            "Du skal bruge totrinsbekræftelse og kan ikke fjerne din sidste metode. "
            "Tilføj en anden metode først."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if not policy.must_use_second_factor(user):
            return True
        others = Authenticator.objects.filter(
            user_id=user.pk, type__in=policy.SECOND_FACTOR_TYPES
        ).exclude(pk=authenticator.pk)
        return others.exists() or authenticator.type not in policy.SECOND_FACTOR_TYPES

    def is_mfa_enabled(self, user, types=None) -> bool:
        # A sign-in through the organisation's provider that vouched for two factors skips the
        # portal's own second step (DAP_OIDC_AMR_COUNTS_AS_SECOND_FACTOR).
        request = context.request
        if request is not None and request.session.get(policy.PROVIDER_MFA_PENDING_KEY):
            return False
        return super().is_mfa_enabled(user, types)
