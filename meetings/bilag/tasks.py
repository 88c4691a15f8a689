"""Background work on bilag: the PDF rendition of an Office file, made once after upload."""

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from ..files import sniff_bytes
from ..models import Bilag
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
        return
    try:
        content = convert_to_pdf(data)
    except ConversionError as error:
        bilag_record_rendition_error(bilag=bilag, reason=str(error))
        return
    bilag_store_rendition(bilag=bilag, content=content)
