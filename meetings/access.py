"""The access policy of the portal: the one place that decides who may see and do what.

Roles are per committee (`Membership.role`):

- secretariat: sees and edits everything of the committee, drafts included;
- chair and member: see the committee's meetings once published, with confidential content;
- observer: sees published meetings, but not the content of confidential items and bilag.

A confidential item can be narrowed further to named users (`AgendaItem.restricted_to`);
then only the secretariat and those users see its content. A member who is inhabil on an item
(`Disqualification`) may have the item's bilag withheld by the secretariat: then the bilag's
files are not theirs to see anywhere (page, PDFs, search, the pack). Superusers see everything.
What a user may not see answers 404 (views use `get_object_or_404` on `visible_to`).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from projects.models import Programme

from .models import (
    AgendaItem,
    Attendance,
    Bilag,
    BilagAnnotation,
    BudgetProposal,
    Committee,
    Disqualification,
    FollowUpAction,
    ItemQuestion,
    ItemSection,
    Meeting,
    MeetingStatus,
    MeetingVisit,
    Membership,
    MinutesHoering,
    PrivateNote,
    ProcedureStatus,
    Role,
    StandingItemTemplate,
    WrittenProcedure,
)

type AnyUser = AbstractBaseUser | AnonymousUser

CONFIDENTIAL_ROLES = frozenset({Role.SECRETARIAT, Role.CHAIR, Role.MEMBER})


def _is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


@dataclass(frozen=True)
class Seat:
    """One of the user's memberships: their role in a committee and the roles that committee
    requires a second factor of."""

    committee_id: int
    role: Role
    second_factor_roles: tuple[str, ...]


def seats(user: AnyUser) -> tuple[Seat, ...]:
    """The user's memberships, read once per user object and kept on it, as Django's
    ModelBackend keeps permissions (`_perm_cache`): the request's user is loaded afresh on
    every request, so a request reads them once for both the second-factor rule and the
    menu's "Personer" entry. Code that changes a user's memberships and asks again in the same
    request passes a fresh user object."""
    if not user.is_authenticated:
        return ()
    try:
        return user._dap_seats  # type: ignore[union-attr]
    except AttributeError:
        pass
    rows = Membership.objects.filter(user=user).values_list(
        "committee_id", "role", "committee__signin_rule__second_factor_roles"
    )
    found = tuple(
        Seat(committee, Role(role), tuple(required or ())) for committee, role, required in rows
    )
    user._dap_seats = found  # type: ignore[union-attr]
    return found


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
    return Meeting.objects.filter(Exists(secretariat) | (Exists(member) & ~_NEVER_SENT))


# A draft, or a draft cancelled before it was ever sent out, is the secretariat's business.
_NEVER_SENT = Q(status=MeetingStatus.DRAFT) | Q(
    status=MeetingStatus.CANCELLED, published_at__isnull=True
)


def role_sees_meeting(role: Role | str | None, meeting: Meeting) -> bool:
    """`visible_meetings` for one meeting and a role already known (no query): e-mail and
    other places that reach people outside a request use it."""
    if role == Role.SECRETARIAT:
        return True
    if role is None:
        return False
    never_sent = meeting.status == MeetingStatus.DRAFT or (
        meeting.status == MeetingStatus.CANCELLED and meeting.published_at is None
    )
    return not never_sent


def role_told_of_own_item(role: Role | str | None, meeting: Meeting) -> bool:
    """Whether a presenter with this role may be e-mailed the meeting and the titles of the
    items they present (the reminder for bilag): whoever sees the meeting; in a draft also the
    chair and members, who prepare their items before it is sent. Never an observer of a
    draft, nor anyone outside the committee."""
    if role_sees_meeting(role, meeting):
        return True
    return role in (Role.CHAIR, Role.MEMBER) and meeting.status == MeetingStatus.DRAFT


def visible_bilag(user: AnyUser) -> QuerySet[Bilag]:
    """Bilag of the meetings the user may see; whether the file may be shown is
    `Viewer.sees_bilag` (confidential items and bilag)."""
    return Bilag.objects.filter(item__meeting__in=visible_meetings(user))


def runs_committee(user: AnyUser, committee: Committee | int) -> bool:
    """Whether the user is the committee's secretariat (or a superuser): edits its meetings,
    writes its procedures and follow-up actions, invites and removes its people."""
    return role_in(user, committee) == Role.SECRETARIAT


def editable_committees(user: AnyUser) -> QuerySet[Committee]:
    """Committees whose meetings the user may create and edit: where they are secretariat."""
    if not user.is_authenticated:
        return Committee.objects.none()
    if _is_superuser(user):
        return Committee.objects.all()
    return Committee.objects.filter(
        memberships__user=user, memberships__role=Role.SECRETARIAT
    ).distinct()


def run_committee_ids(user: AnyUser) -> list[int]:
    """Ids of `editable_committees`, from the memberships the request has read (`seats`)."""
    if _is_superuser(user):
        return list(Committee.objects.values_list("pk", flat=True))
    return sorted(seat.committee_id for seat in seats(user) if seat.role == Role.SECRETARIAT)


def editable_standing_items(user: AnyUser) -> QuerySet[StandingItemTemplate]:
    """Standing items of the committees where the user is secretariat (others get 404)."""
    return StandingItemTemplate.objects.filter(committee__in=editable_committees(user))


def editable_meetings(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings whose agenda, minutes and history the user may open: the secretariat's.

    Every editing URL looks its object up through this (or the querysets below), so anyone
    else, members of the committee included, gets 404.
    """
    if not user.is_authenticated:
        return Meeting.objects.none()
    if _is_superuser(user):
        return Meeting.objects.all()
    secretariat = Membership.objects.filter(
        user=user, committee=OuterRef("committee"), role=Role.SECRETARIAT
    )
    return Meeting.objects.filter(Exists(secretariat))


