"""A bilag's PDF with its reader's own marks as real PDF annotations ("Hent med mine noter").

Made per request for its owner and never stored: /Highlight with /QuadPoints over the marked
lines and the note as /Contents with a /Popup, a note on a point as /Text, so they show in
Acrobat, Preview and on an iPad. The caller reads the PDF under the decoding bounds
(`bilag.text.bounded_decoding`).
"""

import io
from collections.abc import Iterable

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Highlight, Popup, Text
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from ..models import AnnotationKind, BilagAnnotation

COLOUR_HEX = {"yellow": "ffdd00", "green": "00c853", "blue": "0091ff", "pink": "ff40a0"}


def _quad_points(areas: list[list[float]]) -> ArrayObject:
    # Per rectangle: upper left, upper right, lower left, lower right (as Acrobat writes them).
    points: list[FloatObject] = []
    for x0, y0, x1, y1 in areas:
        points += [FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)]
    return ArrayObject(points)


def pdf_with_annotations(data: bytes, annotations: Iterable[BilagAnnotation]) -> bytes:
    """The PDF with the placed annotations added to their pages."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    writer = PdfWriter(clone_from=reader)
    pages = len(writer.pages)
    for annotation in annotations:
        if not annotation.is_placed or not annotation.areas or annotation.page > pages:
            continue
        index = annotation.page - 1
        if annotation.kind == AnnotationKind.NOTE:
            x, y = annotation.areas[0][0], annotation.areas[0][1]
            mark = Text(rect=(x, y - 18, x + 18, y), text=annotation.note)
            mark[NameObject("/Name")] = NameObject("/Comment")
            writer.add_annotation(page_number=index, annotation=mark)
            continue
        rect = (
            min(a[0] for a in annotation.areas),
            min(a[1] for a in annotation.areas),
            max(a[2] for a in annotation.areas),
            max(a[3] for a in annotation.areas),
        )
        mark = Highlight(
            rect=rect,
            quad_points=_quad_points(annotation.areas),
            highlight_color=COLOUR_HEX.get(annotation.colour, "ffdd00"),
            printing=True,
        )
        mark[NameObject("/Contents")] = TextStringObject(annotation.note or annotation.quote_exact)
        added = writer.add_annotation(page_number=index, annotation=mark)
        if annotation.note:
            popup = Popup(
                rect=(rect[2], rect[3] - 80, rect[2] + 160, rect[3]), parent=added, open=False
            )
            shown = writer.add_annotation(page_number=index, annotation=popup)
            added[NameObject("/Popup")] = shown.indirect_reference
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
