"""Putting a bilag page into the meeting pack without rewriting its content.

The page keeps its own content streams; a `q <matrix> cm` before them scales it into the
space between the header band and the footer, and the stamp (header and page number) is
drawn after them as a form XObject made of the overlay page. Nothing is parsed, so a pack of
hundreds of pages costs little more than copying them (pypdf's merge_transformed_page
decodes and re-encodes every page's content). Link annotations move with the content.
"""

from pypdf import PageObject, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)

STAMP = NameObject("/DapStamp")


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """The overlay page as a form XObject of the writer."""
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


def _moved(rect: RectangleObject, matrix: tuple[float, ...]) -> RectangleObject:
    a, b, c, d, e, f = matrix
    points = [
        (a * x + c * y + e, b * x + d * y + f)
        for x, y in ((rect.left, rect.bottom), (rect.right, rect.top))
    ]
    (x1, y1), (x2, y2) = points
    return RectangleObject([min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)])


def place_on_sheet(
    writer: PdfWriter,
    page: PageObject,
    placed: Transformation,
    width: float,
    height: float,
    stamp: PageObject,
) -> PageObject:
    """Add `page` to `writer` on a sheet of `width`×`height`, moved by `placed`, stamped."""
    added = writer.add_page(page)
    matrix = tuple(float(value) for value in placed.ctm)
    sheet = RectangleObject([0, 0, width, height])
    added[NameObject("/MediaBox")] = sheet
    for box in ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
        if box in added:
            del added[box]

    resources = added.get("/Resources")
    resources = (
        DictionaryObject(resources.get_object()) if resources is not None else DictionaryObject()
    )
    xobjects = resources.get("/XObject")
    xobjects = (
        DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
    )
    xobjects[STAMP] = _form(writer, stamp)
    resources[NameObject("/XObject")] = xobjects
    added[NameObject("/Resources")] = resources

    contents = added.get("/Contents")
    parts = [_stream(writer, ("q " + " ".join(f"{v:.6f}" for v in matrix) + " cm\n").encode())]
    resolved = contents.get_object() if contents is not None else None
    if isinstance(resolved, ArrayObject):
        parts.extend(resolved)
    elif contents is not None:
        parts.append(
            contents if isinstance(contents, IndirectObject) else writer._add_object(resolved)
        )
    parts.append(_stream(writer, b"\nQ\nq " + STAMP.encode() + b" Do Q\n"))
    added[NameObject("/Contents")] = ArrayObject(parts)

    for annotation in added.get("/Annots") or []:
        annotation = annotation.get_object()
        if "/Rect" in annotation:
            annotation[NameObject("/Rect")] = _moved(RectangleObject(annotation["/Rect"]), matrix)
        annotation.pop("/QuadPoints", None)
    return added
