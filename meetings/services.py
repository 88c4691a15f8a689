"""Writes of the meetings app: keyword-only, typed, atomic, validated and audited."""

import datetime as dt
import hashlib
import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Case, F, Max, QuerySet, Value, When
from django.utils import timezone

from dap_portal import danish
from projects.models import Project

from . import files, reminders
from .access import Viewer
from .agenda import schedule_line
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AuditEntry,
    Bilag,
    BilagVersion,
    Committee,
    DecisionOutcome,
    ItemEmbed,
    ItemSection,
    Meeting,
    MeetingPack,
    MeetingStatus,
    PackStatus,
    Presenter,
    StandardHeading,
    StandingItem,
    StandingItemTemplate,
)
from .portfolio import item_numbers
from .portfolio_embeds import freeze_meeting
from .proposals import proposal_follow_decision
from .sanitize import html_to_text, sanitize_html


def record_audit(
    *,
    meeting: Meeting | None,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    summary: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    item: AgendaItem | None = None,
) -> AuditEntry:
    """Record one entry of a meeting's history: who did what, to which object (and item)."""
    return AuditEntry.objects.create(
        meeting=meeting,
        item=item,
        # An anonymous or unsaved user is no one to name in the history.
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=target._meta.model_name if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        # Titles can be long; the summary is a line in the history, the changes hold the rest.
        summary=summary if len(summary) <= 500 else summary[:499] + "…",
        changes=changes or {},
    )


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor: AbstractBaseUser | AnonymousUser | None) -> Meeting:
    """Send out a draft meeting's agenda: it becomes visible to the committee's members."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(
            f"Kun en kladde kan udsendes; mødet har status {meeting.get_status_display()}."
        )
    meeting.status = MeetingStatus.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.full_clean()
    meeting.save(update_fields=["status", "published_at", "updated_at"])
    # Members keep reading the figures they were sent (house rule 3).
    freeze_meeting(meeting=meeting, now=meeting.published_at)
    record_audit(
        meeting=meeting,
        actor=actor,
        action="meeting_published",
        summary="Dagsorden udsendt",
        target=meeting,
        changes={"status": [MeetingStatus.DRAFT, MeetingStatus.PUBLISHED]},
    )
    reminders.schedule_for_meeting(meeting)
    return meeting


@transaction.atomic
def bilag_store_rendition(*, bilag: Bilag, content: bytes) -> Bilag:
    """Keep the PDF made of an Office bilag, so it is converted once, not on every view."""
    bilag = Bilag.objects.select_for_update().get(pk=bilag.pk)
    old = bilag.pdf_rendition.name if bilag.pdf_rendition else ""
    bilag.pdf_rendition.save(f"{bilag.pk}.pdf", ContentFile(content), save=False)
    bilag.rendition_error = ""
    bilag.text = _searchable_text(content)
    bilag.save(update_fields=["pdf_rendition", "rendition_error", "text"])
    if old:
        transaction.on_commit(lambda: bilag.pdf_rendition.storage.delete(old))
    return bilag


@transaction.atomic
def bilag_record_rendition_error(*, bilag: Bilag, reason: str) -> None:
    """Remember why an Office bilag could not be converted (shown instead of a preview)."""
    Bilag.objects.filter(pk=bilag.pk).update(rendition_error=reason[:300])


# --- The secretariat's editor: meetings, items, sections, bilag, decisions, attendance ------
#
# Every write below locks the row it changes (and the meeting where positions move), checks
# the meeting's status, validates with full_clean, and records who did what in the history.

type Actor = AbstractBaseUser | AnonymousUser | None

# Unique (parent, position) constraints are not deferrable: moving rows first shifts them out
# of the way, then gives them their final positions, inside one transaction.
_POSITION_SHIFT = 10000

DEFAULT_STANDING_ITEMS: tuple[tuple[str, str, int, str], ...] = (
    ("Meddelelser", "", 5, ""),
    ("Eventuelt og næste møde", "", 5, StandingItem.NEXT_MEETING),
)
ONE_CLICK_OUTCOMES = frozenset({DecisionOutcome.NOTED, DecisionOutcome.APPROVED})
OFFICE_CONTENT_TYPES = frozenset(
    kind.content_type for kind in (files.DOCX, files.XLSX, files.PPTX, files.OLE_OFFICE)
)


class ConflictError(Exception):
    """A save named a version of an item or section that is no longer the stored one.

    Carries the stored object, so the editor can show it next to the user's unsaved text.
    """

    def __init__(self, current: AgendaItem | ItemSection) -> None:
        self.current = current
        self.changed_by = current.updated_by
        self.changed_at = current.updated_at
        super().__init__(f"{current._meta.verbose_name} er ændret af en anden")


class OrderConflictError(ValidationError):
    """A new order that does not name exactly the rows there are (someone else changed them)."""


@dataclass(frozen=True)
class PresenterData:
    name: str
    organisation: str = ""
    role: str = ""

    def __str__(self) -> str:
        label = f"{self.name} ({self.organisation})" if self.organisation else self.name
        return f"{label}, {self.role}" if self.role else label


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the size and content checks."""

    data: bytes
    kind: files.FileKind
    name: str


# --- Helpers -----------------------------------------------------------------------------------


def _user(actor: Actor) -> AbstractBaseUser | None:
    return actor if actor is not None and actor.is_authenticated else None


def _locked_meeting(meeting: Meeting | int) -> Meeting:
    pk = meeting if isinstance(meeting, int) else meeting.pk
    return Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=pk)


def _touch(meeting: Meeting | int) -> None:
    """Count an agenda change on the meeting (its version names what a cache saw)."""
    pk = meeting if isinstance(meeting, int) else meeting.pk
    Meeting.objects.filter(pk=pk).update(version=F("version") + 1, updated_at=timezone.now())


