"""Layout variants of one meeting's agenda and minutes, made by code, with their facts.

Real archives say the same things in many ways. Each variant here writes the same meeting
(2 December 2013, four items, a budget decision, groups in the attendance, a guest for two
items) in another layout: Word with direct formatting, heading styles or Word's automatic
numbering; minutes with and without the item list; PDFs from WeasyPrint (a running header
and page numbers, as Word's "Gem som PDF" prints them) and from LibreOffice. `expected`
gives the facts a reader must get right; `score` counts how many it did. The test suite
(tests/meetings/archive/test_corpus.py) and `bench/archive.py` both use this module.
"""

import copy
import datetime as dt
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

DATE = dt.date(2013, 12, 2)
PLACE = "Regionshuset Viborg, Mødelokale: Konference 1"
SUBJECT = "Telemedicin i Region Midt"
ITEMS: list[dict[str, Any]] = [
    {
        "title": "Meddelelser",
        "kind": "O",
        "minutes": 10,
        "bilag": [],
        "sections": [("Baggrund", ["Formanden orienterede om det nye projektkontor."])],
        "decision": "Taget til efterretning.",
    },
    {
        "title": "Budget 2014",
        "kind": "B",
        "minutes": 30,
        "bilag": ["Budgetoversigt 2014"],
        "sections": [
            ("Indstilling", ["Det indstilles, at budgettet for 2014 godkendes."]),
            ("Baggrund", ["Budgettet er på 1.615.000 kr.", "• Drift: 1.200.000 kr."]),
        ],
        "decision": "Godkendt som indstillet.",
        "follow_up": "Sekretariatet sender budgettet til regionsrådet inden 15. januar 2014.",
    },
    {
        "title": "Telemedicin i hjemmeplejen",
        "kind": "D",
        "minutes": 20,
        "bilag": ["Notat om hjemmeplejen", "Evaluering fra Rambøll"],
        "sections": [("Baggrund", ["Tre kommuner har afprøvet løsningen i 2013."])],
        "decision": "Styregruppen drøftede sagen og bad om en plan til næste møde.",
    },
    {
        "title": "Eventuelt",
        "kind": None,
        "minutes": 5,
        "bilag": [],
        "sections": [],
        "decision": "Intet.",
    },
]
BANNERS = {1: "ORIENTERINGSPUNKTER", 2: "BESLUTNINGSPUNKTER", 3: "DEBATPUNKTER"}
PRESENT = [
    ("Bestyrelsen", ["Anne Holm (Region Midt)", "Bo Lund"]),
    ("Observatører", ["Carl Berg"]),
    ("Sekretariatet", ["Dorte Friis"]),
]
GUESTS = ("Gæst under punkt 3 og 4", ["Eva Krogh (Rambøll)"])
ABSENT = [("Bestyrelsen", ["Finn Juhl"])]


@dataclass
class Para:
    text: str
    style: str = "p"  # title, h (bold heading), item (item heading), p, li, list (list line)
    number: int = 0  # the item number, written by Word's numbering when `auto`


@dataclass
class Variant:
    name: str
    what: str
    kind: str  # dagsorden | referat
    make: Callable[[], bytes]
    suffix: str
    has_list: bool
    groups: bool = True  # attendance written with groups
    guest_group: str = GUESTS[0]
    needs: str = ""  # "libreoffice" when LibreOffice makes it
    paragraphs: list[Para] = field(default_factory=list)


# --- The layouts as paragraphs -------------------------------------------------------------


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " og " + names[-1] if len(names) > 1 else names[0]


def _attendance(style: str) -> list[Para]:
    if style == "groups":
        out = [Para("Til stede:", "h")]
        out += [Para(f"{group}: {_names(names)}") for group, names in PRESENT]
        out.append(Para(f"{GUESTS[0]}: {_names(GUESTS[1])}"))
        out.append(Para("Afbud:", "h"))
        out += [Para(f"{group}: {_names(names)}") for group, names in ABSENT]
        return out
    if style == "fravaerende":
        out = [Para("Deltagere", "h")]
        out += [Para(f"{group}: {_names(names)}") for group, names in PRESENT]
        out.append(Para("Fraværende", "h"))
        out += [Para(f"{group}: {_names(names)}") for group, names in ABSENT]
        return out
    return []


