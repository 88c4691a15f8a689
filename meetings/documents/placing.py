"""The pages of a meeting pack: bilag pages placed on sheets, stamped, without re-rendering.

Each bilag page keeps its own content streams: a `q <matrix> cm` before them scales it into
the space between the header band and the footer, all inside one /Figure marked-content
sequence (MCID 0, tagged by accessible.PackTagger); nothing is parsed unless the page carries
marked content of its own, which is dropped (it points into a structure tree the pack does
not have). pypdf's merge_transformed_page decoded and re-encoded every page's content instead.

The stamps are pagination artifacts drawn from form XObjects that WeasyPrint renders once
per pack: a header band per bilag and sheet size, and the pieces of `Side N af M` ('Side ',
each digit, ' af M') with their widths from WeasyPrint's layout; each sheet's page number is
those pieces set side by side, right-aligned as pack-overlay.css puts it. Rendering a page of
stamps per pack page took WeasyPrint longer than everything else in the pack.
"""

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)
from weasyprint.formatting_structure.boxes import TextBox
from weasyprint.layout.absolute import AbsolutePlaceholder

from .render import PRINT_CSS, html_document

# The right edge of the page number: 18pt on a bilag sheet, 2.3cm on the agenda's own pages
# (as pack-overlay.css places `.folio` and `.agenda .folio`).
FOLIO_RIGHT = {False: 18.0, True: 2.3 / 2.54 * 72}
MARKED_CONTENT = (b"BDC", b"BMC")
MARKED_CONTENT_OPERATORS = frozenset({b"BDC", b"BMC", b"EMC", b"MP", b"DP"})
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC\n"


# The glyphs WeasyPrint shows for one piece of text (one TJ per piece of the page number).
SHOWN = re.compile(rb"\[([^\]]*)\] TJ")


@dataclass(frozen=True)
class _Piece:
    x: float  # where WeasyPrint drew the text (pt)
    width: float
    glyphs: bytes  # the operand of its TJ


@dataclass(frozen=True)
class _Folio:
    """One style of page number: the drawing of 'Side ' to set all pieces' glyphs into."""

    data: bytes
    resources: IndirectObject
    bbox: RectangleObject
    pieces: dict[str, _Piece]


def _form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """A rendered page as a form XObject of the writer (its fonts cloned along)."""
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    resources = page.get("/Resources")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): RectangleObject(page.mediabox),
            NameObject("/Resources"): (
                resources.get_object().clone(writer)
                if resources is not None
                else DictionaryObject()
            ),
        }
    )
    return writer._add_object(form)


def _text_boxes(box) -> Iterable[TextBox]:
    for child in box.descendants():
        if isinstance(child, TextBox):
            yield child
        elif isinstance(child, AbsolutePlaceholder):  # an absolutely placed box, laid out
            yield from _text_boxes(child._box)


def _text_extent(page) -> tuple[float, float]:
    """(x, width) of the text WeasyPrint laid out on a page of stamps."""
    boxes = list(_text_boxes(page._page_box))
    left = min(box.position_x for box in boxes)
    right = max(box.position_x + box.width for box in boxes)
    return left, right - left


class Stamps:
    """The stamps of one pack, rendered once: bands per (title, size), page-number pieces."""

    def __init__(
        self,
        writer: PdfWriter,
        bands: Iterable[tuple[str, float, float]],
        total: int,
        *,
        band_top: float,
        band_bottom: float,
    ) -> None:
        self.bands = list(dict.fromkeys(bands))
        self.pieces_text = ["Side ", *"0123456789", f" af {total}"]
        html = render_to_string(
            "meetings/documents/pack_stamps.html",
            {
                "bands": [
                    {"stamp": stamp, "width": width, "height": height}
                    for stamp, width, height in self.bands
                ],
                "pieces": self.pieces_text,
                "band_top": band_top,
                "band_bottom": band_bottom,
                "print_css": PRINT_CSS,
            },
        )
        document = html_document(html).render()
        reader = PdfReader(io.BytesIO(document.write_pdf()))
        self.band_forms = {
            band: _form(writer, page) for band, page in zip(self.bands, reader.pages, strict=False)
        }
        self.folios: dict[bool, _Folio] = {}
        index = len(self.bands)
        for is_agenda in (False, True):
            pieces = {}
            for text in self.pieces_text:
                x, width = _text_extent(document.pages[index])
                shown = SHOWN.findall(reader.pages[index].get_contents().get_data())
                if len(shown) != 1:
                    raise ValueError(f"Sidetallets del {text!r} blev ikke tegnet som én tekst")
                pieces[text] = _Piece(x * 0.75, width * 0.75, shown[0])  # CSS px to pt
                index += 1
            first = reader.pages[index - len(self.pieces_text)]
            resources = first.get("/Resources")
            self.folios[is_agenda] = _Folio(
                data=first.get_contents().get_data(),
                resources=writer._add_object(
                    resources.get_object().clone(writer)
                    if resources is not None
                    else DictionaryObject()
                ),
                bbox=RectangleObject(first.mediabox),
                pieces=pieces,
            )
        self.writer = writer

    def _folio_form(self, folio: _Folio, texts: list[str]) -> IndirectObject:
        """`Side N af M` as one text: the pieces' glyphs shown by one TJ (a reader finds it
        whole), in the place and font WeasyPrint gave 'Side '."""
        glyphs = b"".join(folio.pieces[text].glyphs for text in texts)
        form = DecodedStreamObject()
        form.set_data(SHOWN.sub(lambda _match: b"[" + glyphs + b"] TJ", folio.data, count=1))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): folio.bbox,
                NameObject("/Resources"): folio.resources,
            }
        )
        return self.writer._add_object(form)

    def draw(
        self, page: PageObject, width: float, number: int, band: tuple[str, float, float] | None
    ) -> bytes:
        """The content drawing a sheet's stamps (one artifact); their forms join its resources."""
        xobjects: dict[str, IndirectObject] = {}
        ops = [ARTIFACT]
        if band is not None:
            xobjects["/DapBand"] = self.band_forms[band]
            ops.append(b"q /DapBand Do Q\n")
        folio = self.folios[band is None]
        texts = [self.pieces_text[0], *str(number), self.pieces_text[-1]]
        right = width - FOLIO_RIGHT[band is None]
        left = right - sum(folio.pieces[text].width for text in texts)
        xobjects["/DapFolio"] = self._folio_form(folio, texts)
        shift = left - folio.pieces[texts[0]].x
        ops.append(f"q 1 0 0 1 {shift:.3f} 0 cm /DapFolio Do Q\n".encode())
        ops.append(b"EMC\n")
        _add_xobjects(page, xobjects)
        return b"".join(ops)