def ensure_agenda_editable(meeting: Meeting) -> None:
    """Refuse agenda changes once the minutes are approved or the meeting is cancelled."""
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            "Referatet er godkendt, så dagsordenen er låst. Genåbn referatet for at ændre den."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("Mødet er aflyst, så dagsordenen kan ikke ændres.")


def ensure_minutes_open(meeting: Meeting) -> None:
    """Decisions and attendance are recorded from publication until the minutes are approved."""
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            "Referatet er godkendt, og beslutningerne er låst. Genåbn referatet for at ændre dem."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("Mødet er aflyst.")
    if meeting.status == MeetingStatus.DRAFT:
        raise ValidationError(
            "Dagsordenen er ikke udsendt endnu. Beslutninger og fremmøde registreres, "
            "når dagsordenen er udsendt."
        )


def _set_order(queryset: QuerySet, ids: Sequence[int]) -> None:
    """Give the rows named by ids (all rows of one parent) positions 1..n in that order."""
    if not ids:
        return
    rows = queryset.filter(pk__in=ids)
    rows.update(position=F("position") + _POSITION_SHIFT)
    rows.update(
        position=Case(
            *[When(pk=pk, then=Value(number)) for number, pk in enumerate(ids, start=1)],
            output_field=models.PositiveIntegerField(),
        )
    )


def _next_position(queryset: QuerySet) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _moved(before: Sequence[int], after: Sequence[int]) -> list[int]:
    """The rows that moved: those outside a longest run that kept its relative order."""
    index = {pk: number for number, pk in enumerate(before)}
    sequence = [index[pk] for pk in after]
    # Longest increasing subsequence (patience sorting), keeping the chain to rebuild it.
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(sequence)
    for at, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        previous[at] = tail_at[low - 1] if low else -1
        if low == len(tails):
            tails.append(value)
            tail_at.append(at)
        else:
            tails[low] = value
            tail_at[low] = at
    kept: set[int] = set()
    at = tail_at[-1] if tail_at else -1
    while at != -1:
        kept.add(after[at])
        at = previous[at]
    return [pk for pk in after if pk not in kept]


def _check_order(current: Sequence[int], order: Sequence[int], what: str) -> None:
    if len(order) != len(set(order)) or set(order) != set(current):
        raise OrderConflictError(
            f"{what} er ændret af en anden, mens du flyttede. Genindlæs siden, og flyt igen."
        )


def _clock(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [before, after] for what changed (for a new object: what it was given)."""
    return {
        key: [old.get(key), value]
        for key, value in new.items()
        if old.get(key) != value and (key in old or value not in ("", [], False, None))
    }


_TRAILING_EMPTY_PARAGRAPHS = re.compile(r"(?:\s*<p>\s*(?:<br>)?\s*</p>)+\s*$")


def _clean_html(html: str) -> str:
    """The one sanitizer, and nothing at all for an editor's empty paragraph."""
    cleaned = sanitize_html(html)
    if not html_to_text(cleaned).strip() and "<table" not in cleaned:
        return ""
    # The editor's last, empty line is not part of the text.
    return _TRAILING_EMPTY_PARAGRAPHS.sub("", cleaned)


# --- Meetings --------------------------------------------------------------------------------


@transaction.atomic
def standing_items_ensure(*, committee: Committee) -> list[StandingItemTemplate]:
    """The committee's standing items, with the defaults created for one that has none."""
    templates = list(committee.standing_items.order_by("position"))
    if templates:
        return templates
    for position, (title, kind, minutes, standing) in enumerate(DEFAULT_STANDING_ITEMS, 1):
        template = StandingItemTemplate(
            committee=committee,
            position=position,
            title=title,
            kind=kind,
            duration_minutes=minutes,
            standing=standing,
        )
        template.full_clean()
        template.save()
        templates.append(template)
    return templates


def default_meeting_title(committee: Committee) -> str:
    """`Styregruppemøde for Digital Almen Praksis`."""
    return f"Styregruppemøde for {committee.subject}"


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    actor: Actor,
    date: dt.date,
    title: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
) -> Meeting:
    """A new draft meeting that starts with the committee's standing items."""
    meeting = Meeting(
        committee=committee,
        title=title.strip() or default_meeting_title(committee),
        date=date,
        start_time=start_time,
        end_time=end_time,
        location=location.strip(),
        status=MeetingStatus.DRAFT,
    )
    meeting.full_clean()
    meeting.save()
    user = _user(actor)
    now = timezone.now()
    for position, template in enumerate(standing_items_ensure(committee=committee), start=1):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=template.title,
            kind=template.kind,
            duration_minutes=template.duration_minutes,
            standing=template.standing,
            updated_at=now,
            updated_by=user,
        )
        item.full_clean()
        item.save()
    record_audit(
        meeting=meeting,
        actor=actor,
        action="meeting_created",
        summary=f"Mødet oprettet: {meeting.title} {danish.date_long(meeting.date)}",
        target=meeting,
        changes={"date": [None, _iso(meeting.date)]},
    )
    reminders.schedule_for_meeting(meeting)
    return meeting


_SCHEDULE_FIELDS = ("date", "start_time", "end_time", "location")
_DETAIL_FIELDS = ("title", "next_date", "next_start_time", "next_end_time", "next_location")
_FIELD_LABELS = {
    "title": "titel",
    "date": "dato",
    "start_time": "starttid",
    "end_time": "sluttid",
    "location": "sted",
    "next_date": "næste mødes dato",
    "next_start_time": "næste mødes starttid",
    "next_end_time": "næste mødes sluttid",
    "next_location": "næste mødes sted",
    "kind": "type",
    "duration_minutes": "varighed",
    "confidential": "lukket punkt",
    "presenters": "oplægsholdere",
    "projects": "projekter",
    "heading": "overskrift",
    "part": "delpunkt",
    "html": "tekst",
}


