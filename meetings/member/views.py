"""What members use to prepare: the overview, bilag in the browser, private notes, search and
calendars. Thin views: every object is looked up through `meetings.access` (404 otherwise)."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from .. import access
from ..agenda import agenda_for, bilag_filename, bilag_number
from ..annotations import selectors as annotation_selectors
from ..archive.selectors import meeting_archive
from ..audit import PUBLIC_ACTIONS
from ..downloads import stored_file_response
from ..files import OFFICE_CONTENT_TYPES, PDF, preview_of
from ..models import (
    AgendaItem,
    AnnotationColour,
    AuditEntry,
    Bilag,
    Disqualification,
    HoeringStatus,
    Meeting,
    MeetingStatus,
    MeetingVisit,
    Membership,
    MinutesHoering,
    PrivateNote,
)
from ..portfolio.embeds import embed_figures
from ..portfolio.proposals import agenda_proposals
from ..questions.selectors import my_questions, shared_questions
from . import pagecache
from . import services as notes
from .pagecache import BilagNav, ItemBlock, MeetingPage
from .selectors import awaiting_answer, changes_since_publication, my_tasks

# --- The overview ---------------------------------------------------------------------------


def _count(queryset) -> Coalesce:
    """A correlated count of a queryset already grouped with `.values(<the meeting>)`."""
    grouped = queryset.order_by().annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The user's meetings: upcoming with what is new since their last visit, past with minutes."""
    user = request.user
    last_visit = MeetingVisit.objects.filter(user=user, meeting=OuterRef("pk")).values(
        "last_seen_at"
    )[:1]
    # What the overview shows changes only with these: the meetings (their versions count
    # every agenda change), the user's visits, their roles, their committees' procedures and
    # actions ("Afventer dit svar", "Mine opgaver": meetings.changes), and the day.
    meetings = list(
        access.visible_meetings(user)
        .annotate(seen=Subquery(last_visit))
        .order_by("pk")
        .values_list("pk", "version", "status", "updated_at", "seen", "committee_id")
    )
    roles = sorted(Membership.objects.filter(user=user).values_list("committee_id", "role"))
    committees = {row[-1] for row in meetings} | {committee_id for committee_id, _ in roles}
    fingerprint = (meetings, roles, user.is_superuser)
    content = pagecache.cached_html(
        pagecache.overview_key(user.pk, fingerprint, committees),
        lambda: _overview_content(request),
    )
    return render(request, "meetings/member/meeting_list.html", {"content": content})


def _overview_content(request: HttpRequest) -> tuple[str, int]:
    """The overview's content (cached by `overview`): the queries and the template; and how
    long it holds: until the first deadline of a procedure awaiting the user's answer."""
    user = request.user
    last_seen = MeetingVisit.objects.filter(user=user, meeting=OuterRef("pk")).values(
        "last_seen_at"
    )[:1]
    bilag_count = (
        access.content_visible_bilag(user)
        .filter(item__meeting=OuterRef("pk"))
        .exclude(file="")
        .values("item__meeting")
    )
    new_count = (
        AuditEntry.objects.filter(
            meeting=OuterRef("pk"),
            action__in=PUBLIC_ACTIONS,
            at__gt=OuterRef("last_seen"),
        )
        .filter(at__gt=OuterRef("published_at"))
        .values("meeting")
    )
    meetings = list(
        access.visible_meetings(user)
        .select_related("committee")
        .annotate(last_seen=Subquery(last_seen))
        .annotate(bilag_count=_count(bilag_count), new_count=_count(new_count))
        .order_by("date", "start_time", "pk")
    )
    viewers = access.committee_viewers(user)
    today = timezone.localdate()
    for meeting in meetings:
        viewer = viewers.get(meeting.committee_id, access.Viewer(user=user, role=None))
        meeting.agenda_out = meeting.published_at is not None
        meeting.minutes_readable = access.can_read_minutes(viewer, meeting)
    upcoming = [m for m in meetings if m.date >= today and m.status != MeetingStatus.CANCELLED]
    cancelled = [m for m in meetings if m.date >= today and m.status == MeetingStatus.CANCELLED]
    past = [m for m in reversed(meetings) if m.date < today]
    awaiting = awaiting_answer(user)
    holds = pagecache.TIMEOUT
    if awaiting:
        first_deadline = min(procedure.deadline for procedure in awaiting)
        holds = int((first_deadline - timezone.now()).total_seconds())
    html = render_to_string(
        "meetings/member/_overview_content.html",
        {
            "upcoming": upcoming,
            "cancelled": cancelled,
            "past": past,
            "today": today,
            "member_overview": True,
            "may_create": access.editable_committees(user).exists(),
            # Between meetings: what waits for this person.
            "my_tasks": my_tasks(user),
            "awaiting": awaiting,
            "committees": list(access.committees_of(user).order_by("short_name")),
        },
        request=request,
    )
    return html, holds


