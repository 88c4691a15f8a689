"""How large an agenda may grow: items per meeting and characters per section, the same in
the editor, `import_agenda` and the archive import, with a Danish message."""

import copy
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from meetings.archive import services as archive
from meetings.archive.layout import Reading
from meetings.editor.items import agenda_item_create, section_create
from meetings.interchange.services import InterchangeError, import_agenda
from meetings.models import (
    MAX_ITEMS_PER_MEETING,
    MAX_SECTION_CHARACTERS,
    AgendaItem,
    ArchiveImport,
    Meeting,
)
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SEED = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "dap-2025-10-06.json").read_text()
)
TOO_MANY = f"En dagsorden kan højst have {MAX_ITEMS_PER_MEETING} punkter"
TOO_LONG = "Et afsnit må højst have 200.000 tegn"
LONG_HTML = "<p>" + "x" * MAX_SECTION_CHARACTERS + "</p>"


def _many_items(count: int) -> dict:
    data = copy.deepcopy(SEED)
    first = data["items"][0]
    data["items"] = [
        {**copy.deepcopy(first), "title": f"Punkt {n}", "standing": None} for n in range(count)
    ]
    return data


def _long_section() -> dict:
    data = copy.deepcopy(SEED)
    data["items"][0]["sections"] = [{"heading": "Baggrund", "html": LONG_HTML}]
    return data


def test_the_editor_refuses_an_item_past_the_limit(dap, secretary):
    meeting = MeetingFactory(committee=dap, draft=True)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=f"Punkt {n}")
        for n in range(1, MAX_ITEMS_PER_MEETING + 1)
    )
    with pytest.raises(ValidationError, match=TOO_MANY):
        agenda_item_create(meeting=meeting, actor=secretary, title="Ét for meget")
    assert meeting.items.count() == MAX_ITEMS_PER_MEETING


def test_the_editor_refuses_a_section_past_the_limit(dap, secretary):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap, draft=True))
    with pytest.raises(ValidationError, match=TOO_LONG):
        section_create(item=item, actor=secretary, heading="Baggrund", html=LONG_HTML)
    assert not item.sections.exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [(_many_items(MAX_ITEMS_PER_MEETING + 1), TOO_MANY), (_long_section(), TOO_LONG)],
    ids=["items", "section"],
)
def test_import_agenda_refuses_the_same_and_saves_nothing(document, message, tmp_path):
    with pytest.raises(InterchangeError, match=message):
        import_agenda(document)
    path = tmp_path / "dagsorden.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_agenda", str(path))
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [(_many_items(MAX_ITEMS_PER_MEETING + 1), TOO_MANY), (_long_section(), TOO_LONG)],
    ids=["items", "section"],
)
def test_the_archive_import_refuses_the_same(document, message, monkeypatch):
    monkeypatch.setattr(
        archive, "read_archive_file", lambda content, name: Reading("dagsorden", document)
    )
    with pytest.raises(archive.ArchiveError, match=message):
        archive.archive_import_file(content=b"an agenda", name="dagsorden.docx", actor=None)
    assert not Meeting.objects.exists()
    assert not ArchiveImport.objects.exists()
