"""A meeting's history (for the secretariat) and what changed since publication (for members).

Both read the audit trail that every service writes (`services.record_audit`). What members
are told is worded here from the entry's action and the agenda as they may see it, never from
the secretariat's summary, so a change to a closed item does not leak its content.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from dap_portal import danish

from .agenda import Agenda, AgendaLine
from .models import AuditEntry, Meeting
from .services import field_label, in_field_order

# What members see as 'changed since publication': the agenda's content and its order.
PUBLIC_ACTIONS = frozenset(
    {
        "item_created",
        "item_deleted",
        "item_moved",
        "item_updated",
        "section_created",
        "section_updated",
        "section_deleted",
        "section_moved",
        "bilag_uploaded",
        "bilag_replaced",
        "bilag_renamed",
        "bilag_deleted",
        "bilag_moved",
        "meeting_rescheduled",
        "figures_refreshed",
        "embed_added",
        "embed_removed",
    }
)


def when(at: dt.datetime) -> str:
    """`6. oktober 2025 kl. 14.05`, in Danish time."""
    local = timezone.localtime(at)
    return f"{danish.date_long(local.date())} kl. {danish.clock(local.time())}"


def meeting_history(meeting: Meeting) -> QuerySet[AuditEntry]:
    """Every entry of a meeting's history, newest first, with who made it (one query)."""
    return AuditEntry.objects.filter(meeting=meeting).select_related("actor").order_by("-at", "-id")


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    details: list[tuple[str, str, str]]  # (field, before, after) in words

    @property
    def when(self) -> str:
        return when(self.entry.at)

    @property
    def who(self) -> str:
        actor = self.entry.actor
        if actor is None:
            return "Systemet"
        return actor.get_full_name() or actor.get_username()


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    if isinstance(value, list):
        return ", ".join(_shown(part) for part in value) or "–"
    return str(value)


def history_rows(meeting: Meeting) -> list[HistoryRow]:
    """The meeting's history in words: who, when, what, and each field's before and after."""
    rows = []
    for entry in meeting_history(meeting):
        details = []
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in in_field_order(changes):
            value = changes[name]
            if isinstance(value, list) and len(value) == 2:
                details.append((field_label(name), _shown(value[0]), _shown(value[1])))
            else:
                details.append((field_label(name), "", _shown(value)))
        rows.append(HistoryRow(entry, details))
    return rows


@dataclass(frozen=True)
class Change:
    """One change since publication, worded for the viewer."""

    at: dt.datetime
    text: str
    number: int | None = None  # the item's number today, when it is still on the agenda

    @property
    def when(self) -> str:
        return when(self.at)


@dataclass
class ChangesSincePublication:
    published_at: dt.datetime | None
    changes: list[Change] = field(default_factory=list)  # newest first
    by_item: dict[int, list[Change]] = field(default_factory=lambda: defaultdict(list))

    def __bool__(self) -> bool:
        return bool(self.changes)

    def for_item(self, item_id: int) -> list[Change]:
        return self.by_item.get(item_id, [])

    @property
    def last_at(self) -> dt.datetime | None:
        return self.changes[0].at if self.changes else None


def _old(entry: AuditEntry, name: str) -> object:
    value = entry.changes.get(name) if isinstance(entry.changes, dict) else None
    return value[0] if isinstance(value, list) and value else None


def _new(entry: AuditEntry, name: str) -> object:
    value = entry.changes.get(name) if isinstance(entry.changes, dict) else None
    return value[1] if isinstance(value, list) and len(value) == 2 else None


def _bilag_title(entry: AuditEntry, line: AgendaLine | None) -> str | None:
    """The bilag's title if the viewer may see it, else None."""
    confidential = bool(_new(entry, "confidential") or _old(entry, "confidential"))
    if line is not None:
        shown = next((bl for bl in line.bilag if str(bl.bilag.pk) == entry.object_id), None)
        if shown is not None:
            return shown.bilag.title if shown.visible else None
    if confidential or (line is not None and not line.visible):
        return None
    title = _new(entry, "title") or _old(entry, "title")
    return str(title) if title else None


def _wording(entry: AuditEntry, line: AgendaLine | None) -> str | None:
    """The change as the viewer of this line is told it, or None to leave it out."""
    action = entry.action
    if action == "meeting_rescheduled":
        return "Mødets dato, tid eller sted er ændret"
    if action == "item_deleted":
        return f"Punktet »{_old(entry, 'title')}« er taget af dagsordenen"
    if line is None:
        return None  # an item that is gone: its own removal says it
    if action == "item_created":
        return "Punktet er tilføjet"
    if action == "item_moved":
        old, new = _old(entry, "number"), _new(entry, "number")
        return f"Punktet er flyttet fra nr. {old} til nr. {new}"
    if not line.visible:
        return "Punktet er ændret"
    if action == "item_updated":
        names = [field_label(name) for name in in_field_order(entry.changes or {})]
        return "Ændret: " + ", ".join(names) if names else "Punktet er ændret"
    if action.startswith("section_"):
        return "Teksten er ændret"
    bilag_words = {
        "bilag_uploaded": "Bilag tilføjet",
        "bilag_replaced": "Ny udgave af bilag",
        "bilag_renamed": "Bilag omdøbt",
        "bilag_deleted": "Bilag fjernet",
    }
    if action in bilag_words:
        title = _bilag_title(entry, line)
        return f"{bilag_words[action]}: {title}" if title else f"{bilag_words[action]}"
    if action == "bilag_moved":
        return "Bilagenes rækkefølge er ændret"
    if action == "figures_refreshed":
        return "Tallene er opdateret siden udsendelsen"
    if action == "embed_added":
        return "Budgettabel tilføjet"
    if action == "embed_removed":
        return "Budgettabel fjernet"
    return None


def changes_since_publication(meeting: Meeting, agenda: Agenda) -> ChangesSincePublication:
    """What changed in the agenda after it was sent out, newest first (one query)."""
    result = ChangesSincePublication(published_at=meeting.published_at)
    if meeting.published_at is None:
        return result
    lines = {line.item.pk: line for line in agenda.lines}
    entries = AuditEntry.objects.filter(
        meeting=meeting, at__gt=meeting.published_at, action__in=PUBLIC_ACTIONS
    ).order_by("-at", "-id")
    for entry in entries:
        line = lines.get(entry.item_id) if entry.item_id else None
        text = _wording(entry, line)
        if text is None:
            continue
        change = Change(at=entry.at, text=text, number=line.number if line else None)
        result.changes.append(change)
        if line is not None:
            result.by_item[line.item.pk].append(change)
    return result
