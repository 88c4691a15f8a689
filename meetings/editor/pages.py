"""How the agenda editor page answers: its partials, its URL, a form on a page of its own.

Shared by the views that work on the editor page (items, sections, bilag), so each of them
answers an htmx request and a plain form post the same way.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import Meeting
from .selectors import editor_context

EDITOR = "meetings/editor/meeting_edit.html"
FORM_PAGE = "meetings/editor/editor_form_page.html"


def partials(request: HttpRequest, context: dict, *names: str, oob: tuple = ()) -> HttpResponse:
    """Render partials of the editor one after another; those in `oob` swap out of band."""
    html = [render_to_string(f"{EDITOR}#{name}", context, request) for name in names]
    html += [
        render_to_string(f"{EDITOR}#{name}", {**context, "oob": True}, request) for name in oob
    ]
    return HttpResponse("".join(html))


def editor_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def back(
    meeting: Meeting, anchor: str = "", *, request: HttpRequest | None = None, done: str = ""
) -> HttpResponseRedirect:
    """Back to the editor (at `anchor`), saying `done` ("Gemt") after a plain form post."""
    if request is not None and done:
        messages.success(request, done)
    return redirect(editor_url(meeting, anchor))


def form_page(request: HttpRequest, meeting: Meeting, partial: str, heading: str, ctx: dict):
    """A GET of an inline form without htmx: the same form on a small page of its own."""
    context = {**editor_context(request.user, meeting), **ctx, "partial": f"{EDITOR}#{partial}"}
    context["heading"] = heading
    return render(request, FORM_PAGE, context)