def runnable_meetings(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings the user may run on the day (Mødet i gang): the secretariat's and the chair's.

    Only sent-out meetings: a draft has no agenda the members have received."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    sent = Meeting.objects.exclude(_NEVER_SENT)
    if _is_superuser(user):
        return sent
    runs = Membership.objects.filter(
        user=user, committee=OuterRef("committee"), role__in=(Role.SECRETARIAT, Role.CHAIR)
    )
    return sent.filter(Exists(runs))


def editable_items(user: AnyUser) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=editable_meetings(user))


def editable_sections(user: AnyUser) -> QuerySet[ItemSection]:
    return ItemSection.objects.filter(item__meeting__in=editable_meetings(user))


def editable_bilag(user: AnyUser) -> QuerySet[Bilag]:
    return Bilag.objects.filter(item__meeting__in=editable_meetings(user))


def editable_attendance(user: AnyUser) -> QuerySet[Attendance]:
    return Attendance.objects.filter(meeting__in=editable_meetings(user))


def editable_disqualifications(user: AnyUser) -> QuerySet[Disqualification]:
    """Inhabilitet the secretariat records and removes."""
    return Disqualification.objects.filter(item__meeting__in=editable_meetings(user))


def own_disqualifications(user: AnyUser) -> QuerySet[Disqualification]:
    """The user's own declarations of inhabilitet, in meetings they may see."""
    if not user.is_authenticated:
        return Disqualification.objects.none()
    return Disqualification.objects.filter(user=user, item__meeting__in=visible_meetings(user))


