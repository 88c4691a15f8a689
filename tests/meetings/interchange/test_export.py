"""Export of `dap-agenda/1`: the canonical document, and export -> import -> export."""

import copy
import json

import pytest

from budgets.models import Budget
from meetings.interchange.export import dumps_agenda, export_agenda, export_agenda_zip
from meetings.interchange.services import import_agenda, import_agenda_file
from meetings.models import Bilag, Committee, Meeting
from projects.models import Programme, Project

from .helpers import (
    PDF,
    read_zip,
    seed,
    seed_with_file,
)

pytestmark = pytest.mark.django_db


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
    assert dumps_agenda(again) == dumps_agenda(exported)


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