def field_label(name: str) -> str:
    """The Danish word for a changed field in the history."""
    return _FIELD_LABELS.get(name, name)


def in_field_order(names: Any) -> list[str]:
    """Changed fields in the order of the forms (PostgreSQL's jsonb does not keep key order)."""
    order = {name: index for index, name in enumerate(_FIELD_LABELS)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def _meeting_values(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "date": _iso(meeting.date),
        "start_time": _clock(meeting.start_time),
        "end_time": _clock(meeting.end_time),
        "location": meeting.location,
        "next_date": _iso(meeting.next_date),
        "next_start_time": _clock(meeting.next_start_time),
        "next_end_time": _clock(meeting.next_end_time),
        "next_location": meeting.next_location,
    }


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: Actor,
    title: str,
    date: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    location: str,
    next_date: dt.date | None = None,
    next_start_time: dt.time | None = None,
    next_end_time: dt.time | None = None,
    next_location: str = "",
) -> Meeting:
    """Change a meeting's details; a new date, time or place is recorded as a reschedule."""
    meeting = _locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    before = _meeting_values(meeting)
    meeting.title = title.strip() or default_meeting_title(meeting.committee)
    meeting.date = date
    meeting.start_time = start_time
    meeting.end_time = end_time
    meeting.location = location.strip()
    meeting.next_date = next_date
    meeting.next_start_time = next_start_time
    meeting.next_end_time = next_end_time
    meeting.next_location = next_location.strip()
    changes = _diff(before, _meeting_values(meeting))
    if not changes:
        return meeting
    rescheduled = {key: value for key, value in changes.items() if key in _SCHEDULE_FIELDS}
    if rescheduled and meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
        raise ValidationError(
            "Et møde, der er afholdt, kan ikke flyttes. Dato, tid og sted er ikke ændret."
        )
    if rescheduled or "title" in changes:
        # Calendars that hold the event replace it only when its SEQUENCE goes up.
        meeting.calendar_sequence += 1
    meeting.full_clean()
    meeting.save()
    _touch(meeting)
    if rescheduled:
        record_audit(
            meeting=meeting,
            actor=actor,
            action="meeting_rescheduled",
            summary=f"Mødet flyttet: {schedule_line(meeting)}",
            target=meeting,
            changes=rescheduled,
        )
        reminders.schedule_for_meeting(meeting)
    details = {key: value for key, value in changes.items() if key not in _SCHEDULE_FIELDS}
    if details:
        record_audit(
            meeting=meeting,
            actor=actor,
            action="meeting_updated",
            summary="Mødets oplysninger ændret: " + ", ".join(map(field_label, details)),
            target=meeting,
            changes=details,
        )
    return meeting


def _set_status(
    meeting: Meeting,
    *,
    actor: Actor,
    allowed_from: Sequence[str],
    to: str,
    action: str,
    summary: str,
    refusal: str,
    extra: dict[str, Any] | None = None,
) -> Meeting:
    meeting = _locked_meeting(meeting)
    if meeting.status not in allowed_from:
        raise ValidationError(f"{refusal} Mødet har status »{meeting.get_status_display()}«.")
    old = meeting.status
    meeting.status = to
    meeting.full_clean()
    meeting.save(update_fields=["status", "updated_at"])
    record_audit(
        meeting=meeting,
        actor=actor,
        action=action,
        summary=summary,
        target=meeting,
        changes={"status": [old, to], **(extra or {})},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: Actor, reason: str = "") -> Meeting:
    """Cancel a meeting that has not been held; members see it as 'Aflyst'."""
    reason = reason.strip()
    meeting = _set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.DRAFT, MeetingStatus.PUBLISHED),
        to=MeetingStatus.CANCELLED,
        action="meeting_cancelled",
        summary="Mødet aflyst" + (f": {reason}" if reason else ""),
        refusal="Kun et møde, der ikke er afholdt, kan aflyses.",
        extra={"reason": [None, reason]} if reason else None,
    )
    # Calendars learn of the cancellation through a higher SEQUENCE.
    Meeting.objects.filter(pk=meeting.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    meeting.refresh_from_db(fields=["calendar_sequence"])
    reminders.cancel_for_meeting(meeting)
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: Actor) -> Meeting:
    """The meeting took place; the minutes can now be completed and approved."""
    return _set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.PUBLISHED,),
        to=MeetingStatus.HELD,
        action="meeting_held",
        summary="Mødet markeret som afholdt",
        refusal="Kun et udsendt møde kan markeres som afholdt.",
    )


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor: Actor) -> Meeting:
    """Approve the minutes: decisions and the agenda are locked from now on."""
    return _set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.HELD,),
        to=MeetingStatus.MINUTES_APPROVED,
        action="minutes_approved",
        summary="Referatet godkendt",
        refusal="Referatet kan godkendes, når mødet er markeret som afholdt.",
    )


