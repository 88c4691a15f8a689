"""Reads of the archive import: a user's batches, originals, and a meeting's archive box."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .. import access
from ..access import Viewer
from ..agenda import Agenda, BilagLine
from ..models import ArchiveBatch, ArchiveImport, Meeting


def may_import(user: object) -> bool:
    """The secretariat of some committee may import its archive."""
    return access.editable_committees(user).exists()


def batches_of(user: object) -> QuerySet[ArchiveBatch]:
    """The upload batches a user started, for committees they still run (or 'from the
    title', each file judged by `services.preview_file`): others' batches answer 404."""
    if not may_import(user):
        return ArchiveBatch.objects.none()
    return ArchiveBatch.objects.filter(
        Q(committee__isnull=True) | Q(committee__in=access.editable_committees(user)),
        created_by=user,
    ).select_related("committee")


def originals_for(user: object) -> QuerySet[ArchiveImport]:
    """Original files of imported meetings: the secretariat's copy, nobody else's."""
    return ArchiveImport.objects.filter(meeting__in=access.editable_meetings(user))


@dataclass(frozen=True)
class MeetingArchive:
    imports: list[ArchiveImport]  # empty for readers who are not the secretariat
    missing: list[BilagLine]


def meeting_archive(meeting: Meeting, viewer: Viewer, agenda: Agenda) -> MeetingArchive | None:
    """For a meeting read from the archive: its originals and the bilag it names but lacks."""
    imports = list(meeting.archive_imports.order_by("imported_at"))
    if not imports:
        return None
    missing = [
        line
        for agenda_line in agenda.lines
        if agenda_line.visible
        for line in agenda_line.bilag
        if line.visible and not line.bilag.has_file and not line.is_generated
    ]
    return MeetingArchive(imports=imports if viewer.is_secretariat else [], missing=missing)
