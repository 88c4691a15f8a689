"""Shared set-up of the portfolio tests: the seed agenda's portfolio and budgets of any size."""

import copy
import datetime as dt
import json
import re
from pathlib import Path

from budgets.models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount
from meetings.interchange.services import import_agenda
from meetings.models import Committee, Meeting, MeetingStatus
from projects.models import PortfolioChange, Programme, Project

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "dap-2025-10-06.json"
SEED = json.loads(FIXTURE.read_text(encoding="utf-8"))
APRIL = dt.date(2025, 4, 28)
AUGUST = dt.date(2025, 8, 31)
PROGRAMLEDELSE = "Programledelse inkl. test og certificering"
BUDGET_URL = "/portefoelje/budgetter/DAP/2025/"


def import_seed(*, published: bool = True) -> Meeting:
    """The seed agenda of 6 October 2025 with its portfolio (DAP and FP, budget DAP 2025).

    The portfolio history starts empty, so a test sees only the changes its own edits record.
    """
    meeting = import_agenda(copy.deepcopy(SEED))
    PortfolioChange.objects.all().delete()  # what the import itself recorded
    if published:
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
        meeting.refresh_from_db()
    return meeting


def make_budget(
    committee: Committee | None,
    *,
    short_name: str = "DAP",
    lines: int = 3,
    total: int = 10_000_000,
    revisions: tuple[dt.date, ...] = (APRIL, AUGUST),
    year: int = 2025,
) -> Budget:
    """A budget with `lines` lines, an amount in every revision and spending on each."""
    programme, _ = Programme.objects.get_or_create(
        short_name=short_name, defaults={"name": f"Programmet {short_name}"}
    )
    if committee is not None:
        committee.programmes.add(programme)
    budget = Budget.objects.create(programme=programme, year=year, total=total)
    by_date = {day: BudgetRevision.objects.create(budget=budget, date=day) for day in revisions}
    for position in range(1, lines + 1):
        name = f"{short_name} projekt {position}"
        project = Project.objects.create(programme=programme, name=name)
        line = BudgetLine.objects.create(budget=budget, project=project, position=position)
        for index, revision in enumerate(by_date.values()):
            BudgetAmount.objects.create(
                line=line, revision=revision, amount=100_000 * position + index * 1_000
            )
        SpentAmount.objects.create(line=line, date=revisions[-1], amount=10_000 * position)
    return budget


def text_of(response) -> str:
    """The page's visible text on one line, so assertions read like what a person sees."""
    body = response.content.decode()
    body = re.sub(r"<(script|style|title|desc)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def row_text(response, label: str) -> str:
    """The figures of the table row whose header cell starts with `label` ("Ret" left out)."""
    body = re.sub(r'<a class="budget-edit-link".*?</a>', "", response.content.decode(), flags=re.S)
    for row in re.findall(r"<tr\b.*?</tr>", body, flags=re.S):
        cells = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        if cells.startswith(label):
            return cells
    raise AssertionError(f"no row {label!r}")
