"""What a member reads besides the agenda: what changed in it since it was sent out.

Read from the audit trail every service writes (`audit.record_audit`). What members are told
is worded from the entry's action (`audit.MEMBER_WORDING`) and the agenda as they may see it,
never from the secretariat's summary, so a change to a closed item does not leak its content.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from dap_portal import danish

from .. import access
from ..agenda import Agenda, AgendaLine
from ..audit import (
    BILAG_TITLED,
    MEMBER_WORDING,
    PUBLIC_ACTIONS,
    AuditAction,
    field_label,
    in_field_order,
)
from ..between import with_due
from ..models import (
    AuditEntry,
    FollowUpAction,
    Meeting,
    Membership,
    ProcedureAnswer,
    ProcedureStatus,
    WrittenProcedure,
)


@dataclass(frozen=True)
class Change:
    """One change since publication, worded for the viewer."""

    at: dt.datetime
    text: str
    number: int | None = None  # the item's number today, when it is still on the agenda

    @property
    def when(self) -> str:
        return danish.moment(self.at)


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
    action = AuditAction(entry.action)
    if action == AuditAction.MEETING_RESCHEDULED:
        return MEMBER_WORDING[action]
    if action == AuditAction.ITEM_DELETED:
        return f"Punktet »{_old(entry, 'title')}« er taget af dagsordenen"
    if line is None:
        return None  # an item that is gone: its own removal says it
    if action == AuditAction.ITEM_CREATED:
        return MEMBER_WORDING[action]
    if action == AuditAction.ITEM_MOVED:
        old, new = _old(entry, "number"), _new(entry, "number")
        return f"Punktet er flyttet fra nr. {old} til nr. {new}"
    if not line.visible:
        return "Punktet er ændret"
    if action == AuditAction.ITEM_UPDATED:
        names = [field_label(name) for name in in_field_order(entry.changes or {})]
        return "Ændret: " + ", ".join(names) if names else "Punktet er ændret"
    wording = MEMBER_WORDING.get(action)
    if action in BILAG_TITLED:
        title = _bilag_title(entry, line)
        return f"{wording}: {title}" if title else wording
    return wording


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


# --- Between meetings: the person's own tasks and the procedures awaiting their answer -------


def my_tasks(user: object) -> list[FollowUpAction]:
    """Open actions the user is responsible for ('Mine opgaver'), soonest due first."""
    if not getattr(user, "is_authenticated", False):
        return []
    actions = with_due(
        access.visible_actions(user).filter(closed_at__isnull=True, responsible_user=user)
    ).select_related("committee", "item__meeting", "procedure")
    return sorted(actions, key=lambda action: (action.due is None, action.due, action.pk))


def awaiting_answer(user: object) -> list[WrittenProcedure]:
    """Open procedures the user votes in and has not answered ('Afventer dit svar')."""
    if not getattr(user, "is_authenticated", False):
        return []
    voting = Membership.objects.filter(
        user=user, committee=OuterRef("committee"), role__in=access.VOTING_ROLES
    )
    answered = ProcedureAnswer.objects.filter(user=user, procedure=OuterRef("pk"))
    procedures = (
        access.visible_procedures(user)
        .filter(status=ProcedureStatus.SENT, deadline__gt=timezone.now())
        .filter(Exists(voting))
        .exclude(Exists(answered))
        .select_related("committee")
        .order_by("deadline")
    )
    # Only those it was sent to vote (decided at sending): one invited since is not asked.
    return [p for p in procedures if p.voter_ids is None or user.pk in p.voter_ids]
