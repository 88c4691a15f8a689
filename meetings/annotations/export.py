"""A PDF with its reader's own marks as real PDF annotations: "Hent med mine noter" for one
bilag, and "Min mødepakke med noter" (documents/personal.py gives the pack's page map).

Made per request for its owner and never stored: /Highlight with /QuadPoints over the marked
lines and the note as /Contents with a /Popup, a note on a point as /Text, so they show in
Acrobat, Preview and on an iPad. In a tagged PDF (the pack, a bilag tagged by whoever made it)
each annotation except the popup is an /Annot structure element with an /OBJR child and a
/StructParent, and its page's tab order follows the structure (/Tabs /S), as PDF/UA-1 (7.18)
asks; an untagged uploaded bilag gets no structure tree (PDF/UA does not apply to it). The
caller reads the PDF under the decoding bounds (`bilag.text.bounded_decoding`).
"""

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Highlight, Popup, Text
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..models import AnnotationKind, BilagAnnotation

COLOUR_HEX = {"yellow": "ffdd00", "green": "00c853", "blue": "0091ff", "pink": "ff40a0"}
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PRINT = 4  # annotation flag: printed with the page
CONTAINERS = frozenset({"/Sect", "/Art", "/Part", "/Document"})

type Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Placement:
    """Where a bilag page is in the PDF written: its page index, and the matrix from the bilag
    page's user space to that page's (the pack scales a bilag page below its stamp)."""

    index: int
    matrix: Matrix = IDENTITY


# (bilag id, page number in the bilag) -> where that page is; a page not in it is left out.
type PageMap = Mapping[tuple[int, int], Placement]


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _moved(area: list[float], matrix: Matrix) -> list[float]:
    x0, y0, x1, y1 = area
    xs, ys = zip(*(_apply(matrix, x, y) for x, y in ((x0, y0), (x1, y1))), strict=True)
    return [min(xs), min(ys), max(xs), max(ys)]


def _quad_points(areas: list[list[float]]) -> ArrayObject:
    # Per rectangle: upper left, upper right, lower left, lower right (as Acrobat writes them).
    points: list[FloatObject] = []
    for x0, y0, x1, y1 in areas:
        points += [FloatObject(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)]
    return ArrayObject(points)


def _entries(node: DictionaryObject) -> Iterable[tuple[int, object]]:
    """The (key, value) pairs of a number tree (the parent tree), its /Kids followed."""
    nums = node.get("/Nums")
    if nums is not None:
        nums = nums.get_object()
        for position in range(0, len(nums) - 1, 2):
            yield int(nums[position]), nums[position + 1]
    for kid in node.get("/Kids") or []:
        yield from _entries(kid.get_object())


class _Tags:
    """Puts annotations into a tagged PDF's structure tree; does nothing in an untagged one."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        root = writer.root_object.get("/StructTreeRoot")
        self.root = root.get_object() if root is not None else None
        if self.root is None:
            return
        if "/ParentTree" not in self.root:
            self.root[NameObject("/ParentTree")] = writer._add_object(
                DictionaryObject({NameObject("/Nums"): ArrayObject()})
            )
        self.tree = self.root["/ParentTree"].get_object()
        self.parents = dict(_entries(self.tree))
        self.next_key = max(
            int(self.root.get("/ParentTreeNextKey", 0)), max(self.parents, default=-1) + 1
        )
        self.containers: dict[int, IndirectObject] = {}

    def _container(self, page: PageObject) -> IndirectObject:
        """The section the page's content belongs to (the bilag's /Sect in a pack), else the
        document element: the page's annotations follow its content there."""
        index = page.indirect_reference.idnum
        if index in self.containers:
            return self.containers[index]
        found = None
        content = self.parents.get(int(page.get("/StructParents", -1)))
        content = content.get_object() if content is not None else None
        first = content[0] if isinstance(content, ArrayObject) and content else content
        node = first if isinstance(first, IndirectObject) else None
        while node is not None and isinstance(node.get_object(), DictionaryObject):
            element = node.get_object()
            if element.get("/S") in CONTAINERS:
                found = node
                break
            parent = element.get("/P")
            if parent is None or parent.get_object() is self.root:
                break
            node = parent
        if found is None:
            kids = self.root["/K"].get_object()
            top = kids[0] if isinstance(kids, ArrayObject) else self.root.raw_get("/K")
            found = top if isinstance(top, IndirectObject) else self.writer._add_object(top)
        self.containers[index] = found
        return found

    def tag(self, page: PageObject, annotation: IndirectObject, text: str) -> None:
        if self.root is None:
            return
        parent = self._container(page)
        holder = parent.get_object()
        reference = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OBJR"),
                NameObject("/Obj"): annotation,
                NameObject("/Pg"): page.indirect_reference,
            }
        )
        element = self.writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Annot"),
                    NameObject("/P"): parent,
                    NameObject("/Pg"): page.indirect_reference,
                    NameObject("/Alt"): TextStringObject(text),
                    NameObject("/K"): ArrayObject([reference]),
                }
            )
        )
        kids = holder.get("/K")
        kids = kids.get_object() if kids is not None else None
        if not isinstance(kids, ArrayObject):
            kids = ArrayObject([] if holder.get("/K") is None else [holder.raw_get("/K")])
        kids.append(element)
        holder[NameObject("/K")] = kids
        key = self.next_key
        self.next_key += 1
        if "/Kids" in self.tree:  # a tree of leaves: the new key gets a leaf of its own
            leaf = DictionaryObject(
                {
                    NameObject("/Limits"): ArrayObject([NumberObject(key), NumberObject(key)]),
                    NameObject("/Nums"): ArrayObject([NumberObject(key), element]),
                }
            )
            self.tree["/Kids"].append(self.writer._add_object(leaf))
        else:
            self.tree["/Nums"].extend([NumberObject(key), element])
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        annotation.get_object()[NameObject("/StructParent")] = NumberObject(key)
        page[NameObject("/Tabs")] = NameObject("/S")


