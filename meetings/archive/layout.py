"""Agendas and minutes read from lines and tables into a `dap-agenda/1` document.

The reader follows the document as a person reads it, by what each line means rather than
one phrasing (the phrases are one table, `phrases.py`): the title line ("Dagsorden til …",
"Referat fra …", "Dagsorden og referat …", perhaps with date, time and place), the time and
place block under any of its usual headings, attendance ("Til stede", "Afbud") with groups
and guests, the item list when there is one (minutes often go straight to the items), then
each item's body from its numbered heading, with bilag lines, the presenter line, sections,
the decision ("Beslutning" or "Referat") and follow-up ("Opfølgning"). Lines in capitals
between items ("DEBATPUNKTER") group items and are not items. What the reader corrects or
cannot place is reported as a note, never silently dropped.
"""

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import BODY_SIZE, Block, Line, ReadError, Table
from .phrases import (
    DUE_LABELS,
    FOLLOW_UP,
    ITEM_PREFIX,
    KIND_BANNERS,
    NEXT_MEETING,
    NOBODY,
    PLAN_OVERRUN,
    PRESENTER_PHRASES,
    RESPONSIBLE_LABELS,
    SECTION_HEADINGS,
    TITLE,
    UNTIL_NEXT,
    Note,
    SectionHtml,
    amounts_in,
    find_date,
    guest_items,
    label_of,
    next_meeting,
    no_date,
    person,
    section_heading,
    split_names,
    title_kind,
    when_where,
)

__all__ = [
    "DECISION",
    "STANDARD_HEADINGS",
    "UNPLACED",
    "Note",
    "Reading",
    "amounts_in",
    "read_layout",
]

STANDARD_HEADINGS = tuple(dict.fromkeys(SECTION_HEADINGS.values()))
DECISION = "Beslutning"
REFERAT = "Referat"
UNPLACED = "Uplaceret tekst"

_LIST_LINE = re.compile(
    r"^(?:\d{1,2}[.:]\d{2}\s+)?" + ITEM_PREFIX + r"?(?P<number>\d{1,2})\s*[.:)]\s*(?:[-–]\s*)?"
    r"(?P<title>.+?)"
    r"(?:\s*\((?P<kind>[OBD])\))?(?:\s*\((?P<minutes>\d{1,3})\s*min\.?\))?\s*$",
    re.IGNORECASE,
)
_ITEM_HEADING = re.compile(
    r"^(?P<prefix>" + ITEM_PREFIX + r")?(?P<number>\d{1,2})\s*[.:)]\s*(?:[-–]\s*)?"
    r"(?P<title>\S.*?)(?:\s*\((?P<kind>[OBD])\))?(?:\s*\((?P<minutes>\d{1,3})\s*min\.?\))?$",
    re.IGNORECASE,
)
_BILAG = re.compile(
    r"^Bilag\s*(?:(?P<item>\d{1,2})\.(?P<n>\d{1,2})|(?P<only>\d{1,2}))?\s*[:.]?\s+(?P<title>.+?)\s*$"
)
_PRESENTERS = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in PRESENTER_PHRASES) + r")\s*:?\s+(?P<names>.+?)\.?\s*$",
    re.IGNORECASE,
)
_GROUP = re.compile(r"^(?P<group>[^:\d]{2,60}?)\s*:\s*(?P<names>.*)$")
_KINDS = {"O", "B", "D"}


@dataclass
class Reading:
    """What was read from one file: the agenda document, and for minutes the decisions."""

    kind: str  # "dagsorden" | "referat"
    document: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    attendance: list[dict[str, str]] = field(default_factory=list)
    decisions: dict[int, str] = field(default_factory=dict)  # item number -> html
    # Follow-up ("Opfølgning") that names who and when: item, what, who, due / next meeting.
    actions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.document["meeting"]["date"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "document": self.document,
            "notes": [note.as_dict() for note in self.notes],
            "attendance": self.attendance,
            "decisions": {str(k): v for k, v in self.decisions.items()},
            "actions": self.actions,
        }


