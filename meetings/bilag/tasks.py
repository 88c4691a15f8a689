"""Background work on bilag: the PDF rendition of an Office file, made once after upload."""

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from ..files import sniff_bytes
from ..models import Bilag
from .anchors import annotations_follow_file
from .conversion import (
    NOT_INSTALLED,
    ConversionError,
    convert_to_pdf,
    failed_before,
    needs_conversion,
    soffice,
)
from .renditions import bilag_record_rendition_error, bilag_store_rendition


# The name is pinned: messages already queued under the old module path keep working.
@shared_task(name="meetings.tasks.convert_bilag_to_pdf", acks_late=True, ignore_result=True)
def convert_bilag_to_pdf(bilag_id: int) -> None:
    """Make the PDF rendition of a Word, Excel or PowerPoint bilag once, after upload."""
    bilag = Bilag.objects.filter(pk=bilag_id).first()
    if bilag is None or not bilag.has_file or bilag.pdf_rendition:
        return
    if failed_before(bilag.rendition_error):
        return  # the same file (a new one resets the error) failed already: never again
    with bilag.file.open("rb") as handle:
        data = handle.read()
    if not needs_conversion(sniff_bytes(data)):
        return
    if soffice() is None:
        bilag_record_rendition_error(bilag=bilag, reason=NOT_INSTALLED)
    else:
        try:
            content = convert_to_pdf(data)
        except ConversionError as error:
            bilag_record_rendition_error(bilag=bilag, reason=str(error))
        else:
            bilag_store_rendition(bilag=bilag, content=content)
    # The readers' marks on the earlier version: placed on the rendition (or, without one,
    # listed as not placed).
    annotations_follow_file(bilag.pk)


@shared_task(name="meetings.bilag.reanchor_annotations", acks_late=True, ignore_result=True)
def reanchor_annotations(bilag_id: int) -> None:
    """Place the readers' annotations again on a bilag's new file, by their text."""
    annotations_follow_file(bilag_id)
