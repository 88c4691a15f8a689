"""Mødet i gang: the secretariat and the chair run a sent-out meeting on its day."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import access
from ..models import Meeting
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
