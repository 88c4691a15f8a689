"""Reads of follow-up actions: a committee's open, overdue and done actions, filterable."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from .. import access
from ..between import with_due
from ..models import Committee, FollowUpAction, Membership, ResponsibleKind, Role


@dataclass
class ActionBoard:
    open: list[FollowUpAction] = field(default_factory=list)
    overdue: list[FollowUpAction] = field(default_factory=list)
    done: list[FollowUpAction] = field(default_factory=list)


def responsible_key(action: FollowUpAction) -> str:
    """`user:12`, `secretariat` or `org:Region Hovedstaden`: the filter's value."""
    if action.responsible_kind == ResponsibleKind.MEMBER:
        return f"user:{action.responsible_user_id}"
    if action.responsible_kind == ResponsibleKind.ORGANISATION:
        return f"org:{action.responsible_organisation}"
    return "secretariat"


def committee_actions(user, committee: Committee) -> QuerySet[FollowUpAction]:
    """The committee's actions the user may see, with everything the list shows (one query)."""
    return (
        with_due(access.visible_actions(user).filter(committee=committee))
        .select_related("item__meeting", "procedure", "responsible_user", "closed_by")
        .order_by("decided_on", "pk")
    )


def action_board(
    actions: QuerySet[FollowUpAction],
    *,
    responsible: str = "",
    meeting_id: int | None = None,
    today: dt.date | None = None,
) -> tuple[ActionBoard, list[tuple[str, str]]]:
    """The actions as open, overdue and done (after the filters), and the responsible choices."""
    today = today or timezone.localdate()
    board = ActionBoard()
    choices: dict[str, str] = {}
    for action in actions:
        key = responsible_key(action)
        choices[key] = action.responsible_label
        if responsible and key != responsible:
            continue
        if meeting_id and (action.item is None or action.item.meeting_id != meeting_id):
            continue
        if action.closed_at is not None:
            board.done.append(action)
        elif action.due is not None and action.due < today:
            board.overdue.append(action)
        else:
            board.open.append(action)
    return board, sorted(choices.items(), key=lambda pair: pair[1].casefold())


def committee_members(committee_id: int) -> list[tuple[int, str]]:
    """Who may be responsible: the committee's people, by name (one query)."""
    return [
        (m.user_id, m.user.get_full_name() or m.user.get_username())
        for m in Membership.objects.filter(committee_id=committee_id)
        .exclude(role=Role.OBSERVER)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    ]