@transaction.atomic
def minutes_reopen(*, meeting: Meeting, actor: Actor, reason: str) -> Meeting:
    """Open approved minutes for changes again; the reason is kept in the history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Skriv, hvorfor referatet genåbnes.")
    return _set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.MINUTES_APPROVED,),
        to=MeetingStatus.HELD,
        action="minutes_reopened",
        summary=f"Referatet genåbnet: {reason}",
        refusal="Kun et godkendt referat kan genåbnes.",
        extra={"reason": [None, reason]},
    )


# --- Items -------------------------------------------------------------------------------------


def _item_values(item: AgendaItem, presenters: Sequence[Any], projects: Sequence[Any]) -> dict:
    return {
        "title": item.title,
        "kind": item.kind,
        "duration_minutes": item.duration_minutes,
        "confidential": item.confidential,
        "presenters": [str(presenter) for presenter in presenters],
        "projects": sorted(project.name for project in projects),
    }


def _presenter_data(presenter: Presenter) -> PresenterData:
    return PresenterData(presenter.name, presenter.organisation, presenter.role)


def _write_presenters(item: AgendaItem, presenters: Sequence[PresenterData]) -> None:
    item.presenters.all().delete()
    for position, data in enumerate(presenters, start=1):
        presenter = Presenter(
            item=item,
            position=position,
            name=data.name.strip(),
            organisation=data.organisation.strip(),
            role=data.role.strip(),
        )
        presenter.full_clean()
        presenter.save()


def _item_order_with_new(meeting: Meeting, new_ids: Sequence[int]) -> list[int]:
    """The meeting's item order with new items before 'Eventuelt og næste møde' at the end."""
    rows = list(
        meeting.items.exclude(pk__in=new_ids).order_by("position").values_list("pk", "standing")
    )
    ids = [pk for pk, _ in rows]
    if rows and rows[-1][1] == StandingItem.NEXT_MEETING:
        return [*ids[:-1], *new_ids, ids[-1]]
    return [*ids, *new_ids]


@transaction.atomic
def agenda_item_create(
    *,
    meeting: Meeting,
    actor: Actor,
    title: str,
    kind: str = "",
    duration_minutes: int = 0,
    confidential: bool = False,
    presenters: Sequence[PresenterData] = (),
    projects: Sequence[Project] = (),
) -> AgendaItem:
    """Add an item; it goes before the closing 'Eventuelt og næste møde' when there is one."""
    meeting = _locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting.items.all()),
        title=title.strip(),
        kind=kind,
        duration_minutes=duration_minutes,
        confidential=confidential,
        updated_at=timezone.now(),
        updated_by=_user(actor),
    )
    item.full_clean()
    item.save()
    _write_presenters(item, presenters)
    item.projects.set(projects)
    _set_order(AgendaItem.objects.filter(meeting=meeting), _item_order_with_new(meeting, [item.pk]))
    item.refresh_from_db(fields=["position"])
    _touch(meeting)
    record_audit(
        meeting=meeting,
        actor=actor,
        action="item_created",
        summary=f"Punkt tilføjet: {item.title}",
        target=item,
        item=item,
        changes=_diff({}, _item_values(item, presenters, projects)),
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    actor: Actor,
    version: int,
    title: str,
    kind: str,
    duration_minutes: int,
    confidential: bool,
    presenters: Sequence[PresenterData] = (),
    projects: Sequence[Project] = (),
) -> AgendaItem:
    """Save an item's title, kind, minutes, presenters, projects and confidential flag.

    Refused with ConflictError when someone else saved the item since `version` was read.
    """
    current = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__committee", "updated_by")
        .get(pk=item.pk)
    )
    ensure_agenda_editable(current.meeting)
    if current.version != version:
        raise ConflictError(current)
    old_presenters = [_presenter_data(p) for p in current.presenters.order_by("position")]
    before = _item_values(current, old_presenters, list(current.projects.all()))
    current.title = title.strip()
    current.kind = kind
    current.duration_minutes = duration_minutes
    current.confidential = confidential
    changes = _diff(before, _item_values(current, presenters, projects))
    if not changes:
        return current
    current.version += 1
    current.updated_at = timezone.now()
    current.updated_by = _user(actor)
    current.full_clean()
    current.save()
    if "presenters" in changes:
        _write_presenters(current, presenters)
    if "projects" in changes:
        current.projects.set(projects)
    _touch(current.meeting_id)
    record_audit(
        meeting=current.meeting,
        actor=actor,
        action="item_updated",
        summary=f"Punkt ændret: {current.title} ({', '.join(map(field_label, changes))})",
        target=current,
        item=current,
        changes=changes,
    )
    return current


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: Actor) -> None:
    """Remove an item with its sections and bilag (their files stay in storage)."""
    meeting = _locked_meeting(item.meeting_id)
    ensure_agenda_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    number = meeting.items.filter(position__lte=item.position).count()
    title = item.title
    bilag = list(item.bilag.values_list("title", flat=True))
    item.delete()
    _touch(meeting)
    record_audit(
        meeting=meeting,
        actor=actor,
        action="item_deleted",
        summary=f"Punkt slettet: {number}. {title}",
        changes={"title": [title, None], "number": [number, None], "bilag": [bilag, None]},
    )


def _reorder_items(meeting: Meeting, actor: Actor, order: Sequence[int], moved: list[int]) -> None:
    rows = list(meeting.items.order_by("position").values_list("pk", "title"))
    before = [pk for pk, _ in rows]
    _check_order(before, order, "Dagsordenen")
    if list(order) == before:
        return
    _set_order(AgendaItem.objects.filter(meeting=meeting), order)
    _touch(meeting)
    titles = dict(rows)
    for pk in moved or _moved(before, order):
        old, new = before.index(pk) + 1, list(order).index(pk) + 1
        record_audit(
            meeting=meeting,
            actor=actor,
            action="item_moved",
            summary=f"Punkt flyttet: {titles[pk]} fra nr. {old} til nr. {new}",
            target=AgendaItem(pk=pk),
            item=AgendaItem(pk=pk),
            changes={"number": [old, new]},
        )


@transaction.atomic
def agenda_items_reorder(*, meeting: Meeting, actor: Actor, order: Sequence[int]) -> None:
    """Put the meeting's items in this order (all item ids, first to last)."""
    meeting = _locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    _reorder_items(meeting, actor, order, moved=[])


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor: Actor, offset: int) -> None:
    """Move an item up (-1) or down (+1); the keyboard's way of dragging."""
    meeting = _locked_meeting(item.meeting_id)
    ensure_agenda_editable(meeting)
    order = list(meeting.items.order_by("position").values_list("pk", flat=True))
    at = order.index(item.pk)
    to = max(0, min(len(order) - 1, at + offset))
    if to == at:
        return
    order.insert(to, order.pop(at))
    _reorder_items(meeting, actor, order, moved=[item.pk])


