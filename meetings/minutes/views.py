"""The secretariat's minutes: attendance, decisions (Beslutning), held, approved, reopened."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reauth import recent_authentication_required

from .. import access
from ..agenda import Agenda, AgendaLine
from ..models import Meeting
from ..pages import (
    confirm_page,
    conflict_context,
    editable_item,
    editable_meeting,
    refused,
    version_of,
)
from ..writes import ConflictError
from . import services
from .forms import (
    DecisionForm,
    DeclarationForm,
    DisqualificationForm,
    GuestForm,
    ReasonForm,
    ReferatForm,
)
from .selectors import declaration_context, live_item_context, minutes_context

MINUTES = "meetings/minutes/meeting_minutes.html"
LIVE = "meetings/minutes/_live_item.html"


def _minutes_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting_minutes", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _live(request: HttpRequest) -> bool:
    """Posted by htmx from the live item of the meeting run: answer with the item, in place."""
    return bool(request.htmx and request.POST.get("live"))


def _line(agenda: Agenda, item_id: int) -> AgendaLine:
    return next(line for line in agenda.lines if line.item.pk == item_id)


@require_GET
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Attendance and decisions (Beslutning) beside each item's Indstilling."""
    meeting = editable_meeting(request, meeting_id)
    return render(request, MINUTES, minutes_context(request.user, meeting))


@require_POST
def decision_save(request: HttpRequest, item_id: int) -> HttpResponse:
    """Record an item's decision: a one-click outcome or free text with an outcome."""
    item = editable_item(request, item_id)
    meeting = item.meeting
    form = DecisionForm(request.POST)
    extra: dict[str, Any] = {}
    if form.is_valid():
        try:
            services.decision_record(
                item=item,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                html=form.cleaned_data["html"],
                version=version_of(form.cleaned_data["version"])
                if form.cleaned_data["version"] is not None
                else None,
            )
        except ConflictError as error:
            extra = conflict_context(error)
            extra["unsaved_html"] = form.cleaned_data["html"]
        except ValidationError as error:
            return refused(request, error, back=_minutes_url(meeting, f"beslutning-{item.pk}"))
    if not request.htmx:
        if extra:
            messages.error(
                request,
                f"Punktet er ændret af {extra['conflict_by']} kl. {extra['conflict_at']}, mens "
                "du redigerede. Din beslutning er ikke gemt.",
            )
        elif form.is_valid():
            messages.success(request, "Beslutningen er gemt.")
        return redirect(_minutes_url(meeting, f"beslutning-{item.pk}"))
    if request.POST.get("live"):
        context = live_item_context(request.user, item)
        context.update(extra)
        return render(request, f"{LIVE}#live", context)
    context = minutes_context(request.user, meeting)
    context["line"] = _line(context["agenda"], item.pk)
    context.update(extra)
    return render(request, f"{MINUTES}#decision", context)


