"""Hostile files for the tests, made by code here (never committed binaries).

Each is small: the bombs are bombs against the limits the tests set lower through settings
(`small_limits`), so the suite stays fast. What each file is meant to do is in its docstring.
"""

import io
import struct
import zipfile
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from tests.meetings.pdf_samples import minimal_docx, pdf_with_pages

BOMB_BYTES = 4 * 1024 * 1024  # what the bombs unpack to; the tests' limits are 1 MB


def small_limits(settings) -> None:
    """Limits low enough that the corpus' small bombs go off, high enough for real files."""
    settings.DAP_OFFICE_MAX_UNPACKED_BYTES = 1024 * 1024
    settings.DAP_PDF_MAX_DECODED_BYTES = 1024 * 1024


def docx_with(parts: dict[str, bytes]) -> bytes:
    """The minimal Word file with these parts added or replaced."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(minimal_docx("Hostil"))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in parts:
                target.writestr(name, source.read(name))
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A Word file whose zip directory tells the truth: it unpacks to BOMB_BYTES."""
    return docx_with({"word/media/fyld.bin": b"\0" * BOMB_BYTES})


def lying_sizes_docx() -> bytes:
    """A Word file whose zip directory claims 1 KB for a part that inflates to BOMB_BYTES."""
    data = bytearray(zip_bomb_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        infos = archive.infolist()
    central = data.find(b"PK\x01\x02")
    for info in infos:
        if info.file_size > 1024:
            struct.pack_into("<I", data, info.header_offset + 22, 1024)  # local header
        if info.file_size > 1024:
            struct.pack_into("<I", data, central + 24, 1024)  # central directory
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def nested_zip() -> bytes:
    """A zip holding a zip holding the bomb."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bombe.docx", zip_bomb_docx())
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("indre.zip", inner.getvalue())
    return outer.getvalue()


DOCUMENT = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def xxe_docx() -> bytes:
    """A Word file whose text is an external entity: the server's /etc/passwd."""
    return docx_with(
        {
            "word/document.xml": b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + DOCUMENT
        }
    )


def billion_laughs_docx() -> bytes:
    """A Word file whose one entity expands to a billion "lol"s."""
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">'.encode() for n in range(1, 10)
    )
    return docx_with(
        {
            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w:document ['
            + entities
            + b'<!ENTITY x "&a9;">]>'
            + DOCUMENT
        }
    )


def damaged_docx() -> bytes:
    """A Word file whose document part stops in the middle of an element."""
    return docx_with({"word/document.xml": DOCUMENT[:60]})


def _script(code: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def _pdf_with_javascript(base: bytes | None = None) -> PdfWriter:
    writer = PdfWriter(clone_from=io.BytesIO(base or pdf_with_pages(1, "Hostil PDF")))
    writer.root_object[NameObject("/OpenAction")] = _script("app.alert('åbning');")
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("navne"), _script("2;")])}
            )
        }
    )
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _script("1;")})
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 700, 200, 720)]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject("javascript:alert(1)"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return writer


def _written(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def encrypted_javascript_pdf(base: bytes | None = None) -> bytes:
    """A PDF (`base`, or one page) with JavaScript (open action, name tree, page action,
    javascript: link), encrypted with only an owner password: it opens without one."""
    writer = _pdf_with_javascript(base)
    writer.encrypt(user_password="", owner_password="ejer", algorithm="AES-128")
    return _written(writer)


def password_pdf() -> bytes:
    """The same PDF behind a password to open it."""
    writer = _pdf_with_javascript()
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="AES-128")
    return _written(writer)


def pdf_stream_bomb() -> bytes:
    """A one-page PDF with a deflated stream that inflates to BOMB_BYTES."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_with_pages(1, "Bombe")))
    stream = DecodedStreamObject()
    stream.set_data(b"0" * BOMB_BYTES)
    writer.pages[0][NameObject("/Fyld")] = writer._add_object(stream.flate_encode())
    return _written(writer)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@dataclass(frozen=True)
class Hostile:
    """A hostile file, the name it comes with, and what must become of it.

    `refused`: a regular expression the Danish refusal matches on every path, or "" for a file
    that is taken in cleaned (its active content or its name).
    """

    key: str
    name: str
    data: bytes
    refused: str
    refused_in_zip: str = ""  # a name a zip may not hold (the agenda and archive imports)


def corpus() -> list[Hostile]:
    pdf = pdf_with_pages(1, "Navn")
    return [
        Hostile("lying-zip-sizes", "notat.docx", lying_sizes_docx(), "beskadiget"),
        Hostile("zip-bomb", "notat.docx", zip_bomb_docx(), "pakkes ud"),
        Hostile(
            "nested-zip",
            "arkiv.zip",
            nested_zip(),
            "zip-arkiv|ikke en tilladt filtype|sprunget over|afvist",
        ),
        Hostile("xxe", "notat.docx", xxe_docx(), "DTD"),
        Hostile("billion-laughs", "notat.docx", billion_laughs_docx(), "DTD"),
        Hostile("damaged-docx", "notat.docx", damaged_docx(), "beskadiget"),
        Hostile("encrypted-javascript-pdf", "rapport.pdf", encrypted_javascript_pdf(), ""),
        Hostile("password-pdf", "rapport.pdf", password_pdf(), "adgangskode"),
        Hostile("pdf-stream-bomb", "rapport.pdf", pdf_stream_bomb(), ""),
        Hostile("svg-script", "billede.svg", SVG, "SVG|ikke en tilladt filtype|sprunget over"),
        Hostile("html-script", "side.html", HTML, "webside|ikke en tilladt filtype|sprunget over"),
        Hostile("dot-dot-name", "../../etc/rapport.pdf", pdf, "", "uden for zip-filen"),
        # Python's zipfile cuts a name at its NUL: the zip holds "rap", which is no agenda.
        Hostile("nul-name", "rap\x00port.pdf", pdf, "", "NUL-tegn|ligner ikke en dagsorden"),
        Hostile("long-name", "x" * 300 + ".pdf", pdf, ""),
    ]
