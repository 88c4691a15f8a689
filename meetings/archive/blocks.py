"""A Word file or a PDF as a flat run of lines and tables, with the formatting that matters.

What the layout reader needs of a document is the same for both formats: each line's text,
whether it is bold, its size, whether it starts a paragraph or is a list item, and tables as
rows of cell texts. Real agendas use direct formatting (a bold line) as often as heading
styles, so boldness is read from the runs and the fonts, not from style names alone.
"""

import io
import re
import statistics
import zipfile
from dataclasses import dataclass, field

import docx
import pdfplumber
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

BODY_SIZE = 11.0
_BULLET = re.compile(r"^\s*([•▪◦·●■\-–*])\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_BOLD_FONT = re.compile(r"bold|semibold|demi|black|heavy", re.IGNORECASE)
# Running headers and footers of a PDF: not part of any item.
_FURNITURE = (
    re.compile(r"^Side \d+( af \d+)?$"),
    re.compile(r"^(Dagsorden|Referat) – .+ – \d{1,2}\. \w+ \d{4}$"),
    re.compile(r"^mailto:", re.IGNORECASE),
)


class ReadError(Exception):
    """A file that cannot be read as text; the message (Danish) says why and what to do."""


class NoTextError(ReadError):
    """A PDF without text (a scan): the reader tries OCR before it gives up."""


@dataclass
class Line:
    text: str
    bold: bool = False
    size: float = BODY_SIZE
    new_paragraph: bool = True
    list_kind: str = ""  # "ul" or "ol" when the line starts a list item
    italic: bool = False


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)


Block = Line | Table


def _list_kind(text: str) -> str:
    if _BULLET.match(text):
        return "ul"
    return ""


# --- Word ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    name: str
    bold: bool
    size: float | None
    numbering: tuple[str, int] | None = None  # (numId, ilvl) of a list style ("List Number")


def _num_pr(element) -> tuple[str | None, int | None] | None:
    """(numId, ilvl) of a w:pPr or a style's w:pPr, None without w:numPr."""
    properties = element.find(qn("w:pPr")) if element is not None else None
    num_pr = properties.find(qn("w:numPr")) if properties is not None else None
    if num_pr is None:
        return None
    num_id = num_pr.find(qn("w:numId"))
    level = num_pr.find(qn("w:ilvl"))
    return (
        num_id.get(qn("w:val")) if num_id is not None else None,
        int(level.get(qn("w:val"))) if level is not None else None,
    )


class _Numbering:
    """Word's automatic numbering: the numbers and bullets Word shows, computed from
    numbering.xml as Word does (a counter per list and level; a level restarts below a
    higher one). The text of a numbered paragraph holds no number; the reader needs it."""

    def __init__(self, document) -> None:
        self.formats: dict[str, dict[int, tuple[str, int, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, int, str]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in node.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl"), "0"))] = self._level(level)
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for node in root.findall(qn("w:num")):
            ref = node.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}))
            for override in node.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                level = override.find(qn("w:lvl"))
                start = override.find(qn("w:startOverride"))
                if level is not None:
                    levels[ilvl] = self._level(level)
                elif start is not None and ilvl in levels:
                    fmt, _, text = levels[ilvl]
                    levels[ilvl] = (fmt, int(start.get(qn("w:val"), "1")), text)
            self.formats[node.get(qn("w:numId"))] = levels

    @staticmethod
    def _level(level) -> tuple[str, int, str]:
        def value(tag: str, default: str) -> str:
            node = level.find(qn(tag))
            return node.get(qn("w:val"), default) if node is not None else default

        return value("w:numFmt", "decimal"), int(value("w:start", "1")), value("w:lvlText", "%1.")

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """("ol" | "ul", the label Word shows: "3." or "•"); None for no numbering."""
        levels = self.formats.get(num_id)
        if not levels or num_id == "0":
            return None
        fmt, start, text = levels.get(ilvl, levels.get(0, ("decimal", 1, "%1.")))
        if fmt == "bullet" or fmt == "none":
            return ("ul", "•")
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(levels.get(len(counts), (fmt, start, text))[1] - 1)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = levels.get(deeper, (fmt, 1, text))[1] - 1
        shown = re.sub(
            r"%(\d)",
            lambda m: str(counts[int(m[1]) - 1] if int(m[1]) - 1 < len(counts) else ""),
            text,
        )
        if fmt not in ("decimal", "decimalZero"):
            return ("ol", shown)  # letters and roman numerals: a list, not an item number
        return ("ol", shown if re.fullmatch(r"[\d.]+[.)]?", shown) else f"{counts[ilvl]}.")


