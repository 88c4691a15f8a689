"""What the minutes page reads: attendance, and each item's Indstilling beside its decision."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.functional import SimpleLazyObject

from ..access import Viewer
from ..agenda import agenda_for
from ..between import actions_by_item
from ..models import DecisionOutcome, ItemKind, Meeting, MeetingStatus, ResponsibleKind, Role
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
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        # Approved minutes are history: those recorded then, not whoever was invited since.
        roles = {m.user_id: m.get_role_display() for m in memberships}
        members = [
            {"user": row.user, "role": roles.get(row.user_id, ""), "status": row.status}
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
    return {
        "meeting": meeting,
        "agenda": agenda,
        "recommendations": recommendations,
        "members": members,
        "guests": [row for row in rows if row.guest],
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
