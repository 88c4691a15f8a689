"""The agenda and minutes as PDF in the MedCom format (WeasyPrint), cached by content hash.

Rendering fetches nothing but the project's own static files: `fetcher.StaticOnlyFetcher` refuses
`file:` paths outside the static folders, `http(s):`, `data:` and everything else, so user
text cannot pull `/etc/passwd` or an internal URL into a PDF.
"""

import datetime as dt
import enum
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from budgets.selectors import BudgetTable
from dap_portal import danish

from ..access import Viewer
from ..agenda import Agenda, agenda_for, next_meeting_sentence, title_line
from ..audit import AuditAction
from ..between import actions_by_item
from ..changes import current, keep
from ..models import (
    AttendanceStatus,
    AuditEntry,
    Disqualification,
    HoeringStatus,
    ItemReferat,
    Meeting,
    MeetingStatus,
    MinutesHoering,
)
from ..portfolio.embeds import embed_tables
from ..portfolio.proposals import agenda_proposals
from .fetcher import StaticOnlyFetcher
from .tagging import finish_tagged_pdf

logger = logging.getLogger(__name__)

# Raise when the templates or the renderer change in a way the HTML does not show.
RENDERER_VERSION = "3"
PRINT_CSS = "css/agenda-print.css"
PDF_VARIANT = "pdf/ua-1"
# How long the fingerprint → stored PDF mapping is kept; a new version makes a new key anyway.
PDF_NAME_TIMEOUT = 24 * 3600
# One request renders a missing PDF while the others asking for it wait and poll. A render that
# holds the lock longer than this is taken for dead, and the next request renders instead.
RENDER_LOCK_TIMEOUT = 20
RENDER_POLL_SECONDS = 0.1


class DocumentKind(enum.StrEnum):
    DAGSORDEN = "dagsorden"
    REFERAT = "referat"


def static_base_url() -> str:
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


