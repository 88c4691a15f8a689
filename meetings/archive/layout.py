"""The MedCom agenda layout read from lines and tables into a `dap-agenda/1` document.

The reader follows the agenda as a person reads it: the title line, "Dato og sted for møde",
the list under "Dagsorden for møde", then each item's body from its numbered heading, with
bilag lines, the presenter line, and sections under the standard headings. Minutes (referat)
add "Deltagere"/"Afbud" and each item's "Beslutning". What the reader corrects or cannot place
is reported as a note, never silently dropped.
"""

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import BODY_SIZE, Block, Line, ReadError, Table
from .phrases import (
    NEXT_MEETING,
    Note,
    SectionHtml,
    amounts_in,
    date_line,
    next_meeting,
    person,
    split_names,
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

STANDARD_HEADINGS = (
    "Resumé",
    "Indstilling",
    "Baggrund",
    "Problem",
    "Løsning",
    "Økonomi",
    "Finansiering",
    "Bemærkning",
    "Videre proces",
)
DECISION = "Beslutning"
UNPLACED = "Uplaceret tekst"
_HEADING_KEYS = {h.lower(): h for h in (*STANDARD_HEADINGS, DECISION)} | {"resume": "Resumé"}

_TITLE = re.compile(r"^(Dagsorden til|Referat af)\s+(.+?)\s*$", re.IGNORECASE)
_LIST_LINE = re.compile(
    r"^(?:\d{1,2}[.:]\d{2}\s+)?(?P<number>\d{1,2})\.\s+(?P<title>.+?)"
    r"(?:\s*\((?P<kind>[OBD])\))?(?:\s*\((?P<minutes>\d{1,3})\s*min\.?\))?\s*$"
)
_ITEM_HEADING = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<title>.+?)(?:\s*\((?P<kind>[OBD])\))?$")
_BILAG = re.compile(r"^Bilag\s+(?P<item>\d{1,2})\.(?P<n>\d{1,2}):?\s+(?P<title>.+?)\s*$")
_PRESENTERS = re.compile(r"^Fremlægges af\s+(?P<names>.+?)\.?\s*$")
_KINDS = {"O", "B", "D"}


@dataclass
class Reading:
    """What was read from one file: the agenda document, and for minutes the decisions."""

    kind: str  # "dagsorden" | "referat"
    document: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    attendance: list[dict[str, str]] = field(default_factory=list)
    decisions: dict[int, str] = field(default_factory=dict)  # item number -> html

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
        }


NOT_AN_AGENDA = (
    "Filen ligner ikke en dagsorden eller et referat: der er ingen linje »Dagsorden til …« "
    "eller »Referat af …« efterfulgt af »Dato og sted for møde«."
)


def _heading_key(text: str) -> str | None:
    return _HEADING_KEYS.get(text.strip().rstrip(":").strip().lower())


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
    standing: str = ""
    unplaced: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.index = 0
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


def _is_meta(line: Line, *texts: str) -> bool:
    return line.text.strip().rstrip(":").lower() in {t.lower() for t in texts}


def _read_list(reader: _Reader) -> list[_Item]:
    items: list[_Item] = []
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
                )
            )
            continue
        if items and not block.bold and items[-1].minutes is None and not match:
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


def _heading_match(line: Line, expected: int, listed: dict[int, _Item]) -> re.Match | None:
    match = _ITEM_HEADING.match(line.text.strip())
    if not match or int(match["number"]) != expected:
        return None
    if line.bold:
        return match
    known = listed.get(expected)
    if known is not None and _similar(match["title"], known.title) > 0.85:
        return match
    return None