# --- Sections ---------------------------------------------------------------------------------


_STANDARD_ORDER = {heading: rank for rank, heading in enumerate(StandardHeading.values)}


def _section_slot(sections: Sequence[ItemSection], heading: str, part: str) -> int:
    """Where a new section goes: standard headings in their order within their sub-part."""
    rank = _STANDARD_ORDER.get(heading)
    same_part = [index for index, section in enumerate(sections) if section.part == part]
    if rank is not None:
        for index in same_part:
            later = _STANDARD_ORDER.get(sections[index].heading)
            if later is not None and later > rank:
                return index
    if same_part:
        return same_part[-1] + 1
    return len(sections)


def _locked_item(item: AgendaItem | int) -> AgendaItem:
    pk = item if isinstance(item, int) else item.pk
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__committee")
        .get(pk=pk)
    )


@transaction.atomic
def section_create(
    *, item: AgendaItem, actor: Actor, heading: str, html: str, part: str = ""
) -> ItemSection:
    """Add a section to an item; a standard heading takes its place in the standard order."""
    item = _locked_item(item)
    ensure_agenda_editable(item.meeting)
    existing = list(item.sections.order_by("position"))
    section = ItemSection(
        item=item,
        position=_next_position(item.sections.all()),
        heading=heading.strip(),
        part=part.strip(),
        html=_clean_html(html),
        updated_at=timezone.now(),
        updated_by=_user(actor),
    )
    section.full_clean()
    section.save()
    order = [s.pk for s in existing]
    order.insert(_section_slot(existing, section.heading, section.part), section.pk)
    _set_order(ItemSection.objects.filter(item=item), order)
    section.refresh_from_db(fields=["position"])
    _touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action="section_created",
        summary=f"Afsnit tilføjet i »{item.title}«: {section.heading or 'uden overskrift'}",
        target=section,
        item=item,
        changes=_diff({}, {"heading": section.heading, "part": section.part, "html": section.html}),
    )
    return section


@transaction.atomic
def section_update(
    *,
    section: ItemSection,
    actor: Actor,
    version: int,
    heading: str,
    html: str,
    part: str = "",
) -> ItemSection:
    """Save a section's heading, sub-part and text; ConflictError when `version` is stale."""
    current = (
        ItemSection.objects.select_for_update(of=("self",))
        .select_related("item__meeting", "updated_by")
        .get(pk=section.pk)
    )
    ensure_agenda_editable(current.item.meeting)
    if current.version != version:
        raise ConflictError(current)
    before = {"heading": current.heading, "part": current.part, "html": current.html}
    current.heading = heading.strip()
    current.part = part.strip()
    current.html = _clean_html(html)
    changes = _diff(
        before, {"heading": current.heading, "part": current.part, "html": current.html}
    )
    if not changes:
        return current
    current.version += 1
    current.updated_at = timezone.now()
    current.updated_by = _user(actor)
    current.full_clean()
    current.save()
    _touch(current.item.meeting_id)
    record_audit(
        meeting=current.item.meeting,
        actor=actor,
        action="section_updated",
        summary=(
            f"Afsnit ændret i »{current.item.title}«: {current.heading or 'uden overskrift'} "
            f"({', '.join(map(field_label, changes))})"
        ),
        target=current,
        item=current.item,
        changes=changes,
    )
    return current


@transaction.atomic
def section_delete(*, section: ItemSection, actor: Actor) -> None:
    """Remove a section; its text stays readable in the history."""
    item = _locked_item(section.item_id)
    ensure_agenda_editable(item.meeting)
    section = ItemSection.objects.get(pk=section.pk, item=item)
    before = {"heading": section.heading, "part": section.part, "html": section.html}
    section.delete()
    _touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action="section_deleted",
        summary=f"Afsnit slettet i »{item.title}«: {before['heading'] or 'uden overskrift'}",
        item=item,
        changes={key: [value, None] for key, value in before.items()},
    )


@transaction.atomic
def section_move(*, section: ItemSection, actor: Actor, offset: int) -> None:
    """Move a section up (-1) or down (+1) within its item."""
    item = _locked_item(section.item_id)
    ensure_agenda_editable(item.meeting)
    order = list(item.sections.order_by("position").values_list("pk", flat=True))
    at = order.index(section.pk)
    to = max(0, min(len(order) - 1, at + offset))
    if to == at:
        return
    order.insert(to, order.pop(at))
    _set_order(ItemSection.objects.filter(item=item), order)
    _touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action="section_moved",
        summary=f"Afsnit flyttet i »{item.title}«: {section.heading or 'uden overskrift'}",
        target=section,
        item=item,
        changes={"position": [at + 1, to + 1]},
    )


