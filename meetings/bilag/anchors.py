"""Readers' annotations follow a bilag's file: placed again by their text on a new version.

Run in the background (`tasks.reanchor_annotations`) once a new file is stored, or once an
Office file's PDF rendition is made (the PDF a reader sees and marks).
"""

from ..annotations.services import annotations_reanchor
from ..files import OFFICE_CONTENT_TYPES
from ..models import Bilag, BilagAnnotation
from .layout import bilag_pdf_data, pdf_pages_text


def annotations_follow_file(bilag_id: int) -> tuple[int, int]:
    """Place the annotations made on earlier versions of a bilag on its current PDF;
    (placed, unplaced). An Office file still being converted is waited for."""
    bilag = Bilag.objects.filter(pk=bilag_id).first()
    if bilag is None:
        return 0, 0
    stale = BilagAnnotation.objects.filter(bilag=bilag).exclude(bilag_version=bilag.version)
    if not stale.exists():
        return 0, 0
    converting = (
        bilag.content_type in OFFICE_CONTENT_TYPES
        and not bilag.pdf_rendition
        and not bilag.rendition_error
    )
    if converting:
        return 0, 0  # the rendition's task places them when the PDF is there
    data = bilag_pdf_data(bilag)
    pages = pdf_pages_text(data) if data else []
    return annotations_reanchor(bilag=bilag, pages=pages, version=bilag.version)
