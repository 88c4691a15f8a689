"""Budget proposals of B items, applied to the budget when approved."""

from django.db import models
from django.db.models import Q

from budgets.models import Budget, BudgetLine, BudgetRevision

from .items import AgendaItem


class BudgetProposal(models.Model):
    """A budget revision an item proposes (moves between lines); applied once on 'Godkendt'.

    Applying it creates a revision of the budget dated the meeting day with the proposed
    amounts; `applied_revision` links the two, so it can never be applied twice.
    """

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="budget_proposal"
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("begrundelse", blank=True)
    applied_revision = models.OneToOneField(
        BudgetRevision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        editable=False,
    )
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "budgetforslag"
        verbose_name_plural = "budgetforslag"

    def __str__(self) -> str:
        return f"Budgetforslag til {self.item}"


class BudgetProposalLine(models.Model):
    """The amount a proposal gives one budget line in the new revision."""

    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("nyt beløb (kr.)")

    class Meta:
        verbose_name = "linje i budgetforslag"
        verbose_name_plural = "linjer i budgetforslag"
        constraints = [
            models.UniqueConstraint(fields=["proposal", "line"], name="proposal_line_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="proposal_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount}"
