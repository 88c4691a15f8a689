"""Import and export of the agenda interchange format `dap-agenda/1`."""

import copy
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from budgets.models import Budget, BudgetAmount, BudgetRevision
from budgets.selectors import budget_table_for
from meetings.access import Viewer
from meetings.agenda import agenda_for, next_meeting_sentence
from meetings.interchange import services as interchange
from meetings.interchange.services import (
    InterchangeError,
    export_agenda,
    export_agenda_zip,
    import_agenda,
    import_agenda_file,
)
from meetings.models import AgendaItem, AuditEntry, Bilag, Committee, Meeting, MeetingStatus, Role
from projects.models import Programme, Project

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "dap-2025-10-06.json"
SEED = json.loads(FIXTURE.read_text(encoding="utf-8"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)


def seed() -> dict[str, Any]:
    """A fresh copy of the real agenda of 6 October 2025 (the fixture itself is never changed)."""
    return copy.deepcopy(SEED)


def secretariat() -> Viewer:
    return Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)


def counts() -> dict[str, int]:
    """Rows of every model of the portal's apps (M2M tables included) and stored files."""
    result = {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"meetings", "projects", "budgets"}
    }
    media = Path(settings.MEDIA_ROOT)
    result["files"] = sum(1 for path in media.rglob("*") if path.is_file()) if media.exists() else 0
    return result


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_of(document: dict[str, Any], files: dict[str, bytes]) -> bytes:
    return make_zip({"agenda.json": json.dumps(document).encode(), **files})


def seed_with_file(name: str = "bilag/kommissorium.pdf") -> dict[str, Any]:
    """The seed whose bilag 3.1 comes with a file in the zip."""
    data = seed()
    data["items"][2]["attachments"][0]["file"] = name
    return data


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


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


# --- Export and round trips ---------------------------------------------------------------


def test_export_is_canonical_with_every_optional_key_in_documented_order():
    meeting = import_agenda(seed())

    data = export_agenda(meeting)

    assert list(data) == [
        "format",
        "committee",
        "meeting",
        "next_meeting",
        "items",
        "portfolio",
    ]
    assert data["format"] == "dap-agenda/1"
    assert list(data["meeting"]) == ["title", "date", "start_time", "end_time", "location"]
    first = data["items"][0]
    assert list(first) == [
        "title",
        "kind",
        "duration_minutes",
        "presenters",
        "projects",
        "confidential",
        "standing",
        "attachments",
        "sections",
        "embeds",
        "decision_html",
    ]
    assert first["kind"] is None
    assert first["presenters"] == []
    assert first["decision_html"] is None
    assert data["items"][8]["attachments"] == [
        {
            "title": "Monitorering",
            "file": None,
            "generated": "project_monitoring",
            "confidential": False,
        }
    ]
    assert data["items"][7]["presenters"][1] == {
        "name": "Rikke Viggers",
        "organisation": "",
        "role": "Projektleder",
    }
    assert [p["short_name"] for p in data["portfolio"]["programmes"]] == ["DAP", "FP"]
    assert len(data["portfolio"]["projects"]) == 11
    assert data["portfolio"]["budgets"][0]["lines"][0]["budget"] == {
        "2025-04-28": 1_615_000,
        "2025-08-31": 1_850_000,
    }


def test_export_portfolio_holds_only_what_the_items_refer_to():
    import_agenda(seed())
    Programme.objects.create(short_name="ZZ", name="Uvedkommende")
    data = seed()
    data["items"] = [data["items"][1]]  # Kronikerpakker: two projects, no embeds
    meeting = import_agenda(data)

    portfolio = export_agenda(meeting)["portfolio"]

    assert [p["short_name"] for p in portfolio["programmes"]] == ["DAP", "FP"]
    assert [p["name"] for p in portfolio["projects"]] == ["Klinikkens cockpit", "Forløbsplaner"]
    assert portfolio["budgets"] == []


def test_export_import_export_gives_the_same_json():
    exported = export_agenda(import_agenda(seed()))

    again = export_agenda(import_agenda(copy.deepcopy(exported)))

    assert again == exported
    assert interchange.dumps_agenda(again) == interchange.dumps_agenda(exported)