@cache
def _static_fingerprint() -> str:
    """A hash of the print stylesheet and fonts: a change there must make new PDFs."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    root = Path(settings.STATICFILES_DIRS[0])
    for stylesheet in (PRINT_CSS, "css/print-fonts.css"):
        digest.update((root / stylesheet).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    filename: str
    from_cache: bool
    name: str = ""  # where it is stored in the cache, when it is


def _embed_tables(agenda: Agenda) -> dict[int, BudgetTable]:
    """The budget table of every visible embed: live in a draft, frozen once published."""
    return embed_tables(agenda)


def document_title(meeting: Meeting, kind: DocumentKind) -> str:
    """The title line and the PDF's title metadata, with the meeting's own title if it has one."""
    return title_line(meeting, "Dagsorden til" if kind == DocumentKind.DAGSORDEN else "Referat af")


def document_filename(meeting: Meeting, kind: DocumentKind) -> str:
    """`Dagsorden-til-styregruppemøde-i-DAP-den-6.-oktober-2025.pdf`."""
    prefix = "Dagsorden-til" if kind == DocumentKind.DAGSORDEN else "Referat-af"
    date = danish.date_long(meeting.date).replace(" ", "-")
    return f"{prefix}-styregruppemøde-i-{meeting.committee.short_name}-den-{date}.pdf"


def clock_times(agenda: Agenda) -> dict[int, dt.time]:
    """The clock time of each item that starts while the meeting lasts, by item number.

    With the items' minutes past the meeting's end, the list does not invent a start at or
    after the end: those items are listed without one, and the PDF says that the plan runs
    over (`agenda.overrun_minutes`).
    """
    end = agenda.meeting.end_time
    return {
        line.number: line.starts_at
        for line in agenda.lines
        if line.starts_at is not None and (end is None or line.starts_at < end)
    }


def document_html(
    meeting: Meeting,
    viewer: Viewer,
    kind: DocumentKind,
    *,
    agenda: Agenda | None = None,
    pack_skipped: list[dict[str, str]] | None = None,
    pack_linked: frozenset[str] = frozenset(),
) -> str:
    """The HTML that WeasyPrint turns into the PDF (also what the cache key hashes).

    `pack_skipped` renders the agenda as the first part of a meeting pack: page numbers are
    then stamped across the whole pack, and the bilag left out are listed with the reason;
    the lines of the bilag in `pack_linked` (their anchors) become links, which the pack
    points at the bilag's first page.
    """
    agenda = agenda or agenda_for(meeting, viewer)
    short = "Dagsorden" if kind == DocumentKind.DAGSORDEN else "Referat"
    attendance = list(meeting.attendance.all()) if kind == DocumentKind.REFERAT else []
    # Who came late, left early, or was there under one item only, by the items' numbers.
    numbers = {line.item.pk: line.number for line in agenda.lines}
    context = {
        "present": [
            a.label(numbers)
            for a in attendance
            if a.status == AttendanceStatus.PRESENT and not a.guest
        ],
        "absent": [a for a in attendance if a.status == AttendanceStatus.ABSENT],
        "guests": [
            a.label(numbers) for a in attendance if a.guest and a.status == AttendanceStatus.PRESENT
        ],
        "meeting": meeting,
        "agenda": agenda,
        "kind": str(kind),
        "title": document_title(meeting, kind),
        "running_header": (
            f"{short} – {meeting.committee.short_name} – {danish.date_long(meeting.date)}"
        ),
        "clock_times": clock_times(agenda),
        "embed_tables": _embed_tables(agenda),
        "proposals": agenda_proposals(agenda),
        "next_meeting_sentence": next_meeting_sentence(meeting),
        "print_css": PRINT_CSS,
        "secretariat": meeting.committee.secretariat,
        "accessibility_contact": settings.DAP_ACCESSIBILITY_CONTACT,
        "in_pack": pack_skipped is not None,
        "pack_skipped": pack_skipped or [],
        "pack_linked": pack_linked,
        # The minutes list each decision's follow-up actions under it.
        "item_actions": actions_by_item(meeting) if kind == DocumentKind.REFERAT else {},
        # ... and who took no part in an item (inhabil).
        "inhabil": Disqualification.objects.names_by_item(meeting.pk)
        if kind == DocumentKind.REFERAT
        else {},
        # ... and what was discussed (the referat text typed during the meeting).
        "referats": dict(
            ItemReferat.objects.filter(item__meeting=meeting).values_list("item_id", "text")
        )
        if kind == DocumentKind.REFERAT
        else {},
        "base_url": settings.DAP_BASE_URL,
        "approval_sentence": _approval_sentence(meeting) if kind == DocumentKind.REFERAT else "",
    }
    return render_to_string("meetings/documents/agenda_pdf.html", context)


def approval_in_force(meeting: Meeting) -> MinutesHoering | None:
    """The høring whose approval the minutes stand on: the last one approved, unless the
    minutes were reopened since (approved again on the minutes page, or not yet again)."""
    hoering = (
        MinutesHoering.objects.filter(meeting=meeting, status=HoeringStatus.APPROVED)
        .order_by("-approved_at")
        .first()
    )
    if hoering is None:
        return None
    reopened = AuditEntry.objects.filter(
        meeting=meeting, action=AuditAction.MINUTES_REOPENED, at__gte=hoering.approved_at
    )
    return None if reopened.exists() else hoering


def _approval_sentence(meeting: Meeting) -> str:
    """How approved minutes were approved (after a høring): by the chair, or tacitly."""
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        return ""
    hoering = approval_in_force(meeting)
    return hoering.approval_sentence if hoering else ""


def html_document(html: str, *, resources: dict[str, tuple[bytes, str]] | None = None) -> HTML:
    """A WeasyPrint document that can fetch only static files (and `resources` given here)."""
    return HTML(
        string=html,
        base_url=static_base_url(),
        url_fetcher=StaticOnlyFetcher(resources=resources),
    )


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint with the safe fetcher, tagged PDF/UA-1 (header scopes and link texts too)."""
    return html_document(html).write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_tagged_pdf)