NOT_AN_AGENDA = (
    "Filen ligner ikke en dagsorden eller et referat: der er ingen titellinje som "
    "»Dagsorden til …«, »Referat fra …« eller »Dagsorden og referat …«."
)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


@dataclass
class _Item:
    number: int
    title: str
    kind: str | None
    minutes: int | None
    listed_title: str = ""
    presenters: list[dict[str, str]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)
    sections: list[dict[str, str]] = field(default_factory=list)
    decision: str = ""
    referat: str = ""  # text under "Referat" (the decision when there is no "Beslutning")
    standing: str = ""
    unplaced: list[str] = field(default_factory=list)
    banner_kind: str | None = None
    follow_up: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.index = 0
        self.title_at = 0
        self.notes: list[Note] = []

    def note(self, level: str, text: str) -> None:
        self.notes.append(Note(level, text))

    def peek(self) -> Block | None:
        return self.blocks[self.index] if self.index < len(self.blocks) else None

    def take(self) -> Block | None:
        block = self.peek()
        self.index += 1
        return block

    def find(self, predicate, limit: int) -> int | None:
        for offset in range(self.index, min(len(self.blocks), self.index + limit)):
            block = self.blocks[offset]
            if isinstance(block, Line) and predicate(block):
                return offset
        return None


def _is_caps_banner(line: Line) -> bool:
    text = line.text.strip().rstrip(":")
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 5 and text == text.upper() and not any(ch.isdigit() for ch in text)


def _read_list(reader: _Reader) -> list[_Item]:
    items: list[_Item] = []
    banner: str | None = None
    while (block := reader.peek()) is not None:
        if isinstance(block, Table):
            break
        match = _LIST_LINE.match(block.text)
        if match and int(match["number"]) == len(items) + 1:
            reader.take()
            items.append(
                _Item(
                    number=len(items) + 1,
                    title=match["title"].strip(),
                    kind=match["kind"],
                    minutes=int(match["minutes"]) if match["minutes"] else None,
                    banner_kind=banner,
                )
            )
            continue
        if _is_caps_banner(block) and block.text.strip() in KIND_BANNERS:
            reader.take()  # a group of items in the list ("BESLUTNINGSPUNKTER")
            banner = KIND_BANNERS[block.text.strip()]
            continue
        if (
            items
            and not block.bold
            and items[-1].minutes is None
            and not match
            and not block.new_paragraph
        ):
            # A long title wrapped onto the next line.
            reader.take()
            extra = _LIST_LINE.match(f"1. {items[-1].title} {block.text}")
            if extra:
                items[-1].title = extra["title"]
                items[-1].kind = extra["kind"] or items[-1].kind
                items[-1].minutes = int(extra["minutes"]) if extra["minutes"] else None
            continue
        break
    return items


def _heading_match(
    line: Line, expected: int, listed: dict[int, _Item], has_list: bool
) -> re.Match | None:
    match = _ITEM_HEADING.match(line.text.strip())
    if not match or int(match["number"]) != expected:
        return None
    if line.bold or line.size > BODY_SIZE + 0.5:
        return match
    known = listed.get(expected)
    if known is not None and _similar(match["title"], known.title) > 0.85:
        return match
    if match["prefix"] and line.new_paragraph and not has_list:
        return match  # "Punkt 3: …", "Ad 3. …" in minutes without a list
    return None


