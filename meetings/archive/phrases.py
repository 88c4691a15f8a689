"""The phrases the archive reader knows, in one table, and the parsing of dates, times,
names and amounts, and section HTML.

Agendas and minutes say the same things in many ways ("Dato og sted for møde", "Tid og sted:",
"Mødested"); the reader recognises a line by what it means, looked up here. A new variant of
a heading, a title or an attendance label is one more entry in the table below.
"""

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from dap_portal import danish

from .blocks import Line, ReadError, Table

# --- The table ------------------------------------------------------------------------------
# (A page number alone on its line is page furniture: blocks.PAGE_NUMBER, removed before any
# phrase here is read.)
# Each entry is matched case-insensitively against a whole label (a line, or the words before
# a colon), after spaces are collapsed and a trailing colon is dropped.

# Title lines: (pattern at the start of the line, what the document is).
TITLES: tuple[tuple[str, str], ...] = (
    (r"dagsorden\s+og\s+referat(?:\s+(?:af|fra|for|til))?", "referat"),
    (r"dagsorden\s+(?:til|for)", "dagsorden"),
    (r"referat\s*\.?\s*(?:af|fra|til|for)", "referat"),
    (r"beslutningsreferat\s+(?:af|fra|til|for)", "referat"),
    (r"mødereferat\s*(?:af|fra|til|for)?", "referat"),
)
# The block that says when and where the meeting is.
WHEN_WHERE = (
    "Dato og sted for møde",
    "Dato og sted",
    "Tid og sted",
    "Tid og sted for møde",
    "Dato, tid og sted",
    "Tidspunkt og sted",
    "Mødested",
    "Mødetidspunkt",
    "Mødedato",
    "Dato og tid",
    "Tidspunkt",
    "Dato",
    "Tid",
    "Sted",
    "Mødelokale",
)
# The heading of the list of items (minutes often have none and go straight to the items).
LIST_HEADINGS = (
    "Dagsorden for møde",
    "Referat af møde",
    "Dagsorden",
    "Dagsordenspunkter",
    "Punkter",
    "Punkter på dagsordenen",
)
# Attendance: present, absent, guests. A line "Gruppe: navne" under them is a group.
PRESENT = ("Deltagere", "Til stede", "Tilstede", "Mødedeltagere", "Deltog", "Deltagende")
ABSENT = ("Afbud", "Fraværende", "Afbud fra", "Ikke til stede")
GUESTS = ("Gæster", "Gæst", "Inviterede gæster", "Deltog under punktet", "Gæst under punktet")
# "Gæst under punkt 3 og 4: …", "Gæster under pkt. 5: …" (the items are read from the label).
GUEST_FOR_ITEMS = re.compile(
    r"^(?:gæst(?:er)?|deltog|deltager)\s+(?:under|ved|til)\s+(?:punkt(?:erne)?|pkt\.?)\s*"
    r"(?P<items>\d{1,2}(?:\s*(?:,|og|-|–)\s*\d{1,2})*)$",
    re.IGNORECASE,
)
NOBODY = ("Ingen", "Ingen registreret", "Ingen afbud", "Ingen gæster", "-", "–")
# Section headings inside an item: the heading as written -> the heading kept.
SECTION_HEADINGS: dict[str, str] = {
    "Resumé": "Resumé",
    "Resume": "Resumé",
    "Indstilling": "Indstilling",
    "Indstillinger": "Indstilling",
    "Baggrund": "Baggrund",
    "Sagsfremstilling": "Sagsfremstilling",
    "Problem": "Problem",
    "Løsning": "Løsning",
    "Økonomi": "Økonomi",
    "Finansiering": "Finansiering",
    "Bemærkning": "Bemærkning",
    "Bemærkninger": "Bemærkning",
    "Videre proces": "Videre proces",
    "Opfølgning": "Opfølgning",
}
# Where the decision is written: "Beslutning" is the decision; "Referat" is the decision
# unless the item also has a "Beslutning" (then it stays a section of its own).
DECISION_HEADINGS: dict[str, str] = {
    "Beslutning": "Beslutning",
    "Beslutninger": "Beslutning",
    "Referat": "Referat",
    "Referat og beslutning": "Beslutning",
    "Beslutning og referat": "Beslutning",
    "Konklusion": "Beslutning",
}
FOLLOW_UP = "Opfølgning"
# Lines in capitals between items group them; they are not items. Known ones give the kind
# of the items after them.
KIND_BANNERS: dict[str, str | None] = {
    "DEBATPUNKTER": "D",
    "DRØFTELSESPUNKTER": "D",
    "BESLUTNINGSPUNKTER": "B",
    "ORIENTERINGSPUNKTER": "O",
    "ORIENTERINGSSAGER": "O",
    "BESLUTNINGSSAGER": "B",
    "MEDDELELSER": "O",
    "EVENTUELT": None,
}
# How an item heading may start before its number: "Punkt 3:", "Ad pkt. 3", "Ad 3.".
ITEM_PREFIX = r"(?:(?:punkt|pkt\.?|ad\s+punkt|ad\s+pkt\.?|ad)\s*)"
PRESENTER_PHRASES = ("Fremlægges af", "Fremlægges ved", "Oplæg ved", "Præsenteres af")
# Who is responsible and by when, in a follow-up line.
RESPONSIBLE_LABELS = ("Ansvarlig", "Ansv.", "Ansvar")
DUE_LABELS = ("Frist", "Tidsfrist", "Deadline", "Senest")
DUE_WORDS = ("inden", "senest", "til", "frist", "den", "d.", "pr.")
UNTIL_NEXT = re.compile(r"\btil\s+(?:det\s+)?næste\s+møde\b", re.IGNORECASE)


