"""Reads of the høring: the minutes' text per item, the comments, and what changed since."""

import difflib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from ..agenda import item_numbers
from ..models import (
    AgendaItem,
    AttendanceStatus,
    HoeringStatus,
    ItemReferat,
    Meeting,
    MinutesComment,
    MinutesHoering,
    Role,
)
from ..sanitize import html_to_text


def item_text(item: AgendaItem, referat: str = "") -> str:
    """An item's minutes as plain text: what was discussed (Referat), then the Beslutning."""
    decision = html_to_text(item.decision_html or "").strip()
    return "\n\n".join(part for part in (referat.strip(), decision) if part)


def minutes_text(meeting: Meeting) -> dict[str, dict[str, str]]:
    """The minutes now, per item: {item_id: {"number", "title", "text"}} (JSON keys)."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    referats = dict(
        ItemReferat.objects.filter(item__meeting=meeting).values_list("item_id", "text")
    )
    numbers = item_numbers(items)
    return {
        str(item.pk): {
            "number": str(numbers[item.pk]),
            "title": item.title,
            "text": item_text(item, referats.get(item.pk, "")),
        }
        for item in items
    }


def participants(meeting: Meeting) -> list[int]:
    """Who the minutes go to in høring: the members recorded present, or else the chair and
    members of the committee (never the secretariat, who wrote them)."""
    present = list(
        meeting.attendance.filter(
            status=AttendanceStatus.PRESENT, guest=False, user__isnull=False
        ).values_list("user_id", flat=True)
    )
    if present:
        return sorted(present)
    return sorted(
        meeting.committee.memberships.filter(role__in=(Role.CHAIR, Role.MEMBER)).values_list(
            "user_id", flat=True
        )
    )


def latest_hoering(meeting: Meeting) -> MinutesHoering | None:
    return MinutesHoering.objects.filter(meeting=meeting).order_by("-sent_at", "-pk").first()


def open_hoering(meeting: Meeting) -> MinutesHoering | None:
    return MinutesHoering.objects.filter(meeting=meeting, status=HoeringStatus.OPEN).first()


def comments(hoering: MinutesHoering) -> QuerySet[MinutesComment]:
    return hoering.comments.select_related("author", "item")


def answered_ids(hoering: MinutesHoering) -> set[int]:
    """Participants who answered (a comment, or 'Ingen bemærkninger')."""
    return set(hoering.comments.values_list("author_id", flat=True))


def recipients(hoering: MinutesHoering):
    return get_user_model().objects.filter(pk__in=hoering.recipient_ids or [])


@dataclass
class ItemChange:
    """One item's minutes as sent in høring against now, with the changed lines."""

    number: str
    title: str
    item_id: int
    sent: str
    now: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.sent != self.now


def changes_since(hoering: MinutesHoering) -> list[ItemChange]:
    """Per item, what changed in the minutes since they were sent in høring."""
    now = minutes_text(hoering.meeting)
    result = []
    for key in dict.fromkeys([*hoering.sent_text, *now]):
        before = hoering.sent_text.get(key) or {}
        after = now.get(key) or {}
        change = ItemChange(
            number=after.get("number") or before.get("number", ""),
            title=after.get("title") or before.get("title", ""),
            item_id=int(key),
            sent=before.get("text", ""),
            now=after.get("text", ""),
        )
        for line in difflib.ndiff(change.sent.splitlines(), change.now.splitlines()):
            if line.startswith("- "):
                change.removed.append(line[2:])
            elif line.startswith("+ "):
                change.added.append(line[2:])
        result.append(change)
    return result
