"""PDFs lose their active content on upload, and the meeting pack never carries it."""

import copy
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from meetings.bilag.services import bilag_upload
from meetings.documents.pack import build_pack
from meetings.interchange.services import import_agenda
from meetings.models import AuditEntry, Bilag
from tests.factories import AgendaItemFactory
from tests.meetings.documents.test_pack import SECRETARIAT, SEED, attach
from tests.meetings.pdf_samples import pdf_with_pages

pytestmark = pytest.mark.django_db

# pypdf writes "javascript:" as "javascript\\072": links are checked parsed, not as bytes.
DANGEROUS = (b"/JavaScript", b"/Launch", b"/OpenAction", b"/EmbeddedFiles")


def uris(reader: PdfReader) -> list[str]:
    return [
        str(annotation.get_object()["/A"].get("/URI", annotation.get_object()["/A"]["/S"]))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]


def script(code: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def active_pdf() -> bytes:
    """One page carrying every kind of active content, and one ordinary web link."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_with_pages(1, "Aktivt indhold")))
    writer.add_attachment("program.exe", b"MZ not really")
    names = writer.root_object["/Names"].get_object()
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("start"), script("3;")])}
    )
    writer.root_object[NameObject("/OpenAction")] = script("app.alert('åbning');")
    writer.root_object[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): script("1;")})
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script("2;")})
    page[NameObject("/Annots")] = ArrayObject()
    for top, kind, key, value in (
        (700, "/URI", "/URI", "javascript:alert(1)"),
        (650, "/URI", "/URI", "https://example.dk/"),
        (600, "/Launch", "/F", "calc.exe"),
    ):
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(FloatObject(v) for v in (50, top, 200, top + 20)),
                NameObject("/A"): DictionaryObject(
                    {NameObject("/S"): NameObject(kind), NameObject(key): TextStringObject(value)}
                ),
            }
        )
        page["/Annots"].append(writer._add_object(link))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_the_active_pdf_really_is_active():
    data = active_pdf()
    for marker in DANGEROUS:
        assert marker in data, marker
    assert uris(PdfReader(io.BytesIO(data))) == [
        "javascript:alert(1)",
        "https://example.dk/",
        "/Launch",
    ]


def test_upload_stores_the_pdf_without_active_content_and_says_so_in_the_audit():
    item = AgendaItemFactory()
    upload = SimpleUploadedFile("aktiv.pdf", active_pdf(), content_type="application/pdf")

    bilag = bilag_upload(item=item, actor=None, upload=upload)

    with bilag.file.open("rb") as handle:
        stored = handle.read()
    for marker in DANGEROUS:
        assert marker not in stored, marker
    reader = PdfReader(io.BytesIO(stored))
    assert "/AA" not in reader.pages[0]
    assert uris(reader) == ["https://example.dk/"]  # the ordinary web link stays
    assert "Aktivt indhold" in (reader.pages[0].extract_text() or "")
    summary = AuditEntry.objects.filter(item=item).latest("pk").summary
    assert "Aktivt indhold fjernet" in summary
    assert "JavaScript" in summary


def test_the_pack_never_carries_a_bilag_s_active_content():
    meeting = import_agenda(copy.deepcopy(SEED))
    for bilag in Bilag.objects.filter(item__meeting=meeting, generated=""):
        # Stored before the upload check existed: straight into storage.
        attach(bilag, active_pdf(), "aktiv.pdf")

    content = build_pack(meeting, SECRETARIAT).content

    for marker in DANGEROUS:
        assert marker not in content, marker
    reader = PdfReader(io.BytesIO(content))
    for page in reader.pages:
        assert "/AA" not in page
    assert set(uris(reader)) == {"https://example.dk/"}  # kept, tagged, as a bilag's web link
    assert "Aktivt indhold" in " ".join(page.extract_text() or "" for page in reader.pages)


def test_a_written_procedure_s_bilag_is_stored_without_active_content(dap, secretary):
    """The same rules as an item's bilag: the upload through one store_file."""
    import datetime as dt
    import hashlib

    from django.utils import timezone

    from meetings.procedures import services as procedures

    draft = procedures.procedure_create(
        committee=dap,
        actor=secretary,
        title="Mini PID",
        deadline=timezone.now() + dt.timedelta(days=5),
        rule="majority",
    )
    upload = SimpleUploadedFile("aktiv.pdf", active_pdf(), content_type="application/pdf")

    bilag = procedures.procedure_bilag_upload(procedure=draft, actor=secretary, upload=upload)

    with bilag.file.open("rb") as handle:
        stored = handle.read()
    for marker in DANGEROUS:
        assert marker not in stored, marker
    assert bilag.sha256 == hashlib.sha256(stored).hexdigest()
    assert bilag.size == len(stored)
    assert "Aktivt indhold" in bilag.text
    summary = AuditEntry.objects.filter(action="procedure_bilag_uploaded").latest("pk").summary
    assert "Aktivt indhold fjernet" in summary