class _ItemBody:
    """Collects one item's bilag, presenters and sections."""

    def __init__(self, item: _Item, reader: _Reader, referat: bool) -> None:
        self.item = item
        self.reader = reader
        self.referat = referat
        self.part = ""
        self.part_size = 0.0
        self.heading: str | None = None
        self.html = SectionHtml()
        self.started = False  # past the bilag and presenter lines
        self.in_decision = False
        self.wrapped = None
        self.presenter_text = ""

    def _more_presenters(self, more: str) -> None:
        self.presenter_text = f"{self.presenter_text} {more}".rstrip(".")
        self.item.presenters = [person(n) for n in split_names(self.presenter_text)]

    def _more_next(self, more: str) -> None:
        self.item.unplaced[-1] += " " + more

    def _close(self) -> None:
        if self.in_decision:
            self.item.decision = self.html.value()
        elif self.heading is not None or self.html:
            section = {"heading": self.heading or "", "html": self.html.value()}
            if self.part:
                section["part"] = self.part
            self.item.sections.append(section)
        self.html = SectionHtml()
        self.heading = None
        self.in_decision = False

    def line(self, line: Line, following: Block | None) -> None:
        text = line.text.strip()
        if self.wrapped and not line.new_paragraph and not line.bold and not _BILAG.match(text):
            self.wrapped(text)  # the rest of a bilag, presenter or next-meeting line
            return
        self.wrapped = None
        bilag = _BILAG.match(text)
        if bilag and not self.started:
            if int(bilag["item"]) != self.item.number:
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
        if NEXT_MEETING.match(text) and line.new_paragraph:
            self.item.unplaced.append(text)  # decided by the caller (it knows the date)
            self.wrapped = self._more_next
            return
        key = _heading_key(text) if line.bold else None
        if key is not None:
            self.started = True
            self._close()
            if self.part and line.size >= self.part_size - 0.25 and self.part_size > BODY_SIZE:
                self.part = ""  # a heading as large as the part's own ends the part
            if key == DECISION:
                self.in_decision = True
            else:
                self.heading = key
            return
        if line.bold and not line.list_kind:
            next_is_heading = (
                isinstance(following, Line)
                and following.bold
                and _heading_key(following.text) is not None
            )
            if next_is_heading or line.size > BODY_SIZE + 0.5:
                self.started = True
                self._close()
                self.part = text
                self.part_size = line.size
                return
        self.started = True
        self.html.line(line)

    def table(self, table: Table) -> None:
        self.started = True
        self.html.table(table)

    def finish(self) -> None:
        self._close()


def _people(reader: _Reader, status: str) -> list[dict[str, str]]:
    block = reader.peek()
    if not isinstance(block, Line) or block.bold:
        return []
    reader.take()
    text = block.text
    while isinstance(nxt := reader.peek(), Line) and not nxt.bold and not nxt.new_paragraph:
        text += " " + reader.take().text
    if text.strip().rstrip(".") in {"Ingen", "Ingen registreret"}:
        return []
    return [{**person(name), "status": status} for name in split_names(text)]


