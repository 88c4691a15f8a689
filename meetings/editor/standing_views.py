"""The secretariat's page of a committee's standing items: list, add, rename, reorder, remove,
and which one ends with the next-meeting sentence. Plain form posts that redirect back with a
message (they work the same with JavaScript on or off); anyone but the committee's secretariat
gets 404 through `meetings.access`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import access, pages
from ..models import Committee, StandingItemTemplate
from . import standing
from .forms import StandingItemForm

PAGE = "meetings/editor/standing_items.html"


def _committee(request: HttpRequest, committee_id: int) -> Committee:
    return get_object_or_404(access.editable_committees(request.user), pk=committee_id)


def _template(request: HttpRequest, template_id: int) -> StandingItemTemplate:
    return get_object_or_404(
        access.editable_standing_items(request.user).select_related("committee"), pk=template_id
    )


def _page_url(committee_id: int, anchor: str = "") -> str:
    url = reverse("meetings:standing_items", args=[committee_id])
    return f"{url}#{anchor}" if anchor else url


def _back(
    request: HttpRequest, committee_id: int, done: str, anchor: str = ""
) -> HttpResponseRedirect:
    messages.success(request, done)
    return redirect(_page_url(committee_id, anchor))


def _render(
    request: HttpRequest,
    committee: Committee,
    *,
    add_form: StandingItemForm | None = None,
    failed: tuple[int, StandingItemForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = []
    for template in standing.standing_items_of(committee):
        if failed is not None and failed[0] == template.pk:
            form = failed[1]
        else:
            form = StandingItemForm(
                initial={
                    "title": template.title,
                    "kind": template.kind,
                    "duration_minutes": template.duration_minutes,
                },
                prefix=f"s{template.pk}",
            )
        rows.append((template, form))
    context = {
        "committee": committee,
        "rows": rows,
        "next_marked": any(template.standing for template, _ in rows),
        "add_form": add_form or StandingItemForm(prefix="new"),
    }
    return render(request, PAGE, context, status=status)


@require_GET
def standing_items(request: HttpRequest, committee_id: int) -> HttpResponse:
    """The committee's standing items, each with its form."""
    return _render(request, _committee(request, committee_id))


@require_POST
def standing_item_add(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    form = StandingItemForm(request.POST, prefix="new")
    if not form.is_valid():
        return _render(request, committee, add_form=form, status=400)
    try:
        template = standing.standing_item_add(
            committee=committee, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return pages.refused(request, error, back=_page_url(committee.pk))
    return _back(request, committee.pk, f"Gemt: »{template.title}« er tilføjet.", f"s{template.pk}")


@require_POST
def standing_item_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    template = _template(request, template_id)
    form = StandingItemForm(request.POST, prefix=f"s{template.pk}")
    if not form.is_valid():
        return _render(request, template.committee, failed=(template.pk, form), status=400)
    try:
        template = standing.standing_item_update(
            template=template, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return pages.refused(request, error, back=_page_url(template.committee_id))
    return _back(request, template.committee_id, "Gemt.", f"s{template.pk}")


@require_POST
def standing_item_move(request: HttpRequest, template_id: int) -> HttpResponse:
    template = _template(request, template_id)
    try:
        standing.standing_item_move(
            template=template, actor=request.user, offset=pages.offset_of(request)
        )
    except ValidationError as error:
        return pages.refused(request, error, back=_page_url(template.committee_id))
    return _back(request, template.committee_id, "Gemt: punktet er flyttet.", f"s{template.pk}")


@require_POST
def standing_item_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    """Remove a standing item (the button says meetings already made keep it)."""
    template = _template(request, template_id)
    back = _page_url(template.committee_id)
    try:
        standing.standing_item_delete(template=template, actor=request.user)
    except ValidationError as error:
        return pages.refused(request, error, back=back)
    return _back(request, template.committee_id, f"Gemt: »{template.title}« er fjernet.")


@require_POST
def standing_item_next_meeting(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    chosen = request.POST.get("next_meeting", "")
    template = None
    if chosen:
        template = (
            access.editable_standing_items(request.user)
            .filter(committee=committee, pk=chosen if chosen.isdigit() else 0)
            .first()
        )
        if template is None:
            messages.error(request, "Vælg et af de stående punkter.")
            return redirect(_page_url(committee.pk, "naeste-moede"))
    try:
        standing.standing_item_next_meeting(
            committee=committee, actor=request.user, template=template
        )
    except ValidationError as error:
        return pages.refused(request, error, back=_page_url(committee.pk))
    return _back(request, committee.pk, "Gemt.", "naeste-moede")
