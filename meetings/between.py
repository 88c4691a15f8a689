"""What happened between two meetings, as the next agenda tells it by itself.

Two computed lists follow the text of the committee's chosen standing items
(`Committee.procedures_item_title`, `Committee.actions_item_title`, 'Meddelelser' by default):

- one line per written procedure concluded since the last meeting ("Mini PID'en for
  projektet blev godkendt i skriftlig proces 22. maj 2025.") with a link to it;
- "Opfølgning på beslutninger": the open actions and those closed since the last meeting.

A draft shows them live; `meeting_publish` freezes them into `Meeting.between_frozen`
(house rule 3), so the agenda members received does not change afterwards. Each line
carries whether it is confidential (a closed procedure or item): a viewer without access
to closed content never gets it, on the page or in the PDF.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dap_portal import danish

from .access import CONFIDENTIAL_ROLES, Viewer
from .models import (
    AgendaItem,
    FollowUpAction,
    Meeting,
    MeetingStatus,
    ProcedureOutcome,
    ProcedureStatus,
    WrittenProcedure,
)

OUTCOME_VERBS = {
    ProcedureOutcome.APPROVED: "blev godkendt",
    ProcedureOutcome.REJECTED: "blev ikke godkendt",
    ProcedureOutcome.NO_QUORUM: "blev ikke afgjort (for få svar)",
}


def concluded_on(procedure: WrittenProcedure) -> dt.date | None:
    """The day a procedure concluded: at its deadline, or the day it was closed early."""
    if procedure.closed_at is None:
        return None
    end = min(procedure.closed_at, procedure.deadline)
    return timezone.localdate(end)


def procedure_sentence(procedure: WrittenProcedure) -> str:
    """`Mini PID'en for projektet blev godkendt i skriftlig proces 22. maj 2025.`"""
    verb = OUTCOME_VERBS.get(procedure.outcome, "blev afsluttet")
    day = concluded_on(procedure)
    when = f" {danish.date_long(day)}" if day else ""
    return f"{procedure.title} {verb} i skriftlig proces{when}."


def upcoming_meetings(committee_id: int, after: dt.date) -> QuerySet[Meeting]:
    """The committee's meetings after a day that a follow-up can be due at: not cancelled,
    and not history (a meeting entered after it was held), earliest first."""
    return (
        Meeting.objects.filter(committee_id=committee_id, date__gt=after)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(is_history=True)
        .order_by("date", "start_time", "pk")
    )


def due_meeting_for(committee_id: int, decided_on: dt.date) -> Meeting | None:
    """The meeting 'til næste møde' means for a decision made on a day, as things stand now."""
    return upcoming_meetings(committee_id, decided_on).first()


def attach_waiting_actions(meeting: Meeting) -> int:
    """A newly scheduled meeting becomes the due meeting of the committee's 'til næste møde'
    actions that had none (no later meeting existed when they were recorded); actions that
    already have one keep it."""
    if meeting.status == MeetingStatus.CANCELLED or meeting.is_history:
        return 0
    return FollowUpAction.objects.filter(
        committee_id=meeting.committee_id,
        until_next_meeting=True,
        due_meeting__isnull=True,
        decided_on__lt=meeting.date,
    ).update(due_meeting=meeting)


def move_actions_off(meeting: Meeting) -> int:
    """A cancelled meeting hands its 'til næste møde' actions to the meeting that is next now
    after each decision (or none, until one is scheduled)."""
    moved = 0
    for action in FollowUpAction.objects.filter(due_meeting=meeting):
        action.due_meeting = (
            upcoming_meetings(action.committee_id, action.decided_on).exclude(pk=meeting.pk).first()
        )
        action.save(update_fields=["due_meeting"])
        moved += 1
    return moved


def with_due(actions: QuerySet[FollowUpAction]) -> QuerySet[FollowUpAction]:
    """Annotate `due`: the due date, or for 'til næste møde' the date of the meeting kept on
    the action (`FollowUpAction.due_meeting`), so every page tells the same day; an action
    recorded when no later meeting existed takes the first one scheduled since (one
    subquery, whatever the number of actions)."""
    first_since = (
        Meeting.objects.filter(
            committee=OuterRef("committee"), date__gt=OuterRef("decided_on"), is_history=False
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date")
        .values("date")[:1]
    )
    return actions.annotate(
        due=Coalesce(
            "due_date",
            "due_meeting__date",
            Subquery(first_since, output_field=DateField()),
        )
    )


def due_label(action: FollowUpAction) -> str:
    due = getattr(action, "due", action.due_date)
    if action.until_next_meeting:
        return f"Til næste møde ({danish.date_long(due)})" if due else "Til næste møde"
    return danish.date_long(due) if due else ""


def action_status(action: FollowUpAction, today: dt.date) -> str:
    if action.closed_at is not None:
        return "Lukket"
    due = getattr(action, "due", action.due_date)
    return "Overskredet" if due is not None and due < today else "Åben"


def action_source(action: FollowUpAction) -> str:
    if action.procedure_id is not None:
        return f"Skriftlig proces: {action.procedure.title}"
    meeting = action.item.meeting
    return f"{action.item.title} (møde {danish.date_long(meeting.date)})"


def action_confidential(action: FollowUpAction) -> bool:
    if action.procedure_id is not None:
        return action.procedure.confidential
    return action.item.confidential


def action_readers(action: FollowUpAction) -> list[int]:
    """The users a closed item is narrowed to ('kun for'), or [] for everyone it is closed
    to: an action tells its item's content, so it follows `Viewer.sees_item_content`."""
    if action.item_id is None or not action.item.confidential:
        return []
    return sorted(user.pk for user in action.item.restricted_to.all())


