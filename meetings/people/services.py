"""Writes of the people feature: invite a person, accept an invitation, change a role,
remove a person, and set which roles must use a second factor."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import SecurityEventKind
from accounts.policy import must_use_second_factor
from accounts.selectors import address_owner
from accounts.services import address_vouch_for, record_security_event
from meetings.models import Committee, CommitteeSignInRule, Invitation, Membership, Role

from .selectors import token_hash

User = get_user_model()


def _username_for(email: str) -> str:
    base = slugify(email.split("@")[0]) or "bruger"
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def invitation_link(token: str) -> str:
    return f"{settings.DAP_BASE_URL}/invitation/{token}/"


def _send_invitation(invitation: Invitation, token: str, name: str) -> None:
    context = {
        "invitation": invitation,
        "name": name,
        "link": invitation_link(token),
        "days": settings.DAP_INVITATION_DAYS,
        # An account in use joins by signing in as itself; the link sets no password for it.
        "existing_account": account_in_use(invitation.user),
        # The e-mail tells only what applies: a second factor if the role requires one, the
        # organisation's log-in if one is configured.
        "second_factor": must_use_second_factor(invitation.user),
        "organisation_login": bool(settings.SOCIALACCOUNT_PROVIDERS),
    }
    subject = render_to_string("meetings/people/invitation_subject.txt", context).strip()
    body = render_to_string("meetings/people/invitation_body.txt", context)
    EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[settings.DAP_REPLY_TO_EMAIL] if settings.DAP_REPLY_TO_EMAIL else None,
    ).send()


def account_in_use(user: AbstractBaseUser) -> bool:
    """An account someone has signed in to or chosen a password for, or one that was closed:
    an invitation never sets its password nor opens it again."""
    return user.last_login is not None or user.has_usable_password() or not user.is_active


@transaction.atomic
def person_invite(
    *, committee: Committee, actor: AbstractBaseUser, name: str, email: str, role: str
) -> Invitation:
    """Invite a person to a committee with a single-use link valid for 7 days.

    A new person gets an account and is a member at once (the link chooses the password). A
    person who already has an account becomes a member only when they open the link signed in
    as themselves: the invitation never changes their password, addresses or whether the
    account is open.
    """
    email = email.strip().lower()
    name = " ".join(name.split())
    if role not in Role.values:
        raise ValidationError("Vælg en af rollerne.")
    if not name or not email:
        raise ValidationError("Skriv personens navn og e-mailadresse.")
    user = address_owner(email) or User.objects.filter(email__iexact=email).first()
    if user is not None and Membership.objects.filter(committee=committee, user=user).exists():
        raise ValidationError(f"{email} er allerede med i {committee.short_name}.")
    if user is None:
        first, _, last = name.partition(" ")
        user = User(username=_username_for(email), email=email, first_name=first, last_name=last)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        # The secretariat vouches for the address; the provider's log-in is matched to it.
        address_vouch_for(user=user)
    if not account_in_use(user):
        Membership.objects.create(committee=committee, user=user, role=role)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        committee=committee,
        user=user,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.DAP_INVITATION_DAYS),
    )
    record_security_event(
        request=None,
        kind=SecurityEventKind.INVITED,
        user=user,
        detail=f"{Role(role).label} i {committee.short_name}, af {actor.get_username()}",
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token, name))
    return invitation


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why an invitation link cannot be used, in Danish; None when it can."""
    if invitation is None:
        return "Linket er ikke gyldigt. Bed sekretariatet om en ny invitation."
    if invitation.used_at is not None:
        return "Linket er allerede brugt. Log ind med din adgangskode, eller nulstil den."
    if invitation.expires_at <= timezone.now():
        return "Linket er udløbet. Bed sekretariatet om en ny invitation."
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, request=None) -> AbstractBaseUser:
    """Use an invitation: the invited person chooses a password (the link then stops working).
    Only for a new account; one in use joins with invitation_join after signing in."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    user = invitation.user
    if account_in_use(user):
        raise ValidationError(EXISTING_ACCOUNT)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        committee=invitation.committee, user=user, defaults={"role": invitation.role}
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record_security_event(request=request, kind=SecurityEventKind.INVITATION_ACCEPTED, user=user)
    return user


EXISTING_ACCOUNT = (
    "Du har allerede en konto i DAP-portalen. Log ind som dig selv, og åbn linket igen: så "
    "bliver du tilføjet."
)


@transaction.atomic
def invitation_join(*, invitation: Invitation, user: AbstractBaseUser, request=None) -> Membership:
    """Use an invitation to an account in use: its owner, signed in as themselves, joins the
    committee in the invited role (the link then stops working)."""
    invitation = (
        Invitation.objects.select_for_update().select_related("committee").get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    if invitation.user_id != user.pk or not user.is_active:
        raise ValidationError("Invitationen er til en anden bruger.")
    membership, _ = Membership.objects.get_or_create(
        committee=invitation.committee, user=user, defaults={"role": invitation.role}
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record_security_event(
        request=request,
        kind=SecurityEventKind.INVITATION_ACCEPTED,
        user=user,
        detail=f"{membership.get_role_display()} i {invitation.committee.short_name}",
    )
    return membership


@transaction.atomic
def member_role_change(*, membership: Membership, actor: AbstractBaseUser, role: str) -> None:
    """Give a member another role; the committee keeps at least one secretariat member."""
    if role not in Role.values:
        raise ValidationError("Vælg en af rollerne.")
    if membership.role == role:
        return
    _keep_a_secretariat(membership)
    old = membership.get_role_display()
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    record_security_event(
        request=None,
        kind=SecurityEventKind.ROLE_CHANGED,
        user=membership.user,
        detail=(
            f"{old} → {Role(role).label} i {membership.committee.short_name}, "
            f"af {actor.get_username()}"
        ),
    )


@transaction.atomic
def member_remove(*, membership: Membership, actor: AbstractBaseUser) -> None:
    """Take a person out of a committee (the user and their history stay)."""
    _keep_a_secretariat(membership)
    membership.delete()
    Invitation.objects.filter(
        committee=membership.committee, user=membership.user, used_at=None
    ).delete()
    record_security_event(
        request=None,
        kind=SecurityEventKind.REMOVED,
        user=membership.user,
        detail=f"{membership.committee.short_name}, af {actor.get_username()}",
    )


def _keep_a_secretariat(membership: Membership) -> None:
    if membership.role != Role.SECRETARIAT:
        return
    others = Membership.objects.filter(
        committee=membership.committee, role=Role.SECRETARIAT
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError("Styregruppen skal have mindst én fra sekretariatet.")


@transaction.atomic
def signin_rule_set(*, committee: Committee, actor: AbstractBaseUser, roles: list[str]) -> None:
    """Choose which roles (besides the secretariat) must use a second factor."""
    allowed = {Role.CHAIR.value, Role.MEMBER.value, Role.OBSERVER.value}
    if not set(roles) <= allowed:
        raise ValidationError("Vælg blandt rollerne formand, medlem og observatør.")
    rule, _ = CommitteeSignInRule.objects.get_or_create(committee=committee)
    rule.second_factor_roles = sorted(roles)
    rule.save(update_fields=["second_factor_roles"])
