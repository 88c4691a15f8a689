"""Import of `dap-agenda/1`: the seed agenda, its portfolio and budgets, hostile HTML."""

import copy

import pytest

from budgets.models import Budget, BudgetAmount, BudgetRevision
from budgets.selectors import budget_table_for
from meetings.agenda import agenda_for, next_meeting_sentence
from meetings.interchange.schema import InterchangeError
from meetings.interchange.services import import_agenda
from meetings.models import AuditEntry, MeetingStatus
from projects.models import PortfolioChange, Programme, Project

from .helpers import (
    SEED,
    counts,
    secretariat,
    seed,
)

pytestmark = pytest.mark.django_db


# --- Importing the real agenda ------------------------------------------------------------


def test_import_of_the_seed_gives_the_agenda_the_members_received():
    meeting = import_agenda(seed())

    agenda = agenda_for(meeting, secretariat())

    assert meeting.status == MeetingStatus.DRAFT
    assert len(agenda.lines) == 10
    assert agenda.total_minutes == 135
    assert [line.number for line in agenda.lines] == list(range(1, 11))
    assert agenda.lines[0].list_line == "1. Meddelelser (5 min.)"
    assert agenda.lines[1].list_line == "2. Kronikerpakker (O) (10 min.)"
    assert agenda.lines[2].list_line == (
        "3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B) (10 min.)"
    )
    assert [bilag.number for line in agenda.lines for bilag in line.bilag] == [
        "3.1",
        "5.1",
        "7.1",
        "7.2",
        "8.1",
        "9.1",
    ]
    assert agenda.lines[2].bilag[0].label == "Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097"
    assert agenda.lines[8].bilag[0].bilag.generated == "project_monitoring"
    assert agenda.date_line == (
        "Mandag d. 6. oktober 2025, kl. 13.00-15.00, Slotsholmsgade 12, mødesal B (fælles)"
    )
    assert next_meeting_sentence(meeting) == (
        "Næste møde afholdes tirsdag d. 16. december 2025 kl. 13.00-15.00 i "
        "Indenrigs- og Sundhedsministeriet."
    )
    assert agenda.lines[9].item.standing == "next_meeting"
    assert agenda.lines[7].presenter_line == (
        "Fremlægges af Tom Høg Sørensen (MedCom) og Rikke Viggers"
    )
    assert meeting.committee.short_name == "DAP"


def test_import_keeps_the_seed_text_as_written():
    meeting = import_agenda(seed())

    agenda = agenda_for(meeting, secretariat())

    for line, item in zip(agenda.lines, SEED["items"], strict=True):
        stored = [section.html for part in line.parts for section in part.sections]
        written = [section["html"] for section in item["sections"]]
        assert sorted(stored) == sorted(written)
    item7 = agenda.lines[6]
    assert [part.heading for part in item7.parts] == [
        "",
        "Deling af lokale laboratoriesvar",
        "Deling af journalnotater",
    ]
    budget_part = next(part for part in agenda.lines[7].parts if part.embeds)
    assert budget_part.heading == "Digital Almen Praksis"
    assert budget_part.embeds[0].programme.short_name == "DAP"


def test_import_links_items_to_the_portfolio_projects():
    meeting = import_agenda(seed())

    item2 = meeting.items.get(position=2)
    assert sorted(project.name for project in item2.projects.all()) == [
        "Forløbsplaner",
        "Klinikkens cockpit",
    ]
    assert Project.objects.get(name="Forløbsplaner").programme.short_name == "FP"
    assert Project.objects.get(name="Klinikkens cockpit").owner == "PLO"
    assert Programme.objects.get(short_name="FP").name == "Forløbsplaner"


def test_import_gives_the_budget_table_of_item_8():
    import_agenda(seed())

    table = budget_table_for("DAP", 2025)

    assert table is not None
    assert table.total == 8_000_000
    assert [day.isoformat() for day in table.revisions] == ["2025-04-28", "2025-08-31"]
    assert table.row("Programledelse inkl. test og certificering").rest == 940_216
    assert table.row("Klinikkens cockpit").amounts == (1_045_000, 888_000)
    assert table.unallocated_on(table.revisions[-1]) == 170_000
    assert table.unallocated_on(table.revisions[0]) == -87_000
    assert table.rest_total == sum(row.rest for row in table.rows) + 170_000
    assert Budget.objects.get().note.startswith("Udisponerede midler")


def test_import_records_who_imported_the_agenda(django_user_model):
    user = django_user_model.objects.create_user(username="sekretær", password="x")

    meeting = import_agenda(seed(), actor=user)

    entry = AuditEntry.objects.get(meeting=meeting)
    assert entry.summary == "Dagsorden importeret"
    assert entry.actor == user


def test_a_second_import_is_a_new_draft_reusing_committee_portfolio_and_budget():
    first = import_agenda(seed())
    before = counts()

    second = import_agenda(seed())

    after = counts()
    assert second.pk != first.pk
    assert second.committee == first.committee
    assert after["meetings.Meeting"] == before["meetings.Meeting"] + 1
    assert after["meetings.AgendaItem"] == before["meetings.AgendaItem"] + 10
    for label in ("projects.Programme", "projects.Project", "budgets.Budget"):
        assert after[label] == before[label]
    assert after["budgets.BudgetAmount"] == before["budgets.BudgetAmount"]


