"""Background work of the archive import: reading a batch for preview, importing it."""

import logging

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from ..models import ArchiveBatch, BatchStatus
from .batch_work import batch_import, batch_read, batches_expire, remove_uploads

logger = logging.getLogger(__name__)


def _failed(batch_id: int, message: str) -> None:
    ArchiveBatch.objects.filter(pk=batch_id).update(status=BatchStatus.FAILED, error=message)
    batch = ArchiveBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        remove_uploads(batch)  # a failed batch is never imported: keep none of its files


@shared_task(acks_late=True, ignore_result=True)
def read_archive_batch(batch_id: int) -> None:
    """Read the files of an uploaded batch for the preview page."""
    try:
        batch_read(batch_id=batch_id)
    except Exception:
        logger.exception("Arkivupload %s kunne ikke læses", batch_id)
        _failed(batch_id, "Filerne kunne ikke læses. Prøv igen; sker det igen, kontakt support.")


@shared_task(acks_late=True, ignore_result=True)
def import_archive_batch(batch_id: int) -> None:
    """Import the confirmed files of a batch."""
    try:
        batch_import(batch_id=batch_id)
    except Exception:
        logger.exception("Arkivupload %s kunne ikke importeres", batch_id)
        _failed(
            batch_id, "Importen stoppede undervejs; de filer, der nåede at blive gemt, er gemt."
        )


@shared_task(name="meetings.archive.expire", ignore_result=True)
def expire_archive_batches() -> None:
    """The beat scan: remove uploads never confirmed, a day on."""
    removed = batches_expire()
    if removed:
        logger.info("%s ubekræftede arkivuploads fjernet", removed)