def test_export_imports_into_an_empty_portal_with_the_same_result():
    exported = export_agenda(import_agenda(seed()))
    Meeting.objects.all().delete()
    Budget.objects.all().delete()
    Project.objects.all().delete()
    Programme.objects.all().delete()
    Committee.objects.all().delete()

    again = export_agenda(import_agenda(copy.deepcopy(exported)))

    assert again == exported


def test_zip_round_trip_keeps_bilag_files(tmp_path):
    meeting = import_agenda(
        seed_with_file("bilag/Kommissorium v097.pdf"),
        files={"bilag/Kommissorium v097.pdf": PDF},
    )
    bilag = Bilag.objects.get(item__meeting=meeting, title__startswith="Kronikerpakker")
    assert bilag.content_type == "application/pdf"
    assert bilag.size == len(PDF)
    assert bilag.original_filename == "Kommissorium v097.pdf"
    assert len(bilag.sha256) == 64
    assert bilag.file.name.endswith(".pdf")
    assert export_agenda(meeting)["items"][2]["attachments"][0]["file"] is None

    first = export_agenda_zip(meeting)
    path = tmp_path / "dagsorden.zip"
    path.write_bytes(first)
    second = export_agenda_zip(import_agenda_file(path))

    assert second == first
    entries = read_zip(second)
    assert sorted(entries) == ["agenda.json", "bilag/3-1.pdf"]
    assert entries["bilag/3-1.pdf"] == PDF
    document = json.loads(entries["agenda.json"])
    assert document["items"][2]["attachments"][0]["file"] == "bilag/3-1.pdf"


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


# --- Bad documents ------------------------------------------------------------------------


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _duplicate_programme(data: dict[str, Any]) -> None:
    data["portfolio"]["programmes"].append({"short_name": "DAP", "name": "Igen"})


def _duplicate_project(data: dict[str, Any]) -> None:
    data["portfolio"]["projects"].append({"name": "KLINIKKENS COCKPIT", "programme": "DAP"})


def _duplicate_budget(data: dict[str, Any]) -> None:
    data["portfolio"]["budgets"].append(copy.deepcopy(data["portfolio"]["budgets"][0]))


def _revisions_out_of_order(data: dict[str, Any]) -> None:
    data["portfolio"]["budgets"][0]["revisions"].reverse()