@require_POST
def attendance_save(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = editable_meeting(request, meeting_id)
    statuses: dict[int, str] = {}
    arrived: dict[int, int | None] = {}
    left: dict[int, int | None] = {}
    for key, value in request.POST.items():
        prefix, _, user = key.partition("_")
        if not user.isdigit():
            continue
        if prefix == "attendance" and value:
            statuses[int(user)] = value
        elif prefix in ("arrived", "left"):
            target = arrived if prefix == "arrived" else left
            target[int(user)] = int(value) if value.isdigit() else None
    try:
        services.attendance_record(
            meeting=meeting, actor=request.user, statuses=statuses, arrived=arrived, left=left
        )
    except ValidationError as error:
        return refused(request, error, back=_minutes_url(meeting, "fremmoede"))
    return _attendance_response(request, meeting, saved=True)


def _attendance_response(request: HttpRequest, meeting: Meeting, **extra: Any) -> HttpResponse:
    if not request.htmx:
        if extra.get("saved"):
            messages.success(request, "Fremmødet er gemt.")
        return redirect(_minutes_url(meeting, "fremmoede"))
    context = {**minutes_context(request.user, meeting), **extra}
    return render(request, f"{MINUTES}#attendance", context)


@require_POST
def guest_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = editable_meeting(request, meeting_id)
    form = GuestForm(request.POST)
    back = _minutes_url(meeting, "fremmoede")
    if not form.is_valid():
        return refused(request, ValidationError("Skriv gæstens navn."), back=back)
    try:
        services.attendance_add_guest(meeting=meeting, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return refused(request, error, back=back)
    return _attendance_response(request, meeting)


@require_POST
def attendance_delete(request: HttpRequest, attendance_id: int) -> HttpResponse:
    row = get_object_or_404(
        access.editable_attendance(request.user).select_related("meeting"), pk=attendance_id
    )
    try:
        services.attendance_remove(attendance=row, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=_minutes_url(row.meeting, "fremmoede"))
    return _attendance_response(request, row.meeting)


def _status_change(request: HttpRequest, meeting_id: int, call: Callable, done: str):
    meeting = editable_meeting(request, meeting_id)
    try:
        call(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_minutes_url(meeting))


@require_POST
def meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _status_change(
        request, meeting_id, services.meeting_mark_held, "Mødet er markeret som afholdt."
    )


@require_POST
@recent_authentication_required
def minutes_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _status_change(
        request,
        meeting_id,
        services.minutes_approve,
        "Referatet er godkendt. Beslutningerne er nu låst.",
    )


@require_http_methods(["GET", "POST"])
def minutes_reopen(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Reopen approved minutes; a reason is required and kept in the history."""
    meeting = editable_meeting(request, meeting_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_reopen(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Referatet er genåbnet. Ændringerne kommer i historikken.")
        return redirect(_minutes_url(meeting))
    return confirm_page(
        request,
        meeting=meeting,
        heading="Genåbn referat",
        question="Referatet er godkendt. Skriv, hvorfor det skal genåbnes; "
        "begrundelsen gemmes i mødets historik.",
        form=form,
        action=reverse("meetings:minutes_reopen", args=[meeting.pk]),
        button="Genåbn referat",
        cancel_url=_minutes_url(meeting),
    )


# --- Inhabilitet -------------------------------------------------------------------------

DECLARATION = "meetings/minutes/inhabilitet.html"


def _declaration_url(meeting_id: int) -> str:
    return reverse("meetings:inhabilitet_declare", args=[meeting_id])


@require_http_methods(["GET", "POST"])
def inhabilitet_declare(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A member's own declarations of inhabilitet on a meeting's items (chair and members)."""
    found = access.meeting_and_viewer(request.user, meeting_id)
    if found is None or not found[1].may_declare_inhabilitet:
        raise Http404
    meeting, viewer = found
    if request.method == "POST":
        form = DeclarationForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Vælg det punkt, du er inhabil i.")
            return redirect(_declaration_url(meeting.pk))
        item = get_object_or_404(
            access.content_visible_items(request.user).filter(meeting=meeting),
            pk=form.cleaned_data["item"],
        )
        try:
            services.disqualification_declare(
                item=item, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Din inhabilitet er registreret.")
        return redirect(_declaration_url(meeting.pk))
    return render(request, DECLARATION, declaration_context(meeting, viewer))


@require_POST
def inhabilitet_withdraw(request: HttpRequest, row_id: int) -> HttpResponse:
    row = get_object_or_404(
        access.own_disqualifications(request.user).select_related("item"), pk=row_id
    )
    try:
        services.disqualification_withdraw(row=row, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Din erklæring om inhabilitet er trukket tilbage.")
    return redirect(_declaration_url(row.item.meeting_id))


@require_POST
def inhabilitet_record(request: HttpRequest, item_id: int) -> HttpResponse:
    """The secretariat records a member inhabil on an item, or changes whether its bilag are
    withheld from them."""
    item = editable_item(request, item_id)
    back = _minutes_url(item.meeting, f"beslutning-{item.pk}")
    form = DisqualificationForm(request.POST)
    if not form.is_valid():
        return refused(request, ValidationError("Vælg et af styregruppens medlemmer."), back=back)
    try:
        services.disqualification_record(item=item, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return refused(request, error, back=back)
    if _live(request):
        return render(request, f"{LIVE}#live", live_item_context(request.user, item))
    messages.success(request, "Inhabiliteten er gemt.")
    return redirect(back)


@require_POST
def inhabilitet_remove(request: HttpRequest, row_id: int) -> HttpResponse:
    row = get_object_or_404(
        access.editable_disqualifications(request.user).select_related("item__meeting"),
        pk=row_id,
    )
    back = _minutes_url(row.item.meeting, f"beslutning-{row.item_id}")
    try:
        services.disqualification_remove(row=row, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=back)
    if _live(request):
        return render(request, f"{LIVE}#live", live_item_context(request.user, row.item))
    messages.success(request, "Inhabiliteten er fjernet.")
    return redirect(back)


# --- One item during the meeting: decision, referat text (saved as typed), inhabilitet -----


@require_GET
def live_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """The self-contained form of one item during the meeting (`_live_item.html#live`)."""
    item = editable_item(request, item_id)
    return render(request, f"{LIVE}#live", live_item_context(request.user, item))


@require_POST
def referat_save(request: HttpRequest, item_id: int) -> HttpResponse:
    """Save an item's referat text as it is typed (htmx autosave), or from a plain form.

    A stale version is a conflict, as in the agenda editor: nothing is saved, the saved
    text is shown beside the user's, who may then keep their own."""
    item = editable_item(request, item_id)
    back = _minutes_url(item.meeting, f"beslutning-{item.pk}")
    form = ReferatForm(request.POST)
    if not form.is_valid():
        return refused(
            request, ValidationError("Referatet kunne ikke læses. Prøv igen."), back=back
        )
    context: dict[str, Any] = {"line_pk": item.pk}
    try:
        row = services.referat_save(
            item=item,
            actor=request.user,
            text=form.cleaned_data["text"],
            version=version_of(form.cleaned_data["version"]),
        )
    except ConflictError as error:
        context.update(conflict_context(error))
        if not request.htmx:
            messages.error(
                request,
                f"Referatet er ændret af {context['conflict_by']} kl. {context['conflict_at']}, "
                "mens du skrev. Din tekst er ikke gemt.",
            )
            return redirect(back)
    except ValidationError as error:
        return refused(request, error, back=back)
    else:
        context.update(referat=row, saved=True)
        if not request.htmx:
            messages.success(request, "Referatet er gemt.")
            return redirect(back)
    return render(request, f"{LIVE}#referat-status", context)
