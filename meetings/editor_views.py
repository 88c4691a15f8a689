"""The secretariat's pages: create, edit, publish and record a meeting.

Thin views (parse, authorise through meetings.access, call a service, render). Every object
is looked up through `access.editable_*`, so anyone but the committee's secretariat gets 404.
htmx requests get template partials ("meetings/meeting_edit.html#item-card"); the same URLs
work as plain links and forms, answering with a redirect or a small page of their own.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.models import Project

from . import access, services
from .agenda import Agenda, AgendaLine, agenda_for
from .forms import (
    ATTENDANCE_CHOICES,
    HEADING_SUGGESTIONS,
    INDSTILLING_START,
    BilagRenameForm,
    BilagReplaceForm,
    BilagUploadForm,
    CancelForm,
    CopyForm,
    DecisionForm,
    GuestForm,
    ItemAddForm,
    ItemForm,
    MeetingCreateForm,
    MeetingDetailsForm,
    OrderForm,
    ReasonForm,
    SectionForm,
)
from .history import history_rows
from .models import (
    AgendaItem,
    Bilag,
    DecisionOutcome,
    ItemKind,
    ItemSection,
    Meeting,
    MeetingStatus,
    Role,
    StandardHeading,
)
from .portfolio_embeds import embed_figures
from .proposals import proposals_by_item

EDITOR = "meetings/meeting_edit.html"
MINUTES = "meetings/meeting_minutes.html"
FORM_PAGE = "meetings/editor_form_page.html"
CONFIRM = "meetings/confirm.html"

# One-click decisions per item kind, as the minutes write them.
ONE_CLICK = {
    ItemKind.ORIENTATION: DecisionOutcome.NOTED,
    ItemKind.DECISION: DecisionOutcome.APPROVED,
    ItemKind.DISCUSSION: DecisionOutcome.DISCUSSED,
}


# --- Look-ups (all through access.py) --------------------------------------------------------


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(
        access.editable_meetings(request.user).select_related("committee"), pk=meeting_id
    )


def _item(request: HttpRequest, item_id: int) -> AgendaItem:
    return get_object_or_404(
        access.editable_items(request.user).select_related("meeting__committee"), pk=item_id
    )


def _section(request: HttpRequest, section_id: int) -> ItemSection:
    return get_object_or_404(
        access.editable_sections(request.user).select_related("item__meeting__committee"),
        pk=section_id,
    )


def _bilag(request: HttpRequest, bilag_id: int) -> Bilag:
    return get_object_or_404(
        access.editable_bilag(request.user).select_related("item__meeting__committee"),
        pk=bilag_id,
    )


# --- Rendering helpers --------------------------------------------------------------------------


def _agenda(request: HttpRequest, meeting: Meeting) -> Agenda:
    return agenda_for(meeting, access.Viewer.of(request.user, meeting))


def _line(agenda: Agenda, item_id: int) -> AgendaLine:
    return next(line for line in agenda.lines if line.item.pk == item_id)


def _fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("committee").get(pk=meeting.pk)


def _projects_for(meeting: Meeting) -> QuerySet[Project]:
    """The projects an item can be linked to: those of the committee's programmes (or all)."""
    projects = Project.objects.select_related("programme").order_by("programme__name", "name")
    programmes = meeting.committee.programmes.all()
    if programmes.exists():
        projects = projects.filter(programme__in=programmes)
    return projects


def _base(request: HttpRequest, meeting: Meeting, agenda: Agenda | None = None) -> dict:
    agenda = agenda or _agenda(request, meeting)
    return {
        "meeting": meeting,
        "agenda": agenda,
        "editable": meeting.status not in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED),
        "standard_headings": HEADING_SUGGESTIONS,
        "indstilling_start": INDSTILLING_START,
        "max_upload": services.megabytes(settings.DAP_BILAG_MAX_BYTES),
        # Computed only if a template reads it: which embeds have newer figures.
        "embed_figures": SimpleLazyObject(lambda: embed_figures(agenda, compare=True)),
        "proposals": SimpleLazyObject(lambda: proposals_by_item(meeting.pk)),
    }