def paragraphs(
    *,
    title: str,
    when: list[Para],
    has_list: bool,
    referat: bool,
    attendance: str = "",
    item_prefix: str = "",
    banners: bool = False,
    decision_heading: str = "Beslutning",
    inline_decision: bool = False,
    follow_up: bool = False,
    guests_in_items: bool = False,
    list_heading: str = "Dagsorden for møde",
) -> list[Para]:
    out = [Para("Region Midtjylland – Sekretariatet for telemedicin", "p"), Para(title, "title")]
    out += when
    out += _attendance(attendance)
    if has_list:
        out.append(Para(list_heading, "h"))
        for number, item in enumerate(ITEMS, start=1):
            kind = f" ({item['kind']})" if item["kind"] else ""
            out.append(Para(f"{item['title']}{kind} ({item['minutes']} min.)", "list", number))
    for number, item in enumerate(ITEMS, start=1):
        if banners and number in BANNERS:
            out.append(Para(BANNERS[number], "h"))
        kind = "" if banners or not item["kind"] else f" ({item['kind']})"
        out.append(Para(f"{item_prefix}{item['title']}{kind}", "item", number))
        for position, title in enumerate(item["bilag"], start=1):
            out.append(Para(f"Bilag {number}.{position} {title}"))
        if guests_in_items and number in (3, 4):
            out.append(Para(f"Gæst: {_names(GUESTS[1])}"))
        for heading, texts in item["sections"]:
            out.append(Para(heading, "h"))
            out += [Para(t[2:], "li") if t.startswith("• ") else Para(t) for t in texts]
        if referat:
            if inline_decision:
                out.append(Para(f"{decision_heading}: {item['decision']}"))
            else:
                out.append(Para(decision_heading, "h"))
                out.append(Para(item["decision"]))
            if follow_up and item.get("follow_up"):
                out.append(Para("Opfølgning", "h"))
                out.append(Para(item["follow_up"]))
    return out


def _when_block() -> list[Para]:
    return [
        Para("Dato og sted for møde", "h"),
        Para(f"Mandag d. 2. december 2013, kl. 14.00-16.00, {PLACE}"),
    ]


def _tid_og_sted() -> list[Para]:
    return [Para(f"Tid og sted: 2. december 2013 kl. 14:00-16:00 i {PLACE}")]


def _separate_lines() -> list[Para]:
    return [
        Para("Dato: Mandag den 2. december 2013"),
        Para("Tid: Kl. 14.00 – 16.00"),
        Para(f"Mødested: {PLACE}"),
    ]


# --- Word -----------------------------------------------------------------------------------


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


# --- PDF ------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 2.5cm 2cm;
  @top-center { content: "%(header)s"; font-size: 9pt; }
  @bottom-right { content: "%(footer)s"; font-size: 9pt; } }
