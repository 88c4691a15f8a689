"""Batches of the 'Importér arkiv' page: upload, read in the background, confirm, import.

The files wait in storage under archive/batches/ while the secretariat looks at the preview;
no meeting is written before the import is confirmed. Reading and importing run as Celery
tasks that report progress on the batch row, which the page polls (as the meeting pack);
their work is in `batch_work`.
"""

from collections.abc import Sequence
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..audit import Actor
from ..models import ArchiveBatch, BatchStatus, Committee
from . import tasks
from .batch_work import batch_files
from .read import megabytes
from .services import ArchiveError, State, readable

ACCEPTED = ".docx, .pdf, .doc, .odt eller .zip"


def _staging(batch: ArchiveBatch, number: int, name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()[:8]
    return f"archive/batches/{batch.pk}/{number}{suffix}"


@transaction.atomic
def batch_create(
    *, actor: Actor, committee: Committee | None, uploads: Sequence[UploadedFile]
) -> ArchiveBatch:
    """Keep the uploaded files and queue their reading; ArchiveError (Danish) if refused."""
    if not uploads:
        raise ArchiveError("Vælg en eller flere filer (.docx, .pdf, .doc, .odt eller .zip).")
    limit = settings.DAP_ARCHIVE_MAX_BYTES
    for upload in uploads:
        if not readable(upload.name):
            raise ArchiveError(f"{upload.name}: kun {ACCEPTED} kan importeres.")
        if upload.size > limit:
            raise ArchiveError(
                f"{upload.name}: filen fylder {megabytes(upload.size)}; højst "
                f"{megabytes(limit)} kan uploades ad gangen. Del arkivet op i flere zip-filer."
            )
    batch = ArchiveBatch.objects.create(created_by=actor, committee=committee)
    stored: list[str] = []
    try:
        entries = []
        for number, upload in enumerate(uploads, start=1):
            name = default_storage.save(_staging(batch, number, upload.name), upload)
            stored.append(name)
            entries.append({"upload": PurePosixPath(upload.name).name, "stored": name})
        batch.entries = entries
        batch.save(update_fields=["entries"])
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    transaction.on_commit(lambda: tasks.read_archive_batch.delay(batch.pk))
    return batch


@transaction.atomic
def batch_confirm(*, batch: ArchiveBatch, actor: Actor) -> ArchiveBatch:
    """The secretariat confirmed the preview: import the ready files in the background."""
    batch = ArchiveBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.READY:
        raise ArchiveError("Filerne er allerede ved at blive importeret eller er importeret.")
    if not any(row["state"] == State.READY for row in batch_files(batch)):
        raise ArchiveError("Ingen af filerne kan importeres; se begrundelserne ved hver fil.")
    batch.status = BatchStatus.IMPORTING
    batch.progress = 0
    batch.save(update_fields=["status", "progress"])
    transaction.on_commit(lambda: tasks.import_archive_batch.delay(batch.pk))
    return batch