def _partials(request: HttpRequest, context: dict, *names: str, oob: tuple = ()) -> HttpResponse:
    """Render partials of the editor one after another; those in `oob` swap out of band."""
    html = [render_to_string(f"{EDITOR}#{name}", context, request) for name in names]
    html += [
        render_to_string(f"{EDITOR}#{name}", {**context, "oob": True}, request) for name in oob
    ]
    return HttpResponse("".join(html))


def _editor_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(meeting: Meeting, anchor: str = "") -> HttpResponseRedirect:
    return redirect(_editor_url(meeting, anchor))


def _refused(request: HttpRequest, meeting: Meeting, error: ValidationError, anchor: str = ""):
    """A service refused: the message in the editor's message area (htmx) or as a flash."""
    text = " ".join(error.messages)
    if request.htmx:
        response = render(request, f"{EDITOR}#refusal", {"message": text})
        response["HX-Retarget"] = "#editor-messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    messages.error(request, text)
    return _back(meeting, anchor)


def _form_page(request: HttpRequest, meeting: Meeting, partial: str, heading: str, ctx: dict):
    """A GET of an inline form without htmx: the same form on a small page of its own."""
    context = {**_base(request, meeting), **ctx, "partial": f"{EDITOR}#{partial}"}
    context["heading"] = heading
    return render(request, FORM_PAGE, context)


def _conflict_context(error: services.ConflictError) -> dict:
    by = error.changed_by
    name = (by.get_full_name() or by.get_username()) if by is not None else "en anden"
    clock = timezone.localtime(error.changed_at).strftime("%H.%M") if error.changed_at else ""
    return {"conflict": error.current, "conflict_by": name, "conflict_at": clock}


