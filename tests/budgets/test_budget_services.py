"""Writing budgets: validated with Danish messages, all or nothing, and recorded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from budgets.models import BudgetAmount, BudgetRevision, SpentAmount
from budgets.selectors import budget_table_for
from budgets.services import (
    LineFigures,
    budget_amount_set,
    budget_merge,
    budget_total_set,
    line_add,
    revision_add,
    spent_set,
)
from projects.models import PortfolioChange, Project
from tests.budgets.helpers import AUGUST, make_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return make_budget(None, lines=2, total=1_000_000)


@pytest.fixture
def secretary():
    return UserFactory(username="sekretaer", first_name="Sofie", last_name="Lindberg")


def first_line(budget):
    return budget.lines.order_by("position").first()


def test_spent_set_changes_the_rest_and_records_who_and_what(budget, secretary):
    line = first_line(budget)

    spent_set(line=line, date=AUGUST, amount=60_000, actor=secretary)

    table = budget_table_for("DAP", 2025)
    assert table.row("DAP projekt 1").spent == 60_000
    assert table.row("DAP projekt 1").rest == 101_000 - 60_000
    change = PortfolioChange.objects.get()
    assert change.actor == secretary
    assert change.subject_type == "budget"
    assert change.subject_id == budget.pk
    assert change.summary == "Forbrug 31/8 for DAP projekt 1: 10.000 kr. → 60.000 kr."
    assert change.changes == {"date": "2025-08-31", "amount": [10_000, 60_000]}


def test_a_later_spent_date_supersedes_the_earlier(budget, secretary):
    line = first_line(budget)

    spent_set(line=line, date=dt.date(2025, 9, 30), amount=70_000, actor=secretary)

    table = budget_table_for("DAP", 2025)
    assert table.row("DAP projekt 1").spent == 70_000
    assert table.spent_date == dt.date(2025, 9, 30)
    assert SpentAmount.objects.filter(line=line).count() == 2
    assert "intet → 70.000 kr." in PortfolioChange.objects.get().summary


@pytest.mark.parametrize(
    ("amount", "date", "message"),
    [
        (-1, AUGUST, "Forbruget kan ikke være negativt."),
        (10**13, AUGUST, "Forbruget er for stort"),
        ("100", AUGUST, "Forbruget skal være et helt antal kroner"),
        (1_000, dt.date(2023, 8, 31), "ligger uden for budgetåret 2025"),
        (1_000, None, "Skriv datoen for opgørelsen"),
    ],
)
def test_spent_set_refuses_bad_figures_and_changes_nothing(
    budget, secretary, amount, date, message
):
    line = first_line(budget)

    with pytest.raises(ValidationError) as error:
        spent_set(line=line, date=date, amount=amount, actor=secretary)

    assert message in " ".join(error.value.messages)
    assert SpentAmount.objects.get(line=line).amount == 10_000
    assert not PortfolioChange.objects.exists()


def test_an_unchanged_amount_records_nothing(budget, secretary):
    spent_set(line=first_line(budget), date=AUGUST, amount=10_000, actor=secretary)

    assert not PortfolioChange.objects.exists()


def test_budget_amount_set_and_removed_from_a_revision(budget, secretary):
    line = first_line(budget)
    august = budget.revisions.get(date=AUGUST)

    budget_amount_set(line=line, revision=august, amount=150_000, actor=secretary)
    assert budget_table_for("DAP", 2025).row("DAP projekt 1").amounts == (100_000, 150_000)

    # A revision that takes the line out: no amount, and a rest of nothing minus the spending.
    budget_amount_set(line=line, revision=august, amount=None, actor=secretary)
    row = budget_table_for("DAP", 2025).row("DAP projekt 1")
    assert row.amounts == (100_000, None)
    assert row.rest == -10_000
    summaries = list(PortfolioChange.objects.order_by("id").values_list("summary", flat=True))
    assert summaries == [
        "Budget 2025 (31/8) for DAP projekt 1: 101.000 kr. → 150.000 kr.",
        "Budget 2025 (31/8) for DAP projekt 1: 150.000 kr. → ikke med",
    ]


def test_budget_amount_set_refuses_another_budgets_revision(budget, secretary):
    other = make_budget(None, short_name="FP", lines=1)
    foreign = other.revisions.first()

    with pytest.raises(ValidationError, match="Revisionen findes ikke i dette budget"):
        budget_amount_set(line=first_line(budget), revision=foreign, amount=1, actor=secretary)


def test_budget_amount_set_refuses_a_negative_amount(budget, secretary):
    line = first_line(budget)
    august = budget.revisions.get(date=AUGUST)

    with pytest.raises(ValidationError, match="Beløbet kan ikke være negativt"):
        budget_amount_set(line=line, revision=august, amount=-5, actor=secretary)

    assert BudgetAmount.objects.get(line=line, revision=august).amount == 101_000


def test_revision_add_starts_from_the_revision_before_it(budget, secretary):
    revision = revision_add(budget=budget, date=dt.date(2025, 11, 30), actor=secretary)

    table = budget_table_for("DAP", 2025)
    assert table.revisions[-1] == dt.date(2025, 11, 30)
    assert [row.amounts[-1] for row in table.rows] == [101_000, 201_000]
    assert table.unallocated[-1] == table.unallocated[-2]
    assert BudgetAmount.objects.filter(revision=revision).count() == 2
    assert PortfolioChange.objects.get().summary == "Revision 30/11 tilføjet med beløbene fra 31/8"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (AUGUST, "Budgettet har allerede en revision dateret 31. august 2025."),
        (dt.date(2026, 1, 15), "En revision af budget 2025 skal være dateret i 2025."),
    ],
)
def test_revision_add_refuses_a_taken_or_foreign_date(budget, secretary, date, message):
    with pytest.raises(ValidationError) as error:
        revision_add(budget=budget, date=date, actor=secretary)

    assert error.value.message_dict["date"] == [message]
    assert BudgetRevision.objects.filter(budget=budget).count() == 2


def test_line_add_appends_a_project_with_an_amount_in_the_latest_revision(budget, secretary):
    project = Project.objects.create(programme=budget.programme, name="Nyt projekt")

    line_add(budget=budget, project=project, amount=50_000, actor=secretary)

    table = budget_table_for("DAP", 2025)
    assert table.rows[-1].project == "Nyt projekt"
    assert table.rows[-1].amounts == (None, 50_000)
    assert table.rows[-1].spent is None
    assert table.rows[-1].rest == 50_000
    assert "Linje for Nyt projekt tilføjet med 50.000 kr." in PortfolioChange.objects.get().summary


def test_line_add_refuses_a_project_of_another_programme_or_a_second_line(budget, secretary):
    other = make_budget(None, short_name="FP", lines=1)
    foreign = other.lines.get().project

    with pytest.raises(ValidationError, match="hører ikke til programmet DAP"):
        line_add(budget=budget, project=foreign, actor=secretary)
    with pytest.raises(ValidationError, match="har allerede en linje"):
        line_add(budget=budget, project=first_line(budget).project, actor=secretary)


def test_budget_total_set_moves_the_unallocated_funds(budget, secretary):
    budget_total_set(budget=budget, total=2_000_000, actor=secretary)

    table = budget_table_for("DAP", 2025)
    assert table.unallocated == (2_000_000 - 300_000, 2_000_000 - 302_000)
    assert PortfolioChange.objects.get().changes == {"total": [1_000_000, 2_000_000]}

    with pytest.raises(ValidationError) as error:
        budget_total_set(budget=budget, total=-1, actor=secretary)
    assert error.value.message_dict == {"total": ["Rammen kan ikke være negativ."]}


def test_budget_merge_adds_what_is_missing_and_keeps_what_is_there(budget, secretary):
    line = first_line(budget)
    new = Project.objects.create(programme=budget.programme, name="Nyt projekt")
    november = dt.date(2025, 11, 30)
    held = line.amounts.get(revision__date=AUGUST).amount

    budget_merge(
        programme=budget.programme,
        year=2025,
        total=1_000_000,
        revisions=(AUGUST, november),
        lines=[
            LineFigures(project=line.project, amounts={AUGUST: held, november: 5}, spent={}),
            LineFigures(project=new, amounts={november: 7}, spent={november: 3}),
        ],
        actor=secretary,
        source="dagsorden",
    )

    assert list(budget.revisions.values_list("date", flat=True)) == [
        dt.date(2025, 4, 28),
        AUGUST,
        november,
    ]
    assert line.amounts.get(revision__date=november).amount == 5
    assert budget.lines.get(project=new).spent.get().amount == 3
    change = PortfolioChange.objects.get()
    assert change.action == "budget_extended"
    assert change.summary == (
        "Budget 2025 udvidet fra dagsorden: 1 revision, 1 linje, 2 beløb, 1 forbrugstal"
    )


def test_budget_merge_refuses_to_overwrite_a_figure_and_changes_nothing(budget, secretary):
    line = first_line(budget)
    before = BudgetAmount.objects.count()

    with pytest.raises(ValidationError, match="har allerede"):
        budget_merge(
            programme=budget.programme,
            year=2025,
            total=1_000_000,
            revisions=(dt.date(2025, 11, 30),),
            lines=[LineFigures(project=line.project, amounts={AUGUST: 1}, spent={})],
            actor=secretary,
        )

    assert BudgetAmount.objects.count() == before
    assert BudgetRevision.objects.filter(budget=budget).count() == 2
    assert not PortfolioChange.objects.exists()
