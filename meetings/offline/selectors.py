"""What a member's device may keep of a meeting for reading offline, and how current it is.

The offline manifest lists exactly the URLs the requesting user may open (the meeting page,
the agenda PDF, their notes, and every bilag they may read: the viewer page, the PDF or image
the viewer shows, the user's own highlights and notes in it and the original file), each with
a version that changes when what the URL answers changes. Access is decided by
`meetings.access` and the viewer's agenda: a closed item or bilag the user may not read is
simply not listed, so it is never stored.
"""

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from .. import access
from ..agenda import agenda_for
from ..annotations.selectors import meeting_annotations
from ..documents.render import DocumentKind, document_html
from ..files import OFFICE_CONTENT_TYPES, preview_of
from ..models import Meeting, MeetingStatus, OfflinePreference, PrivateNote

# What the viewer pages need to draw without the network (hashed names in production).
SHELL_FILES = (
    "vendor/dkfds/css/dkfds.min.css",
    "vendor/dkfds/js/dkfds.min.js",
    "vendor/dkfds/img/all-svg-icons.svg",
    # A ticked (or mixed) checkbox draws its tick from these; without them it is a black square.
    "vendor/dkfds/img/svg-icons/check-white.svg",
    "vendor/dkfds/img/svg-icons/minus-white.svg",
    "vendor/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2",
    "vendor/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-SemiBold.woff2",
    "vendor/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Bold.woff2",
    "vendor/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Italic.woff2",
    "vendor/htmx.org/htmx.min.js",
    "vendor/pdfjs-dist/build/pdf.min.mjs",
    "vendor/pdfjs-dist/build/pdf.worker.min.mjs",
    "css/portal.css",
    "css/offline.css",
    "js/portal.js",
    "js/bilag-viewer.js",
    "js/offline-core.js",
    "js/offline.js",
)
AUTO_STORE_DAYS = 14
MAX_STATUS_MEETINGS = 50


@dataclass(frozen=True)
class Entry:
    """One URL a device keeps: `kind` says what it is, `version` when it must be fetched again."""

    url: str
    version: str
    kind: str
    size: int | None = None


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:20]


def max_age_days() -> int:
    return settings.DAP_OFFLINE_MAX_AGE_DAYS


def shell_urls() -> list[str]:
    """The offline pages and the static files the stored pages need."""
    return [
        reverse("offline:overview"),
        reverse("offline:unavailable"),
        *(static(name) for name in SHELL_FILES),
    ]


def meeting_manifest(user: AbstractBaseUser, meeting: Meeting) -> dict:
    """The offline manifest of one meeting for this user (the meeting must be visible)."""
    viewer = access.Viewer.of(user, meeting)
    agenda = agenda_for(meeting, viewer)
    html = document_html(meeting, viewer, DocumentKind.DAGSORDEN, agenda=agenda)
    agenda_version = _digest(html, meeting.status, meeting.updated_at.isoformat())
    notes = (
        PrivateNote.objects.filter(user=user)
        .filter(Q(item__meeting=meeting) | Q(bilag__item__meeting=meeting))
        .order_by()
        .aggregate(latest=Max("updated_at"), count=Count("pk"))
    )
    # The user's own highlights and notes (never anyone else's: a version that moved with
    # another member's marks would tell of them). The notes page lists them too.
    own_marks = meeting_annotations(user, meeting)
    marks_versions = {
        bilag_id: _digest(*(f"{row.pk}@{row.updated_at.isoformat()}" for row in rows))
        for bilag_id, rows in own_marks.items()
    }
    notes_version = _digest(notes["latest"], notes["count"], *sorted(marks_versions.items()))
    entries = [
        Entry(
            reverse("meetings:meeting_detail", args=[meeting.pk]),
            _digest(agenda_version, notes_version),
            "page",
        ),
        Entry(reverse("meetings:agenda_pdf", args=[meeting.pk]), agenda_version, "agenda"),
        Entry(reverse("meetings:meeting_notes", args=[meeting.pk]), notes_version, "notes"),
    ]
    for line in agenda.lines:
        for entry in line.bilag:
            if not entry.downloadable:
                continue
            bilag = entry.bilag
            file_version = _digest(bilag.sha256, bilag.version, bilag.file.name)
            entries.append(
                Entry(
                    reverse("meetings:bilag_view", args=[bilag.pk]),
                    _digest(agenda_version, file_version, notes_version),
                    "bilag-page",
                )
            )
            preview = preview_of(bilag)[0]
            if preview == "pdf":  # the viewer draws the user's own marks over it
                entries.append(
                    Entry(
                        reverse("meetings:bilag_annotations", args=[bilag.pk]),
                        _digest(file_version, marks_versions.get(bilag.pk, "")),
                        "annotations",
                    )
                )
            if preview != "none":  # the viewer shows it from bilag_inline
                entries.append(
                    Entry(
                        reverse("meetings:bilag_inline", args=[bilag.pk]),
                        _digest(file_version, bilag.pdf_rendition.name),
                        "bilag-view",
                        bilag.size if bilag.content_type not in OFFICE_CONTENT_TYPES else None,
                    )
                )
            entries.append(
                Entry(
                    reverse("meetings:bilag_download", args=[bilag.pk]),
                    file_version,
                    "bilag-file",
                    bilag.size,
                )
            )
    return {
        "meeting": meeting.pk,
        "title": f"{meeting.title}, {meeting.date.strftime('%d.%m.%Y')}",
        "date": meeting.date.isoformat(),
        "url": reverse("meetings:meeting_detail", args=[meeting.pk]),
        "version": _digest(*(f"{e.url}={e.version}" for e in entries)),
        "entries": [asdict(entry) for entry in entries],
        "shell": shell_urls(),
    }


def auto_store_enabled(user: AbstractBaseUser) -> bool:
    preference = OfflinePreference.objects.filter(user=user).first()
    return preference.auto_store if preference is not None else True


def auto_store_meetings(user: AbstractBaseUser, *, today: dt.date | None = None) -> list[int]:
    """Meetings sent out for the next 14 days: stored on the member's devices automatically."""
    if not auto_store_enabled(user):
        return []
    today = today or timezone.localdate()
    return list(
        access.visible_meetings(user)
        .filter(published_at__isnull=False, date__range=(today, today + dt.timedelta(days=14)))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "pk")
        .values_list("pk", flat=True)
    )


def offline_status(user: AbstractBaseUser, meeting_ids: list[int]) -> dict:
    """What a device learns at each contact: who is logged in, the current version of each
    stored meeting (None: the user may no longer see it) and the meetings to store."""
    if not user.is_authenticated:
        return {"user": None, "meetings": {}, "auto": [], "max_age_days": max_age_days()}
    wanted = sorted(set(meeting_ids))[:MAX_STATUS_MEETINGS]
    visible = {
        meeting.pk: meeting
        for meeting in access.visible_meetings(user)
        .filter(pk__in=wanted)
        .select_related("committee")
    }
    versions = {
        str(pk): meeting_manifest(user, visible[pk])["version"] if pk in visible else None
        for pk in wanted
    }
    return {
        "user": user.pk,
        "meetings": versions,
        "auto": auto_store_meetings(user),
        "max_age_days": max_age_days(),
    }
