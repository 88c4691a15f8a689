"""The head of an old agenda or minutes: the title line ("Dagsorden til …", "Referat fra …",
perhaps with date, time and place), the committee it names, the time and place block, the
attendance ("Til stede", "Afbud", groups and guests) and the item list when there is one.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Line, ReadError, Table
from .phrases import (
    ITEM_PREFIX,
    KIND_BANNERS,
    NOBODY,
    TITLE,
    find_date,
    guest_items,
    label_of,
    person,
    split_names,
    title_kind,
    when_where,
)
from .reading import Item, Reader, heading_match, is_caps_banner

NOT_AN_AGENDA = (
    "Filen ligner ikke en dagsorden eller et referat: der er ingen titellinje som "
    "»Dagsorden til …«, »Referat fra …« eller »Dagsorden og referat …«."
)

_LIST_LINE = re.compile(
    r"^(?:\d{1,2}[.:]\d{2}\s+)?" + ITEM_PREFIX + r"?(?P<number>\d{1,2})\s*[.:)]\s*(?:[-–]\s*)?"
    r"(?P<title>.+?)"
    r"(?:\s*\((?P<kind>[OBD])\))?(?:\s*\((?P<minutes>\d{1,3})\s*min\.?\))?\s*$",
    re.IGNORECASE,
)
_GROUP = re.compile(r"^(?P<group>[^:\d]{2,60}?)\s*:\s*(?P<names>.*)$")


@dataclass
class Head:
    """What stands between the title and the first item: when, where, who, the list."""

    meeting: dict[str, Any] = field(default_factory=dict)
    attendance: list[dict[str, str]] = field(default_factory=list)
    listed: list[Item] = field(default_factory=list)
    has_list: bool = False
    unread: list[str] = field(default_factory=list)


def read_title(reader: Reader) -> tuple[str, str, str]:
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


def _joined(reader: Reader, at: int) -> tuple[str, int]:
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


def read_head(reader: Reader, head: Head) -> None:
    """Reads what follows the title into `head`, up to item 1 or through the item list."""
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
        if heading_match(block, 1, {}, False):
            return  # minutes that go straight to the items
        if (
            is_caps_banner(block)
            and isinstance(after := reader.blocks[reader.index + 1 : reader.index + 2], list)
            and after
            and isinstance(after[0], Line)
            and heading_match(after[0], 1, {}, False)
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


def _read_list(reader: Reader) -> list[Item]:
    items: list[Item] = []
    banner: str | None = None
    while (block := reader.peek()) is not None:
        if isinstance(block, Table):
            break
        match = _LIST_LINE.match(block.text)
        if match and int(match["number"]) == len(items) + 1:
            reader.take()
            items.append(Item.named(match, len(items) + 1, banner))
            continue
        if is_caps_banner(block) and block.text.strip() in KIND_BANNERS:
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


def _take_line(reader: Reader) -> Line:
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


def committee_of(subject: str, reader: Reader) -> tuple[str, str, str]:
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


def _initials(subject: str) -> str:
    letters = "".join(word[0] for word in re.findall(r"[A-ZÆØÅ]\w*", subject))
    return (letters or subject[:10]).upper()[:30]