class _ItemBody:
    """Collects one item's bilag, presenters, sections, decision, guests and follow-up."""

    def __init__(
        self, item: _Item, reader: _Reader, referat: bool, attendance: list[dict[str, str]]
    ) -> None:
        self.item = item
        self.reader = reader
        self.referat = referat
        self.attendance = attendance
        self.part = ""
        self.part_size = 0.0
        self.heading: str | None = None
        self.html = SectionHtml()
        self.started = False  # past the bilag and presenter lines
        self.in_decision = ""  # "Beslutning" or "Referat" while in one
        self.wrapped = None
        self.presenter_text = ""

    def _more_presenters(self, more: str) -> None:
        self.presenter_text = f"{self.presenter_text} {more}".rstrip(".")
        self.item.presenters = [person(n) for n in split_names(self.presenter_text)]

    def _more_next(self, more: str) -> None:
        self.item.unplaced[-1] += " " + more

    def _more_follow_up(self, more: str) -> None:
        self.item.follow_up[-1] += " " + more

    def _close(self) -> None:
        if self.in_decision == DECISION:
            self.item.decision += self.html.value()
        elif self.in_decision:
            self.item.referat += self.html.value()
        elif self.heading is not None or self.html:
            section = {"heading": self.heading or "", "html": self.html.value()}
            if self.part:
                section["part"] = self.part
            self.item.sections.append(section)
        self.html = SectionHtml()
        self.heading = None
        self.in_decision = ""

    def _guests(self, label: str, names: str) -> None:
        group = label if guest_items(label) else f"Gæst under punkt {self.item.number}"
        for name in split_names(names):
            if name.rstrip(".") in NOBODY:
                continue
            guest = {**person(name), "status": "guest", "group": group}
            known = next((a for a in self.attendance if a["name"] == guest["name"]), None)
            if known is None:
                self.attendance.append(guest)
            elif known.get("group", "").startswith("Gæst under punkt"):
                known["group"] = f"{known['group']} og {self.item.number}"  # a guest again

    @staticmethod
    def _heading(text: str) -> tuple[str, str, str] | None:
        """A heading alone on its line ("Referat", "Indstilling:") or before its text
        ("Beslutning: Godkendt."), bold or not."""
        return section_heading(text)

    def line(self, line: Line, following: Block | None) -> None:
        text = line.text.strip()
        if self.wrapped and not line.new_paragraph and not line.bold and not _BILAG.match(text):
            self.wrapped(text)  # the rest of a bilag, presenter, follow-up or next-meeting line
            return
        self.wrapped = None
        bilag = _BILAG.match(text)
        if bilag and not self.started:
            if bilag["item"] and int(bilag["item"]) != self.item.number:
                self.reader.note(
                    "se efter",
                    f"Punkt {self.item.number}: bilaget »{text}« har et andet punktnummer; "
                    f"det er nummereret under punkt {self.item.number}.",
                )
            attachment = {"title": bilag["title"]}
            self.item.attachments.append(attachment)
            self.wrapped = lambda more: attachment.update(title=f"{attachment['title']} {more}")
            return
        presenters = _PRESENTERS.match(text)
        if presenters and line.new_paragraph and not self.item.presenters:
            self.presenter_text = presenters["names"]
            self.item.presenters = [person(n) for n in split_names(self.presenter_text)]
            self.wrapped = self._more_presenters
            return
        label = label_of(text)
        if label is not None and label[0] == "guest" and label[1] and line.new_paragraph:
            self._guests(text.partition(":")[0].strip(), label[1])
            return
        if NEXT_MEETING.match(text) and line.new_paragraph:
            self.item.unplaced.append(text)  # decided by the caller (it knows the date)
            self.wrapped = self._more_next
            return
        heading = self._heading(text) if line.new_paragraph else None
        if heading is not None:
            what, key, tail = heading
            self.started = True
            self._close()
            if self.part and line.size >= self.part_size - 0.25 and self.part_size > BODY_SIZE:
                self.part = ""  # a heading as large as the part's own ends the part
            if what == "decision":
                self.in_decision = key
            else:
                self.heading = key
            if tail:
                self._body_line(Line(tail, new_paragraph=True))
            return
        if line.bold and not line.list_kind:
            next_is_heading = (
                isinstance(following, Line)
                and following.bold
                and section_heading(following.text) is not None
            )
            if next_is_heading or line.size > BODY_SIZE + 0.5:
                self.started = True
                self._close()
                self.part = text
                self.part_size = line.size
                return
        self.started = True
        self._body_line(line)

    def _body_line(self, line: Line) -> None:
        if self.heading == FOLLOW_UP:
            if line.new_paragraph or not self.item.follow_up:
                self.item.follow_up.append(
                    re.sub(r"^\s*(?:[•▪◦·●■\-–*]|\d{1,2}[.)])\s+", "", line.text)
                )
            else:
                self._more_follow_up(line.text)
        self.html.line(line)

    def table(self, table: Table) -> None:
        self.started = True
        self.html.table(table)

    def finish(self) -> None:
        self._close()


