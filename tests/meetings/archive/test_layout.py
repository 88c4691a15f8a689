"""The layout reader on small documents: what it places, corrects and never drops."""

import io

import docx
from docx.shared import Pt

from meetings.archive.blocks import docx_blocks
from meetings.archive.layout import UNPLACED, read_layout


def agenda(*paragraphs: tuple[str, bool] | str) -> bytes:
    document = docx.Document()
    for entry in paragraphs:
        text, bold = (entry, False) if isinstance(entry, str) else entry
        run = document.add_paragraph().add_run(text)
        run.bold = bold
        run.font.size = Pt(11)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HEAD = (
    ("Dagsorden til styregruppemøde for Digital Almen Praksis", True),
    ("Dato og sted for møde", True),
    "Tirsdag d. 3. marts 2020, Slotsholmsgade 12",
    ("Dagsorden for møde", True),
    "1. Meddelelser (5 min.)",
    "2. Budget (B) (15 min.)",
)


def test_text_between_the_list_and_item_1_is_kept_as_unplaced_text():
    reading = read_layout(
        docx_blocks(
            agenda(
                *HEAD,
                "Husk at melde afbud til sekretariatet.",
                ("1. Meddelelser", True),
                "Ingen.",
                ("2. Budget", True),
                ("Indstilling", True),
                "Det indstilles, at budgettet godkendes.",
            )
        )
    )
    first = reading.document["items"][0]
    assert first["sections"][0] == {
        "heading": UNPLACED,
        "html": "<p>Husk at melde afbud til sekretariatet.</p>",
    }
    assert any(UNPLACED in note.text for note in reading.notes)
    # The weekday was right (3 March 2020 was a Tuesday): nothing to report about it.
    assert not any("Ugedagen" in note.text for note in reading.notes)
    assert reading.document["meeting"] == {
        "title": "Styregruppemøde for Digital Almen Praksis",
        "date": "2020-03-03",
        "location": "Slotsholmsgade 12",
    }
    assert reading.document["items"][1]["kind"] == "B"


def test_a_numbered_list_in_the_body_is_not_taken_for_the_next_item():
    reading = read_layout(
        docx_blocks(
            agenda(
                *HEAD,
                ("1. Meddelelser", True),
                "Pakkerne kommer i denne rækkefølge:",
                "1. KOL (2027)",
                "2. Type 2-diabetes (2028)",
                ("2. Budget (B)", True),
                ("Bemærkning:", True),
                "Ingen.",
            )
        )
    )
    first, second = reading.document["items"]
    assert (
        "<ol><li>KOL (2027)</li><li>Type 2-diabetes (2028)</li></ol>"
        in first["sections"][0]["html"]
    )
    assert second["title"] == "Budget"
    assert second["sections"] == [{"heading": "Bemærkning", "html": "<p>Ingen.</p>"}]


def test_an_item_missing_from_the_body_is_created_empty_and_reported():
    reading = read_layout(docx_blocks(agenda(*HEAD, ("1. Meddelelser", True), "Ingen.")))
    assert [item["title"] for item in reading.document["items"]] == ["Meddelelser", "Budget"]
    assert any("har ingen tekst i dokumentet" in note.text for note in reading.notes)
