"""Writes of an agenda's items and their sections: add, change, remove, reorder.

Items and sections carry a version: a save that names an older one raises ConflictError, so
two people editing the same text never overwrite each other unseen.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projects.models import Project

from ..audit import Actor, AuditAction, field_label, record_audit, user_of
from ..models import (
    CLOSED_ITEM_TITLE,
    AgendaItem,
    ItemSection,
    Meeting,
    Membership,
    Presenter,
    Role,
    StandardHeading,
    StandingItem,
)
from ..writes import (
    ConflictError,
    check_order,
    clean_html,
    diff,
    ensure_agenda_editable,
    ensure_projects_linkable,
    locked_item,
    locked_meeting,
    moved_rows,
    next_position,
    set_order,
    shifted,
    touch,
)


@dataclass(frozen=True)
class PresenterData:
    name: str
    organisation: str = ""
    role: str = ""

    def __str__(self) -> str:
        label = f"{self.name} ({self.organisation})" if self.organisation else self.name
        return f"{label}, {self.role}" if self.role else label


def _item_values(
    item: AgendaItem,
    presenters: Sequence[Any],
    projects: Sequence[Any],
    readers: Sequence[Any] = (),
) -> dict:
    return {
        "title": item.title,
        "kind": item.kind,
        "duration_minutes": item.duration_minutes,
        "confidential": item.confidential,
        "public_title": item.public_title,
        "restricted_to": sorted(user.get_full_name() or user.get_username() for user in readers),
        "presenters": [str(presenter) for presenter in presenters],
        "projects": sorted(project.name for project in projects),
    }


def _check_readers(item: AgendaItem, confidential: bool, readers: Sequence[Any]) -> None:
    """Only a closed item can be narrowed, and only to the committee's chair and members."""
    if not readers:
        return
    if not confidential:
        raise ValidationError(
            "Kun et lukket punkt kan begrænses til udvalgte medlemmer: sæt kryds ved "
            "»Lukket punkt«, eller fjern krydserne ved medlemmerne."
        )
    allowed = set(
        Membership.objects.filter(
            committee_id=item.meeting.committee_id, role__in=[Role.CHAIR, Role.MEMBER]
        ).values_list("user_id", flat=True)
    )
    if any(user.pk not in allowed for user in readers):
        raise ValidationError(
            "Et lukket punkt kan kun begrænses til styregruppens formand og medlemmer."
        )


def presenter_data(presenter: Presenter) -> PresenterData:
    return PresenterData(presenter.name, presenter.organisation, presenter.role)


def write_presenters(item: AgendaItem, presenters: Sequence[PresenterData]) -> None:
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


