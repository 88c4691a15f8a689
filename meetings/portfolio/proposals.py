"""Budget proposals of B items: what a proposal does to the budget, and applying it once.

`proposal_follow_decision` runs inside `decision_record`: 'Godkendt som indstillet' and
'Godkendt med ændringer' apply the proposal as the budget's revision dated the meeting day,
through `budgets.services.revision_apply` (budgets knows nothing of meetings). Applying is
guarded by `applied_revision`: re-recording the decision, or reopening the minutes and
recording it again, never applies it twice. A decision changed to 'Ikke godkendt' after the
proposal was applied keeps the revision (later budget edits may build on it) and says so in
the meeting's history; the secretariat corrects the budget on the budget page if needed.
It returns the audit entries for `minutes.services.decision_record` to record.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from budgets.models import Budget, BudgetRevision
from budgets.selectors import BudgetRow, BudgetTable, budget_table, budgets_with_figures
from budgets.services import MAX_AMOUNT, revision_apply
from dap_portal import danish

from ..agenda import Agenda
from ..audit import Actor, AuditAction
from ..models import AgendaItem, BudgetProposal, Committee, DecisionOutcome, WrittenProcedure

APPLYING = frozenset({DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CHANGES})


def check_proposal(committee: Committee, budget: Budget, amounts: Mapping[int, int]) -> None:
    """A budget proposal's budget and new amounts, as an item and a written procedure both
    check them before they are saved: a budget of one of the committee's programmes, its own
    lines, whole non-negative kroner within what a budget holds."""
    if not committee.programmes.filter(pk=budget.programme_id).exists():
        raise ValidationError("Budgettet hører ikke til et af styregruppens programmer.")
    if set(amounts) - set(budget.lines.values_list("pk", flat=True)):
        raise ValidationError("En linje i forslaget hører ikke til budgettet.")
    for amount in amounts.values():
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ValidationError("Beløbene skal være hele, ikke-negative kroner.")
        if amount > MAX_AMOUNT:
            raise ValidationError(f"Et beløb er for stort; højst {danish.amount(MAX_AMOUNT)}.")


@dataclass(frozen=True)
class ProposalLine:
    """One budget line: its latest amount today and the amount the proposal gives it."""

    line_id: int
    project: str
    current: int
    proposed: int | None  # None: unchanged

    @property
    def new(self) -> int:
        return self.current if self.proposed is None else self.proposed

    @property
    def difference(self) -> int:
        return self.new - self.current


@dataclass(frozen=True)
class ProposalView:
    """A proposal against the budget as it is now: lines, sums and unallocated funds."""

    table: BudgetTable
    lines: tuple[ProposalLine, ...]

    @property
    def total(self) -> int:
        return self.table.total

    @property
    def current_unallocated(self) -> int:
        return self.table.total - sum(line.current for line in self.lines)

    @property
    def new_unallocated(self) -> int:
        return self.table.total - sum(line.new for line in self.lines)

    @property
    def over_total(self) -> bool:
        return self.new_unallocated < 0


def decided_revision_taken(budget_id: int, date: dt.date) -> bool:
    """Whether the budget's revision of that day was made by a decided proposal already (an
    item's or a written procedure's): one decision per revision, so a second is refused."""
    revisions = BudgetRevision.objects.filter(budget_id=budget_id, date=date)
    by_procedure = WrittenProcedure.objects.filter(applied_revision__in=revisions)
    return revisions.filter(proposal__isnull=False).exists() or by_procedure.exists()


def proposal_view(budget_id: int, proposed: dict[int, int]) -> ProposalView:
    """The budget's lines with their latest amounts and the proposed ones (fixed queries)."""
    budget = budgets_with_figures().get(pk=budget_id)
    table = budget_table(budget)
    lines = tuple(
        ProposalLine(
            line_id=row.line_id,
            project=row.project,
            current=row.latest,
            proposed=proposed.get(row.line_id),
        )
        for row in table.rows
    )
    return ProposalView(table=table, lines=lines)


def proposed_amounts(proposal: BudgetProposal) -> dict[int, int]:
    return {line.line_id: line.amount for line in proposal.lines.all()}