def read_layout(blocks: list[Block]) -> Reading:
    """The agenda or minutes in `blocks`, or ReadError when they are not one."""
    reader = _Reader(blocks)
    title_at = reader.find(lambda line: bool(_TITLE.match(line.text)), 40)
    if title_at is None:
        raise ReadError(NOT_AN_AGENDA)
    title_match = _TITLE.match(blocks[title_at].text)
    reader.index = title_at + 1
    # A title may wrap onto a second line.
    while (
        isinstance(nxt := reader.peek(), Line)
        and nxt.bold
        and not nxt.new_paragraph
        and not _is_meta(nxt, "Dato og sted for møde")
    ):
        title_match = _TITLE.match(f"{title_match.group(0)} {reader.take().text}")
    kind = "referat" if title_match[1].lower().startswith("referat") else "dagsorden"
    subject = title_match[2]
    date_at = reader.find(lambda line: _is_meta(line, "Dato og sted for møde"), 6)
    if date_at is None:
        raise ReadError(NOT_AN_AGENDA)
    reader.index = date_at + 1
    date_text = reader.take()
    if not isinstance(date_text, Line):
        raise ReadError(NOT_AN_AGENDA)
    text = date_text.text
    while isinstance(nxt := reader.peek(), Line) and not nxt.bold and not nxt.new_paragraph:
        text += " " + reader.take().text
    meeting = date_line(text, reader.notes)
    date = dt.date.fromisoformat(meeting["date"])

    attendance: list[dict[str, str]] = []
    list_heads = ("Dagsorden for møde", "Referat af møde")
    while (block := reader.peek()) is not None and not (
        isinstance(block, Line) and _is_meta(block, *list_heads)
    ):
        reader.take()
        if isinstance(block, Line) and _is_meta(block, "Deltagere", "Til stede"):
            attendance += _people(reader, "present")
        elif isinstance(block, Line) and _is_meta(block, "Afbud", "Fraværende"):
            attendance += _people(reader, "absent")
        elif isinstance(block, Line) and _is_meta(block, "Gæster", "Gæst"):
            attendance += _people(reader, "guest")
    if reader.take() is None:
        raise ReadError(
            "Filen har ingen liste under »Dagsorden for møde«, så punkterne kan ikke findes."
        )
    listed = _read_list(reader)
    if not listed:
        raise ReadError(
            "Listen under »Dagsorden for møde« har ingen nummererede punkter (»1. Meddelelser "
            "(5 min.)«)."
        )
    by_number = {item.number: item for item in listed}
    items: list[_Item] = []
    unplaced_before: list[str] = []
    body: _ItemBody | None = None
    while (block := reader.take()) is not None:
        expected = len(items) + 1
        if isinstance(block, Line):
            match = _heading_match(block, expected, by_number)
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
                    minutes=None,
                )
                items.append(found)
                body = _ItemBody(found, reader, kind == "referat")
                continue
            if body is None:
                if block.text.strip():
                    unplaced_before.append(block.text.strip())
                continue
            body.line(block, reader.peek())
        elif body is None:
            unplaced_before.append(" | ".join(" ".join(row) for row in block.rows))
        else:
            body.table(block)
    if body is not None:
        body.finish()
    return _assemble(
        kind, subject, meeting, date, listed, items, unplaced_before, attendance, reader
    )


def _assemble(
    kind: str,
    subject: str,
    meeting: dict[str, Any],
    date: dt.date,
    listed: list[_Item],
    items: list[_Item],
    unplaced_before: list[str],
    attendance: list[dict[str, str]],
    reader: _Reader,
) -> Reading:
    subject = re.sub(r"^styregruppemøde\s+(for|i)\s+", "", subject, flags=re.IGNORECASE)
    document: dict[str, Any] = {
        "format": "dap-agenda/1",
        "committee": {"name": f"Styregruppen for {subject}", "short_name": _initials(subject)},
        "meeting": {"title": f"Styregruppemøde for {subject}", **meeting},
        "items": [],
    }
    if len(items) < len(listed):
        for missing in listed[len(items) :]:
            reader.note(
                "se efter",
                f"Punkt {missing.number} »{missing.title}« står på listen, men har ingen tekst "
                "i dokumentet; det er oprettet uden indhold.",
            )
            items.append(_Item(missing.number, missing.title, missing.kind, None))
    elif len(items) > len(listed):
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
        reader.note(
            "se efter",
            f"Tekst før punkt 1 kunne ikke placeres; den står under »{UNPLACED}« i punkt 1.",
        )
    by_number = {item.number: item for item in listed}
    decisions: dict[int, str] = {}
    for item in items:
        entry = by_number.get(item.number)
        if entry is not None:
            if _similar(entry.title, item.title) < 0.999:
                reader.note(
                    "rettet",
                    f"Punkt {item.number}: titlen i listen er »{entry.title}«, men i teksten "
                    f"»{item.title}«; teksten er brugt.",
                )
            item.kind = item.kind or entry.kind
            item.minutes = entry.minutes
        if item.minutes is None:
            reader.note(
                "se efter",
                f"Punkt {item.number} »{item.title}« har ingen varighed i listen; sat til 0 min.",
            )
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
        out["sections"] = item.sections
        if item.decision and kind == "referat":
            decisions[item.number] = item.decision
        elif item.decision:
            out["decision_html"] = item.decision
        document["items"].append(out)
    return Reading(
        kind=kind,
        document=document,
        notes=reader.notes,
        attendance=attendance,
        decisions=decisions,
    )


def _initials(subject: str) -> str:
    letters = "".join(word[0] for word in re.findall(r"[A-ZÆØÅ]\w*", subject))
    return (letters or subject[:10]).upper()[:30]
