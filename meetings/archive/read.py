"""One archive file (.docx, .pdf; .doc and .odt through LibreOffice) read into a Reading."""

import hashlib
import io
from pathlib import PurePosixPath

from django.conf import settings
from pypdf import PdfReader

from .. import files
from ..bilag import conversion, text
from ..bilag.active_content import strip_active_content
from ..sanitize import html_to_text
from .blocks import Block, NoTextError, ReadError, Table, docx_blocks, pdf_blocks
from .layout import Note, Reading, read_layout
from .ocr import OcrUnavailableError, ocr_scan, scan_note
from .sums import table_problems

READABLE = (".docx", ".pdf")
CONVERTED = (".doc", ".odt")
ODT = files.FileKind("application/vnd.oasis.opendocument.text", "odt", "OpenDocument-tekst")


class SkippedError(ReadError):
    """A file that is passed over rather than refused (an unknown type, no LibreOffice)."""


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_size(name: str, size: int) -> None:
    limit = settings.DAP_BILAG_MAX_BYTES
    if size > limit:
        raise ReadError(
            f"Filen fylder {megabytes(size)}; højst {megabytes(limit)} er tilladt pr. fil. "
            "Del den op eller gem den uden indlejrede billeder."
        )


def check_inside(content: bytes, kind: files.FileKind | None) -> None:
    """The upload's check of what is inside a file, before a reader opens it: a zip-based
    document is not a bomb, has no DTD and is not damaged (`files.check_package`); a PDF's
    streams do not inflate past DAP_PDF_MAX_DECODED_BYTES (pdfplumber would inflate them all)."""
    try:
        if kind in (files.DOCX, ODT):
            files.check_package(content, "Word" if kind == files.DOCX else "OpenDocument")
        elif kind == files.PDF:
            _check_pdf_inside(content)
    except files.FileRefused as refused:
        raise ReadError(refused.message) from None


def _check_pdf_inside(content: bytes) -> None:
    try:
        with text.bounded_decoding() as cap:
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted and not reader.decrypt(""):
                return  # pdf_blocks says it needs a password
            text.check_decoded_size(reader)
    except text.TooMuchInside:
        raise files.FileRefused(
            f"PDF-filen pakkes ud til mere end {megabytes(cap)}, når den læses. Det er mere, end "
            "portalen kan læse sikkert. Gem den igen som PDF (fx med »Udskriv som PDF«), og "
            "prøv igen."
        ) from None
    except Exception:  # noqa: S110 - damaged: pdf_blocks says so, in its own words
        pass


def original_to_keep(content: bytes) -> bytes:
    """The file kept as the secretariat's original: a PDF without its active content."""
    if files.sniff_bytes(content) == files.PDF:
        return strip_active_content(content)[0]
    return content


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def read_archive_file(content: bytes, name: str) -> Reading:
    """The agenda or minutes in one file; ReadError (Danish) when it cannot be read."""
    check_size(name, len(content))
    suffix = suffix_of(name)
    kind = files.sniff_bytes(content)
    if suffix == ".docx" or kind == files.DOCX:
        check_inside(content, kind)
        blocks = docx_blocks(content)
    elif suffix == ".pdf" or kind == files.PDF:
        if kind != files.PDF:
            raise ReadError("Filen hedder .pdf, men er ikke en PDF-fil.")
        check_inside(content, kind)
        try:
            blocks = pdf_blocks(content)
        except NoTextError:
            return _read_scan(content)
    elif suffix in CONVERTED:
        check_inside(content, ODT if content.startswith(b"PK\x03\x04") else kind)
        if conversion.soffice() is None:
            raise SkippedError(
                f"{suffix}-filer læses gennem LibreOffice, som ikke er installeret på serveren; "
                "gem filen som .docx eller PDF."
            )
        try:
            pdf = conversion.convert_to_pdf(
                content, kind=ODT if suffix == ".odt" else files.OLE_OFFICE
            )
        except conversion.ConversionError as exc:
            raise ReadError(f"Filen kunne ikke konverteres: {exc}") from exc
        blocks = pdf_blocks(pdf)
    else:
        raise SkippedError("Kun .docx, .pdf, .doc og .odt læses; filen er sprunget over.")
    return _checked(read_layout(blocks), blocks)


def _read_scan(content: bytes) -> Reading:
    """A PDF without text, read through OCR (skipped with the reason where Tesseract is not
    installed); the reading says it came from a scan and how sure the OCR was."""
    try:
        scan = ocr_scan(content, hashlib.sha256(content).hexdigest())
    except OcrUnavailableError as exc:
        raise SkippedError(str(exc)) from exc
    reading = _checked(read_layout(scan.blocks), scan.blocks)
    reading.notes.insert(0, Note("se efter", scan_note(scan)))
    return reading


def _item_holding(reading: Reading, rows: list[list[str]]) -> int | None:
    """The number of the item whose text holds the table (by its header cells)."""
    cells = [" ".join(cell.split()) for cell in rows[0] if cell.strip()]
    for number, item in enumerate(reading.document["items"], start=1):
        text = " ".join(
            " ".join(html_to_text(section["html"]).split()) for section in item["sections"]
        )
        if cells and all(cell in text for cell in cells):
            return number
    return None


def _checked(reading: Reading, blocks: list[Block]) -> Reading:
    """The reading with what does not add up in its budget tables (`sums`) as notes."""
    for block in blocks:
        if not isinstance(block, Table):
            continue
        problems = table_problems(block.rows)
        if not problems:
            continue
        number = _item_holding(reading, block.rows)
        where = f"Punkt {number}, budgettabellen" if number else "Budgettabellen"
        for problem in problems:
            reading.notes.append(Note("se efter", f"{where}: {problem.message}"))
    return reading
