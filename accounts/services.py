"""Writes of the accounts app: the security log."""

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
