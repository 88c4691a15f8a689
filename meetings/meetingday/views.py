"""Mødet i gang: the secretariat and the chair run a sent-out meeting on its day."""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from dap_portal import danish

from .. import access
from ..agenda import agenda_for
from ..member import pagecache
from ..models import AgendaItem, Meeting, MeetingStatus, Role
from ..questions.selectors import meeting_questions
from . import services
from .selectors import following, run_state

RUN = "meetings/meetingday/meeting_run.html"
FOLLOW = "meetings/meetingday/_follow.html"
# The shape of the poll's answer: a release that changes it gives every browser a new copy.
FOLLOW_FORMAT = 2


def _runnable(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(
        access.runnable_meetings(request.user).select_related("committee"), pk=meeting_id
    )


def _run_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_run", args=[meeting.pk])


@require_GET
def meeting_run(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The current item, the next one, each item's time against its plan, and the re-timing."""
    meeting = _runnable(request, meeting_id)
    viewer = access.Viewer.of(request.user, meeting)
    refusal = ""
    try:
        services.ensure_runnable(meeting, timezone.localdate())
    except ValidationError as error:
        refusal = " ".join(error.messages)
    return render(
        request,
        RUN,
        {
            "meeting": meeting,
            "state": run_state(meeting, viewer),
            "refusal": refusal,
            # The secretariat records decisions and the referat here; the chair keeps time.
            "may_record": viewer.may_edit,
            # The members' questions to the secretariat (the chair's page shows none).
            "questions": meeting_questions(request.user, meeting) if viewer.may_edit else {},
        },
    )


@require_POST
def meeting_run_start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _runnable(request, meeting_id)
    try:
        services.run_start(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_run_url(meeting))


@require_POST
def meeting_run_next(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _runnable(request, meeting_id)
    try:
        services.run_next_item(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_run_url(meeting))


@require_POST
def item_postpone(request: HttpRequest, item_id: int) -> HttpResponse:
    """Udsæt til næste møde: the item moves to the next meeting's draft."""
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=access.runnable_meetings(request.user)),
        pk=item_id,
    )
    try:
        postponement = services.item_postpone(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        draft = postponement.moved_to.meeting
        messages.success(
            request,
            f"»{item.title}« er udsat til mødet {danish.date_with_weekday(draft.date)} "
            "og står på dets dagsorden (kladde).",
        )
    return redirect(_run_url(item.meeting))


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in sent.split(","))


@require_GET
def meeting_follow(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The members' poll: which item is on now, and each item's decision as it is recorded.
    Unchanged since the browser's copy, it answers 304 after two queries with sessions read
    from the cache (the user, and the meeting with the viewer's role and its version); once
    the meeting is no longer on its day, the last answer (286) clears the current item and
    htmx stops polling."""
    if (found := access.meeting_and_viewer(request.user, meeting_id)) is None:
        raise Http404
    meeting, viewer = found
    if meeting.status != MeetingStatus.PUBLISHED or meeting.date != timezone.localdate():
        # No longer on (held, or its day gone): htmx swaps this last answer and stops asking
        # (286). It empties every "Behandles nu" place, so none stays on the members' page.
        response = render(
            request,
            FOLLOW,
            {"meeting": meeting, "now": following(meeting, viewer, over=True)},
            status=286,
        )
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
    # The meeting's version is raised by every change of the run, a decision, an inhabilitet
    # and the agenda (meetings.writes.touch), its updated_at by every save of the row; per
    # user and role, as what a closed item shows depends on who asks.
    changed = pagecache.micros(meeting.updated_at)
    parts = (FOLLOW_FORMAT, meeting.pk, meeting.version, changed, request.user.pk, viewer.role)
    etag = '"' + ".".join(str(part) for part in parts) + '"'
    if _etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = render(
            request,
            FOLLOW,
            {"meeting": meeting, "now": following(meeting, viewer)},
        )
    response["ETag"] = etag
    # Stored by the browser but asked again each time: the poll sees a change at once.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


SCREEN = "meetings/meetingday/meeting_screen.html"


@require_GET
def meeting_screen(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The room screen for the projector: the item on now, its time and its Indstilling. The
    room is not the audience of a closed item: it is shown as others see it, by the policy's
    observer, whoever opens the screen."""
    meeting = _runnable(request, meeting_id)
    room = access.Viewer(user=AnonymousUser(), role=Role.OBSERVER)
    state = run_state(meeting, room)
    current = state.run.current_item_id if state.run else None
    line = next((line for line in agenda_for(meeting, room).lines if line.item.pk == current), None)
    template = f"{SCREEN}#now" if request.htmx else SCREEN
    return render(request, template, {"meeting": meeting, "state": state, "line": line})
