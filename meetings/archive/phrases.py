"""Fixed phrases of the MedCom layout (dates, times, names, amounts) and section HTML."""

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from dap_portal import danish

from .blocks import Line, ReadError, Table

_DATE = re.compile(
    r"^(?P<weekday>[A-Za-zæøåÆØÅ]+)\s+(?:d\.\s*)?(?P<day>\d{1,2})\.\s*(?P<month>[A-Za-zæøåÆØÅ]+)"
    r"(?:\s+(?P<year>\d{4}))?(?P<rest>.*)$"
)
_SPAN = re.compile(
    r"kl\.\s*(?P<h1>\d{1,2})[.:](?P<m1>\d{2})(?:\s*[-–]\s*(?P<h2>\d{1,2})[.:](?P<m2>\d{2}))?"
)
NEXT_MEETING = re.compile(r"^Næste møde afholdes\s+(?P<rest>.+?)\.?\s*$")
_AMOUNT = re.compile(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)? kr\.")


@dataclass
class Note:
    """Something the reader corrected ("rettet") or that a person should look at ("se efter")."""

    level: str  # "rettet" | "se efter"
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"level": self.level, "text": self.text}


def _month(name: str) -> int | None:
    name = name.lower()
    for number, month in enumerate(danish.MONTHS, start=1):
        if month == name or (len(name) >= 3 and month.startswith(name.rstrip("."))):
            return number
    return None


def _clock(hours: str, minutes: str) -> str:
    return f"{int(hours):02d}:{minutes}"


def split_names(text: str) -> list[str]:
    """`A (X), B (Y) og C` -> the three names, not splitting inside parentheses."""
    parts: list[str] = []
    depth = 0
    current = ""
    index = 0
    while index < len(text):
        char = text[index]
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and char == ",":
            parts.append(current)
            current = ""
        elif depth == 0 and text.startswith(" og ", index):
            parts.append(current)
            current = ""
            index += 3
        else:
            current += char
        index += 1
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def person(text: str) -> dict[str, str]:
    match = re.match(r"^(?P<name>.+?)\s*\((?P<org>[^()]*)\)$", text)
    if match:
        return {"name": match["name"].strip(), "organisation": match["org"].strip()}
    return {"name": text.strip()}


class SectionHtml:
    """Paragraphs, lists and tables of one section, as the safe HTML subset."""

    def __init__(self) -> None:
        self.parts: list[str | None] = []  # None: the next of self.tables
        self.tables: list[Table] = []
        self.paragraph: list[str] = []
        self.items: list[str] = []
        self.list_tag = ""

    def _flush_paragraph(self) -> None:
        if self.paragraph:
            self.parts.append(f"<p>{html.escape(' '.join(self.paragraph), quote=False)}</p>")
            self.paragraph = []

    def _flush_list(self) -> None:
        if self.items:
            inner = "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in self.items)
            self.parts.append(f"<{self.list_tag}>{inner}</{self.list_tag}>")
            self.items = []

    def flush(self) -> None:
        self._flush_paragraph()
        self._flush_list()

    def line(self, line: Line) -> None:
        text = line.text
        bullet = re.match(r"^\s*([•▪◦·●■\-–*])\s+", text) if line.list_kind else None
        if bullet and bullet.group(1) in "-–*" and not line.new_paragraph and not self.items:
            bullet = None  # a dash at the start of a wrapped line, not a list
        number = re.match(r"^\s*\d{1,2}[.)]\s+", text) if not line.bold else None
        if bullet or (number and (line.new_paragraph or self.items)):
            tag = "ul" if bullet else "ol"
            self._flush_paragraph()
            if self.items and tag != self.list_tag:
                self._flush_list()
            self.list_tag = tag
            self.items.append(text[(bullet or number).end() :].strip())
            return
        if line.bold:
            self.flush()
            self.parts.append(f"<h4>{html.escape(text, quote=False)}</h4>")
            return
        if self.items and not line.new_paragraph:
            self.items[-1] += " " + text  # a list item wrapped onto the next line
            return
        if line.new_paragraph:
            self.flush()
        elif self.paragraph and re.search(r"[a-zæøå]-$", self.paragraph[-1]) and text[:1].islower():
            self.paragraph[-1] = self.paragraph[-1][:-1] + text  # a hyphenated break
            return
        self.paragraph.append(text)

    def table(self, table: Table) -> None:
        self.flush()
        if self.tables and self.tables[-1].rows[0] == table.rows[0] and self.parts[-1] is None:
            # The same table continued on the next page, its header repeated.
            self.tables[-1].rows.extend(table.rows[1:])
            return
        self.tables.append(Table(rows=[list(row) for row in table.rows]))
        self.parts.append(None)

    def _table_html(self, table: Table) -> str:
        head, *body = table.rows
        cells = "".join(f"<th>{html.escape(c, quote=False)}</th>" for c in head)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c, quote=False)}</td>" for c in row) + "</tr>"
            for row in body
        )
        return f"<table><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>"

    def value(self) -> str:
        self.flush()
        tables = iter(self.tables)
        return "".join(
            part if part is not None else self._table_html(next(tables)) for part in self.parts
        )

    def __bool__(self) -> bool:
        return bool(self.parts or self.paragraph or self.items)