def meeting_and_viewer(
    user: AnyUser, meeting_id: int, *, with_visit: bool = False
) -> tuple[Meeting, "Viewer"] | None:
    """One meeting the user may see and what they may see of it, in one query (the rule of
    `visible_meetings`, decided on the role that comes along); None when they may not see it,
    and the view answers 404.

    With `with_visit` the meeting also carries `last_seen` (the user's last visit, or None)
    and `has_notes`, `has_questions` and `has_annotations` (whether they have notes on its
    items, questions to the secretariat, or marks in its bilag), for the meeting page."""
    if not user.is_authenticated:
        return None
    roles = Membership.objects.filter(user=user, committee=OuterRef("committee")).values("role")
    named = AgendaItem.restricted_to.through.objects.filter(
        user=user, agendaitem__meeting=OuterRef("pk")
    )
    withheld = Disqualification.objects.filter(
        user=user, withhold_bilag=True, item__meeting=OuterRef("pk")
    )
    meetings = Meeting.objects.filter(pk=meeting_id).annotate(
        viewer_role=Subquery(roles[:1]),
        viewer_named_any=Exists(named),
        viewer_withheld_any=Exists(withheld),
    )
    if with_visit:
        visit = MeetingVisit.objects.filter(user=user, meeting=OuterRef("pk"))
        meetings = meetings.annotate(
            last_seen=Subquery(visit.values("last_seen_at")[:1]),
            has_notes=Exists(PrivateNote.objects.filter(user=user, item__meeting=OuterRef("pk"))),
            has_questions=Exists(
                ItemQuestion.objects.filter(asker=user, item__meeting=OuterRef("pk"))
            ),
            has_annotations=Exists(
                BilagAnnotation.objects.filter(owner=user, bilag__item__meeting=OuterRef("pk"))
            ),
        )
    meeting = next(iter(meetings), None)
    if meeting is None:
        return None
    if _is_superuser(user):
        viewer = Viewer(user=user, role=Role.SECRETARIAT)
    else:
        role = Role(meeting.viewer_role) if meeting.viewer_role else None
        # Usually no closed item names anyone: `access_level` then asks nothing more.
        viewer = Viewer(
            user=user,
            role=role,
            named=None if meeting.viewer_named_any else (),
            withheld=None if meeting.viewer_withheld_any else (),
        )
    return (meeting, viewer) if role_sees_meeting(viewer.role, meeting) else None


def _named_between_lines(meeting: Meeting, user_id: int | None) -> list[str]:
    """The lines of the agenda's frozen follow-up lists narrowed to named users that name this
    user (an action on an earlier meeting's item 'kun for' them): they see the agenda with those
    lines, others without (`meetings.between.between_for`). A draft's lists are live, but only
    the secretariat sees a draft."""
    data = meeting.between_frozen or {}
    found = []
    for key in ("procedures", "actions"):
        for number, line in enumerate((data.get(key) or {}).get("lines") or []):
            if line.get("confidential") and user_id in (line.get("readers") or []):
                found.append(f"{key[0]}{number}")
    return found


@dataclass(frozen=True)
class Viewer:
    """What one user may see of one meeting; computed once per request, no query per item."""

    user: AnyUser
    role: Role | None
    # The closed items restricted to named users that name this user, when known already
    # (`meeting_and_viewer`: none); otherwise `access_level` looks them up.
    named: tuple[int, ...] | None = field(default=None, compare=False)
    # The items whose bilag are withheld from this user (inhabil), when known already
    # (`meeting_and_viewer`: none); otherwise looked up once (`withheld_items`).
    withheld: tuple[int, ...] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, user: AnyUser, meeting: Meeting) -> "Viewer":
        return cls(user=user, role=role_in(user, meeting.committee_id))

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT

    @property
    def may_declare_inhabilitet(self) -> bool:
        """Whether the viewer takes part in decisions, and so may declare inhabilitet."""
        return self.role in VOTING_ROLES

    @cached_property
    def withheld_items(self) -> frozenset[int]:
        """Ids of the items whose bilag are withheld from this user: inhabil, and the
        secretariat chose to withhold them (one query, once per viewer, unless known)."""
        if self.withheld is not None:
            return frozenset(self.withheld)
        if not self.user.is_authenticated or self.is_secretariat:
            return frozenset()
        return frozenset(
            Disqualification.objects.filter(user_id=self.user.pk, withhold_bilag=True).values_list(
                "item_id", flat=True
            )
        )

    @property
    def may_edit(self) -> bool:
        """Whether the meeting's agenda may be edited (the same rule as `runs_committee`)."""
        return self.is_secretariat

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

    def sees_decision(self, item: AgendaItem) -> bool:
        """Whether an item's Beslutning is shown (on the page and live as it is recorded): to
        those who read its content, but not to an inhabil member from whom the secretariat
        withheld the item's bilag (known in `withheld_items`, no query per item)."""
        return self.sees_item_content(item) and item.pk not in self.withheld_items

    def access_level(self, meeting: Meeting) -> str:
        """What decides which parts of this meeting the viewer sees, as a short key: viewers
        with the same key see the same agenda, so they can share a cached page or PDF.

        The role, and for roles that read closed items, the closed items restricted to named
        users that name this one (one query).
        """
        if self.role is None or self.is_secretariat or self.role not in CONFIDENTIAL_ROLES:
            return str(self.role)
        if self.named is not None:
            named = self.named
        else:
            named = sorted(
                AgendaItem.restricted_to.through.objects.filter(
                    agendaitem__meeting=meeting, user_id=self.user.pk
                ).values_list("agendaitem_id", flat=True)
            )
        key = f"{self.role}:" + ",".join(str(pk) for pk in named)
        lines = _named_between_lines(meeting, self.user.pk)
        key = f"{key};{','.join(lines)}" if lines else key
        withheld = (
            sorted(
                Disqualification.objects.filter(
                    user_id=self.user.pk, withhold_bilag=True, item__meeting=meeting
                ).values_list("item_id", flat=True)
            )
            if self.withheld_items
            else []
        )
        return f"{key}|uden-bilag:{','.join(map(str, withheld))}" if withheld else key

    def sees_bilag(self, bilag: Bilag, item: AgendaItem) -> bool:
        """Whether a bilag's file and content may be shown (its item must be visible too)."""
        if not self.sees_item_content(item):
            return False
        if item.pk in self.withheld_items:
            return False
        if bilag.confidential and not self.is_secretariat:
            return self.role in CONFIDENTIAL_ROLES
        return True


