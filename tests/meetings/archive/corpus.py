"""The archive test corpus, made from a meeting in the database (the imported seed).

`agenda_docx` writes the agenda as a Word file in MedCom's look the way real files are made:
direct formatting (bold runs, font sizes, typed bullets), no heading styles. Like the seed's
own PDF it carries two faults a reader must report: a wrong weekday ("Onsdag" for Monday
6 October 2025) and an item whose title differs between the list and the body. The body
carries the title the portal has, so that "the body wins" gives back the fixture's title.
"""

import datetime as dt
import html
import io
import re
from html.parser import HTMLParser
from typing import Any

import docx
from docx.shared import Pt

from budgets.selectors import budget_table_for
from dap_portal import danish
from meetings.agenda import next_meeting_sentence
from meetings.interchange.export import export_agenda
from meetings.models import AttendanceStatus, Meeting

WRONG_WEEKDAY = "Onsdag"
LISTED_TITLES = {8: "Budgetter 2025"}  # what the list says where the body says otherwise


class _Blocks(HTMLParser):
    """The fixture's section HTML as (kind, text) paragraphs: p, li-ul, li-ol, h4, quote."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.text = ""
        self.numbers: list[int] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("p", "li", "h4"):
            self.text = ""
        if tag in ("ul", "ol"):
            self.numbers.append(0)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()
        if tag == "li":
            listing = "ol" if "ol" in self.stack[-1:] else "ul"
            if listing == "ol":
                self.numbers[-1] += 1
            self.blocks.append(
                (listing, self.text.strip(), self.numbers[-1] if self.numbers else 0)
            )
            self.text = ""
        elif tag in ("ul", "ol"):
            self.numbers.pop()
        elif tag == "p" and "li" not in self.stack:
            kind = "quote" if "blockquote" in self.stack else "p"
            if self.text.strip():
                self.blocks.append((kind, self.text.strip(), 0))
            self.text = ""
        elif tag == "h4":
            self.blocks.append(("h4", self.text.strip(), 0))
            self.text = ""

    def handle_data(self, data: str) -> None:
        self.text += re.sub(r"\s+", " ", data)


def _paragraph(document, text: str, *, bold: bool = False, size: float = 11, italic=False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    return paragraph


def _html(document, markup: str) -> None:
    parser = _Blocks()
    parser.feed(markup)
    for kind, text, number in parser.blocks:
        if kind == "ul":
            _paragraph(document, f"• {text}")
        elif kind == "ol":
            _paragraph(document, f"{number}. {text}")
        elif kind == "h4":
            _paragraph(document, text, bold=True)
        else:
            _paragraph(document, text, italic=kind == "quote")


def _budget_table(document, programme: str, year: int) -> None:
    table = budget_table_for(programme, year)
    spent = f" {danish.date_short(table.spent_date)}" if table.spent_date else ""
    header = [
        "Projekt",
        *(f"Budget {table.year} ({danish.date_short(r)})" for r in table.revisions),
        f"Forbrug{spent}",
        f"Rest{spent}",
    ]
    rows = [header]
    for row in table.rows:
        rows.append(
            [
                row.project,
                *(danish.amount(a) if a is not None else "–" for a in row.amounts),
                danish.amount(row.spent) if row.spent is not None else "–",
                danish.amount(row.rest),
            ]
        )
    rows.append(
        [
            "Udisponerede midler",
            *(danish.amount(a) for a in table.unallocated),
            "",
            danish.amount(table.latest_unallocated),
        ]
    )
    rows.append(
        [
            "Total",
            *(danish.amount(table.total) for _ in table.revisions),
            danish.amount(table.spent_total),
            danish.amount(table.rest_total),
        ]
    )
    grid = document.add_table(rows=len(rows), cols=len(header))
    grid.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
                run.bold = r == 0


def _people(attendance, status: str, guest: bool = False) -> str:
    names = [str(a) for a in attendance if a.status == status and a.guest == guest]
    return ", ".join(names) or "Ingen."


def agenda_docx(meeting: Meeting, *, referat: bool = False) -> bytes:
    """The meeting as a MedCom-style Word agenda (or minutes), directly formatted."""
    data = export_agenda(meeting)
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    secretariat = data["committee"].get("secretariat")
    if secretariat:
        _paragraph(document, secretariat, bold=True, size=10)
    subject = data["meeting"]["title"].removeprefix("Styregruppemøde for ")
    word = "Referat af" if referat else "Dagsorden til"
    _paragraph(document, f"{word} styregruppemøde for {subject}", bold=True, size=18)
    _paragraph(document, "Dato og sted for møde", bold=True, size=13)
    day = dt.date.fromisoformat(data["meeting"]["date"])
    when = f"{WRONG_WEEKDAY} d. {danish.date_long(day)}"
    start, end = data["meeting"].get("start_time"), data["meeting"].get("end_time")
    if start:
        when += f", kl. {start.replace(':', '.')}" + (f"-{end.replace(':', '.')}" if end else "")
    _paragraph(document, f"{when}, {data['meeting']['location']}")
    if referat:
        attendance = list(meeting.attendance.all())
        _paragraph(document, "Deltagere", bold=True)
        _paragraph(document, _people(attendance, AttendanceStatus.PRESENT))
        _paragraph(document, "Afbud", bold=True)
        _paragraph(document, _people(attendance, AttendanceStatus.ABSENT))
    _paragraph(document, "Referat af møde" if referat else "Dagsorden for møde", bold=True, size=13)
    for number, item in enumerate(data["items"], start=1):
        title = LISTED_TITLES.get(number, item["title"])
        kind = f" ({item['kind']})" if item.get("kind") else ""
        _paragraph(document, f"{number}. {title}{kind} ({item['duration_minutes']} min.)")
    for number, item in enumerate(data["items"], start=1):
        kind = f" ({item['kind']})" if item.get("kind") else ""
        _paragraph(document, f"{number}. {item['title']}{kind}", bold=True, size=13)
        for position, attachment in enumerate(item.get("attachments", []), start=1):
            _paragraph(document, f"Bilag {number}.{position} {attachment['title']}")
        if item.get("presenters"):
            names = [
                f"{p['name']} ({p['organisation']})" if p.get("organisation") else p["name"]
                for p in item["presenters"]
            ]
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
            _paragraph(document, f"Fremlægges af {joined}", italic=True)
        embeds = {e.get("part", ""): e for e in item.get("embeds", [])}
        part = None
        for section in item["sections"]:
            if referat and item_has_recommendation(item) and section["heading"] != "Indstilling":
                continue
            if section.get("part") and section.get("part") != part:
                part = section["part"]
                _paragraph(document, part, bold=True, size=12)
                pending = embeds.pop(part, None)
            else:
                pending = None
            if section["heading"]:
                _paragraph(document, section["heading"], bold=True)
            _html(document, section["html"])
            if pending:
                _budget_table(document, pending["programme"], pending["year"])
        if item.get("standing") == "next_meeting":
            _paragraph(document, next_meeting_sentence(meeting))
        if referat:
            _paragraph(document, "Beslutning", bold=True)
            _html(document, item.get("decision_html") or "<p>Ingen beslutning registreret.</p>")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def item_has_recommendation(item: dict) -> bool:
    return any(section["heading"] == "Indstilling" for section in item["sections"])


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def dated_variant(agenda: bytes, day: dt.date) -> bytes:
    """The same Word agenda moved to another date (for batches and the benchmark)."""
    document = docx.Document(io.BytesIO(agenda))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(f"{WRONG_WEEKDAY} d. "):
            run = paragraph.runs[0]
            rest = run.text.split(", ", 1)[1]
            run.text = f"{danish.weekday(day).capitalize()} d. {danish.date_long(day)}, {rest}"
            break
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
