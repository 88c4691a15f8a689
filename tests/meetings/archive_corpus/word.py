"""The Word variants: a layout written as .docx with direct formatting, with heading and list
styles, or with Word's own numbering of the item headings (numbering.xml), and one with the
time and place in a table.
"""

import copy
import io
import re

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from . import meeting
from .meeting import PLACE, SUBJECT, Para, Variant


def _new_num(document, style_name: str) -> str:
    """A new w:num on the abstract numbering of a list style, restarting at 1."""
    numbering = document.part.numbering_part.element
    style_num = document.styles[style_name].element.pPr.numPr.numId.val
    abstract = next(
        n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.findall(qn("w:num"))
        if n.get(qn("w:numId")) == str(style_num)
    )
    num_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract)
    num.append(ref)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return num_id


def _set_num(paragraph, num_id: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), num_id)
    num_pr.append(level)
    num_pr.append(num)
    properties.append(num_pr)


def word(paras: list[Para], *, mode: str = "direct", footer: bool = False) -> bytes:
    """`direct`: bold runs and sizes, numbers typed; `styles`: Title/Heading styles, the list
    in "List Number" and bullets in "List Bullet"; `auto`: also the item headings numbered
    by Word (a numbered heading list of its own)."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    list_num = heading_num = None
    if mode in ("styles", "auto"):
        list_num = _new_num(document, "List Number")
    if mode == "auto":
        heading_num = _new_num(document, "List Number")
    if footer:
        section = document.sections[0]
        section.header.paragraphs[0].text = f"Styregruppen for {SUBJECT} – 2. december 2013"
        run = section.footer.paragraphs[0].add_run("Side ")
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                field_char = OxmlElement("w:fldChar")
                field_char.set(qn("w:fldCharType"), kind)
                run._r.append(field_char)
            else:
                instr = OxmlElement("w:instrText")
                instr.text = text
                run._r.append(instr)
    for para in paras:
        text, style = para.text, para.style
        if mode == "direct":
            if style == "list":
                text = f"{para.number}. {text}"
            elif style == "item":
                text = f"{para.number}. {text}" if not re.match(r"^(Punkt|Ad)", text) else text
            elif style == "li":
                text = f"• {text}"
            paragraph = document.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = style in ("title", "h", "item")
            run.font.size = Pt({"title": 18, "item": 13}.get(style, 11))
            continue
        if style == "title":
            paragraph = document.add_paragraph(text, style="Title")
        elif style == "h":
            paragraph = document.add_paragraph(text, style="Heading 3")
        elif style == "item":
            if mode == "auto":
                paragraph = document.add_paragraph(text, style="Heading 2")
                _set_num(paragraph, heading_num)
            else:
                paragraph = document.add_paragraph(f"{para.number}. {text}", style="Heading 2")
        elif style == "list":
            paragraph = document.add_paragraph(text, style="List Number")
            _set_num(paragraph, list_num)
        elif style == "li":
            paragraph = document.add_paragraph(text, style="List Bullet")
        else:
            paragraph = document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_table_when(paras: list[Para]) -> bytes:
    """Direct formatting, with date, time and place in a two-column table."""
    document = docx.Document(io.BytesIO(word(paras[:2])))
    grid = document.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        (("Dato", "2. december 2013"), ("Tid", "kl. 14.00-16.00"), ("Sted", PLACE))
    ):
        grid.cell(row, 0).text, grid.cell(row, 1).text = label, value
    rest = docx.Document(io.BytesIO(word(paras[2:])))
    for element in rest.element.body.iterchildren():
        if not element.tag.endswith("sectPr"):
            document.element.body.append(copy.deepcopy(element))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_variants() -> list[Variant]:
    agenda, agenda_styles = meeting.agenda(), meeting.agenda_styles()
    referat_fra, referat_title = meeting.referat_fra(), meeting.referat_title()
    both, referat_til = meeting.agenda_and_referat(), meeting.referat_til()
    punkt, referat_af = meeting.punkt(), meeting.referat_af()
    return [
        Variant(
            "v01-word-direkte",
            "Word, direkte formatering, MedCom",
            "dagsorden",
            lambda: word(agenda),
            "docx",
            True,
            paragraphs=agenda,
        ),
        Variant(
            "v02-word-typografier",
            "Word, typografier, List Number og List Bullet",
            "dagsorden",
            lambda: word(agenda_styles, mode="styles"),
            "docx",
            True,
            paragraphs=agenda_styles,
        ),
        Variant(
            "v03-word-autonummer",
            "Word, punktoverskrifter med automatisk nummerering",
            "dagsorden",
            lambda: word(agenda_styles, mode="auto"),
            "docx",
            True,
            paragraphs=agenda_styles,
        ),
        Variant(
            "v04-referat-fra",
            "Referat fra …, ingen punktliste, grupper, Referat-afsnit",
            "referat",
            lambda: word(referat_fra),
            "docx",
            False,
            paragraphs=referat_fra,
        ),
        Variant(
            "v05-referat-titellinje",
            "Referat. af mødet i … dato kl. i sted, DEBATPUNKTER",
            "referat",
            lambda: word(referat_title, mode="styles"),
            "docx",
            False,
            paragraphs=referat_title,
        ),
        Variant(
            "v06-dagsorden-og-referat",
            "Dagsorden og referat, Dato:/Tid:/Mødested:, Fraværende",
            "referat",
            lambda: word(both),
            "docx",
            True,
            paragraphs=both,
        ),
        Variant(
            "v07-referat-til-gaester",
            "Referat til …, gæst i punktet, sidehoved og -fod",
            "referat",
            lambda: word(referat_til, footer=True),
            "docx",
            False,
            guest_group="Gæst under punkt {n}",
            paragraphs=referat_til,
        ),
        Variant(
            "v08-punkt-tabel",
            "Punkt 1: …, dato og sted i en tabel",
            "referat",
            lambda: word_table_when([p for p in punkt if not p.text.startswith("Tid og")]),
            "docx",
            False,
            paragraphs=punkt,
        ),
        Variant(
            "v11-referat-af-liste",
            "Referat af … med »Referat af møde«-liste",
            "referat",
            lambda: word(referat_af),
            "docx",
            True,
            paragraphs=referat_af,
        ),
    ]