# --- The meeting page: what is new since the last visit --------------------------------------


def _meeting_page(request: HttpRequest, meeting: Meeting, viewer: access.Viewer) -> MeetingPage:
    """The shared part of the meeting page for this viewer's access level (cached)."""

    def build() -> MeetingPage:
        agenda = agenda_for(meeting, viewer)
        changes = changes_since_publication(meeting, agenda)
        # The minutes' line of each item someone was inhabil on (one query); a version follows.
        inhabil = Disqualification.objects.names_by_item(meeting.pk)
        # No request and no CSRF token: nothing of one user's own gets into the shared HTML.
        context = {
            "meeting": meeting,
            "agenda": agenda,
            "viewer": viewer,
            "minutes_available": access.can_read_minutes(viewer, meeting),
            "changes": changes,  # the notice of what changed after the agenda was sent out
            "member_page": True,
            "shared": True,
            # Budget tables of the items: live in a draft, as sent once published.
            "embed_figures": embed_figures(agenda, compare=viewer.is_secretariat),
            # Read from the archive: originals (secretariat) and bilag named but missing.
            "archive": meeting_archive(meeting, viewer, agenda),
            # Budget proposals of the items the viewer may see, as the item proposes them.
            "proposals": agenda_proposals(agenda),
            # Chair and members declare inhabilitet on an item before the meeting (the page of
            # meetings.minutes); the page is kept per role and day.
            "declare_inhabilitet": viewer.may_declare_inhabilitet
            and meeting.status == MeetingStatus.PUBLISHED
            and meeting.date >= timezone.localdate(),
        }

        def part(template: str, **more: object) -> SafeString:
            return mark_safe(render_to_string(template, {**context, **more}))  # noqa: S308

        content = "meetings/member/_meeting_content.html"
        item = "meetings/member/_agenda_item.html"
        note_form = "meetings/member/_note_form.html"
        blocks = []
        # Shared answers of the items this access level reads (a share touches the meeting).
        shared_qs = shared_questions(line.item.pk for line in agenda.lines if line.visible)
        for line in agenda.lines:
            item_changes = changes.for_item(line.item.pk)
            own = {
                "line": line,
                "item_changes": item_changes,
                "changed_at": " ".join(str(pagecache.micros(c.at)) for c in item_changes),
                # The decision area (_item_decision.html), as the members' poll renders it too.
                "line_inhabil": inhabil.get(line.item.pk, []) if line.visible else [],
                "line_decision": line.item.decision_html if viewer.sees_decision(line.item) else "",
            }
            # The empty note form is the same for everyone but the CSRF token: the page puts
            # the user's token between its two parts (or renders the user's own note).
            empty_note = {
                "url": reverse("meetings:note_item", args=[line.item.pk]),
                "kind": "item",
                "pk": line.item.pk,
                "may_ask": access.may_ask_question(viewer, line.item),
            }
            blocks.append(
                ItemBlock(
                    pk=line.item.pk,
                    anchor=line.anchor,
                    top=part(f"{item}#top", **own),
                    decision=part(f"{item}#decision", **own),
                    visible=line.visible,
                    note_url=empty_note["url"],
                    may_ask=empty_note["may_ask"],
                    note_open=mark_safe(render_to_string(f"{note_form}#form-open", empty_note)),  # noqa: S308
                    note_rest=mark_safe(render_to_string(f"{note_form}#form-rest", empty_note)),  # noqa: S308
                    questions=part(
                        "meetings/questions/_shared_questions.html",
                        pk=line.item.pk,
                        questions=shared_qs[line.item.pk],
                    )
                    if line.item.pk in shared_qs
                    else SafeString(),
                )
            )
        return MeetingPage(
            head=part(f"{content}#head"),
            intro=part(f"{content}#intro"),
            blocks=blocks,
            item_ids=[line.item.pk for line in agenda.lines if line.visible],
            changes_at={
                item_id: [change.at for change in item_changes]
                for item_id, item_changes in changes.by_item.items()
            },
            last_public_change=AuditEntry.objects.filter(
                meeting=meeting, action__in=PUBLIC_ACTIONS
            ).aggregate(last=Max("at"))["last"],
            bilag=[
                BilagNav(entry.bilag.pk, entry.label, entry.number)
                for line in agenda.lines
                for entry in line.bilag
                if entry.downloadable
            ],
            items={
                line.item.pk: {"anchor": line.anchor, "heading": line.heading}
                for line in agenda.lines
            },
        )

    key = pagecache.meeting_page_key(meeting, viewer.access_level(meeting))
    return pagecache.meeting_page(meeting, key, build)


