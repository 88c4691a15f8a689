"""The secretariat's agenda editor: create, edit, publish and cancel a meeting; its items.

Thin views (parse, authorise through meetings.access, call a service, render). Every object
is looked up through `pages.editable_*`, so anyone but the committee's secretariat gets 404.
htmx requests get template partials ("meetings/editor/meeting_edit.html#item-card"); the same
URLs work as plain links and forms, answering with a redirect or a small page of their own.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reauth import recent_authentication_required

from .. import access
from ..agenda import default_meeting_title
from ..bilag.forms import OrderForm
from ..models import AgendaItem, Meeting
from ..pages import (
    confirm_page,
    conflict_context,
    editable_item,
    editable_meeting,
    offset_of,
    refused,
    version_of,
)
from ..writes import ConflictError
from . import items as item_services
from . import services
from .forms import (
    CancelForm,
    CopyForm,
    ItemAddForm,
    ItemForm,
    MeetingCreateForm,
    MeetingDetailsForm,
)
from .pages import EDITOR, back, editor_url, form_page, partials
from .selectors import (
    agenda_of,
    editor_context,
    fresh,
    history_rows,
    line_of,
    projects_for,
    readers_for,
)

# --- Meetings ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    """A new meeting for one of the committees where the user is secretariat."""
    committees = access.editable_committees(request.user)
    if not committees.exists():
        raise Http404
    form = MeetingCreateForm(request.POST or None, committees=committees)
    if request.method == "GET":
        first = committees.first()
        form.initial["title"] = default_meeting_title(first) if first else ""
        last = Meeting.objects.filter(committee=first).order_by("-date").first()
        if last is not None:
            form.initial.update(
                start_time=last.start_time, end_time=last.end_time, location=last.location
            )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                committee=data["committee"],
                actor=request.user,
                title=data["title"],
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                location=data["location"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Mødet er oprettet som kladde. Kun sekretariatet kan se det.")
            return back(meeting)
    return render(request, "meetings/editor/meeting_create.html", {"form": form})


@require_GET
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda editor: items, sections, bilag and the time plan on one page."""
    meeting = editable_meeting(request, meeting_id)
    context = editor_context(request.user, meeting)
    context["add_form"] = ItemAddForm()
    return render(request, EDITOR, context)