BAD_DOCUMENTS = [
    pytest.param(_set(["format"], "dap-agenda/2"), "format", "dap-agenda/1", id="wrong-format-tag"),
    pytest.param(_delete(["format"]), "format", "mangler", id="missing-format"),
    pytest.param(
        _set(["items", 3, "colour"], "rød"), "items[3].colour", "Ukendt felt", id="unknown-key"
    ),
    pytest.param(
        _set(["portfolio", "budgets", 0, "lines", 2, "forecast"], 1),
        "portfolio.budgets[0].lines[2].forecast",
        "Ukendt felt",
        id="unknown-key-deep",
    ),
    pytest.param(_delete(["items", 1, "title"]), "items[1].title", "mangler", id="missing-title"),
    pytest.param(_set(["items", 1, "title"], "  "), "items[1].title", "tom", id="blank-title"),
    pytest.param(
        _set(["items", 3, "duration_minutes"], -5),
        "items[3].duration_minutes",
        "Varigheden skal være et helt tal på 0 eller mere.",
        id="negative-duration",
    ),
    pytest.param(
        _set(["items", 3, "duration_minutes"], True),
        "items[3].duration_minutes",
        "helt tal",
        id="bool-duration",
    ),
    pytest.param(
        _set(["items", 3, "duration_minutes"], 12.5),
        "items[3].duration_minutes",
        "helt tal",
        id="decimal-duration",
    ),
    pytest.param(
        _set(["meeting", "date"], "2025-02-30"), "meeting.date", "findes ikke", id="bad-date"
    ),
    pytest.param(
        _set(["meeting", "date"], "6/10/2025"), "meeting.date", "ÅÅÅÅ-MM-DD", id="date-format"
    ),
    pytest.param(
        _set(["meeting", "start_time"], "1pm"), "meeting.start_time", "TT:MM", id="time-format"
    ),
    pytest.param(
        _set(["meeting", "end_time"], "12:00"),
        "meeting.end_time",
        "efter starttiden",
        id="end-before-start",
    ),
    pytest.param(
        _set(["next_meeting", "end_time"], "25:00"),
        "next_meeting.end_time",
        "findes ikke",
        id="impossible-time",
    ),
    pytest.param(
        _set(["items", 1, "kind"], "X"), "items[1].kind", '"O" (orientering)', id="bad-kind"
    ),
    pytest.param(
        _set(["items", 1, "title"], 42), "items[1].title", "tekst", id="title-not-a-string"
    ),
    pytest.param(
        _set(["items", 9, "standing"], "coffee"),
        "items[9].standing",
        "next_meeting",
        id="bad-standing",
    ),
    pytest.param(
        _set(["items", 8, "attachments", 0, "generated"], "budget"),
        "items[8].attachments[0].generated",
        "project_monitoring",
        id="bad-generated",
    ),
    pytest.param(
        _set(["items", 7, "embeds", 0, "type"], "chart"),
        "items[7].embeds[0].type",
        "budget_table",
        id="bad-embed-type",
    ),
    pytest.param(
        _delete(["items", 7, "embeds", 0, "year"]),
        "items[7].embeds[0].year",
        "mangler",
        id="embed-without-year",
    ),
    pytest.param(
        _set(["items", 7, "embeds", 0, "programme"], "XYZ"),
        "items[7].embeds[0].programme",
        "Ukendt program",
        id="unknown-embed-programme",
    ),
    pytest.param(
        _set(["items", 2, "projects", 0], "Tidsmaskinen"),
        "items[2].projects[0]",
        "Ukendt projekt »Tidsmaskinen«",
        id="unknown-project",
    ),
    pytest.param(
        _set(["portfolio", "budgets", 0, "lines", 0, "project"], "Tidsmaskinen"),
        "portfolio.budgets[0].lines[0].project",
        "Ukendt projekt",
        id="unknown-line-project",
    ),
    pytest.param(
        _duplicate_programme,
        "portfolio.programmes[2].short_name",
        "står to gange",
        id="duplicate-programme",
    ),
    pytest.param(
        _duplicate_project, "portfolio.projects[11].name", "står to gange", id="duplicate-project"
    ),
    pytest.param(_duplicate_budget, "portfolio.budgets[1]", "DAP 2025", id="duplicate-budget"),
    pytest.param(
        _revisions_out_of_order,
        "portfolio.budgets[0].revisions[1]",
        "datoorden",
        id="revisions-out-of-order",
    ),
    pytest.param(
        _set(["portfolio", "budgets", 0, "lines", 0, "budget", "2025-05-01"], 1),
        'portfolio.budgets[0].lines[0].budget["2025-05-01"]',
        "ikke en af budgettets revisioner",
        id="amount-outside-revisions",
    ),
    pytest.param(
        _set(["portfolio", "budgets", 0, "lines", 0, "spent", "2025-08-31"], -1),
        'portfolio.budgets[0].lines[0].spent["2025-08-31"]',
        "0 eller mere",
        id="negative-spent",
    ),
    pytest.param(
        _set(["portfolio", "budgets", 0, "total"], "8.000.000"),
        "portfolio.budgets[0].total",
        "helt antal kroner",
        id="total-as-text",
    ),
    pytest.param(
        _set(["portfolio", "budgets", 0, "currency"], "kr"),
        "portfolio.budgets[0].currency",
        "DKK",
        id="bad-currency",
    ),
    pytest.param(
        _set(["items", 2, "attachments", 0, "file"], "bilag/3-1.pdf"),
        "items[2].attachments[0].file",
        ".zip",
        id="file-without-zip",
    ),
    pytest.param(_set(["items"], {}), "items", "liste", id="items-not-a-list"),
    pytest.param(
        _set(["committee", "short_name"], "D" * 31),
        "committee.short_name",
        "højst 30 tegn",
        id="too-long",
    ),
]


