"""Where things are in a bilag's PDF: its pages' boxes and its glyphs, for annotations.

Read under the same bounds as the text for search (`text.bounded_decoding`,
`text.check_decoded_size`, at most `text.MAX_PAGES` pages): a PDF that inflates past the limit,
or cannot be read, has no pages here, and the annotations on it cannot be placed.
"""

import io
import logging

import pdfplumber
from django.core.cache import cache
from pypdf import PdfReader

from ..annotations.anchoring import Box, Glyph, PageText
from ..files import OFFICE_CONTENT_TYPES, PDF
from ..models import Bilag
from .text import MAX_PAGES, TooMuchInside, bounded_decoding, check_decoded_size

logger = logging.getLogger(__name__)

# The page boxes of a bilag's PDF change only with its file: kept a day per file.
BOXES_CACHE_SECONDS = 24 * 3600


def bilag_pdf_data(bilag: Bilag) -> bytes | None:
    """The PDF a bilag is shown as (its file, or an Office file's rendition); None if none."""
    if bilag.content_type == PDF.content_type and bilag.file:
        field = bilag.file
    elif bilag.content_type in OFFICE_CONTENT_TYPES and bilag.pdf_rendition:
        field = bilag.pdf_rendition
    else:
        return None
    with field.open("rb") as handle:
        return handle.read()


def _checked_reader(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    check_decoded_size(reader)
    return reader


def pdf_page_boxes(data: bytes) -> list[Box]:
    """The media box of each page (at most MAX_PAGES); [] when the PDF cannot be read."""
    try:
        with bounded_decoding():
            reader = _checked_reader(data)
            return [
                tuple(float(value) for value in page.mediabox)  # type: ignore[misc]
                for page in reader.pages[:MAX_PAGES]
            ]
    except TooMuchInside:
        return []
    except Exception:
        logger.warning("Siderne i en PDF kunne ikke læses", exc_info=True)
        return []


def pdf_pages_text(data: bytes) -> list[PageText]:
    """Each page's box and glyphs in the order the PDF draws them, in PDF user space."""
    try:
        with bounded_decoding():
            _checked_reader(data)  # the bound first: pdfplumber inflates everything
            pages: list[PageText] = []
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for number, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
                    # pdfminer measures from the media box's corner; user space does not.
                    left, bottom, right, top = (float(v) for v in page.page_obj.mediabox)
                    glyphs = [
                        Glyph(
                            text=char["text"],
                            x0=float(char["x0"]) + left,
                            y0=float(char["y0"]) + bottom,
                            x1=float(char["x1"]) + left,
                            y1=float(char["y1"]) + bottom,
                        )
                        for char in page.chars
                    ]
                    pages.append(PageText(number, (left, bottom, right, top), glyphs))
                    page.close()
            return pages
    except TooMuchInside:
        return []
    except Exception:
        logger.warning("Teksten i en PDF kunne ikke læses med placering", exc_info=True)
        return []


def bilag_page_boxes(bilag: Bilag) -> list[Box]:
    """The page boxes of the PDF a bilag is shown as, cached per file; [] without one."""
    field = bilag.pdf_rendition if bilag.content_type in OFFICE_CONTENT_TYPES else bilag.file
    if not field:
        return []
    key = f"bilag-page-boxes:{bilag.pk}:{field.name}:{bilag.sha256}"
    boxes = cache.get(key)
    if boxes is None:
        data = bilag_pdf_data(bilag)
        boxes = pdf_page_boxes(data) if data is not None else []
        cache.set(key, boxes, BOXES_CACHE_SECONDS)
    return [tuple(box) for box in boxes]
