"""Downloads of a meeting's documents: the agenda and minutes PDFs and the meeting pack.

Thin views: access through meetings.access (404 for what the user may not see), the
documents from render.py and pack.py, the order of a pack through services.py.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import access
from ..agenda import agenda_for
from ..annotations.selectors import meeting_annotations_to_export
from ..bilag.text import bounded_decoding
from ..downloads import bytes_response, stored_file_response
from ..models import Meeting, MeetingPack, MeetingStatus, PackStatus
from . import services
from .pack import pack_filename, source_hash
from .personal import pack_with_annotations
from .render import DocumentKind, StoredPdf, stored_document


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Meeting, access.Viewer]:
    if (found := access.meeting_and_viewer(request.user, meeting_id)) is None:
        raise Http404
    return found


def _pdf_response(stored: StoredPdf) -> HttpResponse:
    """Streamed from storage (or a presigned redirect): the PDF is never read whole here."""
    return stored_file_response(
        stored.name, filename=stored.filename, content_type="application/pdf", handle=stored.handle
    )


@require_GET
def agenda_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda as PDF in the MedCom format, as this user may see it."""
    meeting, viewer = _meeting(request, meeting_id)
    return _pdf_response(stored_document(meeting, viewer, DocumentKind.DAGSORDEN))


@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as PDF, once the user may read them."""
    meeting, viewer = _meeting(request, meeting_id)
    if not access.can_read_minutes(viewer, meeting):
        raise Http404
    return _pdf_response(stored_document(meeting, viewer, DocumentKind.REFERAT))


def _current_pack(meeting: Meeting, viewer: access.Viewer) -> MeetingPack | None:
    level, digest = source_hash(meeting, viewer)
    return MeetingPack.objects.filter(
        meeting=meeting, access_level=level, source_hash=digest
    ).first()


@require_POST
def pack_request(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Ask for the meeting pack; it is built in the background and the page shows progress."""
    meeting, viewer = _meeting(request, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    pack = services.meeting_pack_request(meeting=meeting, viewer=viewer, actor=request.user)
    context = {"meeting": meeting, "pack": pack}
    if request.htmx:
        return render(request, "meetings/documents/_pack_status.html", context)
    return redirect("meetings:pack_status", meeting_id=meeting.pk)


@require_GET
def pack_status(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The state of this user's meeting pack (polled by htmx while it is being built)."""
    meeting, viewer = _meeting(request, meeting_id)
    context = {"meeting": meeting, "pack": _current_pack(meeting, viewer)}
    template = (
        "meetings/documents/_pack_status.html"
        if request.htmx
        else "meetings/documents/pack_status.html"
    )
    return render(request, template, context)


@require_GET
def pack_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The finished pack: only the one built for exactly what this user may see now."""
    meeting, viewer = _meeting(request, meeting_id)
    pack = _current_pack(meeting, viewer)
    if pack is None or pack.status != PackStatus.DONE or not pack.file:
        raise Http404
    return stored_file_response(
        pack.file.name,
        filename=pack.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
        storage=pack.file.storage,
    )


@require_GET
def pack_with_my_notes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """'Min mødepakke med noter': this user's pack with their own highlights and notes as PDF
    annotations, made for this request from the cached pack and never stored. Without a
    finished pack: its page, where it is ordered."""
    meeting, viewer = _meeting(request, meeting_id)
    pack = _current_pack(meeting, viewer)
    if pack is None or pack.status != PackStatus.DONE or not pack.file:
        return redirect("meetings:pack_status", meeting_id=meeting.pk)
    with pack.file.open("rb") as stored:
        data = stored.read()
    mine = meeting_annotations_to_export(request.user, meeting)
    with bounded_decoding():
        content = pack_with_annotations(data, agenda_for(meeting, viewer), mine)
    stem = pack_filename(meeting).removesuffix(".pdf")
    return bytes_response(content, filename=f"{stem}-med-mine-noter.pdf")
