"""What a bilag file really is, decided by its content and never by its name."""

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError

from dap_portal.danish import megabytes


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", "PDF")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
)
PPTX = FileKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "PowerPoint",
)
OLE_OFFICE = FileKind("application/x-ole-storage", "doc", "Office (ældre format)")
PNG = FileKind("image/png", "png", "PNG-billede")
JPEG = FileKind("image/jpeg", "jpg", "JPEG-billede")
GIF = FileKind("image/gif", "gif", "GIF-billede")

OFFICE_KINDS = (DOCX, XLSX, PPTX, OLE_OFFICE)
OFFICE_CONTENT_TYPES = frozenset(kind.content_type for kind in OFFICE_KINDS)
IMAGE_CONTENT_TYPES = frozenset(kind.content_type for kind in (PNG, JPEG, GIF))
ALL_KINDS = (PDF, *OFFICE_KINDS, PNG, JPEG, GIF)
EXTENSIONS = {kind.content_type: kind.extension for kind in ALL_KINDS}

ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint eller et billede (PNG, JPEG, GIF)"

_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def sniff(head: bytes, whole: bytes | None = None) -> FileKind | None:
    """The kind of an allowed bilag file from its first bytes, or None if it is not allowed.

    `whole` is needed to tell Word, Excel and PowerPoint apart (they are zip files).
    """
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE_OFFICE
    if head.startswith(b"PK\x03\x04") and whole is not None:
        return _ooxml_kind(whole)
    return None


def _ooxml_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


class FileRefused(Exception):
    """A file the portal does not take in; the message (Danish) says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


CHUNK = 64 * 1024
# A DTD is where external entities and entity bombs live; Office files never need one. It is
# looked for in every part, named .xml or not, in each encoding an XML parser detects itself.
_DOCTYPE = tuple(
    "<!doctype".encode(encoding)
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_XML_PARTS = (".xml", ".rels", ".vml")


def _no_dtd(*_args: object) -> None:
    raise FileRefused("")  # the message is the caller's: the same as for the byte scan


def _xml_parser() -> "expat.XMLParserType":
    """A parser that only checks that a part is well-formed: it refuses any DTD and never
    loads anything from outside the file."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    return parser


def check_package(data: bytes, label: str) -> None:
    """Refuse a zip-based document (Word, Excel, PowerPoint, OpenDocument) that unpacks to far
    more than it is (a zip bomb), that has a DTD in a part (external entities, entity bombs),
    or that is damaged (a broken zip or an XML part that is not well-formed)."""
    cap = min(settings.DAP_OFFICE_MAX_UNPACKED_BYTES, len(data) * settings.DAP_OFFICE_MAX_RATIO)
    damaged = FileRefused(
        f"{label}-filen er beskadiget og kan ikke læses. Åbn den i Office, gem den igen "
        "(eller som PDF), og upload den igen."
    )
    total = 0
    well_formed = True  # said after the whole file is counted: a bomb is called a bomb
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                parser = _xml_parser() if info.filename.lower().endswith(_XML_PARTS) else None
                tail = b""
                with archive.open(info) as handle:
                    while chunk := handle.read(CHUNK):
                        total += len(chunk)
                        if total > cap:
                            raise FileRefused(
                                f"{label}-filen fylder mere end {megabytes(cap)}, når den pakkes "
                                "ud. Det er mere, end portalen kan vise sikkert (højst "
                                f"{megabytes(settings.DAP_OFFICE_MAX_UNPACKED_BYTES)} og "
                                f"{settings.DAP_OFFICE_MAX_RATIO} gange den pakkede størrelse). "
                                "Gem dokumentet som PDF, og upload det igen."
                            )
                        window = tail + chunk.lower()
                        if any(doctype in window for doctype in _DOCTYPE):
                            raise FileRefused("")
                        tail = window[-64:]
                        if parser is not None:
                            well_formed = well_formed and _parse(parser, chunk, final=False)
                if parser is not None:
                    well_formed = well_formed and _parse(parser, b"", final=True)
    except FileRefused as refused:
        if refused.message:
            raise
        raise FileRefused(
            f"{label}-filen indeholder en DTD (<!DOCTYPE …>), som kan hente andre filer ind "
            "eller vokse uden grænse, når den læses. Office gemmer aldrig sådan en. Åbn "
            "dokumentet i Office, gem det igen (eller som PDF), og upload det igen."
        ) from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,  # an entry with a password
    ):
        raise damaged from None
    if not well_formed:
        raise damaged


