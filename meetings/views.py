"""Views of meetings: thin (parse, authorise through meetings.access, call, render)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import access
from .agenda import agenda_for


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = access.visible_meetings(request.user).select_related("committee")
    return render(request, "meetings/meeting_list.html", {"meetings": meetings})


@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        access.visible_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    viewer = access.Viewer.of(request.user, meeting)
    agenda = agenda_for(meeting, viewer)
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting, "agenda": agenda})


@require_GET
def bilag_download(request: HttpRequest, bilag_id: int) -> FileResponse:
    raise NotImplementedError
