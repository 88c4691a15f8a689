"""Computed budget figures: rests, totals and unallocated funds, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount
from budgets.selectors import budget_table_for
from projects.models import Programme, Project

pytestmark = pytest.mark.django_db

APRIL = dt.date(2025, 4, 28)
AUGUST = dt.date(2025, 8, 31)


def make_budget(
    short_name: str,
    *,
    total: int,
    lines: list[tuple[str, dict[dt.date, int], dict[dt.date, int]]],
    revisions: tuple[dt.date, ...] = (APRIL, AUGUST),
    year: int = 2025,
) -> Budget:
    """A budget with (project, amount per revision, spent per date) lines, in that order."""
    programme = Programme.objects.create(short_name=short_name, name=f"Programmet {short_name}")
    budget = Budget.objects.create(programme=programme, year=year, total=total)
    by_date = {day: BudgetRevision.objects.create(budget=budget, date=day) for day in revisions}
    for position, (name, amounts, spent) in enumerate(lines, start=1):
        project = Project.objects.create(programme=programme, name=name)
        line = BudgetLine.objects.create(budget=budget, project=project, position=position)
        for day, amount in amounts.items():
            BudgetAmount.objects.create(line=line, revision=by_date[day], amount=amount)
        for day, amount in spent.items():
            SpentAmount.objects.create(line=line, date=day, amount=amount)
    return budget


def test_a_line_without_spending_keeps_its_whole_budget_as_rest():
    make_budget(
        "DAP",
        total=1_000_000,
        lines=[
            ("Brugt", {APRIL: 400_000, AUGUST: 450_000}, {AUGUST: 150_000}),
            ("Ikke startet", {APRIL: 200_000, AUGUST: 250_000}, {}),
        ],
    )

    table = budget_table_for("DAP", 2025)

    assert table is not None
    untouched = table.row("Ikke startet")
    assert untouched.spent is None
    assert untouched.rest == 250_000
    assert table.row("Brugt").rest == 300_000
    assert table.spent_total == 150_000
    assert table.spent_date == AUGUST
    assert table.unallocated == (400_000, 300_000)
    assert table.rest_total == 300_000 + 250_000 + 300_000


def test_a_line_dropped_in_the_latest_revision_counts_as_nothing_allocated():
    make_budget(
        "FP",
        total=2_000_000,
        lines=[
            ("Opgaverekvisition", {APRIL: 500_000, AUGUST: 600_000}, {AUGUST: 100_000}),
            ("Revision af KOL-plan", {APRIL: 700_000}, {}),
            ("Analyse af kronikerpakker", {AUGUST: 300_000}, {}),
        ],
    )

    table = budget_table_for("FP", 2025)

    assert table is not None
    dropped = table.row("Revision af KOL-plan")
    assert dropped.amounts == (700_000, None)
    assert dropped.latest == 0
    assert dropped.rest == 0
    assert table.row("Analyse af kronikerpakker").amounts == (None, 300_000)
    assert table.allocated == (1_200_000, 900_000)
    # The 700.000 freed by the dropped line are unallocated again in the latest revision.
    assert table.unallocated_on(APRIL) == 800_000
    assert table.unallocated_on(AUGUST) == 1_100_000
    assert table.latest_unallocated == 1_100_000
    assert table.rest_total == sum(row.rest for row in table.rows) + 1_100_000


def test_overspending_gives_negative_unallocated_funds():
    make_budget("DAP", total=100, lines=[("Stort projekt", {APRIL: 187, AUGUST: 90}, {})])

    table = budget_table_for("DAP", 2025)

    assert table is not None
    assert table.unallocated == (-87, 10)


def test_a_budget_without_revisions_has_its_whole_total_unallocated():
    make_budget("DAP", total=500_000, lines=[], revisions=())

    table = budget_table_for("DAP", 2025)

    assert table is not None
    assert table.rows == ()
    assert table.latest_unallocated == 500_000
    assert table.rest_total == 500_000


def test_no_budget_for_the_year_gives_none():
    make_budget("DAP", total=1, lines=[])

    assert budget_table_for("DAP", 2026) is None
    assert budget_table_for("XYZ", 2025) is None


def _lines(prefix: str, count: int) -> list[tuple[str, dict[dt.date, int], dict[dt.date, int]]]:
    return [
        (f"{prefix} {n}", {APRIL: 1000 * n, AUGUST: 900 * n}, {APRIL: 10 * n, AUGUST: 20 * n})
        for n in range(1, count + 1)
    ]


def test_the_table_takes_the_same_number_of_queries_for_3_and_30_lines(
    django_assert_max_num_queries,
):
    make_budget("SMALL", total=10_000_000, lines=_lines("Lille", 3))
    make_budget("LARGE", total=10_000_000, lines=_lines("Stor", 30))

    with CaptureQueriesContext(connection) as small:
        small_table = budget_table_for("SMALL", 2025)
    with django_assert_max_num_queries(len(small.captured_queries)):
        large_table = budget_table_for("LARGE", 2025)

    assert small_table is not None
    assert large_table is not None
    assert len(small_table.rows) == 3
    assert len(large_table.rows) == 30
    assert len(small.captured_queries) <= 5
    assert large_table.row("Stor 30").rest == 900 * 30 - 20 * 30
