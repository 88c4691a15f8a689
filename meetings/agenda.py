"""The computed agenda: numbers, (O)/(B) markers, clock times, bilag numbers, totals.

Every page, PDF and e-mail that shows an agenda takes it from `agenda_for(...)`, so the list
line, the item heading and the bilag lines can never disagree.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from dap_portal import danish

from .access import Viewer
from .models import (
    AgendaItem,
    Bilag,
    ItemEmbed,
    ItemSection,
    Meeting,
    Presenter,
    StandingItem,
)


@dataclass(frozen=True)
class BilagLine:
    bilag: Bilag
    number: str  # "3.1"
    visible: bool  # False: listed by number and title only (confidential)

    @property
    def label(self) -> str:
        return f"Bilag {self.number} {self.bilag.title}"


@dataclass(frozen=True)
class Part:
    """The sections of an item under one sub-part heading ('' when the item has no parts)."""

    heading: str
    sections: list[ItemSection]
    embeds: list[ItemEmbed]


@dataclass(frozen=True)
class AgendaLine:
    item: AgendaItem
    number: int
    starts_at: dt.time | None
    ends_at: dt.time | None
    visible: bool  # False: a confidential item shown as number, title and 'Lukket punkt'
    bilag: list[BilagLine]
    presenters: list[Presenter]
    parts: list[Part] = field(default_factory=list)

    @property
    def marker(self) -> str:
        return f" ({self.item.kind})" if self.item.kind else ""

    @property
    def heading(self) -> str:
        """`3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B)`."""
        return f"{self.number}. {self.item.title}{self.marker}"

    @property
    def list_line(self) -> str:
        """`2. Kronikerpakker (O) (10 min.)`: the heading and the item's minutes."""
        return f"{self.heading} ({danish.minutes(self.item.duration_minutes)})"

    @property
    def anchor(self) -> str:
        return f"punkt-{self.number}"

    @property
    def presenter_line(self) -> str:
        if not self.presenters:
            return ""
        names = [str(presenter) for presenter in self.presenters]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
        return f"Fremlægges af {joined}"


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    lines: list[AgendaLine]

    @property
    def total_minutes(self) -> int:
        return sum(line.item.duration_minutes for line in self.lines)

    @property
    def ends_at(self) -> dt.time | None:
        return _add_minutes(self.meeting.start_time, self.total_minutes)

    @property
    def overrun_minutes(self) -> int:
        """Minutes the items run past the meeting's end time (0 when they fit)."""
        meeting = self.meeting
        if not (meeting.start_time and meeting.end_time):
            return 0
        planned = _minutes_between(meeting.start_time, meeting.end_time)
        return max(0, self.total_minutes - planned)

    @property
    def spare_minutes(self) -> int:
        meeting = self.meeting
        if not (meeting.start_time and meeting.end_time):
            return 0
        return max(0, _minutes_between(meeting.start_time, meeting.end_time) - self.total_minutes)

    @property
    def date_line(self) -> str:
        """`Mandag d. 6. oktober 2025, kl. 13.00-15.00, Slotsholmsgade 12, mødesal B (fælles)`."""
        meeting = self.meeting
        parts = [danish.date_with_weekday(meeting.date, capitalize=True)]
        span = danish.clock_span(meeting.start_time, meeting.end_time)
        if span:
            parts.append(span)
        if meeting.location:
            parts.append(meeting.location)
        return ", ".join(parts)

    @property
    def bilag_count(self) -> int:
        return sum(len(line.bilag) for line in self.lines)


def next_meeting_sentence(meeting: Meeting) -> str:
    """`Næste møde afholdes tirsdag d. 16. december 2025 kl. 13.00-15.00 i ...`, or ''."""
    if not meeting.next_date:
        return ""
    sentence = f"Næste møde afholdes {danish.date_with_weekday(meeting.next_date)}"
    span = danish.clock_span(meeting.next_start_time, meeting.next_end_time)
    if span:
        sentence += f" {span}"
    if meeting.next_location:
        sentence += f" i {meeting.next_location}"
    return sentence + "."


def _minutes_between(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _add_minutes(start: dt.time | None, minutes: int) -> dt.time | None:
    if start is None:
        return None
    total = (start.hour * 60 + start.minute + minutes) % (24 * 60)
    return dt.time(total // 60, total % 60)


def items_for_agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items with everything an agenda shows, in a fixed number of queries."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related(
            Prefetch("presenters", queryset=Presenter.objects.order_by("position")),
            Prefetch("sections", queryset=ItemSection.objects.order_by("position")),
            Prefetch("bilag", queryset=Bilag.objects.order_by("position")),
            Prefetch(
                "embeds",
                queryset=ItemEmbed.objects.select_related("programme").order_by("position"),
            ),
            "restricted_to",
            "projects",
        )
    )


def _parts(item: AgendaItem) -> list[Part]:
    """Group sections by sub-part, keeping the order in which parts first appear.

    An embed belongs to the part it names; within the part it follows the part's first
    section, as the budget table follows 'Programleder ... gennemgår status.' in item 8.
    """
    parts: dict[str, Part] = {}
    for section in item.sections.all():
        parts.setdefault(section.part, Part(section.part, [], [])).sections.append(section)
    for embed in item.embeds.all():
        parts.setdefault(embed.part, Part(embed.part, [], [])).embeds.append(embed)
    return list(parts.values())


def agenda_for(meeting: Meeting, viewer: Viewer) -> Agenda:
    """The agenda of a meeting as one viewer may see it."""
    lines: list[AgendaLine] = []
    clock = meeting.start_time
    for number, item in enumerate(items_for_agenda(meeting), start=1):
        visible = viewer.sees_item_content(item)
        ends = _add_minutes(clock, item.duration_minutes)
        lines.append(
            AgendaLine(
                item=item,
                number=number,
                starts_at=clock,
                ends_at=ends,
                visible=visible,
                bilag=[
                    BilagLine(
                        bilag=bilag,
                        number=f"{number}.{index}",
                        visible=viewer.sees_bilag(bilag, item),
                    )
                    for index, bilag in enumerate(item.bilag.all(), start=1)
                ]
                if visible
                else [],
                presenters=list(item.presenters.all()) if visible else [],
                parts=_parts(item) if visible else [],
            )
        )
        clock = ends
    return Agenda(meeting=meeting, lines=lines)


def is_next_meeting_item(item: AgendaItem) -> bool:
    return item.standing == StandingItem.NEXT_MEETING
