"""The words inside a bilag, for search: PDF text, bounded in pages and characters."""

import io
import logging
import re

from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_PAGES = 200
MAX_CHARS = 500_000


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF for search, bounded in pages and characters; '' when unreadable."""
    try:
        reader = PdfReader(io.BytesIO(data))
        chunks: list[str] = []
        total = 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            chunks.append(text)
            total += len(text)
            if total >= MAX_CHARS:
                break
    except Exception:  # a damaged or encrypted PDF is still a bilag, just not searchable
        logger.warning("Teksten i en PDF kunne ikke læses til søgning", exc_info=True)
        return ""
    return re.sub(r"\s+", " ", " ".join(chunks)).strip()[:MAX_CHARS].replace("\x00", "")