# --- The portfolio: programmes, their projects and budgets -------------------------------
#
# A user reads a programme's portfolio when they belong, in any role, to a committee that
# oversees the programme (`Committee.programmes`); only that committee's secretariat (or a
# superuser) changes it. Anything else answers 404, like a meeting one may not see.


def visible_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose projects and budgets the user may read."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if _is_superuser(user):
        return Programme.objects.all()
    return Programme.objects.filter(
        Exists(Membership.objects.filter(user=user, committee__programmes=OuterRef("pk")))
    )


def editable_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose projects and budgets the user may change: the secretariat's."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if _is_superuser(user):
        return Programme.objects.all()
    return Programme.objects.filter(
        Exists(
            Membership.objects.filter(
                user=user, role=Role.SECRETARIAT, committee__programmes=OuterRef("pk")
            )
        )
    )


def can_edit_programme(user: AnyUser, programme: Programme | int) -> bool:
    programme_id = programme if isinstance(programme, int) else programme.pk
    return editable_programmes(user).filter(pk=programme_id).exists()


def committee_viewers(user: AnyUser) -> dict[int, "Viewer"]:
    """A `Viewer` per committee id the user has a role in, in one query (for lists of items
    from several meetings, such as a project's history)."""
    if not user.is_authenticated:
        return {}
    if _is_superuser(user):
        return {
            pk: Viewer(user=user, role=Role.SECRETARIAT)
            for pk in Committee.objects.values_list("pk", flat=True)
        }
    return {
        committee_id: Viewer(user=user, role=Role(role))
        for committee_id, role in Membership.objects.filter(user=user).values_list(
            "committee_id", "role"
        )
    }


# A budget change decided in a closed item. Approving an item's budget proposal makes a
# revision of the programme's budget. The rule:
#
# - The amounts are the programme's budget from then on, and everyone who reads the
#   portfolio sees them (budget page, its chart, eksport.xlsx, the agenda's budget tables):
#   a budget that left out a decided revision would be wrong for everyone.
# - Which item decided it ("beslutning i punkt 10, møde 6/10") is part of the item, and is
#   shown only to those who may read the item's content (`Viewer.sees_item_content`: the
#   secretariat; chair and members unless the item is narrowed to others; never observers).
#   Everyone else reads "styregruppens beslutning" in the budget's history.


