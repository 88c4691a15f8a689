"""The access policy of the portal: the one place that decides who may see and do what.

Roles are per committee (`Membership.role`):

- secretariat: sees and edits everything of the committee, drafts included;
- chair and member: see the committee's meetings once published, with confidential content;
- observer: sees published meetings, but not the content of confidential items and bilag.

A confidential item can be narrowed further to named users (`AgendaItem.restricted_to`);
then only the secretariat and those users see its content. Superusers see everything.
What a user may not see answers 404 (views use `get_object_or_404` on `visible_to`).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import AgendaItem, Bilag, Committee, Meeting, MeetingStatus, Membership, Role

type AnyUser = AbstractBaseUser | AnonymousUser

CONFIDENTIAL_ROLES = frozenset({Role.SECRETARIAT, Role.CHAIR, Role.MEMBER})


def _is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def role_in(user: AnyUser, committee: Committee | int) -> Role | None:
    """The user's role in a committee, or None. Superusers count as secretariat."""
    if not user.is_authenticated:
        return None
    if _is_superuser(user):
        return Role.SECRETARIAT
    committee_id = committee if isinstance(committee, int) else committee.pk
    role = (
        Membership.objects.filter(user=user, committee_id=committee_id)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def committees_of(user: AnyUser) -> QuerySet[Committee]:
    """Committees the user belongs to in any role."""
    if not user.is_authenticated:
        return Committee.objects.none()
    if _is_superuser(user):
        return Committee.objects.all()
    return Committee.objects.filter(memberships__user=user).distinct()


def visible_meetings(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings the user may see: the secretariat sees drafts, other members the rest."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    if _is_superuser(user):
        return Meeting.objects.all()
    secretariat = Membership.objects.filter(
        user=user, committee=OuterRef("committee"), role=Role.SECRETARIAT
    )
    member = Membership.objects.filter(user=user, committee=OuterRef("committee"))
    return Meeting.objects.filter(
        Exists(secretariat) | (Exists(member) & ~Q(status=MeetingStatus.DRAFT))
    )


def visible_bilag(user: AnyUser) -> QuerySet[Bilag]:
    """Bilag of the meetings the user may see; whether the file may be shown is
    `Viewer.sees_bilag` (confidential items and bilag)."""
    return Bilag.objects.filter(item__meeting__in=visible_meetings(user))


def can_edit_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return role_in(user, meeting.committee_id) == Role.SECRETARIAT


@dataclass(frozen=True)
class Viewer:
    """What one user may see of one meeting; computed once per request, no query per item."""

    user: AnyUser
    role: Role | None

    @classmethod
    def of(cls, user: AnyUser, meeting: Meeting) -> "Viewer":
        return cls(user=user, role=role_in(user, meeting.committee_id))

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT

    @property
    def may_edit(self) -> bool:
        """Whether the meeting's agenda may be edited (the same rule as `can_edit_meeting`)."""
        return self.is_secretariat

    @property
    def access_level(self) -> str:
        """A key for caches: viewers with the same level see the same confidential content."""
        if self.is_secretariat:
            return "secretariat"
        if self.role in CONFIDENTIAL_ROLES:
            return f"member:{self.user.pk}"
        return "public"

    def sees_item_content(self, item: AgendaItem) -> bool:
        """Whether the content of an item is shown, or only its number, title and 'Lukket punkt'.

        Uses `item.restricted_to.all()`; prefetch it on lists.
        """
        if not item.confidential or self.is_secretariat:
            return True
        if self.role not in CONFIDENTIAL_ROLES:
            return False
        named = [user.pk for user in item.restricted_to.all()]
        return not named or self.user.pk in named

    def sees_bilag(self, bilag: Bilag, item: AgendaItem) -> bool:
        """Whether a bilag's file and content may be shown (its item must be visible too)."""
        if not self.sees_item_content(item):
            return False
        if bilag.confidential and not self.is_secretariat:
            return self.role in CONFIDENTIAL_ROLES
        return True