def _style_of(paragraph, document, cache: dict[str | None, _Style]) -> _Style:
    """A paragraph's style, looked up once per style id (python-docx's lookup is slow)."""
    style_id = paragraph._p.style
    if style_id not in cache:
        style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH) if style_id is None else None
        if style is None:
            style = paragraph.style
        size = style.font.size.pt if style is not None and style.font.size else None
        numbering = None
        base = style
        while base is not None and numbering is None:
            found = _num_pr(base.element)
            if found is not None and found[0] is not None:
                numbering = (found[0], found[1] or 0)
            base = base.base_style
        cache[style_id] = _Style(
            name=style.name if style is not None else "",
            bold=bool(style is not None and style.font.bold),
            size=size,
            numbering=numbering,
        )
    return cache[style_id]


def _paragraph_line(paragraph, style: _Style, numbering: _Numbering) -> Line | None:
    text = paragraph.text.replace("\t", " ").strip()
    own = _num_pr(paragraph._p)
    if own is not None:
        num_id, level = own
        numbered_as = (num_id or (style.numbering or ("0", 0))[0], level or 0)
    else:
        numbered_as = style.numbering
    label = numbering.label(*numbered_as) if numbered_as is not None and text else None
    if not text:
        return None
    runs = [run for run in paragraph.runs if run.text.strip()]
    heading_style = style.name.lower().startswith(("heading", "overskrift", "title", "titel"))
    bold = heading_style or (
        bool(runs) and all(run.bold or (run.bold is None and style.bold) for run in runs)
    )
    italic = bool(runs) and all(run.italic for run in runs)
    sizes = [run.font.size.pt if run.font.size else (style.size or BODY_SIZE) for run in runs]
    size = max(sizes, default=BODY_SIZE)
    if heading_style and size <= BODY_SIZE:
        size = BODY_SIZE + 2
    if label is not None:
        kind, shown = label
        text = f"{shown} {text}"
    else:
        kind = _list_kind(text) or ("ul" if style.name.lower().startswith("list") else "")
    return Line(text=text, bold=bold, size=size, list_kind=kind, italic=italic)


def docx_blocks(data: bytes) -> list[Block]:
    """The paragraphs and tables of a .docx in document order."""

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(
            "Filen kan ikke læses som et Word-dokument (.docx): den er beskadiget eller har et "
            "andet format. Åbn den i Word og gem den igen som .docx."
        ) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a damaged document part
        raise ReadError(
            "Word-dokumentet er beskadiget og kan ikke læses. Åbn det i Word og gem det igen."
        ) from exc
    blocks: list[Block] = []
    styles: dict[str | None, _Style] = {}
    numbering = _Numbering(document)
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            line = _paragraph_line(paragraph, _style_of(paragraph, document, styles), numbering)
            if line is not None:
                blocks.append(line)
        elif tag == "tbl":
            table = DocxTable(element, document)
            rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
            blocks.append(Table(rows=rows))
    return blocks


# --- PDF ----------------------------------------------------------------------------------


def _is_bold(words: list[dict]) -> bool:
    letters = [w for w in words if any(ch.isalpha() for ch in w["text"])] or words
    bold = sum(len(w["text"]) for w in letters if _BOLD_FONT.search(w.get("fontname", "")))
    return bold * 2 > sum(len(w["text"]) for w in letters)