def _add(
    writer: PdfWriter, tags: _Tags, index: int, annotation: BilagAnnotation, matrix: Matrix
) -> None:
    page = writer.pages[index]
    areas = [_moved(area, matrix) for area in annotation.areas]
    if annotation.kind == AnnotationKind.NOTE:
        x, y = _apply(matrix, annotation.areas[0][0], annotation.areas[0][1])
        mark = Text(rect=(x, y - 18, x + 18, y), text=annotation.note)
        mark[NameObject("/Name")] = NameObject("/Comment")
        mark[NameObject("/F")] = NumberObject(PRINT)
        added = writer.add_annotation(page_number=index, annotation=mark)
        tags.tag(page, added.indirect_reference, f"Note: {annotation.note}")
        return
    rect = (
        min(a[0] for a in areas),
        min(a[1] for a in areas),
        max(a[2] for a in areas),
        max(a[3] for a in areas),
    )
    mark = Highlight(
        rect=rect,
        quad_points=_quad_points(areas),
        highlight_color=COLOUR_HEX.get(annotation.colour, "ffdd00"),
        printing=True,
    )
    mark[NameObject("/Contents")] = TextStringObject(annotation.note or annotation.quote_exact)
    added = writer.add_annotation(page_number=index, annotation=mark)
    described = f"Markeret: »{annotation.quote_exact}«"
    if annotation.note:
        described += f" Note: {annotation.note}"
    tags.tag(page, added.indirect_reference, described)
    if annotation.note:
        popup = Popup(
            rect=(rect[2], rect[3] - 80, rect[2] + 160, rect[3]), parent=added, open=False
        )
        shown = writer.add_annotation(page_number=index, annotation=popup)
        added[NameObject("/Popup")] = shown.indirect_reference


def pdf_with_annotations(
    data: bytes | PdfReader,
    annotations: Iterable[BilagAnnotation],
    *,
    pages: PageMap | None = None,
) -> bytes:
    """The PDF with the placed annotations added to their pages.

    Without `pages` the PDF is the bilag's own (an annotation's page is that page); with it,
    the PDF is a meeting pack and `pages` says where each bilag page went, and the pack is
    written as an incremental update: its own bytes unchanged, the annotations appended.
    """
    reader = data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))
    if pages is None:
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter(clone_from=reader)
    else:
        writer = PdfWriter(reader, incremental=True)
    tags = _Tags(writer)
    count = len(writer.pages)
    for annotation in annotations:
        if not annotation.is_placed or not annotation.areas:
            continue
        if pages is None:
            place = Placement(annotation.page - 1) if annotation.page <= count else None
        else:
            place = pages.get((annotation.bilag_id, annotation.page))
        if place is None or place.index >= count:
            continue
        _add(writer, tags, place.index, annotation, place.matrix)
    if pages is not None and writer.metadata is not None:
        # pypdf repeats the document information (its title) in an update's trailer only when
        # it changed, and a reader looks for it in the last trailer: it changed, now.
        writer.add_metadata({"/ModDate": timezone.now().strftime("D:%Y%m%d%H%M%SZ")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
