"""Background work of the documents: the meeting pack, built with progress on its row, and the
agenda PDFs rendered ahead when a meeting is published."""

import logging

from celery import shared_task
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from ..access import Viewer
from ..models import Meeting, MeetingPack, PackStatus, Role
from .pack import build_pack, pack_filename, source_hash
from .render import DocumentKind, stored_document

logger = logging.getLogger(__name__)

STALE = "Dagsordenen eller adgangen til den blev ændret, mens mødepakken ventede. Bestil den igen."


# The name is pinned: messages already queued under the old module path keep working.
@shared_task(name="meetings.tasks.build_meeting_pack", acks_late=True, ignore_result=True)
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


# The access levels most readers have: a role, named on no closed item. A reader named on one
# has a level of their own (rare); theirs is rendered when they first ask for it.
PLAIN_LEVELS = (Role.SECRETARIAT, Role.CHAIR, Role.MEMBER, Role.OBSERVER)


@shared_task(name="meetings.documents.render_agendas", ignore_result=True)
def render_agendas(meeting_id: int) -> None:
    """Render the agenda PDF of each plain access level, filed where the download looks for it,
    so the members who open it first after publication find it made."""
    meeting = Meeting.objects.select_related("committee").filter(pk=meeting_id).first()
    if meeting is None:
        return
    for role in PLAIN_LEVELS:
        viewer = Viewer(user=AnonymousUser(), role=role, named=())
        stored = stored_document(meeting, viewer, DocumentKind.DAGSORDEN)
        if stored.handle is not None:  # made already
            stored.handle.close()
