"""The facts of the corpus: what a variant carries (`expected`), what the reader got
(`read_facts`), and how many it got right (`score`).
"""

import html
import re
from dataclasses import dataclass
from typing import Any

from .meeting import ABSENT, BANNERS, DATE, GUESTS, ITEMS, PLACE, PRESENT, Variant


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
