"""Writes of the documents: ordering a meeting pack, built in the background, and the agenda
PDFs rendered ahead of the members' first requests."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from ..access import Viewer
from ..models import Meeting, MeetingPack, PackStatus
from . import tasks
from .pack import source_hash


@transaction.atomic
def meeting_pack_request(
    *, meeting: Meeting, viewer: Viewer, actor: AbstractBaseUser | AnonymousUser
) -> MeetingPack:
    """The meeting pack for what this viewer sees, built in the background if not there yet.

    A finished pack is reused while nothing that goes into it changes; a failed one is
    queued again.
    """
    level, digest = source_hash(meeting, viewer)
    pack, created = MeetingPack.objects.get_or_create(
        meeting=meeting,
        access_level=level,
        source_hash=digest,
        defaults={"requested_by": actor if actor.is_authenticated else None},
    )
    if created or pack.status == PackStatus.FAILED:
        if not created:
            pack.requested_by = actor if actor.is_authenticated else pack.requested_by
            pack.status = PackStatus.QUEUED
            pack.progress = 0
            pack.error = ""
            pack.save(update_fields=["requested_by", "status", "progress", "error"])
        transaction.on_commit(lambda: tasks.build_meeting_pack.delay(pack.pk))
    return pack


def agenda_render_ahead(meeting: Meeting) -> None:
    """Render the meeting's agenda PDFs in the background once this transaction commits: right
    after publication the members ask for it all at once (`tasks.render_agendas`).

    A meeting already held (an archive import publishes meetings years old) has no such crowd
    waiting: its PDF is rendered when someone asks for it."""
    if meeting.date < timezone.localdate():
        return
    transaction.on_commit(lambda: tasks.render_agendas.delay(meeting.pk))