def told_until(meeting: Meeting) -> dt.datetime | None:
    """The moment up to which the previous meeting's agenda told what happened between
    meetings: when its lists were frozen (its publication), else the end of its day. What
    concluded after that, even on the previous meeting's own day, is told on this agenda."""
    previous = (
        Meeting.objects.filter(committee_id=meeting.committee_id, date__lt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-date")
        .values("date", "published_at", "between_frozen")
        .first()
    )
    if previous is None:
        return None
    if previous["between_frozen"] is not None and previous["published_at"] is not None:
        return previous["published_at"]
    end_of_day = dt.datetime.combine(previous["date"] + dt.timedelta(days=1), dt.time())
    return timezone.make_aware(end_of_day)


def _item_for(items: list[AgendaItem], title: str) -> int | None:
    wanted = title.strip().casefold()
    if not wanted:
        return None
    return next((item.pk for item in items if item.title.strip().casefold() == wanted), None)


def snapshot(meeting: Meeting, items: list[AgendaItem] | None = None) -> dict[str, Any]:
    """The two lists as they stand now (what `meeting_publish` freezes), as JSON data."""
    committee = meeting.committee
    items = items if items is not None else list(meeting.items.only("pk", "title"))
    previous = told_until(meeting)
    data: dict[str, Any] = {"procedures": None, "actions": None}
    procedures_item = _item_for(items, committee.procedures_item_title)
    if procedures_item is not None:
        procedures = WrittenProcedure.objects.filter(
            committee_id=meeting.committee_id,
            status=ProcedureStatus.CLOSED,
            closed_at__date__lte=meeting.date,
        )
        if previous is not None:
            procedures = procedures.filter(closed_at__gt=previous)
        data["procedures"] = {
            "item": procedures_item,
            "lines": [
                {
                    "procedure": procedure.pk,
                    "text": procedure_sentence(procedure),
                    "confidential": procedure.confidential,
                }
                for procedure in sorted(procedures, key=lambda p: (concluded_on(p), p.pk))
            ],
        }
    actions_item = _item_for(items, committee.actions_item_title)
    if actions_item is not None:
        actions = with_due(
            FollowUpAction.objects.filter(
                committee_id=meeting.committee_id, decided_on__lt=meeting.date
            )
            .select_related("item__meeting", "procedure", "responsible_user")
            .prefetch_related("item__restricted_to")
        )
        today = timezone.localdate()
        lines = []
        for action in actions.order_by("decided_on", "pk"):
            closed_day = timezone.localdate(action.closed_at) if action.closed_at else None
            if (
                action.closed_at is not None
                and previous is not None
                and (action.closed_at <= previous)
            ):
                continue  # closed before the last agenda was sent out: told then
            lines.append(
                {
                    "action": action.pk,
                    "what": action.what,
                    "source": action_source(action),
                    "responsible": action.responsible_label,
                    "due": due_label(action),
                    "status": action_status(action, today),
                    "closed_on": danish.date_long(closed_day) if closed_day else "",
                    "note": action.close_note,
                    "confidential": action_confidential(action),
                    "readers": action_readers(action),
                }
            )
        data["actions"] = {"item": actions_item, "lines": lines}
    return data


@dataclass(frozen=True)
class ItemBetween:
    """The computed lines shown after one item's text, as one viewer may see them."""

    procedures: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    shows_procedures: bool
    shows_actions: bool


def between_for(
    meeting: Meeting, viewer: Viewer, items: list[AgendaItem]
) -> dict[int, ItemBetween]:
    """The lists by item id: frozen once the agenda is sent out, live in a draft."""
    data = meeting.between_frozen
    if data is None:
        if meeting.status != MeetingStatus.DRAFT:
            return {}  # sent out before these lists existed, or history: nothing was told
        if meeting.is_history:
            return {}  # an old agenda imported: today's lists were not told then
        committee = meeting.committee
        if _item_for(items, committee.procedures_item_title) is None and (
            _item_for(items, committee.actions_item_title) is None
        ):
            return {}
        data = snapshot(meeting, items)
    sees_closed = viewer.role in CONFIDENTIAL_ROLES
    user_id = getattr(viewer.user, "pk", None)

    def sees(line: dict[str, Any]) -> bool:
        if not line.get("confidential") or viewer.is_secretariat:
            return True
        readers = line.get("readers") or []  # an item narrowed to named users
        return sees_closed and (not readers or user_id in readers)

    def shown(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [line for line in lines if sees(line)]

    result: dict[int, ItemBetween] = {}
    for key in ("procedures", "actions"):
        part = data.get(key)
        if not part:
            continue
        entry = result.get(part["item"]) or ItemBetween([], [], False, False)
        if key == "procedures":
            entry = ItemBetween(shown(part["lines"]), entry.actions, True, entry.shows_actions)
        else:
            entry = ItemBetween(
                entry.procedures, shown(part["lines"]), entry.shows_procedures, True
            )
        result[part["item"]] = entry
    return result


def actions_by_item(meeting: Meeting) -> dict[int, list[FollowUpAction]]:
    """The actions of each decision of a meeting, in the order recorded (the minutes, the
    export), one query."""
    actions = with_due(
        FollowUpAction.objects.filter(item__meeting=meeting).select_related("responsible_user")
    ).order_by("pk")
    result: dict[int, list[FollowUpAction]] = {}
    for action in actions:
        result.setdefault(action.item_id, []).append(action)
    return result
