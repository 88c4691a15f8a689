"""What a bilag file really is, decided by its content and never by its name."""

import io
import zipfile
from dataclasses import dataclass
from typing import Any


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


def unpacked_size(data: bytes) -> int:
    """What a Word, Excel or PowerPoint file (a zip archive) says it unpacks to, in bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return 0


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


def preview_of(bilag: Any) -> tuple[str, str]:
    """How a bilag (`Bilag`) is shown in the browser: ('pdf'|'image'|'none', the reason
    when it is not shown). The viewer, the inline file and the offline manifest ask this."""
    if not bilag.has_file:
        return "none", "Bilaget har ingen fil."
    if bilag.content_type == PDF.content_type:
        return "pdf", ""
    if bilag.content_type in IMAGE_CONTENT_TYPES:
        return "image", ""
    if bilag.content_type in OFFICE_CONTENT_TYPES:
        if bilag.pdf_rendition:
            return "pdf", ""
        if bilag.rendition_error:
            return "none", f"Bilaget kunne ikke vises i browseren: {bilag.rendition_error}"
        return "none", "Bilaget konverteres stadig til PDF. Prøv igen om lidt, eller hent filen."
    return "none", "Denne filtype kan ikke vises i browseren."