@pytest.mark.parametrize(("change", "path", "message"), BAD_DOCUMENTS)
def test_a_bad_document_names_the_place_and_changes_nothing(change, path, message):
    import_agenda(seed())  # so a failed import could also damage what exists
    data = seed()
    change(data)
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda(data)

    assert caught.value.path == path
    assert message in caught.value.message
    assert str(caught.value) == f"{path}: {caught.value.message}"
    assert counts() == before


def test_error_text_is_the_path_and_a_danish_sentence():
    data = seed()
    data["items"][3]["duration_minutes"] = -1

    with pytest.raises(InterchangeError) as caught:
        import_agenda(data)

    assert str(caught.value) == (
        "items[3].duration_minutes: Varigheden skal være et helt tal på 0 eller mere."
    )


def test_an_unknown_key_error_lists_the_keys_allowed_there():
    data = seed()
    data["items"][0]["presenter"] = []

    with pytest.raises(InterchangeError) as caught:
        import_agenda(data)

    assert caught.value.path == "items[0].presenter"
    assert "»presenter«" in caught.value.message
    assert "presenters" in caught.value.message


def test_a_failure_after_files_were_stored_removes_them(monkeypatch):
    def fail(**kwargs: object) -> None:
        raise InterchangeError("", "Afbrudt.")

    monkeypatch.setattr(interchange, "record_audit", fail)
    before = counts()

    with pytest.raises(InterchangeError):
        import_agenda(seed_with_file(), files={"bilag/kommissorium.pdf": PDF})

    assert counts() == before
    assert before["files"] == 0


def test_a_file_whose_content_is_not_allowed_is_refused_whatever_its_name():
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda(seed_with_file("bilag/3-1.pdf"), files={"bilag/3-1.pdf": ELF})

    assert caught.value.path == "items[2].attachments[0].file"
    assert "ikke en tilladt filtype" in caught.value.message
    assert counts() == before


# --- Bad files: JSON and zip --------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


BAD_ZIPS = [
    pytest.param(
        {"agenda.json": json.dumps(seed_with_file()).encode()},
        "items[2].attachments[0].file",
        "findes ikke i zip-filen",
        id="missing-file",
    ),
    pytest.param(
        {
            "agenda.json": json.dumps(seed_with_file()).encode(),
            "bilag/kommissorium.pdf": PDF,
            "../../etc/cron.d/x": b"x",
        },
        "../../etc/cron.d/x",
        "..",
        id="dot-dot-entry",
    ),
    pytest.param(
        {"agenda.json": json.dumps(seed()).encode(), "/etc/passwd": b"x"},
        "/etc/passwd",
        "absolut",
        id="absolute-entry",
    ),
    pytest.param(
        {"agenda.json": json.dumps(seed()).encode(), "bilag\\3-1.pdf": PDF},
        "bilag\\3-1.pdf",
        "omvendt skråstreg",
        id="backslash-entry",
    ),
    pytest.param(
        {"agenda.json": json.dumps(seed_with_file()).encode(), "bilag/kommissorium.pdf": ELF},
        "items[2].attachments[0].file",
        "ikke en tilladt filtype",
        id="elf-named-pdf",
    ),
    pytest.param(
        {"agenda.json": b'{"format": "dap-agenda/1",\n  "committee": }'},
        "agenda.json",
        "linje 2, kolonne 16",
        id="invalid-json-inside",
    ),
    pytest.param(
        {"dagsorden/agenda.json": json.dumps(seed()).encode()},
        "dagsorden.zip",
        "agenda.json i roden",
        id="no-agenda-json-at-root",
    ),
]


@pytest.mark.parametrize(("entries", "path", "message"), BAD_ZIPS)
def test_a_bad_zip_names_the_place_and_changes_nothing(tmp_path, entries, path, message):
    file = _write(tmp_path, "dagsorden.zip", make_zip(entries))
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == path
    assert message in caught.value.message
    assert counts() == before


