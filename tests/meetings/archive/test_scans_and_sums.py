"""Scanned agendas read through OCR, and the sums of imported budget tables checked."""

import io
import re
from pathlib import Path

import docx
import img2pdf
import pypdfium2
import pytest
from django.conf import settings

from meetings.archive import ocr
from meetings.archive.services import State, archive_import_file, preview_file
from meetings.archive.sums import table_problems
from meetings.models import ArchiveImport, MeetingStatus

pytestmark = pytest.mark.django_db

SEED_TEXT = Path(settings.BASE_DIR) / "fixtures" / "dap-dagsorden-2025-10-06.txt"

# The three errors of the original's budget table (issue 26, errors 3, 4 and 5).
PROGRAMLEDELSE = (
    "Programledelse inkl. test og certificering: Rest. 31/8 er 910.246 kr., men "
    "Budget 2025 (31/8) − Forbrug 31/8 er 940.216 kr."
)
SPENT_TOTAL = (
    "Total: Forbrug 31/8 er 3.969.651 kr., men kolonnens rækker giver tilsammen 3.969.652 kr."
)
REST_TOTAL = (
    "Total: Rest. 31/8 er 4.030.349 kr., men kolonnens rækker giver tilsammen 4.000.378 kr."
)

# The item headings of the original's body (item 8 is titled differently from the list).
ITEM_HEADINGS = {
    "1. Meddelelser",
    "2. Kronikerpakker (O)",
    "3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL",
    "4. Etablering af forvaltning af profiler i Klinikkens Cockpit",
    "5. Kommissorium for Forretningsmålbillede Forløbsplaner Del II",
    "6. Introduktion til Health Hub på PLSP (O)",
    "7. Status på projekterne deling af lokale labsvar og notater",
    "8. Budgetter 2025",
    "9. Status på øvrige projekter (O)",
    "10. Eventuelt og næste møde",
}
SECTION_HEADINGS = {
    "Resumé",
    "Indstilling",
    "Baggrund",
    "Problem",
    "Løsning",
    "Økonomi",
    "Finansiering",
    "Bemærkning",
    "Videre proces",
}
_AMOUNT = re.compile(r"-?\d{1,3}(?:\.\d{3})* kr\.")


def _budget_rows(lines: list[str]) -> list[list[str]]:
    """The original's budget table (its text lines) as rows of cells, its figures unchanged."""
    header = ["Projekt", "Budget 2025 (28/4)", "Budget 2025 (31/8)", "Forbrug 31/8", "Rest. 31/8"]
    assert lines[0].startswith("Projekt Budget 2025 (28/4)")
    rows, label = [header], ""
    for line in lines[1:]:
        amounts = _AMOUNT.findall(line)
        if not amounts:
            label = f"{label} {line}".strip()  # a name wrapped onto the next line
            continue
        name = f"{label} {line[: line.index(amounts[0])]}".strip()
        label = ""
        if len(amounts) == 3:  # "Udisponerede midler": nothing spent, the cell is empty
            amounts.insert(2, "")
        assert len(amounts) == 4, line
        rows.append([name, *amounts])
    return rows


def seed_docx() -> bytes:
    """The real agenda of 6 October 2025 written to Word from its text: headings bold, the
    budget table a Word table. Page furniture (page numbers, the mailto line) is left out."""
    raw = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    lines = [line.strip() for line in raw]
    lines = [
        line
        for line in lines
        if line and not line.startswith("mailto:") and not re.fullmatch(r"Side \d+", line)
    ]
    document = docx.Document()
    past_list = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("Projekt Budget 2025"):
            end = next(i for i in range(index, len(lines)) if lines[i].startswith("Total "))
            rows = _budget_rows(lines[index : end + 1])
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, row in zip(table.rows, rows, strict=True):
                for cell, text in zip(cells.cells, row, strict=True):
                    cell.text = text
            index = end + 1
            continue
        heading = line.rstrip(":").strip() in SECTION_HEADINGS
        if line == "1. Meddelelser":
            past_list = True
        title = line.startswith("Dagsorden til") or line in {
            "Dato og sted for møde",
            "Dagsorden for møde",
        }
        bold = title or heading or (past_list and line in ITEM_HEADINGS)
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        index += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_fixture_is_the_original_text_unchanged():
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert "Total 8.000.000 kr. 8.000.000 kr. 3.969.651 kr. 4.030.349 kr." in text
    assert "1.615.000 kr. 1.850.000 kr. 909.784 kr. 910.246 kr." in text