# Running headers and footers (page numbers) of a PDF page.
def _norm(text: str) -> str:
    return " ".join(text.split()).rstrip(":").strip().lower()


def _lookup(*labels: str) -> frozenset[str]:
    return frozenset(_norm(label) for label in labels)


_WHEN_WHERE = _lookup(*WHEN_WHERE)
_LIST = _lookup(*LIST_HEADINGS)
_PRESENT = _lookup(*PRESENT)
_ABSENT = _lookup(*ABSENT)
_GUESTS = _lookup(*GUESTS)
_SECTIONS = {_norm(k): v for k, v in SECTION_HEADINGS.items()}
_DECISIONS = {_norm(k): v for k, v in DECISION_HEADINGS.items()}
TITLE = re.compile(
    r"^(?P<phrase>" + "|".join(f"(?:{p})" for p, _ in TITLES) + r")\s*[:.]?\s+(?P<subject>.+?)\s*$",
    re.IGNORECASE,
)


def title_kind(phrase: str) -> str:
    for pattern, kind in TITLES:
        if re.fullmatch(pattern, phrase.strip(), re.IGNORECASE):
            return kind
    return "dagsorden"


def label_of(text: str) -> tuple[str, str] | None:
    """("when" | "list" | "present" | "absent" | "guest", the rest of the line) for a line
    that is, or starts with, one of the labels above; None otherwise."""
    whole = _norm(text)
    head, colon, rest = text.partition(":")
    for candidate, tail in ((whole, ""), (_norm(head), rest.strip()) if colon else (None, "")):
        if candidate is None:
            continue
        if candidate in _WHEN_WHERE:
            return "when", tail
        if candidate in _LIST and not tail:
            return "list", ""
        if candidate in _PRESENT:
            return "present", tail
        if candidate in _ABSENT:
            return "absent", tail
        if candidate in _GUESTS or GUEST_FOR_ITEMS.match(candidate):
            return "guest", tail
    return None


def section_heading(text: str) -> tuple[str, str, str] | None:
    """("section" | "decision", the heading kept, text after a colon on the same line)."""
    head, colon, rest = text.partition(":")
    for candidate, tail in ((text, ""), (head, rest.strip()) if colon else (None, "")):
        if candidate is None:
            continue
        key = _norm(candidate)
        if key in _SECTIONS:
            return "section", _SECTIONS[key], tail
        if key in _DECISIONS:
            return "decision", _DECISIONS[key], tail
    return None


def guest_items(label: str) -> list[int]:
    match = GUEST_FOR_ITEMS.match(_norm(label))
    if not match:
        return []
    numbers = [int(n) for n in re.findall(r"\d{1,2}", match["items"])]
    if re.search(r"\d\s*[-–]\s*\d", match["items"]) and len(numbers) == 2:
        return list(range(numbers[0], numbers[1] + 1))
    return numbers


