"""The management commands import_agenda and export_agenda."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from meetings.interchange.export import export_agenda, export_agenda_zip
from meetings.interchange.services import import_agenda
from meetings.models import Bilag, Meeting

from .helpers import (
    FIXTURE,
    PDF,
    seed,
    seed_with_file,
    write_file,
)

pytestmark = pytest.mark.django_db


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
    file = write_file(tmp_path, "dagsorden.json", json.dumps(data).encode())

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
