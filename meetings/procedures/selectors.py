"""Reads of written procedures: a committee's list, one procedure's page and its answers."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from projects.models import Project

from .. import access
from ..access import VOTING_ROLES
from ..models import (
    Committee,
    ProcedureAnswer,
    ProcedureBilag,
    ProcedureSection,
    ProcedureStatus,
    Role,
    WrittenProcedure,
)
from .rules import Tally, tally


def voting_members(committee_id: int):
    """The committee's chair and members (who answer), by name."""
    return (
        get_user_model()
        .objects.filter(memberships__committee_id=committee_id, memberships__role__in=VOTING_ROLES)
        .order_by("first_name", "last_name", "username")
    )


def procedure_voters(procedure: WrittenProcedure):
    """Who votes: the committee's chair and members when it was sent out (`voter_ids`), kept
    to the end, so its count and record do not change with the committee; in a draft, the
    chair and members now."""
    if procedure.voter_ids is not None:
        return (
            get_user_model()
            .objects.filter(pk__in=procedure.voter_ids)
            .order_by("first_name", "last_name", "username")
        )
    return voting_members(procedure.committee_id)


def _voter_count(procedure: WrittenProcedure, voters: int) -> int:
    """A closed procedure counts who could vote when it closed, accounts deleted since too."""
    return len(procedure.voter_ids) if procedure.voter_ids is not None else voters


def procedure_tally(procedure: WrittenProcedure) -> Tally:
    """The count of the voting members' answers against the rule (two queries)."""
    voters = set(procedure_voters(procedure).values_list("pk", flat=True))
    choices = [
        choice
        for user_id, choice in procedure.answers.values_list("user_id", "choice")
        if user_id in voters
    ]
    return tally(procedure, _voter_count(procedure, len(voters)), choices)


def committee_procedures(user, committee: Committee) -> QuerySet[WrittenProcedure]:
    """All procedures of a committee the user may see, newest deadline first (one query)."""
    return (
        access.visible_procedures(user)
        .filter(committee=committee)
        .annotate(answer_count=Count("answers"))
        .order_by("-deadline", "-pk")
    )


def procedure_for_page(user, procedure_id: int) -> WrittenProcedure:
    """One procedure with what its page shows (fixed queries); 404 through the caller."""
    return (
        access.visible_procedures(user)
        .select_related("committee", "budget__programme", "applied_revision", "decided_by")
        .prefetch_related(
            Prefetch("sections", queryset=ProcedureSection.objects.order_by("position")),
            Prefetch("bilag", queryset=ProcedureBilag.objects.order_by("position")),
            Prefetch("projects", queryset=Project.objects.only("pk", "name")),
            "proposal_lines__line__project",
            "actions__responsible_user",
        )
        .get(pk=procedure_id)
    )


@dataclass(frozen=True)
class VoterRow:
    """One voting member and their answer (None: not answered)."""

    name: str
    answer: ProcedureAnswer | None


@dataclass(frozen=True)
class ProcedurePage:
    procedure: WrittenProcedure
    role: Role | None
    tally: Tally
    rows: list[VoterRow]
    my_answer: ProcedureAnswer | None
    answers_shown: bool  # the others' answers are shown to this viewer
    may_answer: bool
    may_edit: bool

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT


def procedure_page(user, procedure: WrittenProcedure) -> ProcedurePage:
    role = access.role_in(user, procedure.committee_id)
    voters = list(procedure_voters(procedure))
    answers = {
        answer.user_id: answer
        for answer in ProcedureAnswer.objects.filter(procedure=procedure).select_related("user")
    }
    voter_ids = {voter.pk for voter in voters}
    rows = [
        VoterRow(name=voter.get_full_name() or voter.get_username(), answer=answers.get(voter.pk))
        for voter in voters
    ]
    # A voter of a closed procedure whose account was deleted since (they had not answered:
    # an account with answers cannot be deleted) still counts, and has a line.
    gone = _voter_count(procedure, len(voters)) - len(voters)
    rows += [VoterRow(name="Slettet bruger", answer=None)] * gone
    counted = tally(
        procedure,
        _voter_count(procedure, len(voters)),
        [a.choice for uid, a in answers.items() if uid in voter_ids],
    )
    now = timezone.now()
    open_now = procedure.status == ProcedureStatus.SENT and now < procedure.deadline
    answers_shown = role == Role.SECRETARIAT or (
        procedure.status != ProcedureStatus.DRAFT and (not procedure.hide_answers or not open_now)
    )
    return ProcedurePage(
        procedure=procedure,
        role=role,
        tally=counted,
        rows=rows,
        my_answer=answers.get(user.pk),
        answers_shown=answers_shown,
        may_answer=open_now and access.role_answers_procedure(role) and user.pk in voter_ids,
        may_edit=role == Role.SECRETARIAT and procedure.status == ProcedureStatus.DRAFT,
    )
