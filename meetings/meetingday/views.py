"""Mødet i gang: the secretariat and the chair run a sent-out meeting on its day."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dap_portal import danish

from .. import access
from ..models import AgendaItem, Meeting
from . import services
from .selectors import run_state

RUN = "meetings/meetingday/meeting_run.html"


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
        {"meeting": meeting, "state": run_state(meeting, viewer), "refusal": refusal},
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
