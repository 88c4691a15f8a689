"""Bad agenda files, JSON and zip: syntax, traversal, sizes, content."""

import json

import pytest

from meetings.interchange.schema import InterchangeError
from meetings.interchange.services import import_agenda_file
from meetings.models import AgendaItem

from .helpers import (
    ELF,
    FIXTURE,
    PDF,
    counts,
    make_zip,
    seed,
    seed_with_file,
    write_file,
    zip_of,
)

pytestmark = pytest.mark.django_db


# --- Bad files: JSON and zip --------------------------------------------------------------


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
    file = write_file(tmp_path, "dagsorden.zip", make_zip(entries))
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == path
    assert message in caught.value.message
    assert counts() == before


def test_a_zip_entry_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.DAP_BILAG_MAX_BYTES = 200_000
    big = b"%PDF-1.4\n" + b"0" * 300_000  # compresses to almost nothing: a small zip bomb
    file = write_file(
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
    file = write_file(tmp_path, "dagsorden.zip", b"PK\x03\x04 this is not really a zip")

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == "dagsorden.zip"
    assert "ikke en gyldig zip-fil" in caught.value.message


def test_invalid_json_reports_line_and_column(tmp_path):
    file = write_file(
        tmp_path, "dagsorden.json", b'{\n  "format": "dap-agenda/1",\n  "items": [,]\n}'
    )
    before = counts()

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert caught.value.path == "dagsorden.json"
    assert "ikke gyldig JSON" in caught.value.message
    assert "linje 3, kolonne 13" in caught.value.message
    assert counts() == before


def test_a_key_written_twice_is_refused(tmp_path):
    file = write_file(tmp_path, "dagsorden.json", b'{"format": "dap-agenda/1", "format": "x"}')

    with pytest.raises(InterchangeError) as caught:
        import_agenda_file(file)

    assert "»format« står to gange" in caught.value.message


def test_json_file_import_matches_dict_import():
    meeting = import_agenda_file(FIXTURE)

    assert meeting.items.count() == 10
    assert AgendaItem.objects.filter(meeting=meeting, kind="B").count() == 3