# --- Bilag ------------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    """`50 MB`, `51,2 MB`."""
    value = round(size / (1024 * 1024), 1)
    if value == int(value):
        return f"{int(value)} MB"
    return f"{value:.1f} MB".replace(".", ",")


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Read an upload (never more than the limit) and decide by its content what it is."""
    limit = settings.DAP_BILAG_MAX_BYTES
    too_large = (
        f"Filen er for stor: {{size}}. Den største tilladte størrelse er {megabytes(limit)}."
    )
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_large.format(size=megabytes(upload.size)))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_large.format(size=megabytes(max(upload.size or 0, len(data)))))
    if not data:
        raise ValidationError("Filen er tom. Vælg en anden fil.")
    kind = files.sniff_bytes(data)
    if kind is None:
        raise ValidationError(
            "Filen er ikke en PDF, Word-, Excel- eller PowerPoint-fil eller et billede "
            f"(indholdet er {files.describe(data)}). Vælg en anden fil."
        )
    name = PurePath(upload.name or "").name.replace("\\", "/").rsplit("/", 1)[-1]
    return CheckedFile(data=data, kind=kind, name=name[:255])


def _title_from_filename(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(stem.replace("_", " ").split())[:300] or "Bilag"


def _store_file(bilag: Bilag, checked: CheckedFile, actor: Actor) -> None:
    # The stored name's suffix follows the content, never the name the uploader gave it.
    bilag.file.save(f"bilag.{checked.kind.extension}", ContentFile(checked.data), save=False)
    bilag.original_filename = checked.name
    bilag.content_type = checked.kind.content_type
    bilag.size = len(checked.data)
    bilag.sha256 = hashlib.sha256(checked.data).hexdigest()
    bilag.uploaded_at = timezone.now()
    bilag.uploaded_by = _user(actor)
    bilag.pdf_rendition = ""
    bilag.rendition_error = ""
    # The words inside a PDF, for search (bounded; Office files get theirs from the rendition).
    bilag.text = _searchable_text(checked.data) if checked.kind == files.PDF else ""


def _searchable_text(data: bytes) -> str:
    from .search import extract_pdf_text

    return extract_pdf_text(data)


def _queue_conversion(bilag: Bilag) -> None:
    """Office files get a PDF copy for the meeting pack, made by a background task."""
    if bilag.content_type not in OFFICE_CONTENT_TYPES:
        return
    try:
        tasks = importlib.import_module("meetings.tasks")
    except ImportError:
        return
    convert = getattr(tasks, "convert_bilag_to_pdf", None)
    if convert is not None:
        bilag_id = bilag.pk
        transaction.on_commit(lambda: convert.delay(bilag_id))


def _locked_bilag(bilag: Bilag | int) -> Bilag:
    pk = bilag if isinstance(bilag, int) else bilag.pk
    return Bilag.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=pk)


@transaction.atomic
def bilag_upload(
    *,
    item: AgendaItem,
    actor: Actor,
    upload: UploadedFile,
    title: str = "",
    confidential: bool = False,
) -> Bilag:
    """Attach a file to an item as its next bilag, after checking its size and content."""
    checked = check_upload(upload)
    item = _locked_item(item)
    ensure_agenda_editable(item.meeting)
    bilag = Bilag(
        item=item,
        position=_next_position(item.bilag.all()),
        title=title.strip() or _title_from_filename(checked.name),
        confidential=confidential,
    )
    _store_file(bilag, checked, actor)
    bilag.full_clean()
    bilag.save()
    _touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action="bilag_uploaded",
        summary=f"Bilag tilføjet til »{item.title}«: {bilag.title} ({checked.kind.label})",
        target=bilag,
        item=item,
        changes={
            "title": [None, bilag.title],
            "file": [None, checked.name],
            "confidential": [None, bilag.confidential],
        },
    )
    _queue_conversion(bilag)
    return bilag


@transaction.atomic
def bilag_replace(*, bilag: Bilag, actor: Actor, upload: UploadedFile) -> Bilag:
    """Give a bilag a new file; the earlier file is kept as a version of it."""
    checked = check_upload(upload)
    bilag = _locked_bilag(bilag)
    ensure_agenda_editable(bilag.item.meeting)
    old_name = bilag.original_filename
    if bilag.file:
        BilagVersion.objects.create(
            bilag=bilag,
            number=bilag.version,
            file=bilag.file.name,
            original_filename=bilag.original_filename,
            content_type=bilag.content_type,
            size=bilag.size,
            sha256=bilag.sha256,
            uploaded_at=bilag.uploaded_at,
            uploaded_by=bilag.uploaded_by,
        )
    old_version = bilag.version
    _store_file(bilag, checked, actor)
    bilag.version = old_version + 1
    bilag.full_clean()
    bilag.save()
    _touch(bilag.item.meeting_id)
    record_audit(
        meeting=bilag.item.meeting,
        actor=actor,
        action="bilag_replaced",
        summary=f"Ny udgave af bilag i »{bilag.item.title}«: {bilag.title}",
        target=bilag,
        item=bilag.item,
        changes={
            "title": [bilag.title, bilag.title],
            "file": [old_name, checked.name],
            "version": [old_version, bilag.version],
            "confidential": [bilag.confidential, bilag.confidential],
        },
    )
    _queue_conversion(bilag)
    return bilag


@transaction.atomic
def bilag_rename(*, bilag: Bilag, actor: Actor, title: str, confidential: bool) -> Bilag:
    """Change a bilag's title (and whether it is confidential)."""
    bilag = _locked_bilag(bilag)
    ensure_agenda_editable(bilag.item.meeting)
    before = {"title": bilag.title, "confidential": bilag.confidential}
    bilag.title = title.strip()
    bilag.confidential = confidential
    changes = _diff(before, {"title": bilag.title, "confidential": bilag.confidential})
    if not changes:
        return bilag
    bilag.full_clean()
    bilag.save(update_fields=["title", "confidential"])
    _touch(bilag.item.meeting_id)
    record_audit(
        meeting=bilag.item.meeting,
        actor=actor,
        action="bilag_renamed",
        summary=f"Bilag omdøbt i »{bilag.item.title}«: {before['title']} → {bilag.title}"
        if "title" in changes
        else f"Bilag ændret i »{bilag.item.title}«: {bilag.title}",
        target=bilag,
        item=bilag.item,
        changes={"title": [before["title"], bilag.title], **changes},
    )
    return bilag


