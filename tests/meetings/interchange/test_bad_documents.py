"""Bad `dap-agenda/1` documents: each names the place of its problem and changes nothing."""

import copy
from collections.abc import Callable
from typing import Any

import pytest

from meetings.interchange import services as interchange
from meetings.interchange.schema import InterchangeError
from meetings.interchange.services import import_agenda

from .helpers import (
    ELF,
    PDF,
    counts,
    seed,
    seed_with_file,
)

pytestmark = pytest.mark.django_db


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


def _formula_project(data: dict[str, Any]) -> None:
    data["portfolio"]["projects"].append(
        {"name": '=HYPERLINK("http://x.invalid","Klik her")', "programme": "DAP"}
    )


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
        _formula_project, "portfolio.projects[11].name", "må ikke begynde", id="formula-name"
    ),
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
