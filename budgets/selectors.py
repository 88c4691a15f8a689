"""Computed budget figures: per-revision amounts, spent, rest, totals, unallocated funds.

Nothing here is stored. Everything a budget table shows comes from the typed figures, in a
fixed number of queries whatever the number of lines.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from projects.models import Programme, Project

from .models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount


@dataclass(frozen=True)
class BudgetRow:
    """One project's line: its amount in each revision, spent to date and the rest."""

    project: str
    project_id: int
    amounts: tuple[int | None, ...]  # one per revision, None where the line had no amount
    spent: int | None
    spent_date: dt.date | None
    line_id: int | None = None

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
    budget_id: int | None = None
    revision_ids: tuple[int, ...] = ()  # one per revision, in the order of `revisions`

    @property
    def revision_columns(self) -> tuple[tuple[int, dt.date], ...]:
        """(revision id, date) per revision column, for pages that edit a revision's amounts."""
        return tuple(zip(self.revision_ids, self.revisions, strict=True))

    @property
    def row_cells(
        self,
    ) -> tuple[tuple[BudgetRow, tuple[tuple[int | None, dt.date, int | None], ...]], ...]:
        """Each row with (revision id, date, amount) per revision column, for editable tables."""
        # A table built without ids (e.g. from a frozen copy) still renders, read-only.
        ids = self.revision_ids or (None,) * len(self.revisions)
        return tuple(
            (row, tuple(zip(ids, self.revisions, row.amounts, strict=True))) for row in self.rows
        )

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

    def row_for_project(self, project_id: int) -> BudgetRow | None:
        return next((row for row in self.rows if row.project_id == project_id), None)

    def to_data(self) -> dict:
        """A JSON-able copy of the figures (no database ids): what an agenda freezes."""
        return {
            "programme": self.programme,
            "programme_name": self.programme_name,
            "year": self.year,
            "total": self.total,
            "revisions": [day.isoformat() for day in self.revisions],
            "spent_date": self.spent_date.isoformat() if self.spent_date else None,
            "rows": [
                {
                    "project": row.project,
                    "project_id": row.project_id,
                    "amounts": list(row.amounts),
                    "spent": row.spent,
                    "spent_date": row.spent_date.isoformat() if row.spent_date else None,
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_data(cls, data: dict) -> "BudgetTable":
        """The read-only table of a copy made by `to_data()` (it renders like a live one)."""

        def day(value: str | None) -> dt.date | None:
            return dt.date.fromisoformat(value) if value else None

        return cls(
            programme=data["programme"],
            programme_name=data["programme_name"],
            year=data["year"],
            total=data["total"],
            revisions=tuple(dt.date.fromisoformat(value) for value in data["revisions"]),
            spent_date=day(data.get("spent_date")),
            rows=tuple(
                BudgetRow(
                    project=row["project"],
                    project_id=row["project_id"],
                    amounts=tuple(row["amounts"]),
                    spent=row["spent"],
                    spent_date=day(row.get("spent_date")),
                )
                for row in data["rows"]
            ),
        )


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


def _row(line: BudgetLine, revisions: tuple[dt.date, ...]) -> BudgetRow:
    """A line's row: its amount in each of the budget's revisions and its latest spending."""
    by_date = {amount.revision.date: amount.amount for amount in line.amounts.all()}
    spent = list(line.spent.all())
    latest_spent = spent[-1] if spent else None
    return BudgetRow(
        project=line.project.name,
        project_id=line.project_id,
        amounts=tuple(by_date.get(day) for day in revisions),
        spent=latest_spent.amount if latest_spent else None,
        spent_date=latest_spent.date if latest_spent else None,
        line_id=line.pk,
    )


def budget_table(budget: Budget) -> BudgetTable:
    """The computed table of a budget fetched through `budgets_with_figures()`."""
    revisions = tuple(revision.date for revision in budget.revisions.all())
    rows = tuple(_row(line, revisions) for line in budget.lines.all())
    spent_dates = [row.spent_date for row in rows if row.spent_date is not None]
    return BudgetTable(
        programme=budget.programme.short_name,
        programme_name=budget.programme.name,
        year=budget.year,
        total=budget.total,
        revisions=revisions,
        rows=rows,
        spent_date=max(spent_dates) if spent_dates else None,
        budget_id=budget.pk,
        revision_ids=tuple(revision.pk for revision in budget.revisions.all()),
    )


def budget_table_for(programme: str, year: int) -> BudgetTable | None:
    """The computed table of a programme's budget for a year, or None if there is none."""
    budget = budgets_with_figures().filter(programme__short_name=programme, year=year).first()
    return budget_table(budget) if budget else None


def budget_for_page(programmes: QuerySet[Programme], short_name: str, year: int) -> Budget | None:
    """A budget of one of the given programmes with its figures prefetched, or None."""
    return (
        budgets_with_figures()
        .filter(programme__in=programmes, programme__short_name=short_name, year=year)
        .first()
    )


def budget_years() -> Prefetch:
    """Prefetch a programme's budgets (newest year first) for links to the budget pages."""
    return Prefetch("budgets", queryset=Budget.objects.order_by("-year"), to_attr="budget_list")


def projects_without_line(budget: Budget) -> QuerySet[Project]:
    """The programme's projects that have no line in the budget yet (for 'Tilføj linje')."""
    return Project.objects.filter(programme_id=budget.programme_id).exclude(
        budget_lines__budget=budget
    )


def budget_fingerprint(budget: Budget) -> str:
    """A hash of every typed figure of a budget fetched through `budgets_with_figures()`.

    Two equal fingerprints mean nothing in the budget changed in between (a preview of an
    import is only saved if the budget is still the one the preview was computed from).
    """
    data = {
        "total": budget.total,
        "revisions": [[r.pk, r.date.isoformat()] for r in budget.revisions.all()],
        "lines": [
            [
                line.pk,
                line.project_id,
                line.position,
                sorted([a.revision_id, a.amount] for a in line.amounts.all()),
                [[s.date.isoformat(), s.amount] for s in line.spent.all()],
            ]
            for line in budget.lines.all()
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class ProjectBudgetLine:
    """A project's line in one budget, as the project page lists it."""

    programme: str
    year: int
    row: BudgetRow
    latest_revision: dt.date | None  # the budget's latest revision, whose amount counts


def project_budget_lines(project: Project) -> list[ProjectBudgetLine]:
    """The project's lines in every budget, newest year first (a fixed number of queries)."""
    lines = (
        BudgetLine.objects.filter(project=project)
        .select_related("budget__programme", "project")
        .order_by("-budget__year", "budget__programme__short_name")
        .prefetch_related(
            Prefetch("budget__revisions", queryset=BudgetRevision.objects.order_by("date")),
            Prefetch("amounts", queryset=BudgetAmount.objects.select_related("revision")),
            Prefetch("spent", queryset=SpentAmount.objects.order_by("date")),
        )
    )
    result = []
    for line in lines:
        revisions = tuple(revision.date for revision in line.budget.revisions.all())
        result.append(
            ProjectBudgetLine(
                programme=line.budget.programme.short_name,
                year=line.budget.year,
                row=_row(line, revisions),
                latest_revision=revisions[-1] if revisions else None,
            )
        )
    return result