@transaction.atomic
def bilag_delete(*, bilag: Bilag, actor: Actor) -> None:
    """Remove a bilag from its item (its files stay in storage, named in the history)."""
    bilag = _locked_bilag(bilag)
    item = bilag.item
    ensure_agenda_editable(item.meeting)
    title, confidential, name = bilag.title, bilag.confidential, bilag.original_filename
    bilag.delete()
    _touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action="bilag_deleted",
        summary=f"Bilag slettet fra »{item.title}«: {title}",
        item=item,
        changes={
            "title": [title, None],
            "file": [name, None],
            "confidential": [confidential, None],
        },
    )


def _reorder_bilag(item: AgendaItem, actor: Actor, order: Sequence[int]) -> None:
    rows = list(item.bilag.order_by("position").values_list("pk", "title"))
    before = [pk for pk, _ in rows]
    _check_order(before, order, "Bilagene")
    if list(order) == before:
        return
    _set_order(Bilag.objects.filter(item=item), order)
    _touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action="bilag_moved",
        summary=f"Bilagenes rækkefølge ændret i »{item.title}«",
        target=item,
        item=item,
        changes={"order": [[dict(rows)[pk] for pk in before], [dict(rows)[pk] for pk in order]]},
    )


@transaction.atomic
def bilag_reorder(*, item: AgendaItem, actor: Actor, order: Sequence[int]) -> None:
    """Put an item's bilag in this order (all its bilag ids); their numbers follow."""
    item = _locked_item(item)
    ensure_agenda_editable(item.meeting)
    _reorder_bilag(item, actor, order)


@transaction.atomic
def bilag_move(*, bilag: Bilag, actor: Actor, offset: int) -> None:
    """Move a bilag up (-1) or down (+1) within its item."""
    item = _locked_item(bilag.item_id)
    ensure_agenda_editable(item.meeting)
    order = list(item.bilag.order_by("position").values_list("pk", flat=True))
    at = order.index(bilag.pk)
    to = max(0, min(len(order) - 1, at + offset))
    if to != at:
        order.insert(to, order.pop(at))
        _reorder_bilag(item, actor, order)


# --- Copy from an earlier meeting ------------------------------------------------------------


@transaction.atomic
def meeting_copy_items(
    *,
    meeting: Meeting,
    actor: Actor,
    items: Sequence[AgendaItem],
    include_bilag: bool = False,
) -> list[AgendaItem]:
    """Copy chosen items of an earlier meeting: text, presenters, projects; never decisions.

    Bilag come along (as new copies of their files) only when asked for.
    """
    meeting = _locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    user = _user(actor)
    now = timezone.now()
    sources = (
        AgendaItem.objects.filter(pk__in=[item.pk for item in items])
        .select_related("meeting")
        .prefetch_related("presenters", "sections", "embeds", "bilag", "projects", "restricted_to")
        .order_by("meeting__date", "position")
    )
    created: list[AgendaItem] = []
    start = _next_position(meeting.items.all())
    for offset, source in enumerate(sources):
        copy = AgendaItem(
            meeting=meeting,
            position=start + offset,
            title=source.title,
            kind=source.kind,
            duration_minutes=source.duration_minutes,
            confidential=source.confidential,
            standing=source.standing,
            updated_at=now,
            updated_by=user,
        )
        copy.full_clean()
        copy.save()
        copy.projects.set(source.projects.all())
        copy.restricted_to.set(source.restricted_to.all())
        _write_presenters(copy, [_presenter_data(p) for p in source.presenters.all()])
        for section in source.sections.all():
            ItemSection.objects.create(
                item=copy,
                position=section.position,
                part=section.part,
                heading=section.heading,
                html=section.html,
                updated_at=now,
                updated_by=user,
            )
        for embed in source.embeds.all():
            ItemEmbed.objects.create(
                item=copy,
                position=embed.position,
                type=embed.type,
                programme_id=embed.programme_id,
                year=embed.year,
                part=embed.part,
            )
        if include_bilag:
            for bilag in source.bilag.all():
                _copy_bilag(bilag, copy, user)
        created.append(copy)
        record_audit(
            meeting=meeting,
            actor=actor,
            action="item_created",
            summary=(
                f"Punkt kopieret fra mødet {danish.date_long(source.meeting.date)}: {copy.title}"
            ),
            target=copy,
            item=copy,
            changes={"copied_from": [None, source.meeting.date.isoformat()]},
        )
    if created:
        new_ids = [item.pk for item in created]
        _set_order(
            AgendaItem.objects.filter(meeting=meeting), _item_order_with_new(meeting, new_ids)
        )
        _touch(meeting)
    return created


def _copy_bilag(bilag: Bilag, item: AgendaItem, user: AbstractBaseUser | None) -> Bilag:
    copy = Bilag(
        item=item,
        position=bilag.position,
        title=bilag.title,
        confidential=bilag.confidential,
        generated=bilag.generated,
        original_filename=bilag.original_filename,
        content_type=bilag.content_type,
        size=bilag.size,
        sha256=bilag.sha256,
        uploaded_at=bilag.uploaded_at,
        uploaded_by=bilag.uploaded_by,
    )
    if bilag.file:
        # A file of its own, so that replacing or deleting one copy leaves the other alone.
        with bilag.file.open("rb") as handle:
            extension = bilag.file.name.rsplit(".", 1)[-1]
            copy.file.save(f"bilag.{extension}", ContentFile(handle.read()), save=False)
    copy.full_clean()
    copy.save()
    return copy


