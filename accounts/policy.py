"""Who must have a second factor, and whether they have one.

The decision itself is the portal's access policy (settings.DAP_SECOND_FACTOR_POLICY, a dotted
path to meetings.access.must_use_second_factor), so accounts never imports meetings.
"""

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.module_loading import import_string

# Set in the session when the organisation's provider vouched for two factors (amr/acr).
PROVIDER_MFA_SESSION_KEY = "dap_provider_mfa"
PROVIDER_MFA_PENDING_KEY = "dap_provider_mfa_pending"
SECOND_FACTOR_TYPES = ("totp", "webauthn")


def must_use_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user is required to sign in with a second factor."""
    if not user.is_authenticated or not settings.DAP_REQUIRE_SECOND_FACTOR:
        return False
    return bool(import_string(settings.DAP_SECOND_FACTOR_POLICY)(user))


def signed_in_with_second_factor(request: HttpRequest) -> bool:
    """This session was signed in or confirmed with the portal's second factor (allauth's
    authentication records, kept in the session): the user has one, and nothing need be
    asked of the database to know that a second factor is in place."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def has_second_factor(user: AbstractBaseUser) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists()