def _add_xobjects(page: PageObject, xobjects: dict[str, IndirectObject]) -> None:
    """The page gets resources of its own (a copy), with these form XObjects added."""
    resources = page.get("/Resources")
    resources = (
        DictionaryObject(resources.get_object()) if resources is not None else DictionaryObject()
    )
    existing = resources.get("/XObject")
    merged = DictionaryObject(existing.get_object()) if existing is not None else DictionaryObject()
    for name, form in xobjects.items():
        merged[NameObject(name)] = form
    resources[NameObject("/XObject")] = merged
    page[NameObject("/Resources")] = resources


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _content_parts(writer: PdfWriter, page: PageObject) -> list:
    """The page's content streams as they are, or, when they carry marked content of their
    own, one stream without it (the only case that is parsed)."""
    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    streams = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    data = b"\n".join(stream.get_object().get_data() for stream in streams)
    if not any(operator in data for operator in MARKED_CONTENT):
        return [
            stream if isinstance(stream, IndirectObject) else writer._add_object(stream)
            for stream in streams
        ]
    content = ContentStream(DecodedStreamObject(), page.pdf)
    content.set_data(data)
    content.operations = [
        (operands, operator)
        for operands, operator in content.operations
        if operator not in MARKED_CONTENT_OPERATORS
    ]
    return [_stream(writer, content.get_data())]


# The keys of a bilag page the pack keeps; /MediaBox is set anew, /Rotate is applied before.
PAGE_KEEPS = frozenset({"/Type", "/MediaBox", "/Resources", "/Contents", "/Group"})


def place_on_sheet(
    writer: PdfWriter,
    page: PageObject,
    placed: Transformation,
    width: float,
    height: float,
    *,
    keep_tags: bool = False,
) -> PageObject:
    """Add `page` to `writer` on a sheet of `width`×`height`, moved by `placed`, its content
    one /Figure (MCID 0); the stamps are appended by `append_stamps`.

    `keep_tags`: the page is tagged by the portal itself (a generated bilag): its marked
    content stays as it is, for its structure tree to come along (`PackTagger.adopt`)."""
    # Only what draws the page comes along: its annotations, actions (/AA), associated files,
    # thumbnails and the rest are left behind (a bilag's web links are added back, tagged).
    added = writer.add_page(page, excluded_keys=[key for key in page if key not in PAGE_KEEPS])
    added[NameObject("/MediaBox")] = RectangleObject([0, 0, width, height])
    for box in ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
        if box in added:
            del added[box]
    matrix = " ".join(f"{float(value):.6f}" for value in placed.ctm)
    if keep_tags:
        contents = added.get("/Contents")
        resolved = contents.get_object() if contents is not None else None
        streams = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        parts = [
            _stream(writer, f"q {matrix} cm\n".encode()),
            *(
                stream if isinstance(stream, IndirectObject) else writer._add_object(stream)
                for stream in streams
                if stream is not None
            ),
            _stream(writer, b"\nQ\n"),
        ]
        added[NameObject("/Contents")] = ArrayObject(parts)
        return added
    parts = [
        _stream(writer, f"/Figure <</MCID 0>> BDC\nq {matrix} cm\n".encode()),
        *_content_parts(writer, added),
        _stream(writer, b"\nQ\nEMC\n"),
    ]
    added[NameObject("/Contents")] = ArrayObject(parts)
    return added


def append_stamps(writer: PdfWriter, page: PageObject, stamps: bytes) -> None:
    """Append the drawing of the stamps to a page's content (after everything else)."""
    contents = page.get("/Contents")
    resolved = contents.get_object() if contents is not None else None
    if isinstance(resolved, ArrayObject):
        parts = list(resolved)
    elif contents is not None:
        parts = [contents if isinstance(contents, IndirectObject) else writer._add_object(resolved)]
    else:
        parts = []
    # The page's own drawing may leave its graphics state changed: the stamps start afresh.
    parts = [_stream(writer, b"q\n"), *parts, _stream(writer, b"\nQ\n" + stamps)]
    page[NameObject("/Contents")] = ArrayObject(parts)
