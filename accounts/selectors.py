"""Reads of the accounts app."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from .models import SecurityEvent


def address_owner(address: str) -> AbstractBaseUser | None:
    """The user whose sign-in name (and reset address) an e-mail address is: the owner of the
    verified record of it, or, with no record of it at all, the user whose e-mail field it is
    (entered by the secretariat or an administrator). An unverified address is nobody's."""
    address = address.strip()
    if not address:
        return None
    records = list(EmailAddress.objects.filter(email__iexact=address).select_related("user"))
    verified = [record for record in records if record.verified]
    if verified:
        return verified[0].user
    if records:
        return None
    return get_user_model().objects.filter(email__iexact=address).first()


def account_for_login(login: str) -> AbstractBaseUser | None:
    """The account a typed sign-in name belongs to: by user name, else by any of its addresses
    (verified or not), so that every name of one account shares one lockout counter."""
    login = login.strip()
    if not login:
        return None
    user_model = get_user_model()
    user = user_model.objects.filter(**{f"{user_model.USERNAME_FIELD}__iexact": login}).first()
    if user is None and "@" in login:
        record = EmailAddress.objects.filter(email__iexact=login).select_related("user").first()
        user = record.user if record else user_model.objects.filter(email__iexact=login).first()
    return user


def security_events_of(user: AbstractBaseUser, *, limit: int = 200) -> QuerySet[SecurityEvent]:
    """The user's security log, newest first: their own events and failures at their names."""
    names = {user.get_username()}
    if getattr(user, "email", ""):
        names.add(user.email)
    names.update(EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True))
    return SecurityEvent.objects.filter(Q(user=user) | Q(user=None, login__in=names))[:limit]


def factors_of(user: AbstractBaseUser) -> list[Authenticator]:
    return list(Authenticator.objects.filter(user_id=user.pk).order_by("type", "created_at"))