_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
_DATE = re.compile(
    r"^(?:(?P<weekday>[A-Za-zæøåÆØÅ]+)(?:\s*,)?\s+)?(?:(?:d\.|den)\s*)?(?P<day>\d{1,2})\.\s*"
    r"(?P<month>[A-Za-zæøåÆØÅ]+\.?)(?:\s+(?P<year>\d{4}))?(?P<rest>.*)$"
)
# A date anywhere in a line (a title line that carries date, time and place).
DATE_IN_TEXT = re.compile(
    r"(?:\b" + _WEEKDAY + r"(?:\s*,)?\s+)?(?:\b(?:d\.|den)\s*)?\b(?P<day>\d{1,2})\.\s*"
    r"(?P<month>[A-Za-zæøåÆØÅ]{3,}\.?)\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_SPAN = re.compile(
    r"(?:fra\s+)?(?:kl\.?\s*|klokken\s+)(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?"
    r"(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(?P<h2>\d{1,2})(?:[.:](?P<m2>\d{2}))?)?"
    r"|^(?P<h3>\d{1,2})[.:](?P<m3>\d{2})(?:\s*(?:-|–|til)\s*(?P<h4>\d{1,2})[.:](?P<m4>\d{2}))?",
    re.IGNORECASE,
)
# What the portal's own agenda PDF prints under the item list when the items run past the
# meeting's end: a remark about the plan, not text of an item.
PLAN_OVERRUN = re.compile(
    r"Bemærk: Punkterne varer i alt \d+ min\. længere end mødet.*?står uden klokkeslæt\.",
    re.DOTALL,
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


def _clock(hours: str, minutes: str | None) -> str:
    return f"{int(hours):02d}:{minutes or '00'}"


def span_of(text: str) -> tuple[dict[str, str], re.Match | None]:
    """The start (and end) time in `text`, as {"start_time", "end_time"}, and the match."""
    match = _SPAN.search(text)
    if not match:
        return {}, None
    if match["h3"]:
        start, end = (
            _clock(match["h3"], match["m3"]),
            match["h4"] and _clock(match["h4"], match["m4"]),
        )
    else:
        start, end = (
            _clock(match["h1"], match["m1"]),
            match["h2"] and _clock(match["h2"], match["m2"]),
        )
    if int(start[:2]) > 23 or (end and int(end[:2]) > 23):
        return {}, None
    return {"start_time": start, **({"end_time": end} if end else {})}, match


def place_of(text: str) -> str:
    """What is left of a time-and-place line once date and time are taken: the place."""
    text = text.strip().strip(",;").strip()
    text = re.sub(r"^(?:i|på|hos|sted:?|mødested:?)\s+", "", text, flags=re.IGNORECASE)
    return text.strip().rstrip(".").strip()


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


def find_date(text: str) -> tuple[dt.date, re.Match] | None:
    """The first whole date (day, month, year) in `text`, with its match."""
    for match in DATE_IN_TEXT.finditer(text):
        month = _month(match["month"])
        if month is None:
            continue
        try:
            return dt.date(int(match["year"]), month, int(match["day"])), match
        except ValueError:
            continue
    return None


def when_where(text: str, notes: list[Note], meeting: dict[str, Any], *, place: bool) -> bool:
    """Add what `text` says of the meeting's date, time and place to `meeting`.

    A line may hold all three ("Mandag d. 2. december 2013 kl. 14.00-16.00, Regionshuset") or
    one ("Sted: Regionshuset"). `place` says whether the text left over is the place.
    Returns whether anything was found.
    """
    found = False
    rest = text
    if "date" not in meeting and (dated := find_date(rest)):
        date, match = dated
        meeting["date"] = date.isoformat()
        weekday = re.match(r"[A-Za-zæøåÆØÅ]+", match.group(0))
        given = weekday.group(0).lower() if weekday else ""
        actual = danish.weekday(date)
        if given in danish.WEEKDAYS and given != actual:
            notes.append(
                Note(
                    "rettet",
                    f"Ugedagen i kilden er »{weekday.group(0)}«, men {danish.date_long(date)} er "
                    f"en {actual}; portalen viser den rigtige ugedag.",
                )
            )
        rest = rest[: match.start()] + " " + rest[match.end() :]
        found = True
    if "start_time" not in meeting:
        times, span = span_of(rest)
        if span is not None:
            meeting.update(times)
            rest = rest[: span.start()] + " " + rest[span.end() :]
            found = True
    rest = re.sub(r"^\s*(?:,|kl\.?|den|d\.)\s*", "", rest.strip())
    if place and place_of(rest) and not meeting.get("location"):
        meeting["location"] = place_of(rest)
        found = True
    return found


def no_date(text: str) -> ReadError:
    return ReadError(
        f"Mødets dato kan ikke læses{f' af »{text}«' if text else ''}. Dato og sted skal stå "
        "under en overskrift som »Dato og sted for møde« eller »Tid og sted:« (fx »Mandag d. "
        "6. oktober 2025, kl. 13.00-15.00, Slotsholmsgade 12«) eller i titellinjen."
    )


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
    given = (when["weekday"] or "").lower()
    if given in danish.WEEKDAYS and given != danish.weekday(day):
        notes.append(
            Note(
                "rettet",
                f"Næste møde: kilden skriver »{when['weekday']}«, men "
                f"{danish.date_long(day)} er en {danish.weekday(day)}.",
            )
        )
    tail = when["rest"].strip()
    times, span = span_of(tail)
    if span is not None:
        result.update(times)
        tail = tail[span.end() :].strip()
    if tail.startswith("i "):
        result["location"] = tail[2:].strip()
    return result


def amounts_in(markup: str) -> list[str]:
    """The Danish amounts (`1.615.000 kr.`) in a piece of text or HTML, in order."""
    return _AMOUNT.findall(markup)
