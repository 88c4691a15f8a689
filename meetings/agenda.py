"""The computed agenda: numbers, (O)/(B) markers, clock times, bilag numbers, totals.

Every page, PDF and e-mail that shows an agenda takes it from `agenda_for(...)`, so the list
line, the item heading and the bilag lines can never disagree.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from dap_portal import danish
from projects.models import Project

from . import files
from .access import Viewer
from .between import ItemBetween, between_for
from .models import (
    AgendaItem,
    Bilag,
    Committee,
    ItemEmbed,
    ItemSection,
    Meeting,
    MeetingStatus,
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

    @property
    def anchor(self) -> str:
        """`3-1`: an id-safe form of the number."""
        return self.number.replace(".", "-")

    @property
    def is_generated(self) -> bool:
        """Built by the portal from its data (e.g. project monitoring), not uploaded."""
        return bool(self.bilag.generated)

    @property
    def downloadable(self) -> bool:
        """The viewer may see it and there is a file to fetch."""
        return self.visible and self.bilag.has_file


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
    # Concluded written procedures and follow-up on decisions (`meetings.between`).
    between: ItemBetween | None = None

    @property
    def marker(self) -> str:
        return f" ({self.item.kind})" if self.item.kind else ""

    @property
    def title(self) -> str:
        """The item's title, or for a viewer without access to a closed item the title the
        secretariat gave others (`AgendaItem.public_title`, 'Lukket punkt' by default)."""
        return self.item.title if self.visible else self.item.shown_title

    @property
    def heading(self) -> str:
        """`3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B)`."""
        return f"{self.number}. {self.title}{self.marker}"

    @property
    def list_line(self) -> str:
        """`2. Kronikerpakker (O) (10 min.)`: the heading and the item's minutes."""
        return f"{self.heading} ({danish.minutes(self.item.duration_minutes)})"

    @property
    def anchor(self) -> str:
        return f"punkt-{self.number}"

    @property
    def is_next_meeting(self) -> bool:
        """The standing item 'Eventuelt og næste møde', which ends with the generated sentence."""
        return is_next_meeting_item(self.item)

    @property
    def recommendations(self) -> list[ItemSection]:
        """The item's Indstilling sections (the minutes show them, then the decision)."""
        return [
            section for part in self.parts for section in part.sections if section.is_recommendation
        ]

    @property
    def has_recommendation(self) -> bool:
        """Whether the item has an Indstilling (the minutes show it, then the decision)."""
        return bool(self.recommendations)

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
    def title(self) -> str:
        """`Dagsorden til styregruppemøde for Digital Almen Praksis` (and the meeting's own)."""
        return title_line(self.meeting, "Dagsorden til")

    @property
    def next_meeting_sentence(self) -> str:
        return self._next_meeting_sentence

    @cached_property
    def _next_meeting_sentence(self) -> str:
        return next_meeting_sentence(self.meeting)

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
        return schedule_line(self.meeting, capitalize=True)

    @property
    def bilag_count(self) -> int:
        return sum(len(line.bilag) for line in self.lines)


def default_meeting_title(committee: Committee) -> str:
    """`Styregruppemøde for Digital Almen Praksis`: a meeting's title unless it has its own."""
    return f"Styregruppemøde for {committee.subject}"


def own_title(meeting: Meeting) -> str:
    """The meeting's own title (`Ekstraordinært styregruppemøde`), or '' for the usual one."""
    title = meeting.title.strip()
    return "" if title == default_meeting_title(meeting.committee) else title


def title_line(meeting: Meeting, prefix: str) -> str:
    """`Dagsorden til styregruppemøde for Digital Almen Praksis`, with a meeting's own title
    after a dash: `… – Ekstraordinært styregruppemøde`."""
    line = f"{prefix} styregruppemøde for {meeting.committee.subject}"
    own = own_title(meeting)
    return f"{line} – {own}" if own else line


def schedule_line(meeting: Meeting, *, capitalize: bool = False) -> str:
    """When and where: `mandag d. 6. oktober 2025, kl. 13.00-15.00, Slotsholmsgade 12`."""
    parts = [danish.date_with_weekday(meeting.date, capitalize=capitalize)]
    span = danish.clock_span(meeting.start_time, meeting.end_time)
    if span:
        parts.append(span)
    if meeting.location:
        parts.append(meeting.location)
    return ", ".join(parts)


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's next meeting in the portal after this one (not a cancelled one)."""
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, date__gt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time", "pk")
        .first()
    )