def test_import_adds_a_new_revision_to_an_existing_budget():
    import_agenda(seed())
    data = seed()
    budget = data["portfolio"]["budgets"][0]
    budget["revisions"].append("2025-11-30")
    budget["lines"][0]["budget"]["2025-11-30"] = 1_900_000
    budget["lines"][0]["spent"]["2025-11-30"] = 1_200_000

    import_agenda(data)

    table = budget_table_for("DAP", 2025)
    assert table is not None
    assert table.revisions[-1].isoformat() == "2025-11-30"
    assert table.row("Programledelse inkl. test og certificering").rest == 700_000
    # The other lines have no amount in the new revision: nothing allocated to them there.
    assert table.unallocated[-1] == 8_000_000 - 1_900_000
    assert BudgetRevision.objects.count() == 3


def test_import_refuses_an_amount_that_contradicts_the_existing_budget():
    import_agenda(seed())
    data = seed()
    data["portfolio"]["budgets"][0]["lines"][1]["budget"]["2025-08-31"] = 900_000
    data["portfolio"]["budgets"][0]["revisions"].append("2025-11-30")
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda(data)

    assert caught.value.path == 'portfolio.budgets[0].lines[1].budget["2025-08-31"]'
    assert "888000" in caught.value.message
    assert "900000" in caught.value.message
    assert counts() == before
    assert BudgetAmount.objects.filter(amount=900_000).count() == 0


def test_import_updates_a_programme_name_and_keeps_existing_projects():
    Programme.objects.create(short_name="DAP", name="Gammelt navn")

    import_agenda(seed())

    assert Programme.objects.get(short_name="DAP").name == "Digital Almen Praksis"


def test_import_refuses_a_project_that_belongs_to_another_programme():
    other = Programme.objects.create(short_name="X", name="Et andet program")
    Project.objects.create(programme=other, name="klinikkens COCKPIT")
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda(seed())

    assert caught.value.path == "portfolio.projects[1].programme"
    assert "»X«" in caught.value.message
    assert counts() == before


def test_items_may_name_projects_that_exist_only_in_the_portal():
    import_agenda(seed())
    data = seed()
    del data["portfolio"]
    data["items"][1]["projects"] = ["klinikkens cockpit"]

    meeting = import_agenda(data)

    item = meeting.items.get(position=2)
    assert [project.name for project in item.projects.all()] == ["Klinikkens cockpit"]


# --- Hostile HTML -------------------------------------------------------------------------


def test_hostile_html_is_imported_sanitized_with_its_text_kept():
    data = seed()
    data["items"][0]["sections"][0]["html"] = (
        '<p>Velkommen<script>alert("x")</script> til <a href="javascript:alert(1)">mødet</a>'
        '<img src="file:///etc/passwd" onerror="alert(2)"> i dag.</p>'
        '<p onclick="steal()">Punkt <strong onmouseover="x()">to</strong></p>'
    )
    data["items"][0]["decision_html"] = '<p>Godkendt<img src=x onerror="alert(3)"></p>'

    meeting = import_agenda(data)

    item = meeting.items.get(position=1)
    stored = item.sections.get().html + item.decision_html
    for hostile in ("<script", "alert", "onerror", "onclick", "onmouseover", "javascript:"):
        assert hostile not in stored
    assert "file:///etc/passwd" not in stored
    assert "<img" not in stored
    assert "Velkommen" in stored
    assert "mødet" in stored
    assert "i dag." in stored
    assert "<strong>to</strong>" in stored
    assert "Godkendt" in item.decision_html


def test_import_links_the_committee_to_the_portfolio_programmes():
    meeting = import_agenda(copy.deepcopy(SEED))
    assert sorted(meeting.committee.programmes.values_list("short_name", flat=True)) == [
        "DAP",
        "FP",
    ]


def test_plain_text_of_html_keeps_the_words_of_adjacent_blocks_apart():
    from meetings.sanitize import html_to_text

    text = html_to_text(
        "<p>Det indstilles, at styregruppen</p><ul><li>drøfter &amp; godkender</li>"
        "<li>tager til efterretning</li></ul><p>PLO<br>MedCom</p>"
    )
    assert text == (
        "Det indstilles, at styregruppen drøfter & godkender tager til efterretning PLO MedCom"
    )


def test_import_writes_the_portfolio_through_its_services_with_their_history(
    django_user_model,
):
    user = django_user_model.objects.create_user(username="sekretær", password="x")

    import_agenda(seed(), actor=user)

    actions = list(PortfolioChange.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["programme_created"] * 2 + ["project_created"] * 11 + ["budget_created"]
    budget = PortfolioChange.objects.get(action="budget_created")
    assert budget.actor == user
    assert budget.summary == (
        "Budget 2025 oprettet fra dagsorden: 2 revisioner, 9 linjer, 18 beløb, 9 forbrugstal"
    )
    before = PortfolioChange.objects.count()
    import_agenda(seed(), actor=user)  # nothing new to add: nothing recorded
    assert PortfolioChange.objects.count() == before


def test_import_keeps_the_budget_rule_that_a_revision_lies_in_the_budget_year():
    data = seed()
    data["portfolio"]["budgets"][0]["revisions"].append("2026-01-15")
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda(data)

    assert caught.value.path == "portfolio.budgets[0]"
    assert "skal være dateret i 2025" in caught.value.message
    assert counts() == before