def _cache_name(html: str, kind: str) -> str:
    digest = hashlib.sha256()
    for piece in (_static_fingerprint(), str(kind), html):
        digest.update(piece.encode())
    return f"cache/pdf/{digest.hexdigest()}.pdf"


def cached_pdf(
    html: str,
    kind: str,
    filename: str,
    *,
    use_cache: bool = True,
    render: Callable[[str], bytes] = html_to_pdf,
) -> RenderedPdf:
    """The PDF of a document's HTML, from the cache when the same HTML was rendered before.

    `render` makes the PDF when it is not there; `kind` names what it makes (part of the key).
    """
    name = _cache_name(html, kind)
    if use_cache:
        try:  # one look at the storage (a GET in a bucket), not an exists() and an open()
            with default_storage.open(name, "rb") as cached:
                return RenderedPdf(cached.read(), filename, from_cache=True, name=name)
        except FileNotFoundError:
            pass
    content = render(html)
    if use_cache and not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return RenderedPdf(content, filename, from_cache=False, name=name if use_cache else "")


@dataclass(frozen=True)
class StoredPdf:
    name: str  # in the default storage
    filename: str  # for the download
    handle: File | None = None  # opened already, when it was found by its fingerprint


def stored_document(meeting: Meeting, viewer: Viewer, kind: DocumentKind) -> StoredPdf:
    """The cached PDF for this viewer, found before any HTML is built when it can be.

    A cheap fingerprint (the meeting's version and last save, the day, the viewer's access
    level, the kind and the renderer; with the committee's and the portfolio's tokens that
    `current` checks) names the PDF that `render_document` stored last time for the same
    fingerprint, and its download name; only when it names none is the HTML built and hashed.
    Requests that miss while another renders the same fingerprint wait for that render.
    """
    digest = hashlib.sha256()
    for piece in (
        meeting.pk,
        meeting.version,
        meeting.status,
        meeting.updated_at.isoformat(),
        # The day the state of follow-up actions ('Overskredet') is told on; the next
        # meeting, procedures, actions and budgets are the tokens `current` checks.
        timezone.localdate().isoformat(),
        viewer.access_level(meeting),
        kind,
        _static_fingerprint(),
        translation.get_language(),
    ):
        digest.update(f"{piece}|".encode())
    key = f"pdf:{digest.hexdigest()}"
    lock = f"{key}:rendering"
    # Right after publication many members ask at once: the first renders, the others wait for
    # its PDF instead of each rendering the same one (`cache.add` takes the lock atomically).
    while True:
        found, tokens = current(key, meeting.committee_id)
        if found is not None:
            name, filename = found
            try:  # one look at the storage (a HEAD in a bucket), not an exists() and an open()
                return StoredPdf(name, filename, default_storage.open(name, "rb"))
            except FileNotFoundError:
                pass  # removed since: made again below
        if shared_cache.add(lock, True, RENDER_LOCK_TIMEOUT):
            break
        time.sleep(RENDER_POLL_SECONDS)  # until it is stored, or the lock is let go or expires
    try:
        rendered = render_document(meeting, viewer, kind)
        keep(key, tokens, (rendered.name, rendered.filename), PDF_NAME_TIMEOUT)
    finally:
        shared_cache.delete(lock)
    return StoredPdf(rendered.name, rendered.filename)


def render_document(
    meeting: Meeting, viewer: Viewer, kind: DocumentKind, *, use_cache: bool = True
) -> RenderedPdf:
    """The PDF of a meeting's agenda or minutes as this viewer may see it.

    The cache key is a hash of the HTML, which holds everything the viewer may see: a change
    to the agenda or the budget makes a new PDF, and readers with different access to
    confidential items get different files.
    """
    html = document_html(meeting, viewer, kind)
    return cached_pdf(html, kind, document_filename(meeting, kind), use_cache=use_cache)