def next_meeting_sentence(meeting: Meeting) -> str:
    """`Næste møde afholdes tirsdag d. 16. december 2025 kl. 13.00-15.00 i ...`, or ''.

    From the committee's next meeting in the portal; a date the secretariat typed on the
    meeting (`next_date`) overrides it, for a meeting not yet created in the portal.
    """
    if meeting.next_date:
        day, start, end = meeting.next_date, meeting.next_start_time, meeting.next_end_time
        location = meeting.next_location
    elif (following := next_meeting(meeting)) is not None:
        day, start, end = following.date, following.start_time, following.end_time
        location = following.location
    else:
        return ""
    sentence = f"Næste møde afholdes {danish.date_with_weekday(day)}"
    span = danish.clock_span(start, end)
    if span:
        sentence += f" {span}"
    if location:
        sentence += f" i {location}"
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
            # Only what the agenda reads: the ids that narrow access and the project names.
            Prefetch("restricted_to", queryset=get_user_model().objects.only("pk")),
            Prefetch("projects", queryset=Project.objects.only("pk", "name")),
        )
    )


def _parts(item: AgendaItem) -> list[Part]:
    """Group the sections into runs of the same sub-part, in the sections' order.

    A run ends where the part changes, so text after the parts ('Videre proces' at the end of
    item 8) stays after them. An embed belongs to the first run of the part it names; within
    it the embed follows the run's first section, as the budget table follows 'Programleder
    ... gennemgår status.' in item 8.
    """
    parts: list[Part] = []
    for section in item.sections.all():
        if not parts or parts[-1].heading != section.part:
            parts.append(Part(section.part, [], []))
        parts[-1].sections.append(section)
    for embed in item.embeds.all():
        target = next((part for part in parts if part.heading == embed.part), None)
        if target is None:
            target = Part(embed.part, [], [])
            parts.append(target)
        target.embeds.append(embed)
    return parts


def agenda_for(meeting: Meeting, viewer: Viewer) -> Agenda:
    """The agenda of a meeting as one viewer may see it."""
    lines: list[AgendaLine] = []
    clock = meeting.start_time
    items = list(items_for_agenda(meeting))
    between = between_for(meeting, viewer, items)
    for number, item in enumerate(items, start=1):
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
                between=between.get(item.pk) if visible else None,
            )
        )
        clock = ends
    return Agenda(meeting=meeting, lines=lines)


def is_next_meeting_item(item: AgendaItem) -> bool:
    return item.standing == StandingItem.NEXT_MEETING


# Item and bilag numbers are ranks by position (1, 2, 3 ... and 3.1, 3.2 ...), whatever gaps the
# stored positions have: `agenda_for` enumerates the ordered rows, `bilag_number` counts them.
def bilag_number(bilag: Bilag) -> str:
    """`3.1` for the first bilag of the third item, as `agenda_for` numbers it (two queries)."""
    item = bilag.item
    item_number = AgendaItem.objects.filter(
        meeting_id=item.meeting_id, position__lte=item.position
    ).count()
    index = Bilag.objects.filter(item_id=item.pk, position__lte=bilag.position).count()
    return f"{item_number}.{index}"


_EXTENSIONS = {
    kind.content_type: kind.extension
    for kind in (
        files.PDF,
        files.DOCX,
        files.XLSX,
        files.PPTX,
        files.OLE_OFFICE,
        files.PNG,
        files.JPEG,
        files.GIF,
    )
}
_UNSAFE_IN_FILENAME = re.compile(r"[^\w.]+")


def bilag_filename(bilag: Bilag, number: str) -> str:
    """`Bilag-3.1-Kronikerpakker-analyse-Kommissorium-v097.pdf`: no separators, quotes or spaces.

    The extension follows the stored content type (decided by sniffing the file on upload),
    not the name the uploader gave it.
    """
    stem = _UNSAFE_IN_FILENAME.sub("-", bilag.title).strip("-.")[:120].rstrip("-.")
    extension = _EXTENSIONS.get(bilag.content_type)
    if extension is None:
        stored = bilag.file.name.rsplit("/", 1)[-1]
        extension = stored.rsplit(".", 1)[-1].lower() if "." in stored else "bin"
    name = f"Bilag-{number}-{stem}" if stem else f"Bilag-{number}"
    return f"{name}.{extension}"


def item_numbers(items: Iterable[AgendaItem]) -> dict[int, int]:
    """The agenda number of each item (its rank by position in its meeting), by item id."""
    items = list(items)
    meeting_ids = {item.meeting_id for item in items}
    if not meeting_ids:
        return {}
    wanted = {item.pk for item in items}
    numbers: dict[int, int] = {}
    counters: dict[int, int] = {}
    rows = (
        AgendaItem.objects.filter(meeting_id__in=meeting_ids)
        .order_by("meeting_id", "position")
        .values_list("pk", "meeting_id")
    )
    for pk, meeting_id in rows:
        counters[meeting_id] = counters.get(meeting_id, 0) + 1
        if pk in wanted:
            numbers[pk] = counters[meeting_id]
    return numbers
