"""Reads of the people feature: a committee's people with their sign-in state."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import SecurityEvent
from accounts.selectors import security_events_of
from meetings.models import Committee, CommitteeSignInRule, Invitation, Membership


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("committee", "user")
        .filter(token_hash=token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class Person:
    membership: Membership
    has_second_factor: bool
    last_login: datetime | None
    pending_invitation: Invitation | None


def people_of(committee: Committee) -> list[Person]:
    """The committee's members with whether they have a second factor and their latest sign-in;
    a fixed number of queries whatever the number of people."""
    memberships = (
        Membership.objects.filter(committee=committee)
        .select_related("user")
        .annotate(
            second_factor=Exists(
                Authenticator.objects.filter(
                    user_id=OuterRef("user_id"), type__in=["totp", "webauthn"]
                )
            ),
        )
        .order_by("role", "user__first_name", "user__username")
    )
    pending = {
        invitation.user_id: invitation
        for invitation in Invitation.objects.filter(committee=committee, used_at=None)
    }
    return [
        Person(
            membership=membership,
            has_second_factor=membership.second_factor,
            last_login=membership.user.last_login,
            pending_invitation=pending.get(membership.user_id),
        )
        for membership in memberships
    ]


def signin_rule_of(committee: Committee) -> CommitteeSignInRule:
    return CommitteeSignInRule.objects.filter(committee=committee).first() or CommitteeSignInRule(
        committee=committee
    )


def security_log_of(user: AbstractBaseUser, *, limit: int = 200) -> QuerySet[SecurityEvent]:
    return security_events_of(user, limit=limit)
