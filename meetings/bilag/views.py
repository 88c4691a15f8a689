"""The secretariat's bilag of an item, in the agenda editor: upload, rename, replace, order."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..editor.pages import EDITOR, back, editor_url, form_page
from ..editor.selectors import agenda_of, editor_context, line_of
from ..models import AgendaItem, Bilag
from ..pages import confirm_page, editable_bilag, editable_item, offset_of
from . import services
from .forms import BilagRenameForm, BilagReplaceForm, BilagUploadForm, OrderForm


def _bilag_response(request: HttpRequest, item: AgendaItem, **extra: Any) -> HttpResponse:
    agenda = agenda_of(request.user, item.meeting)
    context = {
        **editor_context(request.user, item.meeting, agenda),
        "line": line_of(agenda, item.pk),
        **extra,
    }
    return render(request, f"{EDITOR}#bilag-list", context)


def _refused(request: HttpRequest, item: AgendaItem, text: str, anchor: str) -> HttpResponse:
    """A refusal shows under the item's bilag (htmx) or as a flash message."""
    if request.htmx:
        return _bilag_response(request, item, bilag_error=text)
    messages.error(request, text)
    return back(item.meeting, anchor)


def _bilag_done(
    request: HttpRequest,
    item: AgendaItem,
    call: Callable[[], object],
    anchor: str,
    done: str = "Bilagene er gemt.",
) -> HttpResponse:
    """Run a bilag service; a refusal shows under the item's bilag (htmx) or as a flash."""
    try:
        call()
    except ValidationError as error:
        return _refused(request, item, " ".join(error.messages), anchor)
    if not request.htmx:
        return back(item.meeting, anchor, request=request, done=done)
    return _bilag_response(request, item)


@require_POST
def bilag_add(request: HttpRequest, item_id: int) -> HttpResponse:
    """Upload a bilag to an item (chosen, or dropped onto the item)."""
    item = editable_item(request, item_id)
    form = BilagUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, item, "Vælg en fil at uploade.", f"item-{item.pk}")
    return _bilag_done(
        request,
        item,
        lambda: services.bilag_upload(
            item=item,
            actor=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        ),
        f"item-{item.pk}",
    )


@require_POST
def bilag_reorder(request: HttpRequest, item_id: int) -> HttpResponse:
    item = editable_item(request, item_id)
    order = OrderForm(request.POST, name="bilag").ids()

    def call() -> None:
        if order is None:
            raise ValidationError("Rækkefølgen kunne ikke læses.")
        services.bilag_reorder(item=item, actor=request.user, order=order)

    return _bilag_done(request, item, call, f"item-{item.pk}")


@require_POST
def bilag_move(request: HttpRequest, bilag_id: int) -> HttpResponse:
    bilag = editable_bilag(request, bilag_id)
    return _bilag_done(
        request,
        bilag.item,
        lambda: services.bilag_move(bilag=bilag, actor=request.user, offset=offset_of(request)),
        f"bilag-{bilag.pk}",
    )


@require_GET
def bilag_list(request: HttpRequest, item_id: int) -> HttpResponse:
    item = editable_item(request, item_id)
    if not request.htmx:
        return back(item.meeting, f"item-{item.pk}")
    return _bilag_response(request, item)


def _bilag_form(
    request: HttpRequest, bilag: Bilag, form: Any, kind: str, heading: str
) -> HttpResponse:
    item = bilag.item
    agenda = agenda_of(request.user, item.meeting)
    line = line_of(agenda, item.pk)
    number = next((bl.number for bl in line.bilag if bl.bilag.pk == bilag.pk), "")
    context = {"line": line, "bl_form": form, "form_kind": kind, "bilag": bilag, "number": number}
    if request.htmx:
        return render(
            request,
            f"{EDITOR}#bilag-form",
            {**editor_context(request.user, item.meeting, agenda), **context},
        )
    return form_page(request, item.meeting, "bilag-form", heading, context)


@require_http_methods(["GET", "POST"])
def bilag_rename(request: HttpRequest, bilag_id: int) -> HttpResponse:
    bilag = editable_bilag(request, bilag_id)
    form = BilagRenameForm(
        request.POST or None, initial={"title": bilag.title, "confidential": bilag.confidential}
    )
    if request.method == "POST" and form.is_valid():
        return _bilag_done(
            request,
            bilag.item,
            lambda: services.bilag_rename(
                bilag=bilag,
                actor=request.user,
                title=form.cleaned_data["title"],
                confidential=form.cleaned_data["confidential"],
            ),
            f"bilag-{bilag.pk}",
        )
    return _bilag_form(request, bilag, form, "rename", f"Omdøb bilag: {bilag.title}")


@require_http_methods(["GET", "POST"])
def bilag_replace(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """A new file for a bilag; the earlier file is kept as a version."""
    bilag = editable_bilag(request, bilag_id)
    form = BilagReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            return _refused(request, bilag.item, "Vælg den nye fil.", f"bilag-{bilag.pk}")
        return _bilag_done(
            request,
            bilag.item,
            lambda: services.bilag_replace(
                bilag=bilag, actor=request.user, upload=form.cleaned_data["file"]
            ),
            f"bilag-{bilag.pk}",
        )
    return _bilag_form(request, bilag, form, "replace", f"Erstat bilag: {bilag.title}")


@require_http_methods(["GET", "POST"])
def bilag_delete(request: HttpRequest, bilag_id: int) -> HttpResponse:
    bilag = editable_bilag(request, bilag_id)
    item = bilag.item
    if request.method == "GET":
        return confirm_page(
            request,
            meeting=item.meeting,
            heading="Slet bilag",
            question=f"Vil du slette bilaget »{bilag.title}« fra punktet »{item.title}«?",
            action=reverse("meetings:bilag_delete", args=[bilag.pk]),
            button="Slet bilaget",
            danger=True,
            cancel_url=editor_url(item.meeting, f"bilag-{bilag.pk}"),
        )
    return _bilag_done(
        request,
        item,
        lambda: services.bilag_delete(bilag=bilag, actor=request.user),
        f"item-{item.pk}",
    )