def _add_people(attendance: list[dict[str, str]], text: str, status: str, group: str) -> None:
    if text.strip().rstrip(".") in NOBODY:
        return
    for name in split_names(text.strip().rstrip(".")):
        if name.rstrip(".") in NOBODY:
            continue
        entry = {**person(name), "status": status}
        if group:
            entry["group"] = group
        attendance.append(entry)


def _take_line(reader: _Reader) -> Line:
    """The next line, with the lines it wraps onto (a PDF's lines within one paragraph)."""
    line = reader.take()
    text = line.text
    while (
        isinstance(nxt := reader.peek(), Line)
        and not nxt.new_paragraph
        and nxt.bold == line.bold
        and label_of(nxt.text) is None
    ):
        text += " " + reader.take().text
    return Line(text, line.bold, line.size, line.new_paragraph, line.list_kind, line.italic)


@dataclass
class _Head:
    """What stands between the title and the first item: when, where, who, the list."""

    meeting: dict[str, Any] = field(default_factory=dict)
    attendance: list[dict[str, str]] = field(default_factory=list)
    listed: list[_Item] = field(default_factory=list)
    has_list: bool = False
    unread: list[str] = field(default_factory=list)


def _read_head(reader: _Reader, head: _Head) -> None:
    state = ""  # "when", "present", "absent", "guest" while under such a heading
    group = ""
    when_lines = 0
    while (block := reader.peek()) is not None:
        if isinstance(block, Table):
            reader.take()
            for row in block.rows:  # a table of "Dato | …", "Sted | …"
                cells = [c for c in row if c]
                if cells and (found := label_of(cells[0])) and found[0] == "when":
                    when_where(" ".join(cells[1:]), reader.notes, head.meeting, place=True)
                elif cells:
                    head.unread.append(" | ".join(cells))
            continue
        if _heading_match(block, 1, {}, False):
            return  # minutes that go straight to the items
        if (
            _is_caps_banner(block)
            and isinstance(after := reader.blocks[reader.index + 1 : reader.index + 2], list)
            and after
            and isinstance(after[0], Line)
            and _heading_match(after[0], 1, {}, False)
        ):
            return  # "ORIENTERINGSPUNKTER" before item 1
        line = _take_line(reader)
        text = line.text.strip()
        found = label_of(text)
        if found is not None:
            category, rest = found
            if category == "list":
                head.has_list = True
                head.listed = _read_list(reader)
                return
            if category == "when" and state == "when" and not line.new_paragraph:
                # "Regionshuset Viborg," wrapped onto "Mødelokale: Konference 1".
                location = head.meeting.get("location", "")
                head.meeting["location"] = f"{location.rstrip(',')}, {text}".strip(", ")
                continue
            if category == "when":
                state, when_lines = "when", 0
                if rest:
                    when_where(rest, reader.notes, head.meeting, place=True)
                continue
            label = text.partition(":")[0].strip()
            if category == "guest" and state in ("present", "absent"):
                _add_people(head.attendance, rest, "guest", label)  # a guest group
                group = label
                continue
            state = category
            group = label if category == "guest" and guest_items(label) else ""
            if rest:
                _add_people(head.attendance, rest, state, group)
            continue
        if state == "when" and when_lines < 3 and not line.bold:
            when_lines += 1
            if when_where(text, reader.notes, head.meeting, place=True):
                continue
        if state in ("present", "absent", "guest"):
            grouped = _GROUP.match(text)
            if grouped:
                group = grouped["group"].strip()
                status = "guest" if guest_items(group) or state == "guest" else state
                _add_people(head.attendance, grouped["names"], status, group)
                continue
            if text.endswith(":") and len(text) < 60:
                group = text[:-1].strip()
                continue
            if not line.bold:
                _add_people(head.attendance, text, state, group)
                continue
        state = ""
        head.unread.append(text)