# --- Bilag in the browser ---------------------------------------------------------------------


def _visible_bilag(request: HttpRequest, bilag_id: int) -> tuple[Bilag, Meeting, access.Viewer]:
    """A bilag the user may see, its meeting and what the user may see of it (two queries:
    the bilag, then `access.meeting_and_viewer`); 404 for anything else."""
    bilag = get_object_or_404(Bilag.objects.select_related("item"), pk=bilag_id)
    found = access.meeting_and_viewer(request.user, bilag.item.meeting_id)
    if found is None or not found[1].sees_bilag(bilag, bilag.item):
        raise Http404
    meeting, viewer = found
    bilag.item.meeting = meeting
    return bilag, meeting, viewer


@require_GET
def bilag_view(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """A bilag shown on the page (PDF viewer or image), with the previous and next bilag.

    Access as `_visible_bilag` decides it; the steps between bilag come from the cached
    meeting page of the viewer's access level."""
    bilag, meeting, viewer = _visible_bilag(request, bilag_id)
    page = _meeting_page(request, meeting, viewer)
    shown = page.bilag
    index = next((i for i, entry in enumerate(shown) if entry.pk == bilag.pk), None)
    kind, reason = preview_of(bilag, for_secretariat=viewer.is_secretariat)
    return render(
        request,
        "meetings/member/bilag_view.html",
        {
            "meeting": meeting,
            "bilag": bilag,
            "line": page.items.get(bilag.item_id),
            "label": shown[index].label if index is not None else bilag.title,
            "previous": shown[index - 1] if index else None,
            "next": shown[index + 1] if index is not None and index + 1 < len(shown) else None,
            "kind": kind,
            "reason": reason,
            "note": PrivateNote.objects.filter(user=request.user, bilag=bilag).first(),
            "colours": AnnotationColour.choices,
        },
    )


@require_GET
def bilag_inline(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """The PDF (or the PDF made of an Office file) or image of a bilag, shown inline."""
    bilag, _meeting, _viewer = _visible_bilag(request, bilag_id)
    kind, _ = preview_of(bilag)
    if kind == "none":
        raise Http404
    field = bilag.file
    content_type = bilag.content_type
    if bilag.content_type in OFFICE_CONTENT_TYPES:
        field, content_type = bilag.pdf_rendition, PDF.content_type
    name = bilag_filename(bilag, bilag_number(bilag))
    if content_type == PDF.content_type:
        name = name.rsplit(".", 1)[0] + ".pdf"
    # Always streamed: the PDF viewer fetches it from this origin (CSP connect-src 'self').
    return stored_file_response(
        field.name,
        filename=name,
        content_type=content_type,
        as_attachment=False,
        storage=field.storage,
    )


# --- Private notes ----------------------------------------------------------------------------


def _note_saved(request: HttpRequest, save: Callable[[str], PrivateNote | None], target: dict):
    """Save a note; a refusal keeps the user's text in the form with the reason beside it."""
    text = request.POST.get("text", "")
    try:
        note = save(text)
    except ValidationError as error:
        refusal = " ".join(error.messages)
        context = {"unsaved_text": text, "note_error": refusal, **target}
        if request.htmx:
            return render(request, "meetings/member/_note_form.html", context)
        return render(request, "meetings/member/note_refused.html", context, status=400)
    if request.htmx:
        return render(
            request, "meetings/member/_note_form.html", {"note": note, "saved": True, **target}
        )
    return redirect(target["back"])


@require_POST
def note_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Save the user's private note on an item (htmx: the form again; else back to the page)."""
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=access.visible_meetings(request.user))
        .select_related("meeting")
        .prefetch_related("restricted_to"),
        pk=item_id,
    )
    viewer = access.Viewer.of(request.user, item.meeting)
    if not viewer.sees_item_content(item):
        raise Http404
    back = reverse("meetings:meeting_detail", args=[item.meeting_id]) + f"#note-item-{item.pk}"
    url = reverse("meetings:note_item", args=[item.pk])
    target = {"url": url, "back": back, "kind": "item", "pk": item.pk}
    target["may_ask"] = access.may_ask_question(viewer, item)
    return _note_saved(
        request,
        lambda text: notes.note_save(user=request.user, item=item, text=text),
        target,
    )