@require_http_methods(["GET", "POST"])
def meeting_details(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's date, time, place, title and next meeting (a new date is a reschedule)."""
    meeting = editable_meeting(request, meeting_id)
    form = MeetingDetailsForm.for_meeting(meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_update(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, "Mødets oplysninger er gemt.")
                return back(meeting)
            context = editor_context(request.user, fresh(meeting))
            return partials(request, context, "details-closed", oob=("meeting-header", "time-plan"))
    context = {"details_form": form}
    if request.htmx:
        return render(
            request, f"{EDITOR}#details-form", {**editor_context(request.user, meeting), **context}
        )
    return form_page(request, meeting, "details-form", "Mødets oplysninger", context)


@require_GET
def meeting_details_closed(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = editable_meeting(request, meeting_id)
    if not request.htmx:
        return back(meeting)
    return render(request, f"{EDITOR}#details-closed", editor_context(request.user, meeting))


@require_POST
@recent_authentication_required
def meeting_publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """'Udsend dagsorden': the draft becomes visible to the committee's members."""
    meeting = editable_meeting(request, meeting_id)
    try:
        services.meeting_publish(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Dagsordenen er udsendt til styregruppens medlemmer.")
    return back(meeting)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Cancel a meeting (asks first); members see it as 'Aflyst'."""
    meeting = editable_meeting(request, meeting_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Mødet er aflyst.")
        return redirect("meetings:meeting_detail", meeting.pk)
    return confirm_page(
        request,
        meeting=meeting,
        heading="Aflys mødet",
        question=f"Vil du aflyse »{meeting.title}« {meeting.date:%d.%m.%Y}? "
        "Medlemmerne ser mødet som aflyst.",
        form=form,
        action=reverse("meetings:meeting_cancel", args=[meeting.pk]),
        button="Aflys mødet",
        danger=True,
        cancel_url=editor_url(meeting),
    )


@require_GET
def meeting_history(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Everything that was changed in the meeting: who, when, what."""
    meeting = editable_meeting(request, meeting_id)
    return render(
        request,
        "meetings/editor/meeting_history.html",
        {"meeting": meeting, "rows": history_rows(meeting)},
    )


@require_http_methods(["GET", "POST"])
def meeting_copy(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Copy chosen items of an earlier meeting (without decisions; bilag only if asked)."""
    meeting = editable_meeting(request, meeting_id)
    sources = list(
        access.editable_meetings(request.user)
        .filter(committee=meeting.committee)
        .exclude(pk=meeting.pk)
        .order_by("-date")[:50]
    )
    source = None
    chosen = request.POST.get("fra") or request.GET.get("fra")
    if chosen:
        source = next((m for m in sources if str(m.pk) == chosen), None)
    items = list(source.items.order_by("position")) if source else []
    choices = [(item.pk, f"{number}. {item.title}") for number, item in enumerate(items, 1)]
    form = CopyForm(request.POST or None, item_choices=choices)
    if request.method == "POST" and source is not None and form.is_valid():
        wanted = [item for item in items if item.pk in form.cleaned_data["items"]]
        try:
            copied = services.meeting_copy_items(
                meeting=meeting,
                actor=request.user,
                items=wanted,
                include_bilag=form.cleaned_data["include_bilag"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{len(copied)} punkt(er) er kopieret ind på dagsordenen.")
        return back(meeting)
    return render(
        request,
        "meetings/editor/meeting_copy.html",
        {"meeting": meeting, "sources": sources, "source": source, "form": form},
    )


# --- Items ------------------------------------------------------------------------------------


@require_POST
def item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = editable_meeting(request, meeting_id)
    form = ItemAddForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                f"{EDITOR}#add-item",
                {**editor_context(request.user, meeting), "add_form": form},
            )
        messages.error(request, "Punktet er ikke oprettet: giv det en titel og et antal minutter.")
        return back(meeting, "nyt-punkt")
    try:
        item = item_services.agenda_item_create(
            meeting=meeting, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return refused(request, error, back=editor_url(meeting))
    if not request.htmx:
        return back(meeting, f"item-{item.pk}", request=request, done="Punktet er tilføjet.")
    agenda = agenda_of(request.user, meeting)
    line = line_of(agenda, item.pk)
    following = next((other for other in agenda.lines if other.number == line.number + 1), None)
    context = {
        **editor_context(request.user, meeting, agenda),
        "add_form": ItemAddForm(),
        "line": line,
        "insert_before": following.item.pk if following else None,
    }
    return partials(request, context, "add-item", oob=("new-item", "time-plan", "numbers"))


@require_POST
def items_reorder(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The order after a drag (all item ids, first to last)."""
    meeting = editable_meeting(request, meeting_id)
    order = OrderForm(request.POST, name="item").ids()
    try:
        if order is None:
            raise ValidationError("Rækkefølgen kunne ikke læses.")
        item_services.agenda_items_reorder(meeting=meeting, actor=request.user, order=order)
    except ValidationError as error:
        return refused(request, error, back=editor_url(meeting))
    if not request.htmx:
        return back(meeting, request=request, done="Rækkefølgen er gemt.")
    return partials(request, editor_context(request.user, meeting), "time-plan", oob=("numbers",))


@require_POST
def item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    """Move an item one place up or down (the buttons beside the drag handle)."""
    item = editable_item(request, item_id)
    try:
        item_services.agenda_item_move(item=item, actor=request.user, offset=offset_of(request))
    except ValidationError as error:
        return refused(request, error, back=editor_url(item.meeting))
    if not request.htmx:
        return back(item.meeting, f"item-{item.pk}", request=request, done="Punktet er flyttet.")
    context = editor_context(request.user, item.meeting)
    return partials(request, context, "time-plan", oob=("numbers",))


def _item_form(item: AgendaItem, data: QueryDict | None = None) -> ItemForm:
    form = ItemForm(data, projects=projects_for(item.meeting), readers=readers_for(item.meeting))
    if data is None:
        form.initial = {
            "title": item.title,
            "kind": item.kind,
            "duration_minutes": item.duration_minutes,
            "confidential": item.confidential,
            "public_title": item.public_title,
            "restricted_to": [user.pk for user in item.restricted_to.all()],
            "projects": [project.pk for project in item.projects.all()],
            "version": item.version,
        }
    return form


def _presenter_rows(item: AgendaItem, form: ItemForm | None = None) -> list:
    rows = form.presenters() if form is not None and form.is_bound else list(item.presenters.all())
    blank = {"name": "", "organisation": "", "role": ""}
    return [*rows, blank, blank]


@require_GET
def item_head(request: HttpRequest, item_id: int) -> HttpResponse:
    item = editable_item(request, item_id)
    if not request.htmx:
        return back(item.meeting, f"item-{item.pk}")
    agenda = agenda_of(request.user, item.meeting)
    context = {
        **editor_context(request.user, item.meeting, agenda),
        "line": line_of(agenda, item.pk),
    }
    return render(request, f"{EDITOR}#item-head", context)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    """Edit an item's title, kind, minutes, presenters, projects and confidential flag."""
    item = editable_item(request, item_id)
    meeting = item.meeting
    form = _item_form(item, request.POST if request.method == "POST" else None)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item_services.agenda_item_update(
                item=item,
                actor=request.user,
                version=version_of(data.get("version")),
                title=data["title"],
                kind=data["kind"],
                duration_minutes=data["duration_minutes"],
                confidential=data["confidential"],
                presenters=form.presenters(),
                projects=list(data["projects"]),
                restricted_to=list(data["restricted_to"]),
                public_title=data["public_title"],
            )
        except ConflictError as error:
            extra = conflict_context(error)
            # The user's text stays in the form; saving again now overwrites knowingly.
            form.data = form.data.copy()
            form.data["version"] = str(error.current.version)
        except ValidationError as error:
            return refused(request, error, back=editor_url(meeting, f"item-{item.pk}"))
        else:
            if not request.htmx:
                return back(meeting, f"item-{item.pk}", request=request, done="Punktet er gemt.")
            agenda = agenda_of(request.user, meeting)
            context = {
                **editor_context(request.user, meeting, agenda),
                "line": line_of(agenda, item.pk),
            }
            return partials(request, context, "item-head", oob=("time-plan",))
    agenda = agenda_of(request.user, meeting)
    context = {
        **editor_context(request.user, meeting, agenda),
        "line": line_of(agenda, item.pk),
        "item_form": form,
        "presenter_rows": _presenter_rows(item, form if form.is_bound else None),
        **extra,
    }
    if request.htmx:
        return render(request, f"{EDITOR}#item-form", context)
    return form_page(request, meeting, "item-form", f"Redigér punkt: {item.title}", context)


@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = editable_item(request, item_id)
    meeting = item.meeting
    if request.method == "GET":
        return confirm_page(
            request,
            meeting=meeting,
            heading="Slet punkt",
            question=f"Vil du slette punktet »{item.title}« med dets tekst og bilag?",
            action=reverse("meetings:item_delete", args=[item.pk]),
            button="Slet punktet",
            danger=True,
            cancel_url=editor_url(meeting, f"item-{item.pk}"),
        )
    try:
        item_services.agenda_item_delete(item=item, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=editor_url(meeting))
    if not request.htmx:
        messages.success(request, f"Punktet »{item.title}« er slettet.")
        return back(meeting)
    # The card answers with nothing (it disappears); numbers and time plan follow.
    return partials(request, editor_context(request.user, meeting), oob=("time-plan", "numbers"))