def _is_italic(words: list[dict]) -> bool:
    return all(re.search(r"italic|oblique", w.get("fontname", ""), re.IGNORECASE) for w in words)


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (word["x0"] + word["x1"]) / 2
    middle_y = (word["top"] + word["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _page_blocks(page) -> list[tuple[float, Block]]:
    boxes: list[tuple[float, float, float, float]] = []
    placed: list[tuple[float, Block]] = []
    for table in page.find_tables():
        # Ruled lines around a page (a quote's border, a frame) can make a "table" of whole
        # paragraphs: only rows with two or more filled cells are table rows.
        kept = [
            (row.bbox, [" ".join((cell or "").split()) for cell in cells])
            for row, cells in zip(table.rows, table.extract(), strict=False)
        ]
        kept = [(box, cells) for box, cells in kept if sum(1 for c in cells if c) >= 2]
        if len(kept) < 2:
            continue
        box = (
            min(b[0] for b, _ in kept),
            min(b[1] for b, _ in kept),
            max(b[2] for b, _ in kept),
            max(b[3] for b, _ in kept),
        )
        boxes.append(box)
        placed.append((box[1], Table(rows=[cells for _, cells in kept])))
    words = [
        word
        for word in page.extract_words(extra_attrs=["fontname", "size"], use_text_flow=False)
        if not any(_inside(word, box) for box in boxes)
    ]
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    grouped: list[list[dict]] = []
    for word in words:
        if grouped and abs(word["top"] - grouped[-1][0]["top"]) < 2.5:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    previous_bottom: float | None = None
    previous: Line | None = None
    for group in grouped:
        group.sort(key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in group).strip()
        size = round(statistics.median(w["size"] for w in group), 1)
        top = min(w["top"] for w in group)
        bottom = max(w["bottom"] for w in group)
        if any(pattern.match(text) for pattern in _FURNITURE):
            continue
        bold = _is_bold(group)
        gap = None if previous_bottom is None else top - previous_bottom
        new_paragraph = (
            previous is None
            or gap is None
            or gap > 0.45 * size
            or bold != previous.bold
            or abs(size - previous.size) > 0.5
        )
        line = Line(
            text=text,
            bold=bold,
            size=size,
            new_paragraph=new_paragraph,
            list_kind=_list_kind(text),
            italic=_is_italic(group),
        )
        placed.append((top, line))
        previous, previous_bottom = line, bottom
    placed.sort(key=lambda pair: pair[0])
    return placed


def _running_key(line: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(line.text.split()).lower())


# A page number alone on its line ("3", "Side 3 af 7", "- 3 -"): page furniture, removed before
# any phrase of phrases.py is read (so it lives here; the phrase table imports it from here).
PAGE_NUMBER = re.compile(
    r"^(?:side\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE
)


def without_running_lines(
    pages: list[tuple[float, list[tuple[float, Block]]]],
) -> list[list[Block]]:
    """The pages' blocks without running headers and footers: a page number alone ("3",
    "Side 3 af 7", "- 3 -") in the top or bottom margin, and a line in a margin that comes
    back on other pages (Word's "Gem som PDF" and LibreOffice both print them as text)."""
    margin = 0.1

    def edges(height: float, placed: list[tuple[float, Block]]) -> list[Line]:
        return [
            block
            for top, block in placed
            if isinstance(block, Line) and (top < height * margin or top > height * (1 - margin))
        ]

    seen: dict[str, int] = {}
    for height, placed in pages:
        for key in {_running_key(line) for line in edges(height, placed)}:
            seen[key] = seen.get(key, 0) + 1
    kept: list[list[Block]] = []
    for height, placed in pages:
        furniture = {
            id(line)
            for line in edges(height, placed)
            if PAGE_NUMBER.match(line.text.strip())
            or (len(pages) > 1 and seen.get(_running_key(line), 0) > 1)
        }
        kept.append([block for _, block in placed if id(block) not in furniture])
    return kept


_NOT_A_PDF = "Filen kan ikke læses som PDF: den er beskadiget eller har et andet format."


def pdf_blocks(data: bytes) -> list[Block]:
    """The lines and tables of a PDF with text, page by page, without headers and footers."""

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect):
            raise ReadError(
                "PDF-filen er krypteret (beskyttet med adgangskode). Gem en udgave uden "
                "adgangskode og prøv igen."
            ) from exc
        raise ReadError(_NOT_A_PDF) from exc
    except Exception as exc:
        raise ReadError(_NOT_A_PDF) from exc
    blocks: list[Block] = []
    try:
        with pdf:
            pages = [(page.height, _page_blocks(page)) for page in pdf.pages]
            for page_blocks in without_running_lines(pages):
                if page_blocks and isinstance(page_blocks[0], Line):
                    page_blocks[0].new_paragraph = True
                blocks.extend(page_blocks)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(
            "PDF-filen er beskadiget og kan ikke læses helt. Gem den igen fra programmet, "
            "der lavede den."
        ) from exc
    if not any(isinstance(block, Line) and block.text for block in blocks):
        raise NoTextError(
            "PDF-filen har ingen tekst – er filen scannet? Portalen læser kun PDF-filer med "
            "tekst; brug den oprindelige Word-fil eller en PDF gemt fra Word."
        )
    return blocks