def test_a_zip_entry_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.DAP_BILAG_MAX_BYTES = 200_000
    big = b"%PDF-1.4\n" + b"0" * 300_000  # compresses to almost nothing: a small zip bomb
    file = _write(
        tmp_path,
        "dagsorden.zip",
        zip_of(seed_with_file(), {"bilag/kommissorium.pdf": big}),
    )
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == "bilag/kommissorium.pdf"
    assert "DAP_BILAG_MAX_BYTES" in caught.value.message
    assert "højst" in caught.value.message
    assert counts() == before


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    file = _write(tmp_path, "dagsorden.zip", b"PK\x03\x04 this is not really a zip")

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == "dagsorden.zip"
    assert "ikke en gyldig zip-fil" in caught.value.message


def test_invalid_json_reports_line_and_column(tmp_path):
    file = _write(tmp_path, "dagsorden.json", b'{\n  "format": "dap-agenda/1",\n  "items": [,]\n}')
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == "dagsorden.json"
    assert "ikke gyldig JSON" in caught.value.message
    assert "linje 3, kolonne 13" in caught.value.message
    assert counts() == before


def test_a_key_written_twice_is_refused(tmp_path):
    file = _write(tmp_path, "dagsorden.json", b'{"format": "dap-agenda/1", "format": "x"}')

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert "»format« står to gange" in caught.value.message


def test_json_file_import_matches_dict_import():
    meeting = import_agenda_file(FIXTURE)

    assert meeting.items.count() == 10
    assert AgendaItem.objects.filter(meeting=meeting, kind="B").count() == 3


# --- Management commands ------------------------------------------------------------------


def test_import_command_prints_the_new_meeting_and_a_summary():
    out = io.StringIO()

    call_command("import_agenda", str(FIXTURE), stdout=out)

    meeting = Meeting.objects.get()
    assert out.getvalue().strip() == (
        f'Importeret: møde {meeting.pk} "Styregruppemøde for Digital Almen Praksis" '
        "mandag d. 6. oktober 2025, 10 punkter, 6 bilag"
    )


def test_import_command_reports_the_path_of_the_problem(tmp_path):
    data = seed()
    data["items"][3]["duration_minutes"] = -1
    file = _write(tmp_path, "dagsorden.json", json.dumps(data).encode())

    with pytest.raises(CommandError) as caught:
        call_command("import_agenda", str(file))

    assert str(caught.value) == (
        "Fejl i items[3].duration_minutes: Varigheden skal være et helt tal på 0 eller mere."
    )
    assert Meeting.objects.count() == 0


def test_import_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("import_agenda", str(tmp_path / "findes-ikke.json"))

    assert str(caught.value).startswith("Fejl i findes-ikke.json: Filen findes ikke")


def test_export_command_writes_json_to_stdout():
    meeting = import_agenda(seed())
    out = io.StringIO()

    call_command("export_agenda", str(meeting.pk), stdout=out)

    assert json.loads(out.getvalue()) == export_agenda(meeting)
    assert "Styregruppemøde" in out.getvalue()  # ensure_ascii=False: ø written as ø


def test_export_command_writes_a_json_file(tmp_path):
    meeting = import_agenda(seed())
    target = tmp_path / "dagsorden.json"

    call_command("export_agenda", str(meeting.pk), "--output", str(target), stdout=io.StringIO())

    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == export_agenda(meeting)
    assert text.startswith('{\n  "format": "dap-agenda/1",')


def test_export_command_zip_can_be_imported_again(tmp_path):
    meeting = import_agenda(seed_with_file(), files={"bilag/kommissorium.pdf": PDF})
    target = tmp_path / "dagsorden.zip"
    call_command("export_agenda", str(meeting.pk), "--output", str(target), stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_agenda", str(target), stdout=out)

    copy_ = Meeting.objects.exclude(pk=meeting.pk).get()
    assert f"møde {copy_.pk} " in out.getvalue()
    bilag = Bilag.objects.get(item__meeting=copy_, item__position=3)
    assert bilag.file.read() == PDF
    assert export_agenda_zip(copy_) == export_agenda_zip(meeting)


def test_export_command_refuses_an_unknown_meeting():
    with pytest.raises(CommandError) as caught:
        call_command("export_agenda", "4711")

    assert "4711" in str(caught.value)


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