def date_line(text: str, notes: list[Note]) -> dict[str, Any]:
    match = _DATE.match(text.strip())
    month = _month(match["month"]) if match else None
    if not match or month is None or not match["year"]:
        raise ReadError(
            f"Linjen under »Dato og sted for møde« kan ikke læses som en dato: »{text}«. "
            "Den skal begynde som »Mandag d. 6. oktober 2025«."
        )
    try:
        date = dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        raise ReadError(f"Datoen i »{text}« findes ikke.") from None
    meeting: dict[str, Any] = {"date": date.isoformat()}
    given = match["weekday"].lower()
    actual = danish.weekday(date)
    if given in danish.WEEKDAYS and given != actual:
        notes.append(
            Note(
                "rettet",
                f"Ugedagen i kilden er »{match['weekday']}«, men {danish.date_long(date)} er en "
                f"{actual}; portalen viser den rigtige ugedag.",
            )
        )
    rest = match["rest"].strip().lstrip(",").strip()
    span = _SPAN.match(rest)
    if span:
        meeting["start_time"] = _clock(span["h1"], span["m1"])
        if span["h2"]:
            meeting["end_time"] = _clock(span["h2"], span["m2"])
        rest = rest[span.end() :].strip().lstrip(",").strip()
    meeting["location"] = rest
    return meeting


def next_meeting(text: str, date: dt.date, notes: list[Note]) -> dict[str, Any] | None:
    match = NEXT_MEETING.match(text)
    if not match:
        return None
    rest = match["rest"]
    when = _DATE.match(rest)
    month = _month(when["month"]) if when else None
    if not when or month is None:
        return None
    year = int(when["year"]) if when["year"] else date.year
    try:
        day = dt.date(year, month, int(when["day"]))
        if not when["year"] and day < date:
            day = day.replace(year=year + 1)
    except ValueError:
        return None
    result: dict[str, Any] = {"date": day.isoformat()}
    given = when["weekday"].lower()
    if given in danish.WEEKDAYS and given != danish.weekday(day):
        notes.append(
            Note(
                "rettet",
                f"Næste møde: kilden skriver »{when['weekday']}«, men "
                f"{danish.date_long(day)} er en {danish.weekday(day)}.",
            )
        )
    tail = when["rest"].strip()
    span = _SPAN.search(tail)
    if span:
        result["start_time"] = _clock(span["h1"], span["m1"])
        if span["h2"]:
            result["end_time"] = _clock(span["h2"], span["m2"])
        tail = tail[span.end() :].strip()
    if tail.startswith("i "):
        result["location"] = tail[2:].strip()
    return result


def amounts_in(markup: str) -> list[str]:
    """The Danish amounts (`1.615.000 kr.`) in a piece of text or HTML, in order."""
    return _AMOUNT.findall(markup)
