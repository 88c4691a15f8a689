"""The words inside a bilag, for search: PDF text, bounded in pages, characters and bytes.

A PDF's streams are compressed; a small file can inflate to gigabytes (a deflate bomb). Before
any text is read, every stream the document reaches is inflated once under pypdf's documented
limits (`pypdf.apply_configuration`), counting the bytes; past DAP_PDF_MAX_DECODED_BYTES the
PDF is not read at all. pypdf keeps what it inflated, so the text extraction does not do it
again.
"""

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

logger = logging.getLogger(__name__)

MAX_PAGES = 200
MAX_CHARS = 500_000


class TooMuchInside(Exception):
    """A PDF whose streams inflate to more than DAP_PDF_MAX_DECODED_BYTES."""


@contextmanager
def bounded_decoding() -> Iterator[int]:
    """pypdf never inflates one stream past the limit inside this block; yields the limit."""
    cap = settings.DAP_PDF_MAX_DECODED_BYTES
    with apply_configuration(
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        jbig2_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
        stream_decoding_work_maximum_length=cap,
    ):
        yield cap


def check_decoded_size(reader: PdfReader) -> None:
    """Inflate every stream the document reaches (inside `bounded_decoding`), counting the
    bytes; TooMuchInside past the limit. The whole object graph, not just the pages: fonts,
    images and forms are read too by a text extractor."""
    cap = settings.DAP_PDF_MAX_DECODED_BYTES
    total = 0
    seen: set[tuple[int, int]] = set()
    pending: list[object] = [reader.trailer]
    try:
        while pending:
            value = pending.pop()
            if isinstance(value, IndirectObject):
                if (value.idnum, value.generation) in seen:
                    continue
                seen.add((value.idnum, value.generation))
                value = value.get_object()
            if isinstance(value, StreamObject):
                total += len(value.get_data())
                if total > cap:
                    raise TooMuchInside
            if isinstance(value, DictionaryObject):
                pending.extend(value.values())
            elif isinstance(value, ArrayObject):
                pending.extend(value)
    except LimitReachedError as exc:  # one stream alone inflates past the limit
        raise TooMuchInside from exc


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF for search, bounded in pages and characters; '' when unreadable or
    when its streams inflate past DAP_PDF_MAX_DECODED_BYTES."""
    try:
        with bounded_decoding():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                reader.decrypt("")
            check_decoded_size(reader)
            chunks: list[str] = []
            total = 0
            for page in reader.pages[:MAX_PAGES]:
                text = page.extract_text() or ""
                chunks.append(text)
                total += len(text)
                if total >= MAX_CHARS:
                    break
    except TooMuchInside:
        logger.warning("En PDF pakkes ud til mere end DAP_PDF_MAX_DECODED_BYTES; ikke søgbar")
        return ""
    except Exception:  # a damaged or encrypted PDF is still a bilag, just not searchable
        logger.warning("Teksten i en PDF kunne ikke læses til søgning", exc_info=True)
        return ""
    return re.sub(r"\s+", " ", " ".join(chunks)).strip()[:MAX_CHARS].replace("\x00", "")