def item_order_with_new(meeting: Meeting, new_ids: Sequence[int]) -> list[int]:
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
    meeting = locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    item = AgendaItem(
        meeting=meeting,
        position=next_position(meeting.items.all()),
        title=title.strip(),
        kind=kind,
        duration_minutes=duration_minutes,
        confidential=confidential,
        updated_at=timezone.now(),
        updated_by=user_of(actor),
    )
    item.full_clean()
    ensure_projects_linkable(meeting, projects)
    item.save()
    write_presenters(item, presenters)
    item.projects.set(projects)
    set_order(AgendaItem.objects.filter(meeting=meeting), item_order_with_new(meeting, [item.pk]))
    item.refresh_from_db(fields=["position"])
    touch(meeting)
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.ITEM_CREATED,
        summary=f"Punkt tilføjet: {item.title}",
        target=item,
        item=item,
        changes=diff({}, _item_values(item, presenters, projects)),
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
    restricted_to: Sequence[Any] | None = None,
    public_title: str | None = None,
) -> AgendaItem:
    """Save an item's title, kind, minutes, presenters, projects and who may read it: a closed
    item (`confidential`) is hidden from observers; `restricted_to` narrows it to named chair
    and members (None: leave as is, empty: all of them); `public_title` is the title those
    without access see (None: leave as is, empty: 'Lukket punkt').

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
    old_presenters = [presenter_data(p) for p in current.presenters.order_by("position")]
    old_readers = list(current.restricted_to.all())
    readers = old_readers if restricted_to is None else list(restricted_to)
    if not confidential and restricted_to is None:
        readers = []  # an open item is open to all: a narrowing left behind would mislead
    _check_readers(current, confidential, readers)
    before = _item_values(current, old_presenters, list(current.projects.all()), old_readers)
    current.title = title.strip()
    current.kind = kind
    current.duration_minutes = duration_minutes
    current.confidential = confidential
    if public_title is not None:
        current.public_title = public_title.strip() or CLOSED_ITEM_TITLE
    changes = diff(before, _item_values(current, presenters, projects, readers))
    if not changes:
        return current
    current.version += 1
    current.updated_at = timezone.now()
    current.updated_by = user_of(actor)
    current.full_clean()
    current.save()
    if "presenters" in changes:
        write_presenters(current, presenters)
    if "projects" in changes:
        ensure_projects_linkable(current.meeting, projects)
        current.projects.set(projects)
    if "restricted_to" in changes:
        current.restricted_to.set(readers)
    touch(current.meeting_id)
    record_audit(
        meeting=current.meeting,
        actor=actor,
        action=AuditAction.ITEM_UPDATED,
        summary=f"Punkt ændret: {current.title} ({', '.join(map(field_label, changes))})",
        target=current,
        item=current,
        changes=changes,
    )
    return current


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: Actor) -> None:
    """Remove an item with its sections and bilag (their files stay in storage)."""
    meeting = locked_meeting(item.meeting_id)
    ensure_agenda_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    number = meeting.items.filter(position__lte=item.position).count()
    title = item.title
    bilag = list(item.bilag.values_list("title", flat=True))
    item.delete()
    touch(meeting)
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.ITEM_DELETED,
        summary=f"Punkt slettet: {number}. {title}",
        changes={"title": [title, None], "number": [number, None], "bilag": [bilag, None]},
    )


def _reorder_items(meeting: Meeting, actor: Actor, order: Sequence[int], moved: list[int]) -> None:
    rows = list(meeting.items.order_by("position").values_list("pk", "title"))
    before = [pk for pk, _ in rows]
    check_order(before, order, "Dagsordenen")
    if list(order) == before:
        return
    set_order(AgendaItem.objects.filter(meeting=meeting), order)
    touch(meeting)
    titles = dict(rows)
    for pk in moved or moved_rows(before, order):
        old, new = before.index(pk) + 1, list(order).index(pk) + 1
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.ITEM_MOVED,
            summary=f"Punkt flyttet: {titles[pk]} fra nr. {old} til nr. {new}",
            target=AgendaItem(pk=pk),
            item=AgendaItem(pk=pk),
            changes={"number": [old, new]},
        )


@transaction.atomic
def agenda_items_reorder(*, meeting: Meeting, actor: Actor, order: Sequence[int]) -> None:
    """Put the meeting's items in this order (all item ids, first to last)."""
    meeting = locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    _reorder_items(meeting, actor, order, moved=[])


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor: Actor, offset: int) -> None:
    """Move an item up (-1) or down (+1); the keyboard's way of dragging."""
    meeting = locked_meeting(item.meeting_id)
    ensure_agenda_editable(meeting)
    move = shifted(meeting.items.all(), item.pk, offset)
    if move is not None:
        _reorder_items(meeting, actor, move[0], moved=[item.pk])


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


@transaction.atomic
def section_create(
    *, item: AgendaItem, actor: Actor, heading: str, html: str, part: str = ""
) -> ItemSection:
    """Add a section to an item; a standard heading takes its place in the standard order."""
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    existing = list(item.sections.order_by("position"))
    section = ItemSection(
        item=item,
        position=next_position(item.sections.all()),
        heading=heading.strip(),
        part=part.strip(),
        html=clean_html(html),
        updated_at=timezone.now(),
        updated_by=user_of(actor),
    )
    section.full_clean()
    section.save()
    order = [s.pk for s in existing]
    order.insert(_section_slot(existing, section.heading, section.part), section.pk)
    set_order(ItemSection.objects.filter(item=item), order)
    section.refresh_from_db(fields=["position"])
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.SECTION_CREATED,
        summary=f"Afsnit tilføjet i »{item.title}«: {section.heading or 'uden overskrift'}",
        target=section,
        item=item,
        changes=diff({}, {"heading": section.heading, "part": section.part, "html": section.html}),
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
    current.html = clean_html(html)
    changes = diff(before, {"heading": current.heading, "part": current.part, "html": current.html})
    if not changes:
        return current
    current.version += 1
    current.updated_at = timezone.now()
    current.updated_by = user_of(actor)
    current.full_clean()
    current.save()
    touch(current.item.meeting_id)
    record_audit(
        meeting=current.item.meeting,
        actor=actor,
        action=AuditAction.SECTION_UPDATED,
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
    item = locked_item(section.item_id)
    ensure_agenda_editable(item.meeting)
    section = ItemSection.objects.get(pk=section.pk, item=item)
    before = {"heading": section.heading, "part": section.part, "html": section.html}
    section.delete()
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.SECTION_DELETED,
        summary=f"Afsnit slettet i »{item.title}«: {before['heading'] or 'uden overskrift'}",
        item=item,
        changes={key: [value, None] for key, value in before.items()},
    )


@transaction.atomic
def section_move(*, section: ItemSection, actor: Actor, offset: int) -> None:
    """Move a section up (-1) or down (+1) within its item."""
    item = locked_item(section.item_id)
    ensure_agenda_editable(item.meeting)
    move = shifted(item.sections.all(), section.pk, offset)
    if move is None:
        return
    order, at, to = move
    set_order(ItemSection.objects.filter(item=item), order)
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.SECTION_MOVED,
        summary=f"Afsnit flyttet i »{item.title}«: {section.heading or 'uden overskrift'}",
        target=section,
        item=item,
        changes={"position": [at + 1, to + 1]},
    )
