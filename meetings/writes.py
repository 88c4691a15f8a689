"""What every write of a meeting's content shares: row locks, versions, order, status guards.

The feature services (bilag, editor, minutes, portfolio, interchange) build on these, so a
meeting is locked, versioned and guarded the same way whichever feature changes it.
"""

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Max, QuerySet, Value, When
from django.utils import timezone

from projects.models import Project

from .audit import Actor, AuditAction, record_audit
from .changes import committee_changed
from .models import AgendaItem, Bilag, ItemReferat, ItemSection, Meeting, MeetingStatus
from .models.items import validate_html_size
from .sanitize import html_to_text, sanitize_html

# Unique (parent, position) constraints are not deferrable: moving rows first shifts them out
# of the way, then gives them their final positions, inside one transaction.
_POSITION_SHIFT = 10000


def linkable_projects(committee_id: int) -> QuerySet[Project]:
    """The projects a committee's items may name: those of the programmes it follows.

    A committee that follows no programme has none (it oversees no portfolio), never all.
    """
    return Project.objects.filter(programme__committees=committee_id)


def ensure_projects_linkable(meeting: Meeting, projects: Sequence[Project]) -> None:
    """Refuse projects of a programme the meeting's committee does not follow."""
    allowed = set(
        linkable_projects(meeting.committee_id)
        .filter(pk__in=[project.pk for project in projects])
        .values_list("pk", flat=True)
    )
    foreign = sorted(project.name for project in projects if project.pk not in allowed)
    if foreign:
        raise ValidationError(
            {
                "projects": "Udvalget følger ikke programmet for "
                + ", ".join(f"»{name}«" for name in foreign)
                + "; punktet kan kun nævne projekter fra udvalgets egne programmer."
            }
        )


class ConflictError(Exception):
    """A save named a version of an item or section that is no longer the stored one.

    Carries the stored object, so the editor can show it next to the user's unsaved text.
    """

    def __init__(self, current: AgendaItem | ItemSection | ItemReferat) -> None:
        self.current = current
        self.changed_by = current.updated_by
        self.changed_at = current.updated_at
        super().__init__(f"{current._meta.verbose_name} er ændret af en anden")


class OrderConflictError(ValidationError):
    """A new order that does not name exactly the rows there are (someone else changed them)."""


def locked_meeting(meeting: Meeting | int) -> Meeting:
    """The meeting, locked for the rest of the transaction."""
    pk = meeting if isinstance(meeting, int) else meeting.pk
    return Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=pk)


def locked_item(item: AgendaItem | int) -> AgendaItem:
    """The item, locked for the rest of the transaction, with its meeting and committee."""
    pk = item if isinstance(item, int) else item.pk
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__committee")
        .get(pk=pk)
    )


def locked_bilag(bilag: Bilag | int) -> Bilag:
    """The bilag, locked for the rest of the transaction, with its item and meeting."""
    pk = bilag if isinstance(bilag, int) else bilag.pk
    return Bilag.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=pk)


def touch(*meetings: Meeting | int) -> None:
    """Count an agenda change on the meetings (a version names what a cache saw)."""
    pks = [meeting if isinstance(meeting, int) else meeting.pk for meeting in meetings]
    if not pks:
        return
    Meeting.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=timezone.now())


def ensure_agenda_editable(meeting: Meeting) -> None:
    """Refuse agenda changes once the minutes are approved or the meeting is cancelled."""
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            "Referatet er godkendt, så dagsordenen er låst. Genåbn referatet for at ændre den."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("Mødet er aflyst, så dagsordenen kan ikke ændres.")


def ensure_minutes_open(meeting: Meeting) -> None:
    """Decisions and attendance are recorded from publication until the minutes are approved."""
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            "Referatet er godkendt, og beslutningerne er låst. Genåbn referatet for at ændre dem."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("Mødet er aflyst.")
    if meeting.status == MeetingStatus.DRAFT:
        raise ValidationError(
            "Dagsordenen er ikke udsendt endnu. Beslutninger og fremmøde registreres, "
            "når dagsordenen er udsendt."
        )