body { font-family: %(font)s; font-size: 11pt; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; } h3 { font-size: 11pt; margin: 6pt 0 2pt; }
p, li { margin: 0 0 4pt; }
"""


def html_pdf(paras: list[Para], *, word_like: bool = False) -> bytes:
    """WeasyPrint. `word_like` imitates Word's "Gem som PDF": Calibri-like font, the header
    on every page and the page number alone in the footer."""
    from weasyprint import HTML

    body: list[str] = []
    listing = False
    for para in paras:
        text = html.escape(para.text)
        if para.style == "li":
            if not listing:
                body.append("<ul>")
                listing = True
            body.append(f"<li>{text}</li>")
            continue
        if listing:
            body.append("</ul>")
            listing = False
        if para.style == "title":
            body.append(f"<h1>{text}</h1>")
        elif para.style == "h":
            body.append(f"<h3>{text}</h3>")
        elif para.style == "item":
            body.append(f"<h2>{para.number}. {text}</h2>")
        elif para.style == "list":
            body.append(f"<p>{para.number}. {text}</p>")
        else:
            body.append(f"<p>{text}</p>")
    css = _CSS % {
        "header": f"Styregruppen for {SUBJECT}" if word_like else "Region Midtjylland",
        "footer": "counter(page)" if word_like else '"Side " counter(page) " af " counter(pages)',
        "font": "'Carlito', 'DejaVu Sans', sans-serif" if word_like else "'DejaVu Serif', serif",
    }
    css = css.replace('content: "counter(page)"', "content: counter(page)")
    css = css.replace(
        'content: ""Side " counter(page) " af " counter(pages)"',
        'content: "Side " counter(page) " af " counter(pages)',
    )
    document = (
        f"<html lang='da'><head><style>{css}</style></head><body>{''.join(body)}</body></html>"
    )
    return HTML(string=document).write_pdf()


def libreoffice_pdf(content: bytes) -> bytes:
    from meetings.bilag.conversion import convert_to_pdf

    return convert_to_pdf(content)


# --- The variants ---------------------------------------------------------------------------

TITLE_AGENDA = f"Dagsorden til styregruppemøde for {SUBJECT}"


def variants() -> list[Variant]:
    agenda = paragraphs(title=TITLE_AGENDA, when=_when_block(), has_list=True, referat=False)
    agenda_styles = paragraphs(
        title=f"Dagsorden for styregruppemøde for {SUBJECT}",
        when=_tid_og_sted(),
        has_list=True,
        referat=False,
        list_heading="Dagsorden",
    )
    referat_fra = paragraphs(
        title=f"Referat fra styregruppemøde for {SUBJECT}",
        when=_tid_og_sted(),
        has_list=False,
        referat=True,
        attendance="groups",
        decision_heading="Referat",
        follow_up=True,
    )
    referat_title = paragraphs(
        title="Referat. af mødet i Sundhedsstyregruppen 2. december 2013 kl. 14:00-16:00 "
        f"i {PLACE}",
        when=[],
        has_list=False,
        referat=True,
        attendance="groups",
        banners=True,
        follow_up=True,
    )
    both = paragraphs(
        title=f"Dagsorden og referat for styregruppemøde for {SUBJECT}",
        when=_separate_lines(),
        has_list=True,
        referat=True,
        attendance="fravaerende",
        inline_decision=True,
    )
    referat_til = paragraphs(
        title=f"Referat til styregruppemøde for {SUBJECT}",
        when=_when_block(),
        has_list=False,
        referat=True,
        attendance="groups",
        item_prefix="",
        guests_in_items=True,
    )
    referat_til = [p for p in referat_til if not p.text.startswith(GUESTS[0])]
    punkt = [
        Para(f"Punkt {p.number}: {p.text}", "item", p.number) if p.style == "item" else p
        for p in referat_fra
    ]
    referat_af = paragraphs(
        title=f"Referat af styregruppemøde for {SUBJECT}",
        when=_when_block(),
        has_list=True,
        referat=True,
        attendance="groups",
        list_heading="Referat af møde",
    )
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
            "v09-pdf-weasyprint",
            "PDF (WeasyPrint) med sidehoved og »Side n af m«",
            "dagsorden",
            lambda: html_pdf(agenda),
            "pdf",
            True,
            paragraphs=agenda,
        ),
        Variant(
            "v10-pdf-gem-som-pdf",
            "PDF som Words »Gem som PDF«: sidehoved, sidetal",
            "referat",
            lambda: html_pdf(referat_fra, word_like=True),
            "pdf",
            False,
            paragraphs=referat_fra,
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
        Variant(
            "v12-pdf-libreoffice-typografier",
            "LibreOffice-PDF af Word med typografier",
            "dagsorden",
            lambda: libreoffice_pdf(word(agenda_styles, mode="styles")),
            "pdf",
            True,
            needs="libreoffice",
            paragraphs=agenda_styles,
        ),
        Variant(
            "v13-pdf-libreoffice-referat",
            "LibreOffice-PDF af »Referat fra …«",
            "referat",
            lambda: libreoffice_pdf(word(referat_fra)),
            "pdf",
            False,
            needs="libreoffice",
            paragraphs=referat_fra,
        ),
    ]


# --- Facts ----------------------------------------------------------------------------------


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def expected(variant: Variant) -> dict[str, Any]:
    """The facts the variant carries, as (name -> value)."""
    facts: dict[str, Any] = {
        "dato": DATE.isoformat(),
        "start": "14:00",
        "slut": "16:00",
        "sted": PLACE,
    }
    texts = [p.text for p in variant.paragraphs]
    for number, item in enumerate(ITEMS, start=1):
        facts[f"punkt {number} titel"] = item["title"]
        banners = any(t in BANNERS.values() for t in texts)
        # Under "DEBATPUNKTER" every item after it is a debate item, "Eventuelt" too.
        facts[f"punkt {number} type"] = "D" if banners and number == 4 else item["kind"]
        if variant.has_list:
            facts[f"punkt {number} minutter"] = item["minutes"]
        facts[f"punkt {number} bilag"] = item["bilag"]
        headings = [h for h, _ in item["sections"]]
        if "Opfølgning" in texts and item.get("follow_up"):
            headings.append("Opfølgning")  # kept as text too, besides the action
        facts[f"punkt {number} afsnit"] = headings
        if variant.kind == "referat":
            facts[f"punkt {number} beslutning"] = item["decision"]
    if variant.kind == "referat":
        if any(t.startswith(("Til stede", "Deltagere")) for t in texts):
            for group, names in PRESENT:
                for name in names:
                    facts[f"fremmøde {name}"] = ("present", group)
            for group, names in ABSENT:
                for name in names:
                    facts[f"fremmøde {name}"] = ("absent", group)
        if any(t.startswith(GUESTS[0]) for t in texts):
            for name in GUESTS[1]:
                facts[f"fremmøde {name}"] = ("guest", GUESTS[0])
        elif any(t.startswith("Gæst:") for t in texts):
            for name in GUESTS[1]:
                facts[f"fremmøde {name}"] = ("guest", "Gæst under punkt 3 og 4")
        if any(t == "Opfølgning" for t in texts):
            facts["opfølgning punkt 2"] = ("Sekretariatet", "2014-01-15")
    return facts


def read_facts(reading) -> dict[str, Any]:
    """The same facts as the reader got them."""
    meeting = reading.document["meeting"]
    facts: dict[str, Any] = {
        "dato": meeting.get("date"),
        "start": meeting.get("start_time"),
        "slut": meeting.get("end_time"),
        "sted": meeting.get("location"),
    }
    for number, item in enumerate(reading.document["items"], start=1):
        facts[f"punkt {number} titel"] = item["title"]
        facts[f"punkt {number} type"] = item.get("kind")
        facts[f"punkt {number} minutter"] = item["duration_minutes"]
        facts[f"punkt {number} bilag"] = [a["title"] for a in item.get("attachments", [])]
        facts[f"punkt {number} afsnit"] = [s["heading"] for s in item["sections"]]
        decision = reading.decisions.get(number) or item.get("decision_html", "")
        facts[f"punkt {number} beslutning"] = _plain(decision)
    for person in reading.attendance:
        name = person["name"] + (
            f" ({person['organisation']})" if person.get("organisation") else ""
        )
        facts[f"fremmøde {name}"] = (person["status"], person.get("group", ""))
    for action in reading.actions:
        facts[f"opfølgning punkt {action['item']}"] = (action["who"], action["due_date"])
    return facts


@dataclass
class Score:
    right: int
    total: int
    wrong: list[str]

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(variant: Variant, reading) -> Score:
    want, got = expected(variant), read_facts(reading)
    wrong = [
        f"{key}: ventet {value!r}, læst {got.get(key)!r}"
        for key, value in want.items()
        if got.get(key) != value
    ]
    return Score(len(want) - len(wrong), len(want), wrong)