def proposal_follow_decision(
    *, item: AgendaItem, actor: Actor, number: int
) -> list[dict[str, Any]]:
    """Apply the item's proposal if the decision approves it and it is not applied yet.

    Returns the audit entries (action, summary, changes) the caller records for the meeting.
    """
    proposal = (
        BudgetProposal.objects.select_for_update()
        .select_related("budget__programme")
        .filter(item=item)
        .first()
    )
    if proposal is None:
        return []
    budget = proposal.budget
    if item.decision_outcome in APPLYING:
        if proposal.applied_revision_id is not None:
            return []  # applied once already: a re-recorded decision changes nothing
        date = item.meeting.date
        if decided_revision_taken(budget.pk, date):
            raise ValidationError(
                f"Budget {budget.programme.short_name} {budget.year} har allerede en revision "
                f"dateret {danish.date_long(date)} fra et andet budgetforslag (et punkt eller "
                "en skriftlig proces). Saml forslagene i ét punkt, eller ret budgettet på "
                "budgetsiden."
            )
        revision = revision_apply(
            budget=budget,
            date=date,
            amounts=proposed_amounts(proposal),
            actor=actor,
            reason=f"beslutning i punkt {number}, møde {danish.date_short(date)}",
        )
        proposal.applied_revision = revision
        proposal.applied_at = timezone.now()
        proposal.full_clean()
        proposal.save(update_fields=["applied_revision", "applied_at"])
        return [
            {
                "action": AuditAction.BUDGET_PROPOSAL_APPLIED,
                "summary": f"Budgetforslaget i punkt {number} er anvendt: budget "
                f"{budget.programme.short_name} {budget.year} har fået revisionen "
                f"{danish.date_short(date)}",
                "target": revision,
                "changes": {"revision": [None, date.isoformat()]},
            }
        ]
    if proposal.applied_revision_id is not None:
        return [
            {
                "action": AuditAction.BUDGET_PROPOSAL_KEPT,
                "summary": f"Bemærk: budgetforslaget i punkt {number} blev anvendt ved en "
                "tidligere beslutning; revisionen bliver stående. Ret budgettet på "
                "budgetsiden, hvis den ikke skal gælde.",
                "target": proposal,
                "changes": {"decision_outcome": [None, item.decision_outcome]},
            }
        ]
    return []


def proposals_by_item(meeting_id: int) -> dict[int, BudgetProposal]:
    """The budget proposals of a meeting's items, by item id (one query)."""
    return {
        proposal.item_id: proposal
        for proposal in BudgetProposal.objects.filter(item__meeting_id=meeting_id).select_related(
            "budget__programme", "applied_revision"
        )
    }


@dataclass(frozen=True)
class ItemProposal:
    """An item's budget proposal as the meeting page shows it with the item."""

    proposal: BudgetProposal
    view: ProposalView


def _before_revision(row: BudgetRow, revisions: tuple, applied: dt.date) -> int:
    """The line's amount in the last revision before the one the proposal became."""
    amounts = [
        amount
        for day, amount in zip(revisions, row.amounts, strict=True)
        if day < applied and amount is not None
    ]
    return amounts[-1] if amounts else 0


def agenda_proposals(agenda: Agenda) -> dict[int, ItemProposal]:
    """The budget proposals of the items the viewer may see, by item id (fixed queries).

    Before the decision a line's 'now' is the budget's latest amount; once the proposal is
    applied it is the amount before that revision, so the item keeps reading as it was decided.
    """
    visible = [line.item.pk for line in agenda.lines if line.visible]
    proposals = list(
        BudgetProposal.objects.filter(item_id__in=visible)
        .select_related("applied_revision")
        .prefetch_related("lines")
    )
    if not proposals:
        return {}
    budgets = {
        budget.pk: budget_table(budget)
        for budget in budgets_with_figures().filter(pk__in={p.budget_id for p in proposals})
    }
    result = {}
    for proposal in proposals:
        table = budgets[proposal.budget_id]
        proposed = proposed_amounts(proposal)
        applied = proposal.applied_revision
        lines = tuple(
            ProposalLine(
                line_id=row.line_id,
                project=row.project,
                current=row.latest
                if applied is None
                else _before_revision(row, table.revisions, applied.date),
                proposed=proposed.get(row.line_id),
            )
            for row in table.rows
        )
        result[proposal.item_id] = ItemProposal(proposal, ProposalView(table=table, lines=lines))
    return result
