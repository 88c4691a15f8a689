"""Computed budget figures: per-revision amounts, spent, rest, totals, unallocated funds.

Nothing here is stored. Everything a budget table shows comes from the typed figures, in a
fixed number of queries whatever the number of lines.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount


@dataclass(frozen=True)
class BudgetRow:
    """One project's line: its amount in each revision, spent to date and the rest."""

    project: str
    project_id: int
    amounts: tuple[int | None, ...]  # one per revision, None where the line had no amount
    spent: int | None
    spent_date: dt.date | None

    @property
    def latest(self) -> int:
        return (self.amounts[-1] or 0) if self.amounts else 0

    @property
    def rest(self) -> int:
        return self.latest - (self.spent or 0)


@dataclass(frozen=True)
class BudgetTable:
    """A budget as the steering group reads it (the table of the seed agenda's item 8)."""

    programme: str
    programme_name: str
    year: int
    total: int
    revisions: tuple[dt.date, ...]
    rows: tuple[BudgetRow, ...]
    spent_date: dt.date | None  # the latest date any spending was reported for

    @property
    def allocated(self) -> tuple[int, ...]:
        """Sum of the lines, per revision."""
        return tuple(
            sum(row.amounts[i] or 0 for row in self.rows) for i in range(len(self.revisions))
        )

    @property
    def unallocated(self) -> tuple[int, ...]:
        """'Udisponerede midler' per revision: the total minus what the lines take."""
        return tuple(self.total - allocated for allocated in self.allocated)

    @property
    def latest_unallocated(self) -> int:
        return self.unallocated[-1] if self.revisions else self.total

    @property
    def spent_total(self) -> int:
        return sum(row.spent or 0 for row in self.rows)

    @property
    def rest_total(self) -> int:
        """The rest column's total: the lines' rests plus the unallocated funds."""
        return sum(row.rest for row in self.rows) + self.latest_unallocated

    def unallocated_on(self, day: dt.date) -> int:
        return self.unallocated[self.revisions.index(day)]

    def row(self, project: str) -> BudgetRow:
        return next(row for row in self.rows if row.project == project)


def budgets_with_figures():
    """Budgets with everything a table needs prefetched (a fixed number of queries)."""
    return Budget.objects.select_related("programme").prefetch_related(
        Prefetch("revisions", queryset=BudgetRevision.objects.order_by("date")),
        Prefetch(
            "lines",
            queryset=BudgetLine.objects.select_related("project")
            .order_by("position")
            .prefetch_related(
                Prefetch("amounts", queryset=BudgetAmount.objects.select_related("revision")),
                Prefetch("spent", queryset=SpentAmount.objects.order_by("date")),
            ),
        ),
    )


def budget_table(budget: Budget) -> BudgetTable:
    """The computed table of a budget fetched through `budgets_with_figures()`."""
    revisions = tuple(revision.date for revision in budget.revisions.all())
    rows = []
    spent_dates: list[dt.date] = []
    for line in budget.lines.all():
        by_date = {amount.revision.date: amount.amount for amount in line.amounts.all()}
        spent = list(line.spent.all())
        latest_spent = spent[-1] if spent else None
        if latest_spent:
            spent_dates.append(latest_spent.date)
        rows.append(
            BudgetRow(
                project=line.project.name,
                project_id=line.project_id,
                amounts=tuple(by_date.get(day) for day in revisions),
                spent=latest_spent.amount if latest_spent else None,
                spent_date=latest_spent.date if latest_spent else None,
            )
        )
    return BudgetTable(
        programme=budget.programme.short_name,
        programme_name=budget.programme.name,
        year=budget.year,
        total=budget.total,
        revisions=revisions,
        rows=tuple(rows),
        spent_date=max(spent_dates) if spent_dates else None,
    )


def budget_table_for(programme: str, year: int) -> BudgetTable | None:
    """The computed table of a programme's budget for a year, or None if there is none."""
    budget = budgets_with_figures().filter(programme__short_name=programme, year=year).first()
    return budget_table(budget) if budget else None
