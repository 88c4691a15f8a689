"""The meeting every variant writes (its date, place, items, attendance), a variant, and the
meeting's layouts as paragraphs, before any file format: the same layout is written as Word
(`word.py`) and as PDF (`pdf.py`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


# --- The documents, one a layout ------------------------------------------------------------

TITLE_AGENDA = f"Dagsorden til styregruppemøde for {SUBJECT}"


def agenda() -> list[Para]:
    """MedCom: "Dagsorden til …", time and place under a heading, the item list."""
    return paragraphs(title=TITLE_AGENDA, when=_when_block(), has_list=True, referat=False)


def agenda_styles() -> list[Para]:
    """Titled "Dagsorden for …", "Tid og sted: …" on one line, the list under "Dagsorden"."""
    return paragraphs(
        title=f"Dagsorden for styregruppemøde for {SUBJECT}",
        when=_tid_og_sted(),
        has_list=True,
        referat=False,
        list_heading="Dagsorden",
    )


def referat_fra() -> list[Para]:
    """Minutes titled "Referat fra …": no item list, groups, decisions under "Referat"."""
    return paragraphs(
        title=f"Referat fra styregruppemøde for {SUBJECT}",
        when=_tid_og_sted(),
        has_list=False,
        referat=True,
        attendance="groups",
        decision_heading="Referat",
        follow_up=True,
    )


def referat_title() -> list[Para]:
    """Minutes titled "Referat. af mødet i … dato kl. i sted", capitals between items."""
    return paragraphs(
        title="Referat. af mødet i Sundhedsstyregruppen 2. december 2013 kl. 14:00-16:00 "
        f"i {PLACE}",
        when=[],
        has_list=False,
        referat=True,
        attendance="groups",
        banners=True,
        follow_up=True,
    )


def agenda_and_referat() -> list[Para]:
    """Titled "Dagsorden og referat …", "Dato:/Tid:/Mødested:", "Fraværende", inline decisions."""
    return paragraphs(
        title=f"Dagsorden og referat for styregruppemøde for {SUBJECT}",
        when=_separate_lines(),
        has_list=True,
        referat=True,
        attendance="fravaerende",
        inline_decision=True,
    )


def referat_til() -> list[Para]:
    """Minutes titled "Referat til …": the guest named in the items, not in the attendance."""
    paras = paragraphs(
        title=f"Referat til styregruppemøde for {SUBJECT}",
        when=_when_block(),
        has_list=False,
        referat=True,
        attendance="groups",
        item_prefix="",
        guests_in_items=True,
    )
    return [p for p in paras if not p.text.startswith(GUESTS[0])]


def punkt() -> list[Para]:
    """`referat_fra` with its items headed "Punkt n: …"."""
    return [
        Para(f"Punkt {p.number}: {p.text}", "item", p.number) if p.style == "item" else p
        for p in referat_fra()
    ]


def referat_af() -> list[Para]:
    """Minutes titled "Referat af …" with their list under "Referat af møde"."""
    return paragraphs(
        title=f"Referat af styregruppemøde for {SUBJECT}",
        when=_when_block(),
        has_list=True,
        referat=True,
        attendance="groups",
        list_heading="Referat af møde",
    )