def set_order(queryset: QuerySet, ids: Sequence[int]) -> None:
    """Give the rows named by ids (all rows of one parent) positions 1..n in that order."""
    if not ids:
        return
    rows = queryset.filter(pk__in=ids)
    rows.update(position=F("position") + _POSITION_SHIFT)
    rows.update(
        position=Case(
            *[When(pk=pk, then=Value(number)) for number, pk in enumerate(ids, start=1)],
            output_field=models.PositiveIntegerField(),
        )
    )


def next_position(queryset: QuerySet) -> int:
    """The position after the last row of a parent."""
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def moved_rows(before: Sequence[int], after: Sequence[int]) -> list[int]:
    """The rows that moved: those outside a longest run that kept its relative order."""
    index = {pk: number for number, pk in enumerate(before)}
    sequence = [index[pk] for pk in after]
    # Longest increasing subsequence (patience sorting), keeping the chain to rebuild it.
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(sequence)
    for at, value in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        previous[at] = tail_at[low - 1] if low else -1
        if low == len(tails):
            tails.append(value)
            tail_at.append(at)
        else:
            tails[low] = value
            tail_at[low] = at
    kept: set[int] = set()
    at = tail_at[-1] if tail_at else -1
    while at != -1:
        kept.add(after[at])
        at = previous[at]
    return [pk for pk in after if pk not in kept]


def shifted(queryset: QuerySet, pk: int, offset: int) -> tuple[list[int], int, int] | None:
    """The parent's order with one row moved by `offset` places (None: it cannot move).

    Returns the new order of ids and the row's old and new index (counted from 0).
    """
    order = list(queryset.order_by("position").values_list("pk", flat=True))
    at = order.index(pk)
    to = max(0, min(len(order) - 1, at + offset))
    if to == at:
        return None
    order.insert(to, order.pop(at))
    return order, at, to


def check_order(current: Sequence[int], order: Sequence[int], what: str) -> None:
    """Refuse an order that does not name exactly the rows there are."""
    if len(order) != len(set(order)) or set(order) != set(current):
        raise OrderConflictError(
            f"{what} er ændret af en anden, mens du flyttede. Genindlæs siden, og flyt igen."
        )


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [before, after] for what changed (for a new object: what it was given)."""
    return {
        key: [old.get(key), value]
        for key, value in new.items()
        if old.get(key) != value and (key in old or value not in ("", [], False, None))
    }


_TRAILING_EMPTY_PARAGRAPHS = re.compile(r"(?:\s*<p>\s*(?:<br>)?\s*</p>)+\s*$")


# The limit and its message are the model's (`ItemSection.html`), so that imports keep it too.
check_html_size = validate_html_size


def clean_html(html: str) -> str:
    """The one sanitizer, and nothing at all for an editor's empty paragraph."""
    check_html_size(html)
    cleaned = sanitize_html(html)
    if not html_to_text(cleaned).strip() and "<table" not in cleaned:
        return ""
    # The editor's last, empty line is not part of the text.
    return _TRAILING_EMPTY_PARAGRAPHS.sub("", cleaned)


def set_status(
    meeting: Meeting,
    *,
    actor: Actor,
    allowed_from: Sequence[str],
    to: str,
    action: AuditAction,
    summary: str,
    refusal: str,
    extra: dict[str, Any] | None = None,
) -> Meeting:
    """Move a locked meeting from one of `allowed_from` to `to`, or refuse with `refusal`."""
    meeting = locked_meeting(meeting)
    if meeting.status not in allowed_from:
        raise ValidationError(f"{refusal} Mødet har status »{meeting.get_status_display()}«.")
    old = meeting.status
    meeting.status = to
    meeting.full_clean()
    meeting.save(update_fields=["status", "updated_at"])
    committee_changed(meeting.committee_id)  # a cancelled meeting is no one's "næste møde"
    record_audit(
        meeting=meeting,
        actor=actor,
        action=action,
        summary=summary,
        target=meeting,
        changes={"status": [old, to], **(extra or {})},
    )
    return meeting