def _joined(reader: _Reader, at: int) -> tuple[str, int]:
    """The line at `at` with the lines it wraps onto (same size, no new paragraph), and the
    index after them: a title in Word's "Titel" style wraps over several PDF lines."""
    first = reader.blocks[at]
    text, end = first.text.strip(), at + 1
    while (
        end < len(reader.blocks)
        and isinstance(nxt := reader.blocks[end], Line)
        and not nxt.new_paragraph
        and abs(nxt.size - first.size) < 0.3
        and nxt.bold == first.bold
        and label_of(nxt.text) is None
    ):
        text, end = f"{text} {nxt.text.strip()}", end + 1
    return text, end


def _title(reader: _Reader) -> tuple[str, str, str]:
    """(kind, subject, what else the title line says: date, time, place)."""
    for at in range(min(len(reader.blocks), 40)):
        block = reader.blocks[at]
        if not isinstance(block, Line) or not TITLE.match(f"{block.text.strip()} x"):
            continue
        text, end = _joined(reader, at)
        match = TITLE.match(text)
        if match:
            reader.index, reader.title_at = end, at
            break
    else:
        raise ReadError(NOT_AN_AGENDA)
    kind = title_kind(match["phrase"])
    subject = match["subject"]
    dated = find_date(subject)
    rest = ""
    if dated is not None:
        rest = subject[dated[1].start() :]
        subject = subject[: dated[1].start()].strip().rstrip(",").strip()
    return kind, subject, rest


def read_layout(blocks: list[Block]) -> Reading:
    """The agenda or minutes in `blocks`, or ReadError when they are not one."""
    reader = _Reader(blocks)
    kind, subject, title_rest = _title(reader)
    head = _Head()
    # A letterhead above the title names who wrote the document: the secretariat.
    letterhead = [
        block.text.strip() for block in blocks[: reader.title_at] if isinstance(block, Line)
    ]
    if title_rest:
        when_where(title_rest, reader.notes, head.meeting, place=True)
    _read_head(reader, head)
    if "date" not in head.meeting:
        raise no_date("")
    meeting = head.meeting
    meeting.setdefault("location", "")
    date = dt.date.fromisoformat(meeting["date"])
    listed = head.listed
    by_number = {item.number: item for item in listed}
    items: list[_Item] = []
    unplaced_before: list[str] = list(head.unread)
    if unplaced_before:
        reader.note(
            "se efter",
            "Linjer i mødets hoved blev ikke genkendt: "
            + "; ".join(f"»{t}«" for t in unplaced_before)
            + f". De står under »{UNPLACED}« i punkt 1.",
        )
        head_unread = len(unplaced_before)
    else:
        head_unread = 0
    body: _ItemBody | None = None
    banner: str | None = None
    while (block := reader.take()) is not None:
        expected = len(items) + 1
        if isinstance(block, Line):
            match = _heading_match(block, expected, by_number, head.has_list)
            while (
                match
                and isinstance(nxt := reader.peek(), Line)
                and nxt.bold
                and not nxt.new_paragraph
                and abs(nxt.size - block.size) < 0.3
            ):
                # A long heading wrapped onto a second line.
                block = Line(f"{block.text} {reader.take().text}", True, block.size)
                match = _ITEM_HEADING.match(block.text.strip())
            if match:
                if body is not None:
                    body.finish()
                found = _Item(
                    number=expected,
                    title=match["title"].strip(),
                    kind=match["kind"],
                    minutes=int(match["minutes"]) if match["minutes"] else None,
                    banner_kind=banner,
                )
                items.append(found)
                body = _ItemBody(found, reader, kind == "referat", head.attendance)
                continue
            following = reader.peek()
            if (
                _is_caps_banner(block)
                and isinstance(following, Line)
                and _heading_match(following, expected, by_number, head.has_list)
            ):
                # "DEBATPUNKTER" between items: a group of items, not an item.
                name = block.text.strip().rstrip(":")
                if name in KIND_BANNERS:
                    banner = KIND_BANNERS[name]
                else:
                    reader.note(
                        "se efter",
                        f"Mellemoverskriften »{name}« før punkt {expected} er ikke et punkt og "
                        "er ikke gemt.",
                    )
                continue
            if body is None:
                if block.text.strip():
                    unplaced_before.append(block.text.strip())
                continue
            body.line(block, following)
        elif body is None:
            unplaced_before.append(" | ".join(" ".join(row) for row in block.rows))
        else:
            body.table(block)
    if body is not None:
        body.finish()
    if unplaced_before and not PLAN_OVERRUN.sub("", " ".join(unplaced_before)).strip():
        unplaced_before = []  # only the portal's own remark on the plan
    if not items and not listed:
        raise ReadError(
            "Filen har ingen nummererede punkter: hverken en liste under »Dagsorden for møde« "
            "eller punkter som »1. Meddelelser« i teksten."
        )
    if len(unplaced_before) > head_unread:
        reader.note(
            "se efter",
            f"Tekst før punkt 1 kunne ikke placeres; den står under »{UNPLACED}« i punkt 1.",
        )
    return _assemble(
        kind,
        subject,
        letterhead,
        meeting,
        date,
        listed,
        items,
        unplaced_before,
        head,
        reader,
    )


