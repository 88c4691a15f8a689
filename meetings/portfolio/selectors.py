"""What the steering group said about a project: its agenda items and decisions.

Item numbers are ranks by position within their meeting, as `meetings.agenda` numbers them;
`item_numbers` computes them for items of many meetings in one query.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dap_portal import danish
from projects.models import PortfolioChange, Project
from projects.selectors import changes_of
from projects.services import SUBJECT_BUDGET

from .. import access
from ..agenda import item_numbers
from ..models import AgendaItem, Meeting


@dataclass(frozen=True)
class ProjectItem:
    """One agenda item that concerned a project, as this viewer may see it."""

    item: AgendaItem
    meeting: Meeting
    number: int
    visible: bool  # False: a closed item shown as number, title and 'Lukket punkt'

    @property
    def heading(self) -> str:
        marker = f" ({self.item.kind})" if self.item.kind else ""
        title = self.item.title if self.visible else self.item.shown_title
        return f"{self.number}. {title}{marker}"

    @property
    def anchor(self) -> str:
        """The item's anchor on the meeting page (the same as `AgendaLine.anchor`)."""
        return f"punkt-{self.number}"

    @property
    def decided(self) -> bool:
        return self.visible and bool(self.item.decision_outcome or self.item.decision_html)


def project_items(project: Project, user: AbstractBaseUser | AnonymousUser) -> list[ProjectItem]:
    """Every agenda item about the project in meetings the user may see, newest meeting
    first (items of one meeting in agenda order); a fixed number of queries."""
    items = list(
        AgendaItem.objects.filter(projects=project, meeting__in=access.visible_meetings(user))
        .select_related("meeting__committee")
        .prefetch_related("restricted_to")
        .order_by("-meeting__date", "-meeting__start_time", "meeting_id", "position")
    )
    numbers = item_numbers(items)
    viewers = access.committee_viewers(user)
    result = []
    for item in items:
        viewer = viewers.get(item.meeting.committee_id)
        result.append(
            ProjectItem(
                item=item,
                meeting=item.meeting,
                number=numbers[item.pk],
                visible=viewer is not None and viewer.sees_item_content(item),
            )
        )
    return result


# --- A budget's history as this user may read it --------------------------------------------


def _neutral_summary(change: PortfolioChange) -> str:
    """'Revision 6/10 (styregruppens beslutning): 3 linjer ændret': no item, no meeting."""
    data = change.changes or {}
    rows = len(data.get("rows") or [])
    try:
        day = danish.date_short(dt.date.fromisoformat(data["date"]))
    except (KeyError, TypeError, ValueError):
        day = ""
    return (
        f"Revision {day} (styregruppens beslutning): "
        f"{rows} {'linje' if rows == 1 else 'linjer'} ændret"
    )


def budget_changes(user: AbstractBaseUser | AnonymousUser, budget_id: int) -> list[PortfolioChange]:
    """The budget page's 'Ændringer': a revision decided in an item the user may not read names
    no item (`access.closed_decision_revisions`)."""
    changes = changes_of(SUBJECT_BUDGET, budget_id)
    if not any(change.action == "revision_applied" for change in changes):
        return changes  # nothing decided in an item: no query
    hidden = access.closed_decision_revisions(user, budget_id)
    for change in changes:
        if (
            change.action == "revision_applied"
            and change.object_id.isdigit()
            and int(change.object_id) in hidden
        ):
            change.summary = _neutral_summary(change)
            change.changes = {
                key: value for key, value in change.changes.items() if key != "reason"
            }
    return changes
