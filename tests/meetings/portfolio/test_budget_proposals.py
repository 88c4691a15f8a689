"""A B item's budget proposal: attached by the secretariat, applied once when approved."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgets.models import BudgetAmount, BudgetLine, BudgetRevision
from budgets.selectors import budget_table_for
from budgets.services import budget_amount_set
from meetings.editor.services import meeting_publish
from meetings.minutes.services import (
    decision_record,
    meeting_mark_held,
    minutes_approve,
    minutes_reopen,
)
from meetings.models import AgendaItem, AuditEntry, BudgetProposal, Role
from meetings.portfolio.services import budget_proposal_save
from projects.models import PortfolioChange
from tests.budgets.helpers import PROGRAMLEDELSE, import_seed, row_text
from tests.budgets.helpers import text_of as page_text
from tests.factories import member

pytestmark = pytest.mark.django_db

COCKPIT = "Klinikkens cockpit"
MEETING_DAY = dt.date(2025, 10, 6)


@pytest.fixture
def meeting():
    return import_seed(published=False)


def item_3(meeting) -> AgendaItem:
    """'Revideret KOL-forløbsplan ...' (B)."""
    return AgendaItem.objects.filter(meeting=meeting).order_by("position")[2]


def line(name: str) -> BudgetLine:
    return BudgetLine.objects.get(project__name=name)


def propose(meeting, **extra) -> BudgetProposal:
    """Move 100.000 kr. from Programledelse to Klinikkens cockpit."""
    return budget_proposal_save(
        item=item_3(meeting),
        actor=None,
        budget=line(PROGRAMLEDELSE).budget,
        amounts={line(PROGRAMLEDELSE).pk: 1_750_000, line(COCKPIT).pk: 988_000},
        note="Flyt midler",
        **extra,
    )


def revisions() -> list[dt.date]:
    return list(
        BudgetRevision.objects.filter(budget=line(PROGRAMLEDELSE).budget).values_list(
            "date", flat=True
        )
    )


def amount_on(name: str, day: dt.date) -> int:
    return BudgetAmount.objects.get(line=line(name), revision__date=day).amount


def decide(meeting, outcome: str, html: str = ""):
    return decision_record(item=item_3(meeting), actor=None, outcome=outcome, html=html)


# --- The secretariat's form ------------------------------------------------------------------


def test_the_form_shows_each_lines_latest_amount_and_the_unallocated_funds(client, meeting):
    client.force_login(member(meeting.committee, Role.SECRETARIAT))
    budget = line(PROGRAMLEDELSE).budget
    url = reverse("meetings:item_portfolio", args=[item_3(meeting).pk])

    response = client.get(url, {"budget": budget.pk})

    assert row_text(response, PROGRAMLEDELSE).startswith(f"{PROGRAMLEDELSE} 1.850.000 kr.")
    assert row_text(response, "Udisponerede midler") == (
        "Udisponerede midler 170.000 kr. 170.000 kr."
    )


def test_saving_a_proposal_shows_the_moves_and_the_resulting_unallocated_funds(client, meeting):
    client.force_login(member(meeting.committee, Role.SECRETARIAT))
    item = item_3(meeting)
    budget = line(PROGRAMLEDELSE).budget

    response = client.post(
        reverse("meetings:proposal_save", args=[item.pk]),
        {
            "budget": budget.pk,
            f"line_{line(PROGRAMLEDELSE).pk}": "1750000",
            f"line_{line(COCKPIT).pk}": "1288000",
            "note": "Flyt midler",
        },
    )

    assert response.status_code == 302
    proposal = BudgetProposal.objects.get(item=item)
    assert {pl.line.project.name: pl.amount for pl in proposal.lines.all()} == {
        PROGRAMLEDELSE: 1_750_000,
        COCKPIT: 1_288_000,
    }
    response = client.get(reverse("meetings:item_portfolio", args=[item.pk]))
    # 100.000 kr. taken from one line, 400.000 kr. given to another: 300.000 kr. over.
    assert row_text(response, "Udisponerede midler") == (
        "Udisponerede midler 170.000 kr. -130.000 kr."
    )
    assert "Forslaget fordeler mere end rammen" in page_text(response)
    assert AuditEntry.objects.filter(action="budget_proposal_saved", item=item).exists()


def test_a_proposal_amount_in_other_digits_than_0_to_9_is_refused(client, meeting):
    client.force_login(member(meeting.committee, Role.SECRETARIAT))
    item = item_3(meeting)

    response = client.post(
        reverse("meetings:proposal_save", args=[item.pk]),
        {"budget": line(PROGRAMLEDELSE).budget.pk, f"line_{line(COCKPIT).pk}": "١٢٣"},
        follow=True,
    )

    assert "cifrene 0-9" in page_text(response)
    assert not BudgetProposal.objects.filter(item=item).exists()


def test_only_a_decision_item_can_carry_a_proposal(meeting):
    item = AgendaItem.objects.filter(meeting=meeting).order_by("position")[7]  # item 8 (O)
    with pytest.raises(ValidationError, match="beslutningspunkt"):
        budget_proposal_save(item=item, actor=None, budget=line(PROGRAMLEDELSE).budget, amounts={})


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, Role.CHAIR])
def test_only_the_secretariat_attaches_proposals(client, meeting, role):
    meeting_publish(meeting=meeting, actor=None)
    client.force_login(member(meeting.committee, role))
    item = item_3(meeting)

    response = client.post(
        reverse("meetings:proposal_save", args=[item.pk]),
        {"budget": line(PROGRAMLEDELSE).budget.pk, f"line_{line(COCKPIT).pk}": "1"},
    )

    assert response.status_code == 404
    assert client.post(reverse("meetings:proposal_delete", args=[item.pk])).status_code == 404
    assert not BudgetProposal.objects.exists()


# --- Applying it with the decision -------------------------------------------------------------


def test_approving_applies_the_proposal_as_a_revision_dated_the_meeting_day(meeting):
    proposal = propose(meeting)
    meeting_publish(meeting=meeting, actor=None)

    decide(meeting, "approved")

    proposal.refresh_from_db()
    assert revisions()[-1] == MEETING_DAY
    assert proposal.applied_revision.date == MEETING_DAY
    assert proposal.applied_at is not None
    assert amount_on(PROGRAMLEDELSE, MEETING_DAY) == 1_750_000
    assert amount_on(COCKPIT, MEETING_DAY) == 988_000
    # Lines the proposal leaves alone keep their amounts from 31/8.
    assert amount_on("Intelligent indbakke", MEETING_DAY) == 268_000
    table = budget_table_for("DAP", 2025)
    assert table.unallocated_on(MEETING_DAY) == 170_000
    entry = AuditEntry.objects.get(action="budget_proposal_applied")
    assert entry.item_id == item_3(meeting).pk
    assert "punkt 3" in entry.summary
    change = PortfolioChange.objects.get(action="revision_applied")
    assert "beslutning i punkt 3" in change.summary


def test_approved_with_changes_applies_it_too(meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)

    decide(meeting, "approved_changed")

    assert revisions()[-1] == MEETING_DAY


def test_a_decision_applies_the_revision_exactly_once(meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    decide(meeting, "approved")
    # The secretariat corrects the new revision on the budget page afterwards.
    revision = BudgetRevision.objects.get(date=MEETING_DAY)
    budget_amount_set(line=line(COCKPIT), revision=revision, amount=990_000, actor=None)

    decide(meeting, "approved", "<p>Godkendt, med en bemærkning.</p>")
    meeting_mark_held(meeting=meeting, actor=None)
    minutes_approve(meeting=meeting, actor=None)
    minutes_reopen(meeting=meeting, actor=None, reason="Rettelse")
    decide(meeting, "approved_changed")
    decide(meeting, "approved")

    assert revisions().count(MEETING_DAY) == 1
    assert BudgetRevision.objects.filter(proposal__isnull=False).count() == 1
    assert amount_on(COCKPIT, MEETING_DAY) == 990_000  # never overwritten by a second apply
    assert AuditEntry.objects.filter(action="budget_proposal_applied").count() == 1
    assert PortfolioChange.objects.filter(action="revision_applied").count() == 1


def test_rejecting_applies_nothing(meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    before = revisions()

    decide(meeting, "rejected")

    assert revisions() == before
    assert BudgetProposal.objects.get().applied_revision is None
    assert not PortfolioChange.objects.filter(action="revision_applied").exists()


def test_rejecting_after_it_was_applied_keeps_the_revision_and_warns(meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    decide(meeting, "approved")
    meeting_mark_held(meeting=meeting, actor=None)
    minutes_approve(meeting=meeting, actor=None)
    minutes_reopen(meeting=meeting, actor=None, reason="Forkert udfald")

    decide(meeting, "rejected")

    assert revisions().count(MEETING_DAY) == 1
    entry = AuditEntry.objects.get(action="budget_proposal_kept")
    assert "revisionen bliver stående" in entry.summary


def test_an_existing_revision_of_the_meeting_day_is_updated_in_place(meeting):
    from budgets.services import revision_add

    revision_add(budget=line(PROGRAMLEDELSE).budget, date=MEETING_DAY, actor=None)
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)

    decide(meeting, "approved")

    assert revisions().count(MEETING_DAY) == 1
    assert amount_on(PROGRAMLEDELSE, MEETING_DAY) == 1_750_000
    assert BudgetProposal.objects.get().applied_revision.date == MEETING_DAY


def test_an_applied_proposal_cannot_be_changed(meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    decide(meeting, "approved")

    with pytest.raises(ValidationError, match="anvendt"):
        propose(meeting)


def test_the_minutes_tell_the_secretariat_what_approving_does_and_did(client, meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    client.force_login(member(meeting.committee, Role.SECRETARIAT))
    url = reverse("meetings:meeting_minutes", args=[meeting.pk])

    assert "Budgetforslag til Budget DAP 2025: bliver en revision dateret 6. oktober 2025" in (
        page_text(client.get(url))
    )
    decide(meeting, "approved")
    assert "Budgetforslaget er anvendt: Budget DAP 2025 har fået revisionen 6. oktober 2025" in (
        page_text(client.get(url))
    )


# --- A decision in a closed item: the amounts for all, the item reference for its readers -----

BUDGET_PAGE = "/portefoelje/budgetter/DAP/2025/"
REFERENCE = "beslutning i punkt 3"


def _closed_decision(meeting, *, restricted_to=()):
    item = item_3(meeting)
    AgendaItem.objects.filter(pk=item.pk).update(confidential=True)
    item.restricted_to.set(restricted_to)
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    decide(meeting, "approved")


def _export_text(client) -> str:
    data = client.get(BUDGET_PAGE + "eksport.xlsx").content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )


@pytest.mark.parametrize(
    ("role", "sees_reference"),
    [
        (Role.SECRETARIAT, True),
        (Role.CHAIR, True),
        (Role.MEMBER, True),
        (Role.OBSERVER, False),
    ],
)
def test_a_closed_items_budget_decision_names_the_item_only_to_its_readers(
    client, meeting, role, sees_reference
):
    _closed_decision(meeting)
    client.force_login(member(meeting.committee, role))

    page = client.get(BUDGET_PAGE)
    text = page_text(page)

    assert page.status_code == 200
    assert "1.750.000" in text  # the decided amounts are the budget, for everyone
    assert (REFERENCE in text) is sees_reference
    assert ("styregruppens beslutning" in text) is not sees_reference
    export = _export_text(client)
    assert "punkt 3" not in export
    assert "1750000" in export


def test_a_member_not_named_on_a_narrowed_item_does_not_see_the_reference(client, meeting):
    named = member(meeting.committee, Role.MEMBER, username="navngivet")
    other = member(meeting.committee, Role.MEMBER, username="andet")
    _closed_decision(meeting, restricted_to=[named])

    client.force_login(other)
    assert REFERENCE not in page_text(client.get(BUDGET_PAGE))
    client.force_login(named)
    assert REFERENCE in page_text(client.get(BUDGET_PAGE))


def test_an_open_items_decision_names_the_item_to_observers(client, meeting):
    propose(meeting)
    meeting_publish(meeting=meeting, actor=None)
    decide(meeting, "approved")
    client.force_login(member(meeting.committee, Role.OBSERVER))

    assert REFERENCE in page_text(client.get(BUDGET_PAGE))


def test_an_item_proposal_beyond_any_budget_is_refused_as_a_procedure_s_is(meeting):
    """One check of a proposal's amounts (portfolio.proposals.check_proposal) for both."""
    with pytest.raises(ValidationError, match="for stort"):
        budget_proposal_save(
            item=item_3(meeting),
            actor=None,
            budget=line(PROGRAMLEDELSE).budget,
            amounts={line(COCKPIT).pk: 10**19},
        )
    assert not BudgetProposal.objects.exists()
