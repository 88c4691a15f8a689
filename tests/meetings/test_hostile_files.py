"""The hostile corpus (tests/hostile.py) through every way a file comes in: the bilag upload
page, a written procedure's bilag, the agenda import, the archive import and a restore.

Each file is refused with a Danish message, and then every table's row count and the
storage's file list are what they were; or it is taken in cleaned: no active content, no
encryption, a plain name.
"""

import datetime as dt
import hashlib
import io
import json
import re
import tarfile
from functools import cache

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.archive.services import ArchiveError, archive_import_file, expand_upload
from meetings.bilag.text import extract_pdf_text
from meetings.interchange.schema import InterchangeError
from meetings.interchange.services import import_agenda_fileobj
from meetings.models import Bilag, ProcedureBilag
from meetings.procedures.services import procedure_create
from ops.backup import FORMAT, BackupError, applied_migrations, restore_backup, storage_names
from tests import hostile
from tests.factories import AgendaItemFactory
from tests.meetings.editing import HTMX, url
from tests.meetings.interchange.helpers import make_zip, seed_with_file, zip_of
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


@cache
def corpus() -> dict[str, hostile.Hostile]:
    return {entry.key: entry for entry in hostile.corpus()}


KEYS = [entry.key for entry in hostile.corpus()]


@pytest.fixture(autouse=True)
def limits(settings):
    hostile.small_limits(settings)


def snapshot() -> dict[str, object]:
    """Every table's row count and the storage's file list."""
    rows = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return {"rows": rows, "files": sorted(storage_names(default_storage))}


def assert_clean(record: Bilag | ProcedureBilag) -> None:
    """What was kept of a file taken in: a plain name, and a PDF without active content."""
    assert "\x00" not in record.original_filename
    assert "/" not in record.original_filename
    assert len(record.original_filename) <= 255
    with record.file.open("rb") as handle:
        data = handle.read()
    reader = PdfReader(io.BytesIO(data))
    assert not reader.is_encrypted
    assert "/OpenAction" not in reader.trailer["/Root"]
    assert b"/JavaScript" not in data
    assert b"javascript" not in data.lower()
    assert all("/AA" not in page for page in reader.pages)


def danish_refusal(message: str, entry: hostile.Hostile, pattern: str | None = None) -> None:
    pattern = pattern if pattern is not None else entry.refused
    assert re.search(pattern, message), message
    # Danish words, not a traceback or an English exception
    assert re.search(r"[æøå]|\b(er|en|et|ikke|og|kan|det|den|der|som)\b", message), message


@pytest.mark.parametrize("key", KEYS)
def test_the_bilag_upload_page(as_secretary, meeting, key):
    entry = corpus()[key]
    item = AgendaItemFactory(meeting=meeting)
    before = snapshot()
    response = as_secretary.post(
        url("bilag_add", item.pk), {"file": SimpleUploadedFile(entry.name, entry.data)}, **HTMX
    )
    assert response.status_code == 200
    if entry.refused:
        danish_refusal(text_of(response), entry)
        assert snapshot() == before
    else:
        assert_clean(Bilag.objects.get())


@pytest.mark.parametrize("key", KEYS)
def test_a_written_procedures_bilag(client, dap, secretary, key):
    entry = corpus()[key]
    procedure = procedure_create(
        committee=dap,
        actor=secretary,
        title="Hostile filer",
        deadline=timezone.now() + dt.timedelta(days=7),
        rule="majority",
    )
    client.force_login(secretary)
    before = snapshot()
    response = client.post(
        reverse("meetings:procedure_bilag_upload", args=[procedure.pk]),
        {"file": SimpleUploadedFile(entry.name, entry.data)},
        follow=True,
    )
    assert response.status_code == 200
    if entry.refused:
        danish_refusal(text_of(response), entry)
        assert snapshot() == before
    else:
        assert_clean(ProcedureBilag.objects.get())


@pytest.mark.parametrize("key", KEYS)
def test_the_agenda_import(key):
    entry = corpus()[key]
    inside = f"bilag/{entry.name}"
    content = zip_of(seed_with_file(inside), {inside: entry.data})
    before = snapshot()
    refused = entry.refused_in_zip or entry.refused
    if not refused:
        import_agenda_fileobj(io.BytesIO(content), name="dagsorden.zip")
        [bilag] = Bilag.objects.exclude(file="")
        assert_clean(bilag)
        return
    with pytest.raises(InterchangeError) as raised:
        import_agenda_fileobj(io.BytesIO(content), name="dagsorden.zip")
    danish_refusal(raised.value.message, entry, refused)
    assert snapshot() == before


@pytest.mark.parametrize("key", KEYS)
def test_the_archive_import(dap, secretary, key):
    """None of them is an agenda: each is refused, as a file and inside a zip."""
    entry = corpus()[key]
    before = snapshot()
    messages = []
    try:
        uploads = expand_upload("arkiv.zip", make_zip({entry.name: entry.data}))
    except ArchiveError as error:
        messages.append(str(error))
        uploads = []
    for upload in uploads:
        if upload.refused:
            messages.append(upload.refused)
            continue
        with pytest.raises(ArchiveError) as raised:
            archive_import_file(
                content=upload.content, name=upload.name, actor=secretary, committee=dap
            )
        messages.append(str(raised.value))
    if not entry.refused_in_zip:
        with pytest.raises(ArchiveError) as raised:
            archive_import_file(content=entry.data, name=entry.name, actor=secretary, committee=dap)
        messages.append(str(raised.value))
    for message in messages:
        danish_refusal(message, entry, entry.refused_in_zip or entry.refused or ".")
    assert snapshot() == before


def backup_holding(path, name: str, data: bytes) -> None:
    """A backup (dap-backup/1) with no rows and one file."""
    manifest = {
        "created": "2026-01-01T00:00:00+00:00",
        "migrations": applied_migrations(),
        "files": {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}},
        "rows": 0,
        "format": FORMAT,
    }
    with tarfile.open(path, "w") as archive:
        for member, content in (
            ("database.json", b"[]"),
            (f"files/{name}", data),
            ("manifest.json", json.dumps(manifest).encode()),
        ):
            info = tarfile.TarInfo(member)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


# A restore cannot clean a file (the rows hold its hash): what an upload cleans is refused.
RESTORED = {
    **{key: corpus()[key].refused for key in KEYS if corpus()[key].refused},
    "encrypted-javascript-pdf": "aktivt indhold",
}


@pytest.mark.parametrize("key", sorted(RESTORED))
def test_a_restore(tmp_path, key):
    entry = corpus()[key]
    suffix = entry.name.rsplit(".", 1)[-1]
    backup = tmp_path / "dap.tar"
    backup_holding(backup, f"bilag/{hashlib.sha256(key.encode()).hexdigest()}.{suffix}", entry.data)
    before = snapshot()
    with pytest.raises(BackupError) as raised:
        restore_backup(backup)
    danish_refusal(str(raised.value), entry, RESTORED[key])
    assert snapshot() == before


def test_a_pdf_stream_bomb_is_kept_but_never_inflated_past_the_limit_for_search(
    as_secretary, meeting, settings
):
    item = AgendaItemFactory(meeting=meeting)
    bomb = hostile.pdf_stream_bomb()
    as_secretary.post(url("bilag_add", item.pk), {"file": SimpleUploadedFile("b.pdf", bomb)})
    assert Bilag.objects.get().text == ""
    # The same file under a limit it stays within is searchable: the limit made the difference.
    settings.DAP_PDF_MAX_DECODED_BYTES = 2 * hostile.BOMB_BYTES
    assert extract_pdf_text(bomb) == "Bombe side 1"
