"""The optional `actions` of an item in `dap-agenda/1`: follow-up actions on its Beslutning.

Described in docs/agenda-interchange-actions.md. Read (with the JSON path of every value),
written through `meetings.actions.services.action_create` after the item, and exported only
for items that have actions, so an agenda without them exports exactly as before.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..actions.services import action_create
from ..audit import Actor
from ..models import AgendaItem, FollowUpAction, ResponsibleKind
from .schema import (
    InterchangeError,
    at,
    indexed,
    read_date,
    read_flag,
    read_list,
    read_object,
    read_text,
    show,
)

RESPONSIBLE_KINDS = tuple(ResponsibleKind.values)


@dataclass(frozen=True, kw_only=True)
class ActionIn:
    path: str
    what: str
    kind: str
    username: str
    organisation: str
    due_date: dt.date | None
    until_next_meeting: bool
    closed_at: dt.datetime | None
    close_note: str


def _closed(value: Any, path: str) -> tuple[dt.datetime | None, str]:
    if value is None:
        return None, ""
    data = read_object(value, path, required=("at",), optional=("note",), what="»closed«")
    text = read_text(data["at"], at(path, "at"), what="Tidspunktet", required=True)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        raise InterchangeError(
            at(path, "at"),
            f"Tidspunktet skal skrives som ÅÅÅÅ-MM-DDTTT:MM:SS+02:00, ikke {show(text)}.",
        )
    note = read_text(data.get("note"), at(path, "note"), what="Noten", max_length=500)
    return moment, note


def _action(value: Any, path: str) -> ActionIn:
    data = read_object(
        value,
        path,
        required=("what", "responsible"),
        optional=("due_date", "until_next_meeting", "closed"),
        what="Opfølgningen",
    )
    what = read_text(data["what"], at(path, "what"), what="Opgaven", max_length=500, required=True)
    responsible_path = at(path, "responsible")
    responsible = read_object(
        data["responsible"],
        responsible_path,
        required=("kind",),
        optional=("username", "name"),
        what="Den ansvarlige",
    )
    kind = responsible["kind"]
    if kind not in RESPONSIBLE_KINDS:
        raise InterchangeError(
            at(responsible_path, "kind"),
            f"Den ansvarlige skal være {', '.join(RESPONSIBLE_KINDS)}, ikke {show(kind)}.",
        )
    username = read_text(
        responsible.get("username"), at(responsible_path, "username"), what="Brugernavnet"
    )
    name = read_text(
        responsible.get("name"), at(responsible_path, "name"), what="Navnet", max_length=200
    )
    if kind == ResponsibleKind.MEMBER and not username:
        raise InterchangeError(
            at(responsible_path, "username"), "Et ansvarligt medlem skal have »username«."
        )
    if kind == ResponsibleKind.ORGANISATION and not name.strip():
        raise InterchangeError(
            at(responsible_path, "name"), "En ansvarlig organisation skal have »name«."
        )
    due = data.get("due_date")
    due_date = read_date(due, at(path, "due_date"), what="Fristen") if due is not None else None
    until_next = read_flag(data.get("until_next_meeting"), at(path, "until_next_meeting"))
    if until_next == (due_date is not None):
        raise InterchangeError(
            path, "Angiv enten »due_date« eller »until_next_meeting«: true, ikke begge eller ingen."
        )
    closed_at, note = _closed(data.get("closed"), at(path, "closed"))
    return ActionIn(
        path=path,
        what=what,
        kind=kind,
        username=username,
        organisation=name if kind == ResponsibleKind.ORGANISATION else "",
        due_date=due_date,
        until_next_meeting=until_next,
        closed_at=closed_at,
        close_note=note,
    )


def parse_actions(value: Any, path: str) -> tuple[ActionIn, ...]:
    """An item's optional `actions` (null or absent: none)."""
    return tuple(
        _action(entry, indexed(path, index))
        for index, entry in enumerate(read_list(value, path, what="Opfølgningerne"))
    )


def write_actions(item: AgendaItem, actions: tuple[ActionIn, ...], actor: Actor) -> None:
    """Record the item's actions (after its decision); a refusal names the action's path."""
    committee_id = item.meeting.committee_id
    for entry in actions:
        user_id = None
        if entry.kind == ResponsibleKind.MEMBER:
            user_id = (
                get_user_model()
                .objects.filter(username=entry.username, memberships__committee_id=committee_id)
                .values_list("pk", flat=True)
                .first()
            )
            if user_id is None:
                raise InterchangeError(
                    at(at(entry.path, "responsible"), "username"),
                    f"»{entry.username}« er ikke medlem af styregruppen her. Giv brugeren en "
                    "rolle i styregruppen, eller gør en anden ansvarlig.",
                )
        try:
            action_create(
                actor=actor,
                item=item,
                what=entry.what,
                responsible_kind=entry.kind,
                responsible_user_id=user_id,
                responsible_organisation=entry.organisation,
                due_date=entry.due_date,
                until_next_meeting=entry.until_next_meeting,
                closed_at=entry.closed_at,
                close_note=entry.close_note,
            )
        except ValidationError as error:
            raise InterchangeError(entry.path, " ".join(error.messages)) from None


def export_action(action: FollowUpAction) -> dict[str, Any]:
    """One action in the documented key order."""
    responsible: dict[str, Any] = {"kind": action.responsible_kind}
    if action.responsible_kind == ResponsibleKind.MEMBER:
        responsible["username"] = action.responsible_user.get_username()
        responsible["name"] = action.responsible_label
    elif action.responsible_kind == ResponsibleKind.ORGANISATION:
        responsible["name"] = action.responsible_organisation
    data: dict[str, Any] = {"what": action.what, "responsible": responsible}
    if action.until_next_meeting:
        data["until_next_meeting"] = True
    else:
        data["due_date"] = action.due_date.isoformat()
    if action.closed_at is not None:
        data["closed"] = {
            "at": timezone.localtime(action.closed_at).isoformat(),
            "note": action.close_note,
        }
    return data
