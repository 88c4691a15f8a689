"""Files the archive import refuses: a clear Danish message, and the database unchanged."""

import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.apps import apps
from django.conf import settings
from pypdf import PdfReader, PdfWriter

from meetings.archive import read
from meetings.archive.services import (
    ArchiveError,
    State,
    archive_import_file,
    expand_upload,
    preview_file,
)
from meetings.models import ArchiveImport
from tests import hostile

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """Rows of every model of the portal's apps (M2M tables included) and stored files."""
    result = {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"meetings", "projects", "budgets", "auth"}
    }
    media = Path(settings.MEDIA_ROOT)
    result["files"] = sum(1 for path in media.rglob("*") if path.is_file()) if media.exists() else 0
    return result


def encrypted(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="hemmelig", owner_password="ejer")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def shopping_list() -> bytes:
    document = docx.Document()
    document.add_paragraph("Indkøbsliste").runs[0].bold = True
    document.add_paragraph("Mælk, brød og kaffe")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


CASES = {
    "encrypted": (
        lambda c: (encrypted(c.portal_pdf), "hemmelig.pdf"),
        "PDF-filen er krypteret (beskyttet med adgangskode)",
    ),
    # A scan goes through OCR: test_scans_and_sums.py.
    "corrupt docx": (
        lambda c: (c.docx[: len(c.docx) // 2], "halv.docx"),
        "kan ikke læses som et Word-dokument (.docx)",
    ),
    "not a zip at all": (
        lambda c: (b"Dette er ikke et Word-dokument", "tekst.docx"),
        "kan ikke læses som et Word-dokument (.docx)",
    ),
    "not an agenda": (
        lambda c: (shopping_list(), "indkøb.docx"),
        "Filen ligner ikke en dagsorden eller et referat",
    ),
    "pdf in name only": (lambda c: (b"Dagsorden til ...", "dagsorden.pdf"), "ikke en PDF-fil"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_with_its_message_and_nothing_changes(corpus, case):
    make, message = CASES[case]
    content, name = make(corpus)
    before = counts()
    preview = preview_file(content=content, name=name)
    assert preview.state == State.REFUSED
    assert message in preview.message
    with pytest.raises(ArchiveError, match=message.replace("(", r"\(").replace(")", r"\)")):
        archive_import_file(content=content, name=name, actor=None)
    assert counts() == before


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read(corpus, settings):
    settings.DAP_BILAG_MAX_BYTES = 1000
    before = counts()
    with pytest.raises(ArchiveError, match=r"højst 0,0 MB er tilladt pr\. fil"):
        archive_import_file(content=corpus.docx, name="stor.docx", actor=None)
    [upload] = expand_upload("arkiv.zip", make_zip({"stor.docx": corpus.docx}))
    assert "er tilladt pr. fil" in upload.refused
    settings.DAP_ARCHIVE_MAX_BYTES = 1000
    with pytest.raises(ArchiveError, match="kan uploades ad gangen"):
        expand_upload("arkiv.zip", make_zip({"stor.docx": corpus.docx}))
    assert counts() == before


@pytest.mark.parametrize("evil", ["../udenfor.docx", "/etc/dagsorden.docx", "a/../../b.docx"])
def test_a_zip_with_a_path_outside_it_is_refused_whole(corpus, evil):
    before = counts()
    content = make_zip({"god.docx": corpus.docx, evil: corpus.docx})
    with pytest.raises(ArchiveError, match="Zip-filen er afvist, og intet er gemt"):
        expand_upload("arkiv.zip", content)
    assert counts() == before


def test_doc_and_odt_are_skipped_with_the_reason_without_libreoffice(monkeypatch):
    monkeypatch.setattr(read.conversion, "soffice", lambda: None)
    for name in ("gammel.doc", "åben.odt"):
        preview = preview_file(content=b"\xd0\xcf\x11\xe0 old", name=name)
        assert preview.state == State.SKIPPED
        assert "LibreOffice, som ikke er installeret" in preview.message
    assert preview_file(content=b"x", name="noter.txt").state == State.SKIPPED


def test_an_agenda_pdf_with_javascript_is_imported_and_its_original_kept_without_it(corpus):
    # An owner password only (it opens without one), as the outside review sent it.
    content = hostile.encrypted_javascript_pdf(corpus.portal_pdf)
    archive_import_file(content=content, name="dagsorden.pdf", actor=None)
    with ArchiveImport.objects.get().original.open("rb") as handle:
        kept = handle.read()
    reader = PdfReader(io.BytesIO(kept))
    assert not reader.is_encrypted
    assert "/OpenAction" not in reader.trailer["/Root"]
    assert b"/JavaScript" not in kept
    assert b"javascript" not in kept.lower()


def test_a_pdf_whose_streams_inflate_past_the_limit_is_refused_before_it_is_read(settings):
    hostile.small_limits(settings)
    before = counts()
    with pytest.raises(ArchiveError, match=r"pakkes ud til mere end 1,0 MB"):
        archive_import_file(content=hostile.pdf_stream_bomb(), name="dagsorden.pdf", actor=None)
    assert counts() == before
