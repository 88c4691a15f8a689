"""Background work of the meetings app: meeting packs and Office-to-PDF conversion."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from .access import Viewer
from .conversion import ConversionError, convert_to_pdf, needs_conversion, soffice
from .files import sniff_bytes
from .models import Bilag, MeetingPack, PackStatus
from .pack import build_pack, pack_filename, source_hash

logger = logging.getLogger(__name__)

STALE = "Dagsordenen eller adgangen til den blev ændret, mens mødepakken ventede. Bestil den igen."


@shared_task(acks_late=True, ignore_result=True)
def build_meeting_pack(pack_id: int) -> None:
    """Build a queued meeting pack, reporting progress on the row the page polls."""
    claimed = MeetingPack.objects.filter(
        pk=pack_id, status__in=[PackStatus.QUEUED, PackStatus.FAILED]
    ).update(status=PackStatus.RUNNING, progress=1, error="")
    if not claimed:
        return  # another worker has it, or it is done
    pack = MeetingPack.objects.select_related("meeting__committee", "requested_by").get(pk=pack_id)
    meeting = pack.meeting
    viewer = Viewer.of(pack.requested_by, meeting) if pack.requested_by else None
    if viewer is None or viewer.role is None:
        MeetingPack.objects.filter(pk=pack_id).update(
            status=PackStatus.FAILED, error="Den, der bestilte mødepakken, har ikke længere adgang."
        )
        return

    def progress(percent: int) -> None:
        MeetingPack.objects.filter(pk=pack_id).update(progress=min(percent, 99))

    def still_matches() -> bool:
        # The pack is filed under what the orderer could see when ordering; if the agenda or
        # their access changed since, this build would not be that pack.
        return source_hash(meeting, viewer) == (pack.access_level, pack.source_hash)

    if not still_matches():
        MeetingPack.objects.filter(pk=pack_id).update(status=PackStatus.FAILED, error=STALE)
        return
    try:
        built = build_pack(meeting, viewer, progress=progress)
    except Exception:
        logger.exception("Mødepakke %s kunne ikke dannes", pack_id)
        MeetingPack.objects.filter(pk=pack_id).update(
            status=PackStatus.FAILED,
            error="Mødepakken kunne ikke dannes. Prøv igen; sker det igen, kontakt sekretariatet.",
        )
        return
    if not still_matches():
        MeetingPack.objects.filter(pk=pack_id).update(status=PackStatus.FAILED, error=STALE)
        return
    pack.file.save(pack_filename(meeting), ContentFile(built.content), save=False)
    MeetingPack.objects.filter(pk=pack_id).update(
        file=pack.file.name,
        status=PackStatus.DONE,
        progress=100,
        page_count=built.page_count,
        skipped=built.skipped,
        finished_at=timezone.now(),
    )


@shared_task(acks_late=True, ignore_result=True)
def convert_bilag_to_pdf(bilag_id: int) -> None:
    """Make the PDF rendition of a Word, Excel or PowerPoint bilag once, after upload."""
    from .services import bilag_record_rendition_error, bilag_store_rendition

    bilag = Bilag.objects.filter(pk=bilag_id).first()
    if bilag is None or not bilag.has_file:
        return
    with bilag.file.open("rb") as handle:
        data = handle.read()
    if not needs_conversion(sniff_bytes(data)):
        return
    if soffice() is None:
        bilag_record_rendition_error(
            bilag=bilag, reason="LibreOffice er ikke installeret på serveren."
        )
        return
    try:
        content = convert_to_pdf(data)
    except ConversionError as error:
        bilag_record_rendition_error(bilag=bilag, reason=str(error))
        return
    bilag_store_rendition(bilag=bilag, content=content)


# --- Reminders (issue 6): the beat scan and one delivery task per due reminder ---------------


@shared_task(ignore_result=True)
def scan_reminders() -> int:
    """Run by beat every minute: hand each due, pending reminder to `deliver_reminder`."""
    from . import reminders

    return len(reminders.scan())


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=5)
def deliver_reminder(self, reminder_id: int) -> str:
    """Send one reminder to its recipients, each once; retry failed sends with backoff."""
    from . import reminders

    try:
        return reminders.deliver(reminder_id)
    except reminders.SendFailedError as error:
        if self.request.retries >= self.max_retries:
            logger.warning("Påmindelse %s kunne ikke sendes: %s", reminder_id, error)
            reminders.give_up(reminder_id)
            return "failed"
        countdown = reminders.retry_countdown(self.request.retries)
        raise self.retry(countdown=countdown, exc=error) from error
