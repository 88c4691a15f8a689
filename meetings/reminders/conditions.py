"""THE condition registry: on what condition a reminder goes out, decided when it is sent.

Each `ReminderCondition` value has one entry in `CONDITIONS`: a function deciding whether the
condition holds for the meeting now and, where the condition decides it, what the e-mail's
`{punkter}` lists. The wording of a condition is the label of its `ReminderCondition` value
(shown in the rule form and on the secretariat's page); `wording_now` says whether it holds.

To add a reminder kind:

1. add the value and its Danish label to `ReminderCondition` in `meetings/models/reminders.py`
   (and the migration `makemigrations` then writes for the new choice);
2. add its `Condition` to `CONDITIONS` below: `holds` (and `points` if the e-mail should list
   something else than the agenda or the presenter's own items).

Nothing else branches on the condition; `tests/meetings/reminders/test_conditions.py` fails
for a value without an entry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..models import AgendaItem, Meeting, MeetingStatus, Reminder, ReminderCondition
from .times import meeting_times


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in agenda order, with their presenters and bilag."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related("presenters", "bilag")
    )


def without_bilag(items: Iterable[AgendaItem]) -> list[tuple[int, AgendaItem]]:
    """Numbered items that have presenters but no bilag yet."""
    return [
        (number, item)
        for number, item in enumerate(items, start=1)
        if item.presenters.all() and not item.bilag.all()
    ]


def undecided(items: Iterable[AgendaItem]) -> list[tuple[int, AgendaItem]]:
    """Numbered items with a kind (O, B, D) that have no decision recorded."""
    return [
        (number, item)
        for number, item in enumerate(items, start=1)
        if item.kind and not item.decision_outcome
    ]


def numbered(pairs: Iterable[tuple[int, AgendaItem]]) -> list[str]:
    """`3. Title` for each numbered item."""
    return [f"{number}. {item.title}" for number, item in pairs]


@dataclass
class Situation:
    """The meeting as a condition sees it; its items are read once, and only when asked for."""

    meeting: Meeting
    known_items: list[AgendaItem] | None = field(default=None, repr=False)

    @cached_property
    def items(self) -> list[AgendaItem]:
        if self.known_items is not None:
            return self.known_items
        return meeting_items(self.meeting)


@dataclass(frozen=True)
class Condition:
    """One kind of reminder: when it holds, and what its e-mail lists (None: the default)."""

    holds: Callable[[Situation], bool]
    points: Callable[[Situation], list[str]] | None = None


def _decisions_missing(situation: Situation) -> bool:
    if situation.meeting.status not in (MeetingStatus.PUBLISHED, MeetingStatus.HELD):
        return False
    return bool(undecided(situation.items))


CONDITIONS: dict[ReminderCondition, Condition] = {
    ReminderCondition.ALWAYS: Condition(holds=lambda situation: True),
    ReminderCondition.ITEMS_WITHOUT_BILAG: Condition(
        holds=lambda situation: bool(without_bilag(situation.items)),
    ),
    ReminderCondition.NOT_PUBLISHED: Condition(
        holds=lambda situation: situation.meeting.status == MeetingStatus.DRAFT,
    ),
    ReminderCondition.PUBLISHED: Condition(
        holds=lambda situation: situation.meeting.status != MeetingStatus.DRAFT,
    ),
    ReminderCondition.DECISIONS_MISSING: Condition(
        holds=_decisions_missing,
        points=lambda situation: numbered(undecided(situation.items)),
    ),
}


def condition_of(reminder: Reminder) -> Condition:
    """The registry's entry for the reminder's rule."""
    return CONDITIONS[ReminderCondition(reminder.rule.condition)]


def condition_holds(reminder: Reminder, items: list[AgendaItem] | None = None) -> bool:
    """Whether the rule's condition is true now (evaluated at send time, not at scheduling)."""
    meeting = reminder.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        return False
    start, _ = meeting_times(meeting)
    if start != reminder.meeting_starts_at:
        return False  # computed for a time the meeting no longer has
    return condition_of(reminder).holds(Situation(meeting, items))


def condition_points(reminder: Reminder, items: list[AgendaItem] | None = None) -> list[str] | None:
    """What the e-mail's `{punkter}` lists when the condition decides it, else None."""
    points = condition_of(reminder).points
    return None if points is None else points(Situation(reminder.meeting, items))


def wording_now(reminder: Reminder, holds: bool) -> str:
    """Whether the condition holds now, in the words of the secretariat's page."""
    label = ReminderCondition(reminder.rule.condition).label
    if holds:
        return f"betingelsen er opfyldt lige nu: {label.lower()}"
    return f"betingelsen er ikke opfyldt lige nu: {label.lower()}"