def closed_decision_revisions(user: AnyUser, budget_id: int) -> frozenset[int]:
    """Ids of the budget's revisions applied from a proposal on an item whose content the
    user may not read, or in a written procedure the user may not see: their history names
    no item and no procedure (the rule above)."""
    from_items = (
        BudgetProposal.objects.filter(budget_id=budget_id, applied_revision__isnull=False)
        .exclude(item__in=content_visible_items(user))
        .values_list("applied_revision_id", flat=True)
    )
    # A written procedure's proposal: its title is named only to those who may read it.
    from_procedures = (
        WrittenProcedure.objects.filter(budget_id=budget_id, applied_revision__isnull=False)
        .exclude(pk__in=visible_procedures(user))
        .values_list("applied_revision_id", flat=True)
    )
    return frozenset(from_items) | frozenset(from_procedures)


def can_read_minutes(viewer: "Viewer", meeting: Meeting) -> bool:
    """The minutes (referat) are the secretariat's draft once the meeting is held, and the
    committee's once approved."""
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        return viewer.role is not None
    return viewer.is_secretariat and meeting.status == MeetingStatus.HELD


# --- Content a user may read across meetings (search, notes): the Viewer rules in SQL -------


def content_visible_items(user: AnyUser) -> QuerySet[AgendaItem]:
    """Items of visible meetings whose content the user may read (`Viewer.sees_item_content`
    as one query): a closed item only for the secretariat, or for chair and members when it
    is not narrowed to named users, or names them."""
    items = AgendaItem.objects.filter(meeting__in=visible_meetings(user))
    if _is_superuser(user):
        return items
    secretariat = Membership.objects.filter(
        user=user, committee=OuterRef("meeting__committee"), role=Role.SECRETARIAT
    )
    confidential_role = Membership.objects.filter(
        user=user, committee=OuterRef("meeting__committee"), role__in=CONFIDENTIAL_ROLES
    )
    through = AgendaItem.restricted_to.through
    named_any = through.objects.filter(agendaitem=OuterRef("pk"))
    named_me = through.objects.filter(agendaitem=OuterRef("pk"), user=user)
    return items.filter(
        Q(confidential=False)
        | Exists(secretariat)
        | (Exists(confidential_role) & (~Exists(named_any) | Exists(named_me)))
    )


def content_visible_bilag(user: AnyUser) -> QuerySet[Bilag]:
    """Bilag whose file and text the user may read (`Viewer.sees_bilag` as one query)."""
    bilag = Bilag.objects.filter(item__in=content_visible_items(user))
    if _is_superuser(user):
        return bilag
    bilag = bilag.exclude(
        Exists(
            Disqualification.objects.filter(user=user, withhold_bilag=True, item=OuterRef("item"))
        )
    )
    confidential_role = Membership.objects.filter(
        user=user, committee=OuterRef("item__meeting__committee"), role__in=CONFIDENTIAL_ROLES
    )
    return bilag.filter(Q(confidential=False) | Exists(confidential_role))


def own_annotations(user: AnyUser) -> QuerySet[BilagAnnotation]:
    """The user's own highlights and notes, on bilag they may still read (a closed item, a
    bilag withheld while inhabil: hidden, not deleted). Nobody sees another's, the
    secretariat and superusers included: anything else answers 404."""
    if not user.is_authenticated:
        return BilagAnnotation.objects.none()
    return BilagAnnotation.objects.filter(owner=user, bilag__in=content_visible_bilag(user))