def test_the_seed_agendas_budget_errors_are_reported_on_import():
    outcome = archive_import_file(
        content=seed_docx(), name="Dagsorden 6. oktober 2025.docx", actor=None
    )
    assert outcome.state == State.IMPORTED, outcome.message
    notes = [note for record in ArchiveImport.objects.all() for note in record.notes]
    sums = [note["text"] for note in notes if "budgettabellen" in note["text"]]
    assert sums == [
        f"Punkt 8, budgettabellen: {PROGRAMLEDELSE}",
        f"Punkt 8, budgettabellen: {SPENT_TOTAL}",
        f"Punkt 8, budgettabellen: {REST_TOTAL}",
    ]
    assert all(note["level"] == "se efter" for note in notes if note["text"] in sums)
    # The figures themselves are kept as the file has them.
    budget = outcome.meeting.items.get(position=8)
    assert "910.246 kr." in " ".join(section.html for section in budget.sections.all())


def test_a_budget_that_adds_up_reports_nothing_and_a_plain_table_is_no_budget():
    good = [
        ["Projekt", "Budget", "Forbrug", "Rest"],
        ["A", "1.000 kr.", "400 kr.", "600 kr."],
        ["B", "-87.000 kr.", "", "-87.000 kr."],
        ["I alt", "-86.000 kr.", "400 kr.", "-86.400 kr."],
    ]
    assert table_problems(good) == []
    assert table_problems([["Navn", "Rolle"], ["Anne", "Formand"], ["Total", "2"]]) == []
    bad = [row[:] for row in good]
    bad[1][3] = "500 kr."
    bad[3][2] = "1.400,50 kr."
    messages = [problem.message for problem in table_problems(bad)]
    assert messages == [
        "A: Rest er 500 kr., men Budget − Forbrug er 600 kr.",
        "I alt: Rest er -86.400 kr., men Budget − Forbrug er -87.400,50 kr.",
        "I alt: Forbrug er 1.400,50 kr., men kolonnens rækker giver tilsammen 400 kr.",
        "I alt: Rest er -86.400 kr., men kolonnens rækker giver tilsammen -86.500 kr.",
    ]


def scanned(pdf: bytes, dpi: int = 200) -> bytes:
    """The PDF as a scanner gives it back: each page a picture, no text."""
    pages = []
    for page in pypdfium2.PdfDocument(pdf):
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        out = io.BytesIO()
        image.save(out, format="PNG")
        pages.append(out.getvalue())
    return img2pdf.convert(pages, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)))


def test_a_scan_is_skipped_with_the_reason_without_tesseract(corpus, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    preview = preview_file(content=scanned(corpus.referat_pdf), name="referat-scannet.pdf")
    assert preview.state == State.SKIPPED
    assert "Tesseract er ikke installeret" in preview.message


@pytest.mark.ocr
@pytest.mark.timeout(900)  # Tesseract reads ten pages on a shared core
def test_a_scanned_referat_imports_through_ocr_with_its_items_and_decisions(corpus):
    # Imported once (the import previews the file itself): Tesseract reads the ten pages once.
    content = scanned(corpus.referat_pdf)
    outcome = archive_import_file(content=content, name="referat-scannet.pdf", actor=None)
    assert outcome.state == State.IMPORTED, outcome.message
    record = ArchiveImport.objects.get(meeting=outcome.meeting)
    [scan] = [note["text"] for note in record.notes if "scanning" in note["text"]]
    sure = re.search(r"i gennemsnit (\d+) % sikker", scan)
    assert sure, scan
    assert int(sure[1]) >= 80
    meeting = outcome.meeting
    assert meeting.date.isoformat() == "2025-10-06"
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert len(titles) == 10
    assert titles[1] == "Kronikerpakker"
    assert titles[9] == "Eventuelt og næste møde"
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    decisions = {
        item.position: " ".join(item.decision_html.split()) for item in meeting.items.all()
    }
    assert "KOL forløbsplanen afventer kronikerpakken" in decisions[3]
    assert "Budgetterne blev taget til efterretning" in decisions[8]


@pytest.mark.ocr
def test_a_scan_without_words_is_refused_with_its_reason():
    blank = scanned(seed_blank_pdf())
    preview = preview_file(content=blank, name="tom.pdf")
    assert preview.state == State.REFUSED
    assert "tekstgenkendelsen (OCR) fandt heller ingen ord" in preview.message


def seed_blank_pdf() -> bytes:
    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