# --- Decisions and attendance ----------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    actor: Actor,
    outcome: str,
    html: str = "",
    version: int | None = None,
) -> AgendaItem:
    """Record an item's decision (Beslutning): a one-click outcome, or free text.

    'Taget til efterretning' and 'Godkendt som indstillet' write their standard wording when
    no text is given. Empty outcome and text clear the decision. Locked once the minutes are
    approved; ConflictError when `version` is given and stale.
    """
    current = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__committee", "updated_by")
        .get(pk=item.pk)
    )
    ensure_minutes_open(current.meeting)
    if version is not None and current.version != version:
        raise ConflictError(current)
    if outcome and outcome not in DecisionOutcome.values:
        raise ValidationError(f"Ukendt udfald: {outcome}.")
    text = _clean_html(html)
    if not text and outcome:
        text = f"<p>{DecisionOutcome(outcome).label}</p>"
    before = {"decision_outcome": current.decision_outcome, "decision_html": current.decision_html}
    changes = _diff(before, {"decision_outcome": outcome, "decision_html": text})
    if not changes:
        return current
    now = timezone.now()
    current.decision_outcome = outcome
    current.decision_html = text
    current.decided_at = now if (outcome or text) else None
    current.decided_by = _user(actor) if (outcome or text) else None
    current.version += 1
    current.updated_at = now
    current.updated_by = _user(actor)
    current.full_clean()
    current.save()
    _touch(current.meeting_id)
    # An approved budget proposal becomes a revision of the budget, exactly once.
    number = item_numbers([current])[current.pk]
    for entry in proposal_follow_decision(item=current, actor=actor, number=number):
        record_audit(meeting=current.meeting, actor=actor, item=current, **entry)
    label = DecisionOutcome(outcome).label if outcome else html_to_text(text)[:120]
    record_audit(
        meeting=current.meeting,
        actor=actor,
        action="decision_recorded" if (outcome or text) else "decision_cleared",
        summary=(
            f"Beslutning registreret for »{current.title}«: {label}"
            if (outcome or text)
            else f"Beslutning fjernet for »{current.title}«"
        ),
        target=current,
        item=current,
        changes=changes,
    )
    return current


def _attendee_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, actor: Actor, statuses: Mapping[int, str]
) -> list[Attendance]:
    """Record who of the committee's members took part ('Deltager') or sent 'Afbud'."""
    meeting = _locked_meeting(meeting)
    ensure_minutes_open(meeting)
    members = {
        membership.user_id: membership.user
        for membership in meeting.committee.memberships.select_related("user")
    }
    unknown = set(statuses) - set(members)
    if unknown:
        raise ValidationError("Kun styregruppens medlemmer kan registreres som deltagere.")
    existing = {row.user_id: row for row in meeting.attendance.filter(user__isnull=False)}
    changes: dict[str, list[Any]] = {}
    rows: list[Attendance] = []
    for user_id, status in statuses.items():
        if status not in AttendanceStatus.values:
            raise ValidationError(f"Ukendt fremmøde: {status}.")
        user = members[user_id]
        row = existing.get(user_id) or Attendance(meeting=meeting, user=user)
        old = row.status if row.pk else None
        row.name = _attendee_name(user)
        row.status = status
        row.guest = False
        row.full_clean()
        row.save()
        rows.append(row)
        if old != status:
            changes[row.name] = [old, status]
    if changes:
        labels = dict(AttendanceStatus.choices)
        record_audit(
            meeting=meeting,
            actor=actor,
            action="attendance_recorded",
            summary="Fremmøde registreret: "
            + ", ".join(f"{name} ({labels[new]})" for name, (_, new) in changes.items()),
            target=meeting,
            changes=changes,
        )
    return rows


@transaction.atomic
def attendance_add_guest(
    *, meeting: Meeting, actor: Actor, name: str, organisation: str = ""
) -> Attendance:
    """Add a guest who took part in the meeting."""
    meeting = _locked_meeting(meeting)
    ensure_minutes_open(meeting)
    guest = Attendance(
        meeting=meeting,
        name=name.strip(),
        organisation=organisation.strip(),
        status=AttendanceStatus.PRESENT,
        guest=True,
    )
    guest.full_clean()
    guest.save()
    record_audit(
        meeting=meeting,
        actor=actor,
        action="attendance_guest_added",
        summary=f"Gæst tilføjet: {guest}",
        target=guest,
        changes={"name": [None, str(guest)]},
    )
    return guest


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: Actor) -> None:
    """Take a guest (or a member's registration) off the attendance list."""
    meeting = _locked_meeting(attendance.meeting_id)
    ensure_minutes_open(meeting)
    attendance = Attendance.objects.get(pk=attendance.pk, meeting=meeting)
    label = str(attendance)
    attendance.delete()
    record_audit(
        meeting=meeting,
        actor=actor,
        action="attendance_removed",
        summary=f"Fjernet fra fremmødelisten: {label}",
        changes={"name": [label, None]},
    )


@transaction.atomic
def meeting_pack_request(
    *, meeting: Meeting, viewer: Viewer, actor: AbstractBaseUser | AnonymousUser
) -> MeetingPack:
    """The meeting pack for what this viewer sees, built in the background if not there yet.

    A finished pack is reused while nothing that goes into it changes; a failed one is
    queued again.
    """
    from .pack import source_hash
    from .tasks import build_meeting_pack

    level, digest = source_hash(meeting, viewer)
    pack, created = MeetingPack.objects.get_or_create(
        meeting=meeting,
        access_level=level,
        source_hash=digest,
        defaults={"requested_by": actor if actor.is_authenticated else None},
    )
    if created or pack.status == PackStatus.FAILED:
        if not created:
            pack.requested_by = actor if actor.is_authenticated else pack.requested_by
            pack.status = PackStatus.QUEUED
            pack.progress = 0
            pack.error = ""
            pack.save(update_fields=["requested_by", "status", "progress", "error"])
        transaction.on_commit(lambda: build_meeting_pack.delay(pack.pk))
    return pack
