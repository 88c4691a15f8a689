"""Placing a quote again on a PDF's text: the W3C text quote selector over glyph positions.

A highlight keeps the text it covers with some text before and after it (`prefix`, `suffix`).
On a new version of the bilag the text is looked for in the new PDF's glyphs, all pages in
reading order, with every kind of white space left out on both sides (a PDF's text has spaces
where a browser's selection has none, and the other way round) and Unicode compatibility
forms unfolded (the ligature `ﬁ` is `fi`). Where the text occurs more than once, the
occurrence whose surroundings agree best with the prefix and suffix wins, then the one
nearest the page it was on. The areas are the covered glyphs, one rectangle per line.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

type Box = tuple[float, float, float, float]

# More occurrences than this of one quote are not told apart: the text is too common.
MAX_OCCURRENCES = 2_000


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character drawn on a page, in PDF user space (points, origin bottom left)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageText:
    """A page of a PDF: its media box and its glyphs in reading order."""

    number: int
    box: Box
    glyphs: Sequence[Glyph]


@dataclass(frozen=True)
class Placement:
    """Where a quote is: its page and one rectangle per line it covers."""

    page: int
    areas: list[list[float]]


def folded(text: str) -> str:
    """The text as it is compared: compatibility forms unfolded, without white space or soft
    hyphens."""
    return "".join(
        character
        for character in unicodedata.normalize("NFKC", text)
        if not character.isspace() and character != "\u00ad"
    )


class _Flat:
    """All pages' glyphs as one folded string, and for each of its characters the glyph."""

    def __init__(self, pages: Sequence[PageText]) -> None:
        chars: list[str] = []
        self.where: list[tuple[int, int]] = []
        for page_index, page in enumerate(pages):
            for glyph_index, glyph in enumerate(page.glyphs):
                for character in folded(glyph.text):
                    chars.append(character)
                    self.where.append((page_index, glyph_index))
        self.text = "".join(chars)


def _common_tail(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_head(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def line_areas(glyphs: Sequence[Glyph]) -> list[list[float]]:
    """One rectangle per line over glyphs in reading order: a glyph that does not overlap the
    current line's height, or starts well left of it, opens a new line."""
    areas: list[list[float]] = []
    for glyph in glyphs:
        if areas:
            x0, y0, x1, y1 = areas[-1]
            overlap = min(y1, glyph.y1) - max(y0, glyph.y0)
            height = min(y1 - y0, glyph.y1 - glyph.y0) or 1.0
            if overlap >= 0.5 * height and glyph.x0 >= x0 - 1.0:
                areas[-1] = [
                    min(x0, glyph.x0),
                    min(y0, glyph.y0),
                    max(x1, glyph.x1),
                    max(y1, glyph.y1),
                ]
                continue
        areas.append([glyph.x0, glyph.y0, glyph.x1, glyph.y1])
    return [[round(value, 2) for value in area] for area in areas]


def place_quote(
    pages: Sequence[PageText],
    *,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    near_page: int = 1,
) -> Placement | None:
    """Where the quoted text is in these pages, or None when it is not there (any more)."""
    quote = folded(exact)
    if not quote:
        return None
    flat = _Flat(pages)
    before, after = folded(prefix), folded(suffix)
    best: tuple[tuple[int, int, int], int] | None = None
    start = flat.text.find(quote)
    found = 0
    while start != -1 and found < MAX_OCCURRENCES:
        found += 1
        end = start + len(quote)
        score = _common_tail(before, flat.text[max(0, start - len(before)) : start])
        score += _common_head(after, flat.text[end : end + len(after)])
        page = pages[flat.where[start][0]].number
        key = (score, -abs(page - near_page), -start)
        if best is None or key > best[0]:
            best = (key, start)
        start = flat.text.find(quote, start + 1)
    if best is None:
        return None
    start = best[1]
    covered = flat.where[start : start + len(quote)]
    page_index = covered[0][0]
    glyph_indexes = sorted({glyph for page, glyph in covered if page == page_index})
    glyphs = [pages[page_index].glyphs[index] for index in glyph_indexes]
    return Placement(page=pages[page_index].number, areas=line_areas(glyphs))
