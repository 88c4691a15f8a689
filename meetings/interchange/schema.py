"""The interchange format `dap-agenda/1`: its limits, the checked document, the field readers.

The format is described in docs/agenda-interchange.md. Every reader here takes a JSON value
and the JSON path it was found at, and raises `InterchangeError` with that path and a Danish
sentence saying what to fix; `parse` walks the document with them.
"""

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from budgets.services import MAX_AMOUNT
from dap_portal import danish

from ..files import FileKind
from ..models import ItemKind
from ..sanitize import sanitize_html

FORMAT = "dap-agenda/1"
AGENDA_JSON = "agenda.json"
# A zip with more entries than this is no agenda export; refusing it early bounds the work.
MAX_ZIP_ENTRIES = 500
MAX_DURATION = 24 * 60

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")
CURRENCY = re.compile(r"[A-Z]{3}")

KIND_CHOICES = {code: label.lower() for code, label in ItemKind.choices}


class InterchangeError(Exception):
    """A bad agenda file: .path is the JSON path, .message a Danish sentence saying what to fix."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# --- The validated document -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CommitteeIn:
    name: str
    short_name: str
    secretariat: str


@dataclass(frozen=True, kw_only=True)
class MeetingIn:
    title: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    location: str
    next_date: dt.date | None
    next_start_time: dt.time | None
    next_end_time: dt.time | None
    next_location: str


@dataclass(frozen=True, kw_only=True)
class PresenterIn:
    name: str
    organisation: str
    role: str


@dataclass(frozen=True, kw_only=True)
class AttachmentIn:
    path: str
    title: str
    file: str
    kind: FileKind | None  # what the file's content really is (None without a file)
    generated: str
    confidential: bool


@dataclass(frozen=True, kw_only=True)
class SectionIn:
    part: str
    heading: str
    html: str


@dataclass(frozen=True, kw_only=True)
class EmbedIn:
    path: str
    type: str
    programme: str
    year: int
    part: str


@dataclass(frozen=True, kw_only=True)
class ItemIn:
    path: str
    title: str
    kind: str
    duration_minutes: int
    presenters: tuple[PresenterIn, ...]
    projects: tuple[tuple[str, str], ...]  # (JSON path, project name)
    confidential: bool
    standing: str
    attachments: tuple[AttachmentIn, ...]
    sections: tuple[SectionIn, ...]
    embeds: tuple[EmbedIn, ...]
    decision_html: str
    actions: tuple = ()  # interchange.actions.ActionIn: follow-up on the decision


@dataclass(frozen=True, kw_only=True)
class ProgrammeIn:
    path: str
    short_name: str
    name: str


@dataclass(frozen=True, kw_only=True)
class ProjectIn:
    path: str
    name: str
    programme: str
    owner: str
    project_management: str
    project_lead: str


@dataclass(frozen=True, kw_only=True)
class LineIn:
    path: str
    project: str
    budget: dict[dt.date, int]
    spent: dict[dt.date, int]


@dataclass(frozen=True, kw_only=True)
class BudgetIn:
    path: str
    programme: str
    year: int
    total: int
    currency: str
    revisions: tuple[dt.date, ...]
    note: str
    lines: tuple[LineIn, ...]


@dataclass(frozen=True, kw_only=True)
class Document:
    committee: CommitteeIn
    meeting: MeetingIn
    items: tuple[ItemIn, ...]
    programmes: tuple[ProgrammeIn, ...]
    projects: tuple[ProjectIn, ...]
    budgets: tuple[BudgetIn, ...]


# --- Small checks, each raising InterchangeError with the path of the value ---------------


def at(path: str, key: str) -> str:
    """`items[3]` + `title` -> `items[3].title`."""
    return f"{path}.{key}" if path else key


def indexed(path: str, index: int) -> str:
    """`items` + 3 -> `items[3]`."""
    return f"{path}[{index}]"


def keyed(path: str, key: str) -> str:
    """A date key of an amounts object: `budget["2025-04-28"]`."""
    return f'{path}["{key}"]'


def show(value: Any) -> str:
    """A value as it is written in the file, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def kind_of(value: Any) -> str:
    """The JSON type of a value, in Danish, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "et tal"
    if isinstance(value, float):
        return "et decimaltal"
    if isinstance(value, str):
        return "en tekst"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "et objekt"
    return type(value).__name__


def read_object(
    value: Any, path: str, *, required: tuple[str, ...], optional: tuple[str, ...], what: str
) -> dict[str, Any]:
    """Check that value is an object with the required keys and no unknown ones."""
    if not isinstance(value, dict):
        raise InterchangeError(
            path, f"{what} skal være et objekt {{ ... }}, men er {kind_of(value)}."
        )
    allowed = (*required, *optional)
    for key in value:
        if key not in allowed:
            raise InterchangeError(
                at(path, str(key)),
                f"Ukendt felt »{key}«. Fjern det, eller ret stavemåden; "
                f"tilladte felter her er: {', '.join(allowed)}.",
            )
    for key in required:
        if key not in value:
            raise InterchangeError(
                at(path, key), f"Feltet »{key}« mangler. Tilføj det; det er påkrævet her."
            )
    return value


def read_list(value: Any, path: str, *, what: str, required: bool = False) -> list[Any]:
    """A list; an optional one may be null (meaning empty)."""
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise InterchangeError(path, f"{what} skal være en liste [ ... ], men er {kind_of(value)}.")
    return value


def read_text(
    value: Any,
    path: str,
    *,
    what: str = "Teksten",
    max_length: int | None = None,
    required: bool = False,
) -> str:
    """A string; optional texts may be null (meaning empty), required ones must not be blank."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InterchangeError(
            path, f"{what} skal være en tekst i anførselstegn, men er {kind_of(value)}."
        )
    if "\x00" in value:
        # PostgreSQL cannot store NUL in text; better a clear message than a database error.
        raise InterchangeError(path, f"{what} indeholder et NUL-tegn (\\u0000). Fjern det.")
    if required and not value.strip():
        raise InterchangeError(path, f"{what} må ikke være tom. Skriv en tekst.")
    if max_length is not None and len(value) > max_length:
        raise InterchangeError(
            path,
            f"{what} er for lang ({len(value)} tegn). Forkort den til højst {max_length} tegn.",
        )
    return value