def _committee(subject: str, reader: _Reader) -> tuple[str, str, str]:
    """(committee name, short name, meeting title) from the title's subject."""
    body = re.sub(
        r"^(?:(?:det|den)\s+)?(?:ordinære\s+|ekstraordinære\s+)?"
        r"(?:styregruppemøde(?:t)?|mødet|møde)\s*(?:for|i|med)?\s*",
        "",
        subject,
        flags=re.IGNORECASE,
    ).strip(" ,.-–")
    named = re.search(r"(gruppe|bestyrelse|udvalg|råd|forum|komité|board)", body, re.IGNORECASE)
    if body and named and not re.match(r"^styregruppemøde", subject, re.IGNORECASE):
        name = body[0].upper() + body[1:]
        return name, _initials(name), f"Møde i {name}"
    if not body:
        reader.note(
            "se efter",
            "Titlen nævner ikke styregruppen; vælg styregruppen, når filen importeres.",
        )
        body = "ukendt styregruppe"
    return f"Styregruppen for {body}", _initials(body), f"Styregruppemøde for {body}"


def _follow_up_action(text: str, number: int, date: dt.date) -> dict[str, Any] | None:
    """A follow-up line that names who and when, as an action; None when it does not."""
    who = ""
    labelled = re.search(
        r"\b(?:" + "|".join(re.escape(label) for label in RESPONSIBLE_LABELS) + r")\s*:\s*"
        r"(?P<who>[^.;,]+?)(?=\s*(?:[.;,]|$|\b(?:" + "|".join(DUE_LABELS) + r")\b))",
        text,
        re.IGNORECASE,
    )
    if labelled:
        who = labelled["who"].strip()
    else:
        subject = re.match(r"^(?P<who>[A-ZÆØÅ][\wæøå]+(?:et|en|erne|ne))\b", text)
        if subject:
            who = subject["who"]
    due: dt.date | None = None
    dated = find_date(text)
    if dated is None:
        short = re.search(r"\b(\d{1,2})\.\s*([a-zæøå]{3,})\.?(?!\s*\d)", text, re.IGNORECASE)
        if short:
            dated = find_date(f"{short[1]}. {short[2]} {date.year}")
            if dated and dated[0] < date:
                dated = find_date(f"{short[1]}. {short[2]} {date.year + 1}")
    if dated is not None:
        due = dated[0]
    until_next = due is None and bool(UNTIL_NEXT.search(text))
    if not who or (due is None and not until_next):
        return None
    return {
        "item": number,
        "what": text.strip()[:500],
        "who": who[:200],
        "due_date": due.isoformat() if due else None,
        "until_next_meeting": until_next,
    }


