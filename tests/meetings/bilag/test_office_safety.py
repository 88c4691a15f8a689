"""Office zip bombs are refused at upload; conversions run under a memory limit, once per file."""

import io
import subprocess
import sys
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.bilag.conversion import ConversionError, _limit_memory
from meetings.bilag.services import check_upload
from meetings.documents import pack
from tests.factories import BilagFactory
from tests.meetings.pdf_samples import minimal_docx

pytestmark = pytest.mark.django_db


def bomb(unpacked: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(minimal_docx("x"))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("word/media/filler.xml", b"<a/>" * (unpacked // 4))
    return buffer.getvalue()


def test_an_office_zip_bomb_is_refused_at_upload_with_a_danish_message():
    data = bomb(40 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    with pytest.raises(ValidationError, match="når den pakkes ud"):
        check_upload(SimpleUploadedFile("notat.docx", data))


def test_an_ordinary_word_file_passes():
    assert check_upload(SimpleUploadedFile("notat.docx", minimal_docx("Tekst"))).kind.label


def test_a_failed_conversion_is_not_retried_for_the_same_file(monkeypatch):
    calls = []

    def failing(data, **_kwargs):
        calls.append(1)
        raise ConversionError("LibreOffice kunne ikke konvertere filen.")

    monkeypatch.setattr(pack, "convert_to_pdf", failing)
    bilag = BilagFactory()
    for _ in range(2):
        bilag.refresh_from_db()
        with pytest.raises(ConversionError, match="kunne ikke konvertere"):
            pack._rendition(bilag, minimal_docx("x"))
    assert len(calls) == 1


def test_the_conversion_memory_limit_stops_a_process_that_grows_past_it():
    result = subprocess.run(
        [sys.executable, "-c", "b = bytearray(600 * 1024 * 1024)"],
        preexec_fn=_limit_memory(300 * 1024 * 1024),
        capture_output=True,
        check=False,
    )
    assert result.returncode != 0
    assert b"MemoryError" in result.stderr
