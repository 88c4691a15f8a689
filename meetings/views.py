"""Views of meetings: thin (parse, authorise through meetings.access, call, render)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import access
from .agenda import agenda_for, bilag_filename, bilag_number
from .history import changes_since_publication
from .portfolio_embeds import embed_figures
from .views_member import member_context


@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's agenda as the agenda reads, with what this viewer may see of it."""
    meeting = get_object_or_404(
        access.visible_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    viewer = access.Viewer.of(request.user, meeting)
    agenda = agenda_for(meeting, viewer)
    changes = changes_since_publication(meeting, agenda)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "viewer": viewer,
            "minutes_available": access.can_read_minutes(viewer, meeting),
            "changes": changes,
            # What is new since the member's last visit, and their notes (records the visit).
            **member_context(request, meeting, agenda, changes),
            # Budget tables of the items: live in a draft, as sent once published.
            "embed_figures": embed_figures(agenda, compare=viewer.is_secretariat),
        },
    )


@require_GET
def bilag_download(request: HttpRequest, bilag_id: int) -> FileResponse:
    """A bilag's file, for a viewer who may see it; anything else answers 404."""
    bilag = get_object_or_404(
        access.visible_bilag(request.user).select_related("item__meeting"), pk=bilag_id
    )
    item = bilag.item
    viewer = access.Viewer.of(request.user, item.meeting)
    if not viewer.sees_bilag(bilag, item) or not bilag.has_file:
        raise Http404
    try:
        handle = bilag.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=bilag_filename(bilag, bilag_number(bilag)),
        content_type=bilag.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Bilag may be confidential: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    return response
