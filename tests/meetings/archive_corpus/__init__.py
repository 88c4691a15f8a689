"""Layout variants of one meeting's agenda and minutes, made by code, with their facts.

Real archives say the same things in many ways. Each variant here writes the same meeting
(2 December 2013, four items, a budget decision, groups in the attendance, a guest for two
items) in another layout: Word with direct formatting, heading styles or Word's automatic
numbering; minutes with and without the item list; PDFs from WeasyPrint (a running header
and page numbers, as Word's "Gem som PDF" prints them) and from LibreOffice. `expected`
gives the facts a reader must get right; `score` counts how many it did. The test suite
(tests/meetings/archive/test_corpus.py) and `bench/archive.py` both use this package.

`meeting.py` holds the meeting and its layouts as paragraphs, `word.py` the Word variants,
`pdf.py` the PDF variants, `facts.py` the facts and the score.
"""

from .facts import Score, expected, read_facts, score
from .meeting import GUESTS, ITEMS, Para, Variant
from .pdf import pdf_variants
from .word import word_variants

__all__ = [
    "GUESTS",
    "ITEMS",
    "Para",
    "Score",
    "Variant",
    "expected",
    "read_facts",
    "score",
    "variants",
]


def variants() -> list[Variant]:
    """Every variant, Word and PDF, in the order of their names (v01 … v13)."""
    return sorted([*word_variants(), *pdf_variants()], key=lambda variant: variant.name)
