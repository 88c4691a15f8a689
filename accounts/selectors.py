"""Reads of the accounts app."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from .models import SecurityEvent


def security_events_of(user: AbstractBaseUser, *, limit: int = 200) -> QuerySet[SecurityEvent]:
    """The user's security log, newest first: their own events and failures at their name."""
    names = {user.get_username()}
    if getattr(user, "email", ""):
        names.add(user.email)
    return SecurityEvent.objects.filter(Q(user=user) | Q(user=None, login__in=names))[:limit]


def factors_of(user: AbstractBaseUser) -> list[Authenticator]:
    return list(Authenticator.objects.filter(user_id=user.pk).order_by("type", "created_at"))
