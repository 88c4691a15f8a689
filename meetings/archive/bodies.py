"""An item's body in an old agenda or minutes, from its numbered heading to the next: bilag
lines, the presenter line, guests under the item, sections, the decision ("Beslutning" or
"Referat") and follow-up ("Opfølgning"), and a follow-up line that names who and when read as
an action.
"""

import datetime as dt
import re
from typing import Any

from .blocks import BODY_SIZE, Block, Line, Table
from .phrases import (
    DUE_LABELS,
    FOLLOW_UP,
    NEXT_MEETING,
    NOBODY,
    PRESENTER_PHRASES,
    RESPONSIBLE_LABELS,
    UNTIL_NEXT,
    SectionHtml,
    find_date,
    guest_items,
    label_of,
    person,
    section_heading,
    split_names,
)
from .reading import Item, Reader

DECISION = "Beslutning"

_BILAG = re.compile(
    r"^Bilag\s*(?:(?P<item>\d{1,2})\.(?P<n>\d{1,2})|(?P<only>\d{1,2}))?\s*[:.]?\s+(?P<title>.+?)\s*$"
)
_PRESENTERS = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in PRESENTER_PHRASES) + r")\s*:?\s+(?P<names>.+?)\.?\s*$",
    re.IGNORECASE,
)


class ItemBody:
    """Collects one item's bilag, presenters, sections, decision, guests and follow-up."""

    def __init__(self, item: Item, reader: Reader, attendance: list[dict[str, str]]) -> None:
        self.item = item
        self.reader = reader
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


def follow_up_action(text: str, number: int, date: dt.date) -> dict[str, Any] | None:
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
