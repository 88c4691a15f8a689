"""The secretariat's editing of an item's text: sections under headings, in the editor page."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..models import RECOMMENDATION_START, AgendaItem, is_recommendation
from ..pages import (
    confirm_page,
    conflict_context,
    editable_item,
    editable_section,
    offset_of,
    refused,
    version_of,
)
from ..writes import ConflictError
from . import items as item_services
from .forms import SectionForm
from .pages import EDITOR, back, editor_url, form_page
from .selectors import agenda_of, editor_context, line_of


def _sections_response(request: HttpRequest, item: AgendaItem, **extra: Any) -> HttpResponse:
    agenda = agenda_of(request.user, item.meeting)
    context = {
        **editor_context(request.user, item.meeting, agenda),
        "line": line_of(agenda, item.pk),
        **extra,
    }
    return render(request, f"{EDITOR}#sections", context)


@require_http_methods(["GET", "POST"])
def section_new(request: HttpRequest, item_id: int) -> HttpResponse:
    """Add a section; 'Indstilling' starts with 'Det indstilles, at styregruppen'."""
    item = editable_item(request, item_id)
    if request.method == "GET" and request.GET.get("luk") and request.htmx:
        return _sections_response(request, item)
    if request.method == "GET":
        heading = request.GET.get("overskrift", "")
        html = RECOMMENDATION_START if is_recommendation(heading) else ""
        form = SectionForm(initial={"heading": heading, "html": html})
    else:
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                section = item_services.section_create(
                    item=item,
                    actor=request.user,
                    heading=form.cleaned_data["heading"],
                    part=form.cleaned_data["part"],
                    html=form.cleaned_data["html"],
                )
            except ValidationError as error:
                return refused(request, error, back=editor_url(item.meeting, f"item-{item.pk}"))
            if not request.htmx:
                return back(
                    item.meeting,
                    f"section-{section.pk}",
                    request=request,
                    done="Afsnittet er gemt.",
                )
            return _sections_response(request, item)
    if request.htmx:
        return _sections_response(request, item, new_section_form=form)
    agenda = agenda_of(request.user, item.meeting)
    return form_page(
        request,
        item.meeting,
        "section-form",
        f"Nyt afsnit i »{item.title}«",
        {"line": line_of(agenda, item.pk), "section_form": form, "section": None},
    )


@require_GET
def section_show(request: HttpRequest, section_id: int) -> HttpResponse:
    section = editable_section(request, section_id)
    if not request.htmx:
        return back(section.item.meeting, f"section-{section.pk}")
    return render(request, f"{EDITOR}#section", {"section": section, "editable": True})


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, section_id: int) -> HttpResponse:
    """Edit a section's heading, sub-part and text (optimistic locking on its version)."""
    section = editable_section(request, section_id)
    item = section.item
    extra: dict[str, Any] = {}
    if request.method == "GET":
        form = SectionForm(
            initial={
                "heading": section.heading,
                "part": section.part,
                "html": section.html,
                "version": section.version,
            }
        )
    else:
        form = SectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                section = item_services.section_update(
                    section=section,
                    actor=request.user,
                    version=version_of(data.get("version")),
                    heading=data["heading"],
                    part=data["part"],
                    html=data["html"],
                )
            except ConflictError as error:
                extra = conflict_context(error)
                form.data = form.data.copy()
                form.data["version"] = str(error.current.version)
            except ValidationError as error:
                return refused(
                    request, error, back=editor_url(item.meeting, f"section-{section.pk}")
                )
            else:
                if not request.htmx:
                    return back(
                        item.meeting,
                        f"section-{section.pk}",
                        request=request,
                        done="Afsnittet er gemt.",
                    )
                return render(request, f"{EDITOR}#section", {"section": section, "editable": True})
    context = {"section": section, "section_form": form, "line": None, **extra}
    if request.htmx:
        return render(
            request,
            f"{EDITOR}#section-form",
            {**editor_context(request.user, item.meeting), **context},
        )
    return form_page(
        request, item.meeting, "section-form", f"Redigér afsnit i »{item.title}«", context
    )


@require_http_methods(["GET", "POST"])
def section_delete(request: HttpRequest, section_id: int) -> HttpResponse:
    section = editable_section(request, section_id)
    item = section.item
    if request.method == "GET":
        return confirm_page(
            request,
            meeting=item.meeting,
            heading="Slet afsnit",
            question=f"Vil du slette afsnittet »{section.heading or 'uden overskrift'}« "
            f"i punktet »{item.title}«? Teksten kan stadig læses i historikken.",
            action=reverse("meetings:section_delete", args=[section.pk]),
            button="Slet afsnittet",
            danger=True,
            cancel_url=editor_url(item.meeting, f"section-{section.pk}"),
        )
    try:
        item_services.section_delete(section=section, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=editor_url(item.meeting))
    if not request.htmx:
        return back(item.meeting, f"item-{item.pk}", request=request, done="Afsnittet er slettet.")
    return _sections_response(request, item)


@require_POST
def section_move(request: HttpRequest, section_id: int) -> HttpResponse:
    section = editable_section(request, section_id)
    item = section.item
    try:
        item_services.section_move(section=section, actor=request.user, offset=offset_of(request))
    except ValidationError as error:
        return refused(request, error, back=editor_url(item.meeting))
    if not request.htmx:
        return back(
            item.meeting, f"section-{section.pk}", request=request, done="Afsnittet er flyttet."
        )
    return _sections_response(request, item)