@require_POST
def note_bilag(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """Save the user's private note on a bilag."""
    bilag, _meeting, _viewer = _visible_bilag(request, bilag_id)
    back = reverse("meetings:bilag_view", args=[bilag.pk])
    url = reverse("meetings:note_bilag", args=[bilag.pk])
    return _note_saved(
        request,
        lambda text: notes.note_save(user=request.user, bilag=bilag, text=text),
        {"url": url, "back": back, "kind": "bilag", "pk": bilag.pk},
    )


@require_GET
def meeting_notes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The user's own notes on a meeting's items and bilag, in agenda order."""
    meeting = get_object_or_404(
        access.visible_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    viewer = access.Viewer.of(request.user, meeting)
    agenda = agenda_for(meeting, viewer)
    mine = list(
        PrivateNote.objects.filter(user=request.user)
        .filter(Q(item__meeting=meeting) | Q(bilag__item__meeting=meeting))
        .order_by()
    )
    by_item = {note.item_id: note for note in mine if note.item_id}
    by_bilag = {note.bilag_id: note for note in mine if note.bilag_id}
    marked = annotation_selectors.meeting_annotations(request.user, meeting)
    rows = []
    marks = []
    for line in agenda.lines:
        if not line.visible:
            continue
        if line.item.pk in by_item:
            rows.append((line.heading, None, by_item[line.item.pk]))
        for bl in line.bilag:
            if bl.visible and bl.bilag.pk in by_bilag:
                rows.append((line.heading, bl, by_bilag[bl.bilag.pk]))
            if bl.visible and bl.bilag.pk in marked:
                marks.append((line.heading, bl, marked[bl.bilag.pk]))
    return render(
        request,
        "meetings/member/member_notes.html",
        {"meeting": meeting, "agenda": agenda, "rows": rows, "marks": marks},
    )


# --- The meeting page and bilag downloads --------------------------------------------------


@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's agenda as the agenda reads, with what this viewer may see of it: the
    shared part (cached) and the user's own around it: what is new since their last visit,
    their notes; and the visit is recorded (after 'new since' was worked out)."""
    # One query: the meeting, the user's role and named items, their last visit and notes.
    if (found := access.meeting_and_viewer(request.user, meeting_id, with_visit=True)) is None:
        raise Http404
    meeting, viewer = found
    page = _meeting_page(request, meeting, viewer)
    last_seen = meeting.last_seen
    my_notes = (
        {
            note.item_id: note
            for note in PrivateNote.objects.filter(user=request.user, item_id__in=page.item_ids)
        }
        if meeting.has_notes  # most members have none: no query then
        else {}
    )
    # The user's own questions not shared (the shared ones are in the cached part).
    mine = my_questions(request.user, page.item_ids) if meeting.has_questions else {}
    # A copy fetched for offline reading (issue 16) is not a visit: "new since" stays. A
    # visit with nothing new since the recorded one would change nothing that is counted from
    # it (here or on the overview): no write then.
    news = last_seen is None or (
        page.last_public_change is not None and page.last_public_change > last_seen
    )
    if news and "X-DAP-Offline" not in request.headers:
        notes.visit_record(user=request.user, meeting=meeting)
    new_since_visit = page.new_since(last_seen)
    # The minutes in høring: a link for those it was sent to (and the chair, the secretariat),
    # asked only of a held meeting (one query then).
    hoering = (
        MinutesHoering.objects.filter(meeting=meeting, status=HoeringStatus.OPEN).first()
        if meeting.status == MeetingStatus.HELD
        else None
    )
    return render(
        request,
        "meetings/member/meeting_detail.html",
        {
            "meeting": meeting,
            "viewer": viewer,
            "page": page,
            "hoering": hoering if access.sees_hoering(viewer, hoering) and hoering else None,
            # Each item of the shared page with the user's own note and questions on it.
            "blocks": [
                (block, my_notes.get(block.pk), mine.get(block.pk)) for block in page.blocks
            ],
            "last_seen": last_seen,
            "new_since_visit": new_since_visit,
            "last_visit": pagecache.micros(last_seen) if new_since_visit else None,
        },
    )


@require_GET
def bilag_download(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """A bilag's file, for a viewer who may see it; anything else answers 404."""
    bilag, meeting, viewer = _visible_bilag(request, bilag_id)
    if not bilag.has_file:
        raise Http404
    # Its number as the (cached) meeting page of this access level shows it.
    page = _meeting_page(request, meeting, viewer)
    number = next((entry.number for entry in page.bilag if entry.pk == bilag.pk), None)
    return stored_file_response(
        bilag.file.name,
        filename=bilag_filename(bilag, number or bilag_number(bilag)),
        content_type=bilag.content_type or "application/octet-stream",
        storage=bilag.file.storage,
    )
