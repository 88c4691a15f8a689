"""Pages of follow-up actions: the committee's list (filterable), recording actions on a
decision (from the minutes or a procedure's page), closing and reopening."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import access
from ..models import FollowUpAction
from ..pages import editable_item, refused
from . import selectors, services
from .forms import ActionForm, CloseForm


def _list_url(committee_id: int) -> str:
    return reverse("meetings:action_list", args=[committee_id])


@require_GET
def action_list(request: HttpRequest, committee_id: int) -> HttpResponse:
    """Open, overdue and done actions of a committee, filterable by responsible and meeting."""
    committee = get_object_or_404(access.committees_of(request.user), pk=committee_id)
    responsible = request.GET.get("ansvarlig", "")
    try:
        meeting_id = int(request.GET.get("moede", "") or 0) or None
    except ValueError:
        meeting_id = None
    actions = list(selectors.committee_actions(request.user, committee))
    board, choices = selectors.action_board(actions, responsible=responsible, meeting_id=meeting_id)
    meetings = {action.item.meeting_id: action.item.meeting for action in actions if action.item_id}
    return render(
        request,
        "meetings/actions/action_list.html",
        {
            "committee": committee,
            "board": board,
            "responsible_choices": choices,
            "meeting_choices": sorted(meetings.values(), key=lambda m: m.date, reverse=True),
            "responsible": responsible,
            "meeting_id": meeting_id,
            "may_edit": access.runs_committee(request.user, committee),
            "close_form": CloseForm(),
        },
    )


@require_POST
def action_create_for_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = editable_item(request, item_id)
    back = reverse("meetings:meeting_minutes", args=[item.meeting_id]) + f"#opf-{item.pk}"
    form = ActionForm(request.POST, members=selectors.committee_members(item.meeting.committee_id))
    if not form.is_valid():
        return refused(request, ValidationError(_errors(form)), back=back)
    try:
        services.action_create(actor=request.user, item=item, **form.service_kwargs())
    except ValidationError as error:
        return refused(request, error, back=back)
    messages.success(request, "Opfølgningen er tilføjet.")
    return redirect(back)


@require_POST
def action_create_for_procedure(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_object_or_404(access.editable_procedures(request.user), pk=procedure_id)
    back = reverse("meetings:procedure_detail", args=[procedure.pk]) + "#opf-p" + str(procedure.pk)
    form = ActionForm(request.POST, members=selectors.committee_members(procedure.committee_id))
    if not form.is_valid():
        return refused(request, ValidationError(_errors(form)), back=back)
    try:
        services.action_create(actor=request.user, procedure=procedure, **form.service_kwargs())
    except ValidationError as error:
        return refused(request, error, back=back)
    messages.success(request, "Opfølgningen er tilføjet.")
    return redirect(back)


def _errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


def _editable_action(request: HttpRequest, action_id: int) -> FollowUpAction:
    return get_object_or_404(access.editable_actions(request.user), pk=action_id)


@require_POST
def action_close(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _editable_action(request, action_id)
    form = CloseForm(request.POST)
    if not form.is_valid():  # a note that is too long: nothing is closed
        return refused(request, ValidationError(_errors(form)), back=_list_url(action.committee_id))
    try:
        services.action_close(
            action=action, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        return refused(request, error, back=_list_url(action.committee_id))
    messages.success(request, "Opfølgningen er lukket.")
    return redirect(_list_url(action.committee_id))


@require_POST
def action_reopen(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _editable_action(request, action_id)
    try:
        services.action_reopen(action=action, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=_list_url(action.committee_id))
    return redirect(_list_url(action.committee_id))