def _parse(parser: "expat.XMLParserType", chunk: bytes, *, final: bool) -> bool:
    """Feed a part's next bytes to its parser; False when the part is not well-formed."""
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError:
        return False
    return True


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that only opens with a password: it cannot be checked for active content,
    and members could not open it. (A PDF with only an owner password opens without one; its
    active content is removed on storing, like any other PDF's.)"""
    try:
        reader = PdfReader(io.BytesIO(data))
        if not reader.is_encrypted:
            return
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError):
        opened = False
    except (PdfReadError, ValueError, OSError, KeyError, TypeError):
        return  # damaged: stored as it is; the meeting pack lists it as damaged
    if not opened:
        raise FileRefused(
            "PDF-filen er beskyttet med en adgangskode, så portalen kan ikke kontrollere den, og "
            "medlemmerne kan ikke åbne den. Gem den uden adgangskode, og upload den igen."
        )


def check_file(data: bytes) -> FileKind:
    """The one check of a file that comes in by any path (upload, procedure bilag, agenda
    import, archive import, restore): what it is by its content, and that it is safe to keep
    and read. FileRefused (Danish) otherwise. A PDF's active content is removed when it is
    stored (`bilag.active_content`), not here."""
    limit = settings.DAP_BILAG_MAX_BYTES
    if len(data) > limit:
        raise FileRefused(
            f"Filen fylder {megabytes(len(data))}. Den største tilladte størrelse er "
            f"{megabytes(limit)}."
        )
    if not data:
        raise FileRefused("Filen er tom. Vælg en anden fil.")
    kind = sniff_bytes(data)
    if kind is None and is_svg(data):
        raise FileRefused(
            "Filen er et SVG-billede, og SVG kan ikke bruges som bilag (det kan indeholde "
            "kode). Gem billedet som PNG eller PDF, og upload det igen."
        )
    if kind is None:
        raise FileRefused(
            "Filen er ikke en PDF, Word-, Excel- eller PowerPoint-fil eller et billede "
            f"(indholdet er {describe(data)}). Vælg en anden fil."
        )
    if kind in (DOCX, XLSX, PPTX):
        check_package(data, kind.label)
    elif kind == PDF:
        check_pdf(data)
    return kind


def sniff_bytes(data: bytes) -> FileKind | None:
    return sniff(data[:16], data)


def is_office(kind: FileKind | str | None) -> bool:
    """Word, Excel or PowerPoint (by kind or content type): shown through a PDF rendition."""
    if isinstance(kind, FileKind):
        return kind in OFFICE_KINDS
    return kind in OFFICE_CONTENT_TYPES


_DESCRIPTIONS: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "et program (ELF)"),
    (b"MZ", "et Windows-program (EXE/DLL)"),
    (b"\xca\xfe\xba\xbe", "et program (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "et program (Mach-O)"),
    (b"#!", "et script"),
    (b"PK\x03\x04", "et zip-arkiv"),
    (b"Rar!", "et RAR-arkiv"),
    (b"7z\xbc\xaf\x27\x1c", "et 7-Zip-arkiv"),
    (b"\x1f\x8b", "et gzip-arkiv"),
    (b"{\\rtf", "et RTF-dokument"),
    (b"RIFF", "en lyd- eller videofil"),
    (b"ID3", "en lydfil (MP3)"),
)


def is_svg(data: bytes) -> bool:
    """An SVG image (XML whose root is <svg>), which may carry script: never a bilag."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith(b"<svg"):
        return True
    return head.startswith((b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in head


def describe(data: bytes) -> str:
    """What a refused file seems to be, in Danish, for the message that refuses it."""
    for magic, description in _DESCRIPTIONS:
        if data.startswith(magic):
            return description
    if is_svg(data):
        return "et SVG-billede"
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        return "en webside (HTML)"
    if head.startswith(b"<?xml"):
        return "XML"
    try:
        data[:2048].decode("utf-8")
    except UnicodeDecodeError:
        return "en ukendt filtype"
    return "tekst"


def preview_of(bilag: Any, *, for_secretariat: bool = False) -> tuple[str, str]:
    """How a bilag (`Bilag`) is shown in the browser: ('pdf'|'image'|'none', the reason
    when it is not shown). The viewer, the inline file and the offline manifest ask this.

    Why a conversion failed (LibreOffice missing, a broken file) is for the secretariat,
    who can act on it; a member is told to fetch the file."""
    if not bilag.has_file:
        return "none", "Bilaget har ingen fil."
    if bilag.content_type == PDF.content_type:
        return "pdf", ""
    if bilag.content_type in IMAGE_CONTENT_TYPES:
        return "image", ""
    if bilag.content_type in OFFICE_CONTENT_TYPES:
        if bilag.pdf_rendition:
            return "pdf", ""
        if bilag.rendition_error and for_secretariat:
            return "none", f"Bilaget kunne ikke vises i browseren: {bilag.rendition_error}"
        if bilag.rendition_error:
            return "none", "Kan ikke vises i browseren – hent filen."
        return "none", "Bilaget konverteres stadig til PDF. Prøv igen om lidt, eller hent filen."
    return "none", "Denne filtype kan ikke vises i browseren."