def _version(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


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
        form.initial["title"] = services.default_meeting_title(first) if first else ""
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
            return _back(meeting)
    return render(request, "meetings/meeting_create.html", {"form": form})


@require_GET
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda editor: items, sections, bilag and the time plan on one page."""
    meeting = _meeting(request, meeting_id)
    context = _base(request, meeting)
    context["add_form"] = ItemAddForm()
    return render(request, EDITOR, context)


@require_http_methods(["GET", "POST"])
def meeting_details(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's date, time, place, title and next meeting (a new date is a reschedule)."""
    meeting = _meeting(request, meeting_id)
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
                return _back(meeting)
            context = _base(request, _fresh(meeting))
            return _partials(
                request, context, "details-closed", oob=("meeting-header", "time-plan")
            )
    context = {"details_form": form}
    if request.htmx:
        return render(request, f"{EDITOR}#details-form", {**_base(request, meeting), **context})
    return _form_page(request, meeting, "details-form", "Mødets oplysninger", context)


@require_GET
def meeting_details_closed(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if not request.htmx:
        return _back(meeting)
    return render(request, f"{EDITOR}#details-closed", _base(request, meeting))


@require_POST
def meeting_publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """'Udsend dagsorden': the draft becomes visible to the committee's members."""
    meeting = _meeting(request, meeting_id)
    try:
        services.meeting_publish(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Dagsordenen er udsendt til styregruppens medlemmer.")
    return _back(meeting)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Cancel a meeting (asks first); members see it as 'Aflyst'."""
    meeting = _meeting(request, meeting_id)
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
    return render(
        request,
        CONFIRM,
        {
            "meeting": meeting,
            "heading": "Aflys mødet",
            "question": f"Vil du aflyse »{meeting.title}« {meeting.date:%d.%m.%Y}? "
            "Medlemmerne ser mødet som aflyst.",
            "form": form,
            "action": reverse("meetings:meeting_cancel", args=[meeting.pk]),
            "button": "Aflys mødet",
            "danger": True,
            "cancel_url": _editor_url(meeting),
        },
    )


@require_GET
def meeting_history(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Everything that was changed in the meeting: who, when, what."""
    meeting = _meeting(request, meeting_id)
    return render(
        request,
        "meetings/meeting_history.html",
        {"meeting": meeting, "rows": history_rows(meeting)},
    )


@require_http_methods(["GET", "POST"])
def meeting_copy(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Copy chosen items of an earlier meeting (without decisions; bilag only if asked)."""
    meeting = _meeting(request, meeting_id)
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
        return _back(meeting)
    return render(
        request,
        "meetings/meeting_copy.html",
        {"meeting": meeting, "sources": sources, "source": source, "form": form},
    )


# --- Items ------------------------------------------------------------------------------------


def _after_structure_change(request: HttpRequest, meeting: Meeting, *main: str, **extra: Any):
    """Numbers and the time plan change with the order: send them all, out of band."""
    context = {**_base(request, meeting), **extra}
    return _partials(request, context, *main, oob=("time-plan", "numbers"))


@require_POST
def item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    form = ItemAddForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, f"{EDITOR}#add-item", {**_base(request, meeting), "add_form": form}
            )
        messages.error(request, "Punktet er ikke oprettet: giv det en titel og et antal minutter.")
        return _back(meeting, "nyt-punkt")
    try:
        item = services.agenda_item_create(meeting=meeting, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, meeting, error)
    if not request.htmx:
        return _back(meeting, f"item-{item.pk}")
    agenda = _agenda(request, meeting)
    line = _line(agenda, item.pk)
    following = next((other for other in agenda.lines if other.number == line.number + 1), None)
    context = {
        **_base(request, meeting, agenda),
        "add_form": ItemAddForm(),
        "line": line,
        "insert_before": following.item.pk if following else None,
    }
    return _partials(request, context, "add-item", oob=("new-item", "time-plan", "numbers"))


@require_POST
def items_reorder(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The order after a drag (all item ids, first to last)."""
    meeting = _meeting(request, meeting_id)
    order = OrderForm(request.POST, name="item").ids()
    try:
        if order is None:
            raise ValidationError("Rækkefølgen kunne ikke læses.")
        services.agenda_items_reorder(meeting=meeting, actor=request.user, order=order)
    except ValidationError as error:
        return _refused(request, meeting, error)
    if not request.htmx:
        return _back(meeting)
    return _partials(request, _base(request, meeting), "time-plan", oob=("numbers",))


def _offset(request: HttpRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


@require_POST
def item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    """Move an item one place up or down (the buttons beside the drag handle)."""
    item = _item(request, item_id)
    try:
        services.agenda_item_move(item=item, actor=request.user, offset=_offset(request))
    except ValidationError as error:
        return _refused(request, item.meeting, error)
    if not request.htmx:
        return _back(item.meeting, f"item-{item.pk}")
    return _partials(request, _base(request, item.meeting), "time-plan", oob=("numbers",))


def _item_form(item: AgendaItem, data: QueryDict | None = None) -> ItemForm:
    form = ItemForm(data, projects=_projects_for(item.meeting))
    if data is None:
        form.initial = {
            "title": item.title,
            "kind": item.kind,
            "duration_minutes": item.duration_minutes,
            "confidential": item.confidential,
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
    item = _item(request, item_id)
    if not request.htmx:
        return _back(item.meeting, f"item-{item.pk}")
    agenda = _agenda(request, item.meeting)
    context = {**_base(request, item.meeting, agenda), "line": _line(agenda, item.pk)}
    return render(request, f"{EDITOR}#item-head", context)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    """Edit an item's title, kind, minutes, presenters, projects and confidential flag."""
    item = _item(request, item_id)
    meeting = item.meeting
    form = _item_form(item, request.POST if request.method == "POST" else None)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_update(
                item=item,
                actor=request.user,
                version=_version(data.get("version")),
                title=data["title"],
                kind=data["kind"],
                duration_minutes=data["duration_minutes"],
                confidential=data["confidential"],
                presenters=form.presenters(),
                projects=list(data["projects"]),
            )
        except services.ConflictError as error:
            extra = _conflict_context(error)
            # The user's text stays in the form; saving again now overwrites knowingly.
            form.data = form.data.copy()
            form.data["version"] = str(error.current.version)
        except ValidationError as error:
            return _refused(request, meeting, error, f"item-{item.pk}")
        else:
            if not request.htmx:
                return _back(meeting, f"item-{item.pk}")
            agenda = _agenda(request, meeting)
            context = {**_base(request, meeting, agenda), "line": _line(agenda, item.pk)}
            return _partials(request, context, "item-head", oob=("time-plan",))
    agenda = _agenda(request, meeting)
    context = {
        **_base(request, meeting, agenda),
        "line": _line(agenda, item.pk),
        "item_form": form,
        "presenter_rows": _presenter_rows(item, form if form.is_bound else None),
        **extra,
    }
    if request.htmx:
        return render(request, f"{EDITOR}#item-form", context)
    return _form_page(request, meeting, "item-form", f"Redigér punkt: {item.title}", context)


@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    meeting = item.meeting
    if request.method == "GET":
        return render(
            request,
            CONFIRM,
            {
                "meeting": meeting,
                "heading": "Slet punkt",
                "question": f"Vil du slette punktet »{item.title}« med dets tekst og bilag?",
                "action": reverse("meetings:item_delete", args=[item.pk]),
                "button": "Slet punktet",
                "danger": True,
                "cancel_url": _editor_url(meeting, f"item-{item.pk}"),
            },
        )
    try:
        services.agenda_item_delete(item=item, actor=request.user)
    except ValidationError as error:
        return _refused(request, meeting, error)
    if not request.htmx:
        messages.success(request, f"Punktet »{item.title}« er slettet.")
        return _back(meeting)
    # The card answers with nothing (it disappears); numbers and time plan follow.
    return _partials(request, _base(request, meeting), oob=("time-plan", "numbers"))


# --- Sections ---------------------------------------------------------------------------------


def _sections_response(request: HttpRequest, item: AgendaItem, **extra: Any) -> HttpResponse:
    agenda = _agenda(request, item.meeting)
    context = {**_base(request, item.meeting, agenda), "line": _line(agenda, item.pk), **extra}
    return render(request, f"{EDITOR}#sections", context)


@require_http_methods(["GET", "POST"])
def section_new(request: HttpRequest, item_id: int) -> HttpResponse:
    """Add a section; 'Indstilling' starts with 'Det indstilles, at styregruppen'."""
    item = _item(request, item_id)
    if request.method == "GET" and request.GET.get("luk") and request.htmx:
        return _sections_response(request, item)
    if request.method == "GET":
        heading = request.GET.get("overskrift", "")
        html = INDSTILLING_START if heading == StandardHeading.INDSTILLING else ""
        form = SectionForm(initial={"heading": heading, "html": html})
    else:
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                section = services.section_create(
                    item=item,
                    actor=request.user,
                    heading=form.cleaned_data["heading"],
                    part=form.cleaned_data["part"],
                    html=form.cleaned_data["html"],
                )
            except ValidationError as error:
                return _refused(request, item.meeting, error, f"item-{item.pk}")
            if not request.htmx:
                return _back(item.meeting, f"section-{section.pk}")
            return _sections_response(request, item)
    if request.htmx:
        return _sections_response(request, item, new_section_form=form)
    agenda = _agenda(request, item.meeting)
    return _form_page(
        request,
        item.meeting,
        "section-form",
        f"Nyt afsnit i »{item.title}«",
        {"line": _line(agenda, item.pk), "section_form": form, "section": None},
    )


@require_GET
def section_show(request: HttpRequest, section_id: int) -> HttpResponse:
    section = _section(request, section_id)
    if not request.htmx:
        return _back(section.item.meeting, f"section-{section.pk}")
    return render(request, f"{EDITOR}#section", {"section": section, "editable": True})


@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, section_id: int) -> HttpResponse:
    """Edit a section's heading, sub-part and text (optimistic locking on its version)."""
    section = _section(request, section_id)
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
                section = services.section_update(
                    section=section,
                    actor=request.user,
                    version=_version(data.get("version")),
                    heading=data["heading"],
                    part=data["part"],
                    html=data["html"],
                )
            except services.ConflictError as error:
                extra = _conflict_context(error)
                form.data = form.data.copy()
                form.data["version"] = str(error.current.version)
            except ValidationError as error:
                return _refused(request, item.meeting, error, f"section-{section.pk}")
            else:
                if not request.htmx:
                    return _back(item.meeting, f"section-{section.pk}")
                return render(request, f"{EDITOR}#section", {"section": section, "editable": True})
    context = {"section": section, "section_form": form, "line": None, **extra}
    if request.htmx:
        return render(
            request, f"{EDITOR}#section-form", {**_base(request, item.meeting), **context}
        )
    return _form_page(
        request, item.meeting, "section-form", f"Redigér afsnit i »{item.title}«", context
    )


@require_http_methods(["GET", "POST"])
def section_delete(request: HttpRequest, section_id: int) -> HttpResponse:
    section = _section(request, section_id)
    item = section.item
    if request.method == "GET":
        return render(
            request,
            CONFIRM,
            {
                "meeting": item.meeting,
                "heading": "Slet afsnit",
                "question": f"Vil du slette afsnittet »{section.heading or 'uden overskrift'}« "
                f"i punktet »{item.title}«? Teksten kan stadig læses i historikken.",
                "action": reverse("meetings:section_delete", args=[section.pk]),
                "button": "Slet afsnittet",
                "danger": True,
                "cancel_url": _editor_url(item.meeting, f"section-{section.pk}"),
            },
        )
    try:
        services.section_delete(section=section, actor=request.user)
    except ValidationError as error:
        return _refused(request, item.meeting, error)
    if not request.htmx:
        return _back(item.meeting, f"item-{item.pk}")
    return _sections_response(request, item)


@require_POST
def section_move(request: HttpRequest, section_id: int) -> HttpResponse:
    section = _section(request, section_id)
    item = section.item
    try:
        services.section_move(section=section, actor=request.user, offset=_offset(request))
    except ValidationError as error:
        return _refused(request, item.meeting, error)
    if not request.htmx:
        return _back(item.meeting, f"section-{section.pk}")
    return _sections_response(request, item)


# --- Bilag ------------------------------------------------------------------------------------


def _bilag_response(request: HttpRequest, item: AgendaItem, **extra: Any) -> HttpResponse:
    agenda = _agenda(request, item.meeting)
    context = {**_base(request, item.meeting, agenda), "line": _line(agenda, item.pk), **extra}
    return render(request, f"{EDITOR}#bilag-list", context)


def _bilag_done(
    request: HttpRequest, item: AgendaItem, call: Callable[[], object], anchor: str
) -> HttpResponse:
    """Run a bilag service; a refusal shows under the item's bilag (htmx) or as a flash."""
    try:
        call()
    except ValidationError as error:
        text = " ".join(error.messages)
        if request.htmx:
            return _bilag_response(request, item, bilag_error=text)
        messages.error(request, text)
        return _back(item.meeting, anchor)
    if not request.htmx:
        return _back(item.meeting, anchor)
    return _bilag_response(request, item)


@require_POST
def bilag_add(request: HttpRequest, item_id: int) -> HttpResponse:
    """Upload a bilag to an item (chosen, or dropped onto the item)."""
    item = _item(request, item_id)
    form = BilagUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        text = "Vælg en fil at uploade."
        if request.htmx:
            return _bilag_response(request, item, bilag_error=text)
        messages.error(request, text)
        return _back(item.meeting, f"item-{item.pk}")
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
    item = _item(request, item_id)
    order = OrderForm(request.POST, name="bilag").ids()

    def call() -> None:
        if order is None:
            raise ValidationError("Rækkefølgen kunne ikke læses.")
        services.bilag_reorder(item=item, actor=request.user, order=order)

    return _bilag_done(request, item, call, f"item-{item.pk}")


@require_POST
def bilag_move(request: HttpRequest, bilag_id: int) -> HttpResponse:
    bilag = _bilag(request, bilag_id)
    return _bilag_done(
        request,
        bilag.item,
        lambda: services.bilag_move(bilag=bilag, actor=request.user, offset=_offset(request)),
        f"bilag-{bilag.pk}",
    )


@require_GET
def bilag_list(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    if not request.htmx:
        return _back(item.meeting, f"item-{item.pk}")
    return _bilag_response(request, item)


def _bilag_form(
    request: HttpRequest, bilag: Bilag, form: Any, kind: str, heading: str
) -> HttpResponse:
    item = bilag.item
    agenda = _agenda(request, item.meeting)
    line = _line(agenda, item.pk)
    number = next((bl.number for bl in line.bilag if bl.bilag.pk == bilag.pk), "")
    context = {"line": line, "bl_form": form, "form_kind": kind, "bilag": bilag, "number": number}
    if request.htmx:
        return render(
            request, f"{EDITOR}#bilag-form", {**_base(request, item.meeting, agenda), **context}
        )
    return _form_page(request, item.meeting, "bilag-form", heading, context)


@require_http_methods(["GET", "POST"])
def bilag_rename(request: HttpRequest, bilag_id: int) -> HttpResponse:
    bilag = _bilag(request, bilag_id)
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
    bilag = _bilag(request, bilag_id)
    form = BilagReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            text = "Vælg den nye fil."
            if request.htmx:
                return _bilag_response(request, bilag.item, bilag_error=text)
            messages.error(request, text)
            return _back(bilag.item.meeting, f"bilag-{bilag.pk}")
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
    bilag = _bilag(request, bilag_id)
    item = bilag.item
    if request.method == "GET":
        return render(
            request,
            CONFIRM,
            {
                "meeting": item.meeting,
                "heading": "Slet bilag",
                "question": f"Vil du slette bilaget »{bilag.title}« fra punktet »{item.title}«?",
                "action": reverse("meetings:bilag_delete", args=[bilag.pk]),
                "button": "Slet bilaget",
                "danger": True,
                "cancel_url": _editor_url(item.meeting, f"bilag-{bilag.pk}"),
            },
        )
    return _bilag_done(
        request,
        item,
        lambda: services.bilag_delete(bilag=bilag, actor=request.user),
        f"item-{item.pk}",
    )


# --- Minutes: attendance, decisions, held, approved ------------------------------------------


def _minutes_context(request: HttpRequest, meeting: Meeting) -> dict:
    agenda = _agenda(request, meeting)
    memberships = list(
        meeting.committee.memberships.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username"
        )
    )
    rows = list(meeting.attendance.all())
    by_user = {row.user_id: row for row in rows if row.user_id}
    members = [
        {
            "user": membership.user,
            "role": membership.get_role_display(),
            "status": by_user[membership.user_id].status if membership.user_id in by_user else "",
        }
        for membership in memberships
        if membership.role != Role.SECRETARIAT
    ]
    # The Indstilling the decision answers, beside it (from the prefetched sections).
    recommendations = {
        line.item.pk: [
            section
            for section in line.item.sections.all()
            if section.heading.strip().lower() == "indstilling"
        ]
        for line in agenda.lines
    }
    return {
        "meeting": meeting,
        "agenda": agenda,
        "recommendations": recommendations,
        "members": members,
        "guests": [row for row in rows if row.guest],
        "guest_form": GuestForm(),
        "attendance_choices": ATTENDANCE_CHOICES,
        "minutes_open": meeting.status in (MeetingStatus.PUBLISHED, MeetingStatus.HELD),
        "one_click": ONE_CLICK,
        "outcomes": DecisionOutcome.choices,
        # Fetched only if a template reads it: which items carry a budget proposal.
        "proposals": SimpleLazyObject(lambda: proposals_by_item(meeting.pk)),
    }


@require_GET
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Attendance and decisions (Beslutning) beside each item's Indstilling."""
    meeting = _meeting(request, meeting_id)
    return render(request, MINUTES, _minutes_context(request, meeting))


def _minutes_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:meeting_minutes", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _minutes_refused(request: HttpRequest, meeting: Meeting, error: ValidationError, anchor=""):
    text = " ".join(error.messages)
    if request.htmx:
        response = render(request, f"{EDITOR}#refusal", {"message": text})
        response["HX-Retarget"] = "#editor-messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    messages.error(request, text)
    return redirect(_minutes_url(meeting, anchor))


@require_POST
def decision_save(request: HttpRequest, item_id: int) -> HttpResponse:
    """Record an item's decision: a one-click outcome or free text with an outcome."""
    item = _item(request, item_id)
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
                version=_version(form.cleaned_data["version"])
                if form.cleaned_data["version"] is not None
                else None,
            )
        except services.ConflictError as error:
            extra = _conflict_context(error)
            extra["unsaved_html"] = form.cleaned_data["html"]
        except ValidationError as error:
            return _minutes_refused(request, meeting, error, f"beslutning-{item.pk}")
    if not request.htmx:
        if extra:
            messages.error(
                request,
                f"Punktet er ændret af {extra['conflict_by']} kl. {extra['conflict_at']}, mens "
                "du redigerede. Din beslutning er ikke gemt.",
            )
        return redirect(_minutes_url(meeting, f"beslutning-{item.pk}"))
    context = _minutes_context(request, meeting)
    context["line"] = _line(context["agenda"], item.pk)
    context.update(extra)
    return render(request, f"{MINUTES}#decision", context)


@require_POST
def attendance_save(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    statuses: dict[int, str] = {}
    for key, value in request.POST.items():
        if key.startswith("attendance_") and value:
            try:
                statuses[int(key.removeprefix("attendance_"))] = value
            except ValueError:
                continue
    try:
        services.attendance_record(meeting=meeting, actor=request.user, statuses=statuses)
    except ValidationError as error:
        return _minutes_refused(request, meeting, error, "fremmoede")
    return _attendance_response(request, meeting, saved=True)


def _attendance_response(request: HttpRequest, meeting: Meeting, **extra: Any) -> HttpResponse:
    if not request.htmx:
        if extra.get("saved"):
            messages.success(request, "Fremmødet er gemt.")
        return redirect(_minutes_url(meeting, "fremmoede"))
    context = {**_minutes_context(request, meeting), **extra}
    return render(request, f"{MINUTES}#attendance", context)


@require_POST
def guest_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    form = GuestForm(request.POST)
    if not form.is_valid():
        return _minutes_refused(
            request, meeting, ValidationError("Skriv gæstens navn."), "fremmoede"
        )
    try:
        services.attendance_add_guest(meeting=meeting, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _minutes_refused(request, meeting, error, "fremmoede")
    return _attendance_response(request, meeting)


@require_POST
def attendance_delete(request: HttpRequest, attendance_id: int) -> HttpResponse:
    row = get_object_or_404(
        access.editable_attendance(request.user).select_related("meeting"), pk=attendance_id
    )
    try:
        services.attendance_remove(attendance=row, actor=request.user)
    except ValidationError as error:
        return _minutes_refused(request, row.meeting, error, "fremmoede")
    return _attendance_response(request, row.meeting)


def _status_change(request: HttpRequest, meeting_id: int, call: Callable, done: str):
    meeting = _meeting(request, meeting_id)
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
    meeting = _meeting(request, meeting_id)
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
    return render(
        request,
        CONFIRM,
        {
            "meeting": meeting,
            "heading": "Genåbn referat",
            "question": "Referatet er godkendt. Skriv, hvorfor det skal genåbnes; "
            "begrundelsen gemmes i mødets historik.",
            "form": form,
            "action": reverse("meetings:minutes_reopen", args=[meeting.pk]),
            "button": "Genåbn referat",
            "cancel_url": _minutes_url(meeting),
        },
    )
