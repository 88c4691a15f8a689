"""What the steering group said about a project: its agenda items and decisions.

Item numbers are ranks by position within their meeting, as `meetings.agenda` numbers them;
`item_numbers` computes them for items of many meetings in one query.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from projects.models import Project

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
        return f"{self.number}. {self.item.title}{marker}"

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
