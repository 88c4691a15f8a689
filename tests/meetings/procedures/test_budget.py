"""A written procedure's budget proposal in the budget's history: one decision per revision,
and a closed procedure named only to those who may see it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from budgets.models import BudgetLine, BudgetRevision
from meetings.models import Role
from meetings.portfolio.selectors import budget_changes
from meetings.procedures import closing, services
from tests.budgets.helpers import make_budget
from tests.factories import member

from .helpers import voters

pytestmark = pytest.mark.django_db


def proposing(dap, secretary, budget, title: str, amount: int, **extra):
    line = BudgetLine.objects.filter(budget=budget).order_by("position").first()
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title=title,
        deadline=timezone.now() + dt.timedelta(days=3),
        rule="silent",
        sections={"Indstilling": "<p>Det indstilles ...</p>"},
        **extra,
    )
    services.procedure_set_proposal(
        procedure=draft, actor=secretary, budget=budget, amounts={line.pk: amount}
    )
    return services.procedure_send(procedure=draft, actor=secretary)


@pytest.fixture
def budget(dap, clock):
    clock.set(dt.datetime(2025, 9, 1, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen")))
    return make_budget(dap)


def test_two_proposals_concluded_the_same_day_refuse_the_second_and_save_nothing(
    dap, secretary, clock, budget
):
    voters(dap, 1)
    first = proposing(dap, secretary, budget, "Flyt midler", 1_000)
    second = proposing(dap, secretary, budget, "Flyt flere midler", 2_000)
    clock.move(days=4)
    closing.scan()
    first.refresh_from_db()
    second.refresh_from_db()
    services.procedure_decide(procedure=first, actor=secretary, as_recommended=True)
    revisions = BudgetRevision.objects.filter(budget=budget).count()
    with pytest.raises(ValidationError, match="allerede en revision dateret"):
        services.procedure_decide(procedure=second, actor=secretary, as_recommended=True)
    second.refresh_from_db()
    assert second.decision_html == ""  # the refused decision is not half-recorded
    assert second.applied_revision_id is None
    assert BudgetRevision.objects.filter(budget=budget).count() == revisions


def test_the_budget_history_names_a_closed_procedure_only_to_its_readers(
    dap, secretary, clock, budget
):
    voters(dap, 1)
    sent = proposing(dap, secretary, budget, "Hemmelig omprioritering", 1_000, confidential=True)
    clock.move(days=4)
    closing.scan()
    sent.refresh_from_db()
    services.procedure_decide(procedure=sent, actor=secretary, as_recommended=True)
    observer = member(dap, Role.OBSERVER)
    chair = member(dap, Role.CHAIR)

    def history(user) -> str:
        return " ".join(
            f"{change.summary} {change.changes}" for change in budget_changes(user, budget.pk)
        )

    assert "Hemmelig omprioritering" in history(chair)
    assert "Hemmelig omprioritering" not in history(observer)
    assert "styregruppens beslutning" in history(observer)
