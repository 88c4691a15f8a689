"""Views of meetings: thin (parse, authorise through meetings.access, call, render)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import access
from .agenda import agenda_for, bilag_filename, bilag_number
from .history import changes_since_publication
from .models import MeetingStatus


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings of the user's committees: upcoming first (soonest first), then past."""
    meetings = list(
        access.visible_meetings(request.user)
        .select_related("committee")
        .order_by("date", "start_time", "pk")
    )
    today = timezone.localdate()
    # A cancelled meeting leaves the upcoming list but stays visible, marked 'Aflyst'.
    upcoming = [
        meeting
        for meeting in meetings
        if meeting.date >= today and meeting.status != MeetingStatus.CANCELLED
    ]
    cancelled = [
        meeting
        for meeting in meetings
        if meeting.date >= today and meeting.status == MeetingStatus.CANCELLED
    ]
    past = [meeting for meeting in reversed(meetings) if meeting.date < today]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "cancelled": cancelled,
            "past": past,
            "today": today,
            "may_create": access.editable_committees(request.user).exists(),
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's agenda as the agenda reads, with what this viewer may see of it."""
    meeting = get_object_or_404(
        access.visible_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    viewer = access.Viewer.of(request.user, meeting)
    agenda = agenda_for(meeting, viewer)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "viewer": viewer,
            "minutes_available": access.can_read_minutes(viewer, meeting),
            "changes": changes_since_publication(meeting, agenda),
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
    return response
