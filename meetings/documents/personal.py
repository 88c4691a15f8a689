"""'Min mødepakke med noter': the reader's cached meeting pack with their own highlights and
notes as PDF annotations, made per request and never stored (annotations/export.py writes
them; this module says where each bilag page is in the pack).

The pack keeps no table of its pages: each bilag's first page is its outline entry
(`bilag_heading`), its pages follow in order, and a page is placed on its sheet as
`build_pack` placed it (`upright_transformation`, `sheet_placement`), so a mark in the
bilag's own coordinates lands on the same words in the pack.
"""

import io
from collections.abc import Iterable

from pypdf import PdfReader, Transformation

from ..agenda import Agenda
from ..annotations.export import PageMap, Placement, pdf_with_annotations
from ..bilag.layout import bilag_pdf_data
from ..models import Bilag, BilagAnnotation
from .pack import bilag_heading, sheet_placement, upright_transformation


def _first_pages(reader: PdfReader, headings: dict[str, Bilag]) -> dict[int, int]:
    """Bilag id -> index of its first page in the pack, from the pack's outline."""
    found: dict[int, int] = {}

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            elif (bilag := headings.get(str(entry.title))) is not None:
                found.setdefault(bilag.pk, reader.get_destination_page_number(entry))

    walk(reader.outline)
    return found


def pack_page_map(
    reader: PdfReader, agenda: Agenda, annotations: Iterable[BilagAnnotation]
) -> PageMap:
    """Where each annotated bilag page is in the pack this agenda's viewer has, with the
    matrix from the bilag page's user space to the pack page's. Only bilag the viewer sees
    in the pack are in it; their PDFs are read for the pages' boxes and turns."""
    headings = {
        bilag_heading(entry): entry.bilag
        for line in agenda.lines
        if line.visible
        for entry in line.bilag
        if entry.visible
    }
    firsts = _first_pages(reader, headings)
    wanted: dict[int, set[int]] = {}
    for annotation in annotations:
        if annotation.bilag_id in firsts:
            wanted.setdefault(annotation.bilag_id, set()).add(annotation.page)
    by_pk = {bilag.pk: bilag for bilag in headings.values()}
    pages: dict[tuple[int, int], Placement] = {}
    for bilag_id, numbers in wanted.items():
        data = bilag_pdf_data(by_pk[bilag_id])
        if data is None:
            continue
        source = PdfReader(io.BytesIO(data))
        if source.is_encrypted:
            source.decrypt("")
        following = [first for first in firsts.values() if first > firsts[bilag_id]]
        end = min(following, default=len(reader.pages))
        for number in sorted(numbers):
            index = firsts[bilag_id] + number - 1
            if number > len(source.pages) or index >= end:
                continue
            page = source.pages[number - 1]
            box = tuple(float(value) for value in page.mediabox)
            turn = Transformation()
            if page.rotation % 360:
                turn, box = upright_transformation(box, page.rotation % 360)
            sheet = reader.pages[index].mediabox
            placed = sheet_placement(box, float(sheet.width), float(sheet.height))
            pages[(bilag_id, number)] = Placement(index, turn.transform(placed).ctm)
    return pages


def pack_with_annotations(
    data: bytes, agenda: Agenda, annotations: Iterable[BilagAnnotation]
) -> bytes:
    """The pack with these annotations in it (the caller's own, on the current versions)."""
    annotations = list(annotations)
    if not annotations:
        return data
    reader = PdfReader(io.BytesIO(data))
    return pdf_with_annotations(
        reader, annotations, pages=pack_page_map(reader, agenda, annotations)
    )
