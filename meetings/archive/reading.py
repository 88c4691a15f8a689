"""What the head and the item bodies of an old agenda both read with: the reader's place in
the blocks and its notes (`Reader`), an item as read (`Item`), and how a numbered item heading
and a line in capitals between items ("DEBATPUNKTER") are told from other lines.
"""

import difflib
import re
from dataclasses import dataclass, field

from .blocks import BODY_SIZE, Block, Line
from .phrases import ITEM_PREFIX, Note

ITEM_HEADING = re.compile(
    r"^(?P<prefix>" + ITEM_PREFIX + r")?(?P<number>\d{1,2})\s*[.:)]\s*(?:[-–]\s*)?"
    r"(?P<title>\S.*?)(?:\s*\((?P<kind>[OBD])\))?(?:\s*\((?P<minutes>\d{1,3})\s*min\.?\))?$",
    re.IGNORECASE,
)


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


@dataclass
class Item:
    """One numbered item as read: from the item list, or from its heading and body."""

    number: int
    title: str
    kind: str | None
    minutes: int | None
    presenters: list[dict[str, str]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)
    sections: list[dict[str, str]] = field(default_factory=list)
    decision: str = ""
    referat: str = ""  # text under "Referat" (the decision when there is no "Beslutning")
    unplaced: list[str] = field(default_factory=list)
    banner_kind: str | None = None
    follow_up: list[str] = field(default_factory=list)

    @classmethod
    def named(cls, match: re.Match, number: int, banner_kind: str | None) -> "Item":
        """The item a list line or an item heading names, with its kind ("(B)") and minutes
        ("(30 min.)") when the line gives them."""
        return cls(
            number=number,
            title=match["title"].strip(),
            kind=match["kind"],
            minutes=int(match["minutes"]) if match["minutes"] else None,
            banner_kind=banner_kind,
        )


class Reader:
    """The blocks of one document, how far the reader has come, and the notes it writes."""

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


def is_caps_banner(line: Line) -> bool:
    text = line.text.strip().rstrip(":")
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 5 and text == text.upper() and not any(ch.isdigit() for ch in text)


def heading_match(
    line: Line, expected: int, listed: dict[int, Item], has_list: bool
) -> re.Match | None:
    match = ITEM_HEADING.match(line.text.strip())
    if not match or int(match["number"]) != expected:
        return None
    if line.bold or line.size > BODY_SIZE + 0.5:
        return match
    known = listed.get(expected)
    if known is not None and similar(match["title"], known.title) > 0.85:
        return match
    if match["prefix"] and line.new_paragraph and not has_list:
        return match  # "Punkt 3: …", "Ad 3. …" in minutes without a list
    return None
