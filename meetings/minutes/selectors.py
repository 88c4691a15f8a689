"""What the minutes page reads: attendance, and each item's Indstilling beside its decision."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.functional import SimpleLazyObject

from ..access import VOTING_ROLES, Viewer
from ..agenda import agenda_for
from ..between import actions_by_item
from ..models import (
    AgendaItem,
    DecisionOutcome,
    Disqualification,
    ItemKind,
    ItemReferat,
    Meeting,
    MeetingStatus,
    ResponsibleKind,
    Role,
)
from ..portfolio.proposals import proposals_by_item
from .forms import ATTENDANCE_CHOICES, GuestForm

# One-click decisions per item kind, as the minutes write them.
ONE_CLICK = {
    ItemKind.ORIENTATION: DecisionOutcome.NOTED,
    ItemKind.DECISION: DecisionOutcome.APPROVED,
    ItemKind.DISCUSSION: DecisionOutcome.DISCUSSED,
}


def minutes_context(user: AbstractBaseUser | AnonymousUser, meeting: Meeting) -> dict[str, Any]:
    """Attendance of the committee's members and guests, and the agenda with its decisions."""
    viewer = Viewer.of(user, meeting)
    agenda = agenda_for(meeting, viewer)
    memberships = list(
        meeting.committee.memberships.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username"
        )
    )
    rows = list(meeting.attendance.select_related("user"))
    by_user = {row.user_id: row for row in rows if row.user_id}
    minutes_open = meeting.status in (MeetingStatus.PUBLISHED, MeetingStatus.HELD)
    numbers = {line.item.pk: line.number for line in agenda.lines}
    presence = {row.pk: row.presence(numbers) for row in rows}
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        # Approved minutes are history: those recorded then, not whoever was invited since.
        roles = {m.user_id: m.get_role_display() for m in memberships}
        members = [
            {
                "user": row.user,
                "role": roles.get(row.user_id, ""),
                "status": row.status,
                "row": row,
                "presence": presence[row.pk],
            }
            for row in sorted(by_user.values(), key=lambda row: row.name.casefold())
            if not row.guest
        ]
    else:
        members = [
            {
                "user": membership.user,
                "role": membership.get_role_display(),
                "status": by_user[membership.user_id].status
                if membership.user_id in by_user
                else "",
                "row": by_user.get(membership.user_id),
                "presence": presence[by_user[membership.user_id].pk]
                if membership.user_id in by_user
                else "",
            }
            for membership in memberships
            if membership.role != Role.SECRETARIAT
        ]
    # Items whose kind takes a decision (O, B, D) but have none: "Godkend referat" warns.
    undecided = [
        line
        for line in agenda.lines
        if line.item.kind and not (line.item.decision_outcome or line.item.decision_html)
    ]
    # The Indstilling the decision answers, beside it (from the prefetched sections).
    recommendations = {line.item.pk: line.recommendations for line in agenda.lines}
    disqualified: dict[int, list[Disqualification]] = {}
    for row in Disqualification.objects.filter(item__meeting=meeting).order_by("name"):
        disqualified.setdefault(row.item_id, []).append(row)
    return {
        "meeting": meeting,
        "agenda": agenda,
        # Inhabilitet per item, and who may be recorded inhabil (chair and members).
        "disqualified": disqualified,
        # The referat text of each item (what was discussed), saved as it is typed.
        "referats": {row.item_id: row for row in ItemReferat.objects.filter(item__meeting=meeting)},
        "voting_members": [
            (m.user_id, m.user.get_full_name() or m.user.get_username())
            for m in memberships
            if m.role in VOTING_ROLES
        ],
        "recommendations": recommendations,
        "members": members,
        "guests": [row for row in rows if row.guest],
        "presence": presence,
        "guest_form": GuestForm(),
        "attendance_choices": ATTENDANCE_CHOICES,
        "minutes_open": minutes_open,
        "undecided": undecided,
        "one_click": ONE_CLICK,
        # Follow-up actions under each decision, and who may be made responsible.
        "item_actions": actions_by_item(meeting),
        "action_members": [
            (m.user_id, m.user.get_full_name() or m.user.get_username())
            for m in memberships
            if m.role != Role.OBSERVER
        ],
        "responsible_kinds": ResponsibleKind.choices,
        "outcomes": DecisionOutcome.choices,
        # Fetched only if a template reads it: which items carry a budget proposal.
        "proposals": SimpleLazyObject(lambda: proposals_by_item(meeting.pk)),
    }


def declaration_context(meeting: Meeting, viewer: Viewer) -> dict[str, Any]:
    """A member's page for inhabilitet: the items whose content they read, and their own
    declarations on the meeting's items (the secretariat's records included)."""
    agenda = agenda_for(meeting, viewer)
    mine = {
        row.item_id: row
        for row in Disqualification.objects.filter(item__meeting=meeting, user_id=viewer.user.pk)
    }
    return {
        "meeting": meeting,
        "agenda": agenda,
        "lines": [
            {"line": line, "mine": mine.get(line.item.pk)} for line in agenda.lines if line.visible
        ],
        "may_declare": meeting.status == MeetingStatus.PUBLISHED,
    }


def live_item_context(user: AbstractBaseUser | AnonymousUser, item: AgendaItem) -> dict[str, Any]:
    """One item as the secretariat records it during the meeting (`_live_item.html`): its
    decision, its referat text, its inhabilitet."""
    context = minutes_context(user, item.meeting)
    context["line"] = next(line for line in context["agenda"].lines if line.item.pk == item.pk)
    context["referat"] = ItemReferat.objects.filter(item=item).first()
    context["remark_outcome"] = DecisionOutcome.APPROVED_WITH_REMARK
    return context