def must_use_second_factor(user: AnyUser) -> bool:
    """Whether the user must sign in with a second factor: staff, superusers and the
    secretariat always; other roles where their committee requires it (CommitteeSignInRule).
    accounts enforces it through settings.DAP_SECOND_FACTOR_POLICY."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(
        seat.role == Role.SECRETARIAT or seat.role in seat.second_factor_roles
        for seat in seats(user)
    )


# --- Between meetings: written procedures and follow-up actions -----------------------------
#
# A procedure is the committee's once sent out; a draft is the secretariat's. A closed
# (confidential) procedure follows closed items: observers do not see it at all, anywhere
# (page, list, search, PDF, e-mail, the next agenda's line). Only chair and members answer.
# An action is seen by whoever sees the decision it follows (its item's content, or its
# procedure).

VOTING_ROLES = frozenset({Role.CHAIR, Role.MEMBER})


def role_sees_procedure(role: Role | str | None, procedure: WrittenProcedure) -> bool:
    """`visible_procedures` for one procedure and a role already known (no query)."""
    if role == Role.SECRETARIAT:
        return True
    if role is None or procedure.status == ProcedureStatus.DRAFT:
        return False
    return not procedure.confidential or role in CONFIDENTIAL_ROLES


def role_answers_procedure(role: Role | str | None) -> bool:
    """Whether a role votes in written procedures (observers and the secretariat do not)."""
    return role in VOTING_ROLES


def visible_procedures(user: AnyUser) -> QuerySet[WrittenProcedure]:
    """Procedures the user may read: drafts for the secretariat, closed ones not for observers."""
    if not user.is_authenticated:
        return WrittenProcedure.objects.none()
    if _is_superuser(user):
        return WrittenProcedure.objects.all()
    secretariat = Membership.objects.filter(
        user=user, committee=OuterRef("committee"), role=Role.SECRETARIAT
    )
    confidential_role = Membership.objects.filter(
        user=user, committee=OuterRef("committee"), role__in=CONFIDENTIAL_ROLES
    )
    member = Membership.objects.filter(user=user, committee=OuterRef("committee"))
    return WrittenProcedure.objects.filter(
        Exists(secretariat)
        | (
            ~Q(status=ProcedureStatus.DRAFT)
            & (Q(confidential=False) & Exists(member) | Exists(confidential_role))
        )
    )


def editable_procedures(user: AnyUser) -> QuerySet[WrittenProcedure]:
    """Procedures the user may draft, send, close and decide: the secretariat's."""
    return WrittenProcedure.objects.filter(committee__in=editable_committees(user))


def visible_actions(user: AnyUser) -> QuerySet[FollowUpAction]:
    """Actions whose decision the user may read (an item's content, or a procedure)."""
    return FollowUpAction.objects.filter(
        Q(item__in=content_visible_items(user)) | Q(procedure__in=visible_procedures(user))
    )


def editable_actions(user: AnyUser) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(committee__in=editable_committees(user))


# --- Minutes in høring -------------------------------------------------------------------


def approves_minutes(viewer: "Viewer") -> bool:
    """The chair approves minutes sent in høring ('Godkend referat')."""
    return viewer.role == Role.CHAIR


def takes_part_in_hoering(viewer: "Viewer", hoering: MinutesHoering | None) -> bool:
    """A participant the minutes were sent to in høring: they may read and comment."""
    return hoering is not None and viewer.user.pk in (hoering.recipient_ids or [])


def sees_hoering(viewer: "Viewer", hoering: MinutesHoering | None) -> bool:
    """The høring page: the secretariat, the chair, and the participants it was sent to."""
    return (
        viewer.is_secretariat or approves_minutes(viewer) or takes_part_in_hoering(viewer, hoering)
    )


# --- Questions to the secretariat ---------------------------------------------------------
#
# A question on an item follows the item: only those who may read the item's content ask, and
# see a shared answer; a closed item's questions are nobody else's. The committee's
# secretariat reads and answers every question of its meetings; an asker sees their own.


def may_ask_question(viewer: "Viewer", item: AgendaItem) -> bool:
    """Whether the viewer may send a question to the secretariat on the item: anyone of the
    committee but the secretariat itself, who may read the item's content."""
    return viewer.role is not None and not viewer.is_secretariat and viewer.sees_item_content(item)


def answerable_questions(user: AnyUser) -> QuerySet[ItemQuestion]:
    """Questions the user reads and answers: those of the meetings they are secretariat of."""
    return ItemQuestion.objects.filter(item__meeting__in=editable_meetings(user))


def own_questions(user: AnyUser) -> QuerySet[ItemQuestion]:
    """The user's own questions on items whose content they may (still) read."""
    if not user.is_authenticated:
        return ItemQuestion.objects.none()
    return ItemQuestion.objects.filter(asker=user, item__in=content_visible_items(user))
