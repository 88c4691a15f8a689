"""What the secretariat's pages share: look-ups through the access policy, refusals, confirms.

Every object a secretariat page works on is found through `access.editable_*`, so anyone but
the committee's secretariat gets 404. A refused write is told the same way on every page: in
the page's message area for htmx, as a flash message after a redirect without it.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_htmx.http import reswap, retarget

from . import access
from .models import AgendaItem, Bilag, ItemSection, Meeting
from .writes import ConflictError

CONFIRM = "meetings/confirm.html"
REFUSAL = "meetings/_refusal.html"


def editable_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(
        access.editable_meetings(request.user).select_related("committee"), pk=meeting_id
    )


def editable_item(request: HttpRequest, item_id: int) -> AgendaItem:
    return get_object_or_404(
        access.editable_items(request.user).select_related("meeting__committee"), pk=item_id
    )


def editable_section(request: HttpRequest, section_id: int) -> ItemSection:
    return get_object_or_404(
        access.editable_sections(request.user).select_related("item__meeting__committee"),
        pk=section_id,
    )


def editable_bilag(request: HttpRequest, bilag_id: int) -> Bilag:
    return get_object_or_404(
        access.editable_bilag(request.user).select_related("item__meeting__committee"),
        pk=bilag_id,
    )


def refused(
    request: HttpRequest, error: ValidationError, *, back: str, target: str = "#editor-messages"
) -> HttpResponse:
    """A service refused: the message in the page's message area (htmx) or as a flash."""
    text = " ".join(error.messages)
    if request.htmx:
        response = render(request, REFUSAL, {"message": text})
        return reswap(retarget(response, target), "innerHTML")
    messages.error(request, text)
    return redirect(back)


def confirm_page(
    request: HttpRequest,
    *,
    meeting: Meeting,
    heading: str,
    question: str,
    action: str,
    button: str,
    cancel_url: str,
    danger: bool = False,
    form: Any = None,
) -> HttpResponse:
    """Ask before something is deleted, cancelled or reopened (works without JavaScript)."""
    return render(
        request,
        CONFIRM,
        {
            "meeting": meeting,
            "heading": heading,
            "question": question,
            "action": action,
            "button": button,
            "danger": danger,
            "cancel_url": cancel_url,
            "form": form,
        },
    )


def conflict_context(error: ConflictError) -> dict[str, Any]:
    """Who saved the item or section meanwhile, and when: shown beside the unsaved text."""
    by = error.changed_by
    name = (by.get_full_name() or by.get_username()) if by is not None else "en anden"
    clock = timezone.localtime(error.changed_at).strftime("%H.%M") if error.changed_at else ""
    return {"conflict": error.current, "conflict_by": name, "conflict_at": clock}


def version_of(value: Any) -> int:
    """The version a form was read at; -1 (never current) when it cannot be read."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def offset_of(request: HttpRequest) -> int:
    """-1 for the 'up' button, +1 for 'down'."""
    return -1 if request.POST.get("direction") == "up" else 1