def field_max_length(model: type[models.Model], field: str) -> int | None:
    """The max_length of the model field that stores a text."""
    return model._meta.get_field(field).max_length


def read_field(
    data: dict[str, Any],
    path: str,
    key: str,
    what: str,
    *,
    model: type[models.Model] | None = None,
    required: bool = False,
) -> str:
    """The text under key; no longer than the model field of the same name can store."""
    max_length = field_max_length(model, key) if model is not None else None
    return read_text(
        data.get(key), at(path, key), what=what, max_length=max_length, required=required
    )


def read_html(value: Any, path: str) -> str:
    """User HTML reduced to the allow-list of the format."""
    # Hostile markup is not an error: the one sanitizer removes it and keeps the text.
    return sanitize_html(read_text(value, path, what="HTML-teksten"))


def read_integer(
    value: Any, path: str, *, message: str, minimum: int = 0, maximum: int = MAX_AMOUNT
) -> int:
    """An integer in a range; bool is not an integer here, and 10.0 is not either."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InterchangeError(path, message)
    if value > maximum:
        raise InterchangeError(path, f"Tallet {value} er for stort; højst {maximum}.")
    return value


def read_flag(value: Any, path: str) -> bool:
    """true or false; null means false."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InterchangeError(
            path, f"Skal være true eller false (uden anførselstegn), men er {show(value)}."
        )
    return value


def read_date(value: Any, path: str, *, what: str = "Datoen") -> dt.date:
    """An ISO date `YYYY-MM-DD` that exists in the calendar."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InterchangeError(
            path, f"{what} skal skrives som ÅÅÅÅ-MM-DD, fx 2025-10-06, ikke {show(value)}."
        )
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InterchangeError(
            path, f"{what} {value} findes ikke i kalenderen. Ret den til en rigtig dato."
        ) from None
    if problem := danish.date_out_of_range(day, what=what):  # 2000-01-01 .. 2100-12-31
        raise InterchangeError(path, problem)
    return day


def read_time(value: Any, path: str) -> dt.time | None:
    """A clock time `HH:MM`, or None for null."""
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise InterchangeError(
            path, f"Klokkeslættet skal skrives som TT:MM, fx 13:00, ikke {show(value)}."
        )
    hour, minute = int(value[:2]), int(value[3:])
    if hour > 23 or minute > 59:
        raise InterchangeError(
            path, f"Klokkeslættet {value} findes ikke. Brug 00:00 til 23:59, fx 13:00."
        )
    return dt.time(hour, minute)


def read_choice(value: Any, path: str, *, choices: Mapping[str, str], what: str) -> str:
    """One of a few codes, or null (stored as '')."""
    if value is None:
        return ""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(f'"{code}" ({label})' for code, label in choices.items())
        raise InterchangeError(path, f"{what} skal være {allowed} eller null, ikke {show(value)}.")
    return value


def check_time_span(
    start: dt.time | None, end: dt.time | None, path: str, *, start_key: str, end_key: str
) -> None:
    """An end time needs a start time and must come after it."""
    if end is not None and start is None:
        raise InterchangeError(
            at(path, end_key), f"Der er en sluttid, men ingen starttid. Tilføj »{start_key}«."
        )
    if start is not None and end is not None and end <= start:
        raise InterchangeError(
            at(path, end_key),
            f"Sluttiden {end:%H:%M} skal ligge efter starttiden {start:%H:%M}. Ret en af dem.",
        )
