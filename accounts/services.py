"""Writes of the accounts app: the security log, and the verified address of a user."""

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from .models import SecurityEvent, SecurityEventKind


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as allauth sees it (honours ALLAUTH_TRUSTED_PROXY_COUNT)."""
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request) or None
    except Exception:
        return request.META.get("REMOTE_ADDR") or None


def record_security_event(
    *,
    request: HttpRequest | None,
    kind: SecurityEventKind,
    user: AbstractBaseUser | None = None,
    login: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Write one entry of the security log with the request's IP address and browser."""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return SecurityEvent.objects.create(
        user=user if user is not None and user.pk else None,
        login=(login or "")[:254],
        kind=kind,
        detail=detail[:300],
        ip=client_ip(request),
        user_agent=agent[:300],
    )


def address_vouch_for(*, user: AbstractBaseUser) -> None:
    """Record the user's e-mail, as the secretariat, the demo or an administrator entered it,
    as their verified and primary address (the sign-in name and the address for resets)."""
    email = (getattr(user, "email", "") or "").strip().lower()
    taken = EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user_id=user.pk)
    if not email or taken.exists():
        return
    own = EmailAddress.objects.filter(user_id=user.pk)
    has_primary = own.filter(primary=True).exists()
    record = own.filter(email__iexact=email).first()
    if record is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not has_primary)
    elif not record.verified or not (record.primary or has_primary):
        record.verified = True
        record.primary = record.primary or not has_primary
        record.save(update_fields=["verified", "primary"])
