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

This module puts the document together; the head is read in `head.py`, each item's body in
`bodies.py`, with what both use in `reading.py`.
"""

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Line, ReadError
from .bodies import DECISION, ItemBody, follow_up_action
from .head import Head, committee_of, read_head, read_title
from .phrases import (
    KIND_BANNERS,
    PLAN_OVERRUN,
    SECTION_HEADINGS,
    Note,
    amounts_in,
    next_meeting,
    no_date,
    when_where,
)
from .reading import ITEM_HEADING, Item, Reader, heading_match, is_caps_banner, similar

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
REFERAT = "Referat"
UNPLACED = "Uplaceret tekst"

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


def read_layout(blocks: list[Block]) -> Reading:
    """The agenda or minutes in `blocks`, or ReadError when they are not one."""
    reader = Reader(blocks)
    kind, subject, title_rest = read_title(reader)
    head = Head()
    # A letterhead above the title names who wrote the document: the secretariat.
    letterhead = [
        block.text.strip() for block in blocks[: reader.title_at] if isinstance(block, Line)
    ]
    if title_rest:
        when_where(title_rest, reader.notes, head.meeting, place=True)
    read_head(reader, head)
    if "date" not in head.meeting:
        raise no_date("")
    meeting = head.meeting
    meeting.setdefault("location", "")
    date = dt.date.fromisoformat(meeting["date"])
    listed = head.listed
    by_number = {item.number: item for item in listed}
    items: list[Item] = []
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
    body: ItemBody | None = None
    banner: str | None = None
    while (block := reader.take()) is not None:
        expected = len(items) + 1
        if isinstance(block, Line):
            match = heading_match(block, expected, by_number, head.has_list)
            while (
                match
                and isinstance(nxt := reader.peek(), Line)
                and nxt.bold
                and not nxt.new_paragraph
                and abs(nxt.size - block.size) < 0.3
            ):
                # A long heading wrapped onto a second line.
                block = Line(f"{block.text} {reader.take().text}", True, block.size)
                match = ITEM_HEADING.match(block.text.strip())
            if match:
                if body is not None:
                    body.finish()
                found = Item.named(match, expected, banner)
                items.append(found)
                body = ItemBody(found, reader, head.attendance)
                continue
            following = reader.peek()
            if (
                is_caps_banner(block)
                and isinstance(following, Line)
                and heading_match(following, expected, by_number, head.has_list)
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


def _assemble(
    kind: str,
    subject: str,
    letterhead: list[str],
    meeting: dict[str, Any],
    date: dt.date,
    listed: list[Item],
    items: list[Item],
    unplaced_before: list[str],
    head: Head,
    reader: Reader,
) -> Reading:
    name, short_name, title = committee_of(subject, reader)
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
            items.append(Item(missing.number, missing.title, missing.kind, None, banner_kind=None))
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
            if similar(entry.title, item.title) < 0.999:
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
            action = follow_up_action(text, item.number, date)
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