def _assemble(
    kind: str,
    subject: str,
    letterhead: list[str],
    meeting: dict[str, Any],
    date: dt.date,
    listed: list[_Item],
    items: list[_Item],
    unplaced_before: list[str],
    head: _Head,
    reader: _Reader,
) -> Reading:
    name, short_name, title = _committee(subject, reader)
    document: dict[str, Any] = {
        "format": "dap-agenda/1",
        "committee": {"name": name, "short_name": short_name},
        "meeting": {"title": title, **meeting},
        "items": [],
    }
    if letterhead:
        document["committee"]["secretariat"] = " – ".join(letterhead)[:200]
    if len(items) < len(listed):
        for missing in listed[len(items) :]:
            reader.note(
                "se efter",
                f"Punkt {missing.number} »{missing.title}« står på listen, men har ingen tekst "
                "i dokumentet; det er oprettet uden indhold.",
            )
            items.append(_Item(missing.number, missing.title, missing.kind, None, banner_kind=None))
    elif listed and len(items) > len(listed):
        reader.note(
            "se efter",
            f"Dokumentet har {len(items)} punkter, men listen under »Dagsorden for møde« kun "
            f"{len(listed)}.",
        )
    if unplaced_before and items:
        items[0].sections.insert(
            0,
            {
                "heading": UNPLACED,
                "html": "".join(f"<p>{html.escape(t, quote=False)}</p>" for t in unplaced_before),
            },
        )
    by_number = {item.number: item for item in listed}
    decisions: dict[int, str] = {}
    actions: list[dict[str, Any]] = []
    no_minutes: list[int] = []
    for item in items:
        entry = by_number.get(item.number)
        if entry is not None:
            if _similar(entry.title, item.title) < 0.999:
                reader.note(
                    "rettet",
                    f"Punkt {item.number}: titlen i listen er »{entry.title}«, men i teksten "
                    f"»{item.title}«; teksten er brugt.",
                )
            item.kind = item.kind or entry.kind or entry.banner_kind
            item.minutes = entry.minutes if entry.minutes is not None else item.minutes
        item.kind = item.kind or item.banner_kind
        if item.minutes is None:
            no_minutes.append(item.number)
        out: dict[str, Any] = {
            "title": item.title,
            "kind": item.kind if item.kind in _KINDS else None,
            "duration_minutes": item.minutes or 0,
        }
        if item.presenters:
            out["presenters"] = item.presenters
        if item.attachments:
            out["attachments"] = item.attachments
        for text in item.unplaced:
            following = next_meeting(text, date, reader.notes)
            if following and "next_meeting" not in document:
                document["next_meeting"] = following
                out["standing"] = "next_meeting"
            else:
                item.sections.append(
                    {"heading": UNPLACED, "html": f"<p>{html.escape(text, quote=False)}</p>"}
                )
        decision = item.decision or item.referat
        if item.decision and item.referat:
            item.sections.append({"heading": REFERAT, "html": item.referat})
        out["sections"] = item.sections
        if decision and kind == "referat":
            decisions[item.number] = decision
        elif decision:
            out["decision_html"] = decision
        for text in item.follow_up:
            action = _follow_up_action(text, item.number, date)
            if action is not None:
                actions.append(action)
            elif text.strip():
                reader.note(
                    "se efter",
                    f"Punkt {item.number}: opfølgningen »{text.strip()[:120]}« nævner ikke både "
                    "hvem og hvornår; den står som tekst under »Opfølgning«.",
                )
        document["items"].append(out)
    if no_minutes and listed:
        for number in no_minutes:
            reader.note(
                "se efter",
                f"Punkt {number} »{items[number - 1].title}« har ingen varighed i listen; "
                "sat til 0 min.",
            )
    elif no_minutes:
        reader.note(
            "se efter",
            "Filen har ingen punktliste med varigheder; punkterne er sat til 0 min.",
        )
    return Reading(
        kind=kind,
        document=document,
        notes=reader.notes,
        attendance=head.attendance,
        decisions=decisions,
        actions=actions,
    )


def _initials(subject: str) -> str:
    letters = "".join(word[0] for word in re.findall(r"[A-ZÆØÅ]\w*", subject))
    return (letters or subject[:10]).upper()[:30]
