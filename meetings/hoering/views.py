"""The høring page: end the meeting, send the minutes in høring, comment, approve."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.reauth import recent_authentication_required

from .. import access
from ..documents.render import approval_in_force
from ..minutes.services import meeting_mark_held
from ..models import AgendaItem, HoeringStatus, Meeting, MeetingStatus
from . import selectors, services
from .forms import CommentForm, SendForm


def _page_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:hoering", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _meeting_and_viewer(request: HttpRequest, meeting_id: int):
    found = access.meeting_and_viewer(request.user, meeting_id)
    if found is None:
        raise Http404
    meeting, viewer = found
    hoering = selectors.latest_hoering(meeting)
    if not access.sees_hoering(viewer, hoering):
        raise Http404
    return meeting, viewer, hoering


def _failed(request: HttpRequest, meeting: Meeting, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(_page_url(meeting))


@require_GET
def hoering_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes in høring: the text per item, comments, changes since, and the actions."""
    meeting, viewer, hoering = _meeting_and_viewer(request, meeting_id)
    items = {
        item.pk: item
        for item in AgendaItem.objects.filter(meeting=meeting).prefetch_related("restricted_to")
    }
    changes = selectors.changes_since(hoering) if hoering else []
    comments = list(selectors.comments(hoering)) if hoering else []
    lines = []
    for change in changes:
        item = items.get(change.item_id)
        if item is not None and not viewer.sees_item_content(item):
            continue  # a closed item's minutes are not shown to those who may not read it
        lines.append(
            {
                "change": change,
                "item": item,
                "comments": [c for c in comments if c.item_id == change.item_id],
            }
        )
    is_open = hoering is not None and hoering.status == HoeringStatus.OPEN
    # Approved, then reopened: the page no longer says how the minutes were approved.
    reopened = (
        hoering is not None
        and hoering.status == HoeringStatus.APPROVED
        and approval_in_force(meeting) is None
    )
    answered = selectors.answered_ids(hoering) if hoering else set()
    return render(
        request,
        "meetings/hoering/hoering.html",
        {
            "meeting": meeting,
            "hoering": hoering,
            "is_open": is_open,
            "reopened": reopened,
            "lines": lines,
            "general_comments": [c for c in comments if c.item_id is None],
            "is_secretariat": viewer.is_secretariat,
            "may_approve": access.approves_minutes(viewer)
            and hoering is not None
            and hoering.status != HoeringStatus.APPROVED
            and meeting.status == MeetingStatus.HELD,
            "may_comment": is_open and access.takes_part_in_hoering(viewer, hoering),
            "has_answered": request.user.pk in answered,
            "waiting": [
                user
                for user in (selectors.recipients(hoering) if hoering else [])
                if user.pk not in answered
            ],
            "default_deadline": services.default_deadline(),
            "may_send": viewer.is_secretariat
            and meeting.status == MeetingStatus.HELD
            and not is_open,
            "may_end": viewer.is_secretariat
            and meeting.status == MeetingStatus.PUBLISHED
            and not meeting.is_future,
        },
    )


@require_POST
def end_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """'Afslut mødet': the meeting is held, and the minutes draft is ready for høring."""
    meeting, viewer, _ = _meeting_and_viewer(request, meeting_id)
    if not viewer.is_secretariat:
        raise Http404
    try:
        meeting_mark_held(meeting=meeting, actor=request.user)
    except ValidationError as error:
        return _failed(request, meeting, error)
    messages.success(request, "Mødet er afsluttet. Referatet kan nu sendes i høring.")
    return redirect(_page_url(meeting))


@require_POST
def send(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """'Send referat i høring' with a deadline."""
    meeting, viewer, _ = _meeting_and_viewer(request, meeting_id)
    if not viewer.is_secretariat:
        raise Http404
    form = SendForm(request.POST)
    if not form.is_valid():
        return _failed(request, meeting, ValidationError(form.errors["deadline"][0]))
    try:
        hoering = services.hoering_send(
            meeting=meeting, actor=request.user, deadline=form.cleaned_data["deadline"]
        )
    except ValidationError as error:
        return _failed(request, meeting, error)
    messages.success(
        request, f"Referatet er sendt i høring til {len(hoering.recipient_ids)} deltagere."
    )
    return redirect(_page_url(meeting))


@require_POST
def comment(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A participant's 'Bemærkning til referatet' (or 'Ingen bemærkninger')."""
    meeting, viewer, hoering = _meeting_and_viewer(request, meeting_id)
    if not access.takes_part_in_hoering(viewer, hoering):
        raise Http404
    form = CommentForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _failed(request, meeting, ValidationError(first))
    item = None
    if form.cleaned_data["item"] is not None:
        item = AgendaItem.objects.filter(meeting=meeting, pk=form.cleaned_data["item"]).first()
        if item is None or not viewer.sees_item_content(item):
            raise Http404
    try:
        services.comment_add(
            hoering=hoering,
            actor=request.user,
            text=form.cleaned_data["text"],
            item=item,
            objection=form.cleaned_data["objection"],
        )
    except ValidationError as error:
        return _failed(request, meeting, error)
    messages.success(request, "Tak. Din bemærkning er sendt til sekretariatet.")
    return redirect(_page_url(meeting, f"punkt-{item.pk}" if item else ""))


@require_POST
@recent_authentication_required
def approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """'Godkend referat': the chair approves the minutes."""
    meeting, viewer, hoering = _meeting_and_viewer(request, meeting_id)
    if hoering is None or not access.approves_minutes(viewer):
        raise Http404
    try:
        services.hoering_approve(hoering=hoering, actor=request.user)
    except ValidationError as error:
        return _failed(request, meeting, error)
    messages.success(request, "Referatet er godkendt.")
    return redirect(_page_url(meeting))
