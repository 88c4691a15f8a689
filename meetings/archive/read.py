"""One archive file (.docx, .pdf; .doc and .odt through LibreOffice) read into a Reading."""

from pathlib import PurePosixPath

from django.conf import settings

from .. import files
from ..bilag import conversion
from .blocks import ReadError, docx_blocks, pdf_blocks
from .layout import Reading, read_layout

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


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def read_archive_file(content: bytes, name: str) -> Reading:
    """The agenda or minutes in one file; ReadError (Danish) when it cannot be read."""
    check_size(name, len(content))
    suffix = suffix_of(name)
    kind = files.sniff_bytes(content)
    if suffix == ".docx" or kind == files.DOCX:
        blocks = docx_blocks(content)
    elif suffix == ".pdf" or kind == files.PDF:
        if kind != files.PDF:
            raise ReadError("Filen hedder .pdf, men er ikke en PDF-fil.")
        blocks = pdf_blocks(content)
    elif suffix in CONVERTED:
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
    return read_layout(blocks)
