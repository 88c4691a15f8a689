"""THE condition registry: on what condition a reminder goes out, decided when it is sent.

Each `ReminderCondition` value has one entry in `CONDITIONS`: a function deciding whether the
condition holds for the meeting now and, where the condition decides it, what the e-mail's
`{punkter}` lists. The name of a condition is the label of its `ReminderCondition` value
(shown in the rule form); on the secretariat's page `wording_now` says what the condition is
and whether it holds now, from the entry's `when`, `yes` and `no`.

To add a reminder kind:

1. add the value and its Danish label to `ReminderCondition` in `meetings/models/reminders.py`
   (and the migration `makemigrations` then writes for the new choice);
2. add its `Condition` to `CONDITIONS` below: `holds` (and `points` if the e-mail should list
   something else than the agenda or the presenter's own items), and its wording `when`,
   `yes` and `no`.

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
    """One kind of reminder: when it holds, and what its e-mail lists (None: the default).

    `when` is the condition as a Danish subordinate clause ("Sendes kun, hvis <when>"); `yes`
    and `no` say what is the case now when it holds or does not (a function where that depends
    on more than the answer). An empty `when`: the reminder is always sent.
    """

    holds: Callable[[Situation], bool]
    points: Callable[[Situation], list[str]] | None = None
    when: str = ""
    yes: str = ""
    no: str | Callable[[Situation], str] = ""


def _decisions_missing(situation: Situation) -> bool:
    if situation.meeting.status not in (MeetingStatus.PUBLISHED, MeetingStatus.HELD):
        return False
    return bool(undecided(situation.items))


def _no_decisions_missing(situation: Situation) -> str:
    if situation.meeting.status not in (MeetingStatus.PUBLISHED, MeetingStatus.HELD):
        return "dagsordenen er ikke udsendt"
    return "alle punkter har en beslutning"


CONDITIONS: dict[ReminderCondition, Condition] = {
    ReminderCondition.ALWAYS: Condition(holds=lambda situation: True),
    ReminderCondition.ITEMS_WITHOUT_BILAG: Condition(
        holds=lambda situation: bool(without_bilag(situation.items)),
        when="et punkt med oplægsholder mangler bilag",
        yes="der er punkter med oplægsholder uden bilag",
        no="alle punkter med oplægsholder har bilag",
    ),
    ReminderCondition.NOT_PUBLISHED: Condition(
        holds=lambda situation: situation.meeting.status == MeetingStatus.DRAFT,
        when="dagsordenen ikke er udsendt",
        yes="dagsordenen er ikke udsendt",
        no="dagsordenen er udsendt",
    ),
    ReminderCondition.PUBLISHED: Condition(
        holds=lambda situation: situation.meeting.status != MeetingStatus.DRAFT,
        when="dagsordenen er udsendt",
        yes="dagsordenen er udsendt",
        no="dagsordenen er ikke udsendt",
    ),
    ReminderCondition.DECISIONS_MISSING: Condition(
        holds=_decisions_missing,
        points=lambda situation: numbered(undecided(situation.items)),
        when="der mangler beslutninger, efter dagsordenen er udsendt",
        yes="der mangler beslutninger",
        no=_no_decisions_missing,
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


def wording_now(reminder: Reminder, items: list[AgendaItem] | None = None) -> str:
    """What the rule's condition is and whether it holds now, in the secretariat's words:
    "Sendes kun, hvis dagsordenen ikke er udsendt – dagsordenen er udsendt, så den sendes ikke."
    """
    meeting = reminder.meeting
    entry = condition_of(reminder)
    rule = f"Sendes kun, hvis {entry.when}" if entry.when else "Sendes altid"
    if meeting.status == MeetingStatus.CANCELLED:
        return f"{rule} – mødet er aflyst, så den sendes ikke."
    start, _ = meeting_times(meeting)
    if start != reminder.meeting_starts_at:
        return f"{rule} – mødet er flyttet, så den sendes ikke til det gamle tidspunkt."
    if not entry.when:
        return f"{rule}."
    situation = Situation(meeting, items)
    if entry.holds(situation):
        return f"{rule} – {entry.yes}, så den sendes."
    fact = entry.no(situation) if callable(entry.no) else entry.no
    return f"{rule} – {fact}, så den sendes ikke."
