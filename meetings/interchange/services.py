"""Import and export of one meeting's agenda in the interchange format `dap-agenda/1`.

The format is described in docs/agenda-interchange.md. An import first validates the whole
document (the first problem is reported with its JSON path and a Danish sentence saying what
to fix), then writes everything in one transaction: a bad file changes nothing.
"""

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation

from budgets.models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount
from budgets.selectors import budgets_with_figures
from projects.models import Programme, Project

from ..agenda import items_for_agenda
from ..audit import record_audit
from ..files import ALLOWED_DESCRIPTION, FileKind, sniff_bytes
from ..models import (
    AgendaItem,
    Bilag,
    Committee,
    EmbedType,
    GeneratedBilag,
    ItemEmbed,
    ItemKind,
    ItemSection,
    Meeting,
    MeetingStatus,
    Presenter,
    StandingItem,
)
from ..sanitize import sanitize_html

FORMAT = "dap-agenda/1"
AGENDA_JSON = "agenda.json"
# A zip with more entries than this is no agenda export; refusing it early bounds the work.
MAX_ZIP_ENTRIES = 500
# Amounts are stored in BigIntegerField; anything larger would overflow PostgreSQL's bigint.
MAX_AMOUNT = 2**63 - 1
MAX_DURATION = 24 * 60

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so that the same meeting gives the same bytes

KIND_CHOICES = {code: label.lower() for code, label in ItemKind.choices}


class InterchangeError(Exception):
    """A bad agenda file: .path is the JSON path, .message a Danish sentence saying what to fix."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# --- The validated document -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _CommitteeIn:
    name: str
    short_name: str
    secretariat: str


@dataclass(frozen=True, kw_only=True)
class _MeetingIn:
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
class _PresenterIn:
    name: str
    organisation: str
    role: str


@dataclass(frozen=True, kw_only=True)
class _AttachmentIn:
    path: str
    title: str
    file: str
    kind: FileKind | None  # what the file's content really is (None without a file)
    generated: str
    confidential: bool


@dataclass(frozen=True, kw_only=True)
class _SectionIn:
    part: str
    heading: str
    html: str


@dataclass(frozen=True, kw_only=True)
class _EmbedIn:
    path: str
    type: str
    programme: str
    year: int
    part: str


@dataclass(frozen=True, kw_only=True)
class _ItemIn:
    path: str
    title: str
    kind: str
    duration_minutes: int
    presenters: tuple[_PresenterIn, ...]
    projects: tuple[tuple[str, str], ...]  # (JSON path, project name)
    confidential: bool
    standing: str
    attachments: tuple[_AttachmentIn, ...]
    sections: tuple[_SectionIn, ...]
    embeds: tuple[_EmbedIn, ...]
    decision_html: str


@dataclass(frozen=True, kw_only=True)
class _ProgrammeIn:
    path: str
    short_name: str
    name: str


@dataclass(frozen=True, kw_only=True)
class _ProjectIn:
    path: str
    name: str
    programme: str
    owner: str
    project_management: str
    project_lead: str


@dataclass(frozen=True, kw_only=True)
class _LineIn:
    path: str
    project: str
    budget: dict[dt.date, int]
    spent: dict[dt.date, int]


@dataclass(frozen=True, kw_only=True)
class _BudgetIn:
    path: str
    programme: str
    year: int
    total: int
    currency: str
    revisions: tuple[dt.date, ...]
    note: str
    lines: tuple[_LineIn, ...]


@dataclass(frozen=True, kw_only=True)
class _Document:
    committee: _CommitteeIn
    meeting: _MeetingIn
    items: tuple[_ItemIn, ...]
    programmes: tuple[_ProgrammeIn, ...]
    projects: tuple[_ProjectIn, ...]
    budgets: tuple[_BudgetIn, ...]


# --- Small checks, each raising InterchangeError with the path of the value ---------------


def _at(path: str, key: str) -> str:
    """`items[3]` + `title` -> `items[3].title`."""
    return f"{path}.{key}" if path else key


def _index(path: str, index: int) -> str:
    """`items` + 3 -> `items[3]`."""
    return f"{path}[{index}]"


def _keyed(path: str, key: str) -> str:
    """A date key of an amounts object: `budget["2025-04-28"]`."""
    return f'{path}["{key}"]'


def _show(value: Any) -> str:
    """A value as it is written in the file, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_of(value: Any) -> str:
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


def _object(
    value: Any, path: str, *, required: tuple[str, ...], optional: tuple[str, ...], what: str
) -> dict[str, Any]:
    """Check that value is an object with the required keys and no unknown ones."""
    if not isinstance(value, dict):
        raise InterchangeError(
            path, f"{what} skal være et objekt {{ ... }}, men er {_kind_of(value)}."
        )
    allowed = (*required, *optional)
    for key in value:
        if key not in allowed:
            raise InterchangeError(
                _at(path, str(key)),
                f"Ukendt felt »{key}«. Fjern det, eller ret stavemåden; "
                f"tilladte felter her er: {', '.join(allowed)}.",
            )
    for key in required:
        if key not in value:
            raise InterchangeError(
                _at(path, key), f"Feltet »{key}« mangler. Tilføj det; det er påkrævet her."
            )
    return value


def _list(value: Any, path: str, *, what: str, required: bool = False) -> list[Any]:
    """A list; an optional one may be null (meaning empty)."""
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise InterchangeError(
            path, f"{what} skal være en liste [ ... ], men er {_kind_of(value)}."
        )
    return value


def _text(
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
            path, f"{what} skal være en tekst i anførselstegn, men er {_kind_of(value)}."
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


def _max_length(model: type[models.Model], field: str) -> int | None:
    """The max_length of the model field that stores a text."""
    return model._meta.get_field(field).max_length


def _field(
    data: dict[str, Any],
    path: str,
    key: str,
    what: str,
    *,
    model: type[models.Model] | None = None,
    required: bool = False,
) -> str:
    """The text under key; no longer than the model field of the same name can store."""
    max_length = _max_length(model, key) if model is not None else None
    return _text(data.get(key), _at(path, key), what=what, max_length=max_length, required=required)


def _html(value: Any, path: str) -> str:
    """User HTML reduced to the allow-list of the format."""
    # Hostile markup is not an error: the one sanitizer removes it and keeps the text.
    return sanitize_html(_text(value, path, what="HTML-teksten"))


def _integer(
    value: Any, path: str, *, message: str, minimum: int = 0, maximum: int = MAX_AMOUNT
) -> int:
    """An integer in a range; bool is not an integer here, and 10.0 is not either."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InterchangeError(path, message)
    if value > maximum:
        raise InterchangeError(path, f"Tallet {value} er for stort; højst {maximum}.")
    return value


def _flag(value: Any, path: str) -> bool:
    """true or false; null means false."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InterchangeError(
            path, f"Skal være true eller false (uden anførselstegn), men er {_show(value)}."
        )
    return value


def _date(value: Any, path: str, *, what: str = "Datoen") -> dt.date:
    """An ISO date `YYYY-MM-DD` that exists in the calendar."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise InterchangeError(
            path, f"{what} skal skrives som ÅÅÅÅ-MM-DD, fx 2025-10-06, ikke {_show(value)}."
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InterchangeError(
            path, f"{what} {value} findes ikke i kalenderen. Ret den til en rigtig dato."
        ) from None


def _time(value: Any, path: str) -> dt.time | None:
    """A clock time `HH:MM`, or None for null."""
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise InterchangeError(
            path, f"Klokkeslættet skal skrives som TT:MM, fx 13:00, ikke {_show(value)}."
        )
    hour, minute = int(value[:2]), int(value[3:])
    if hour > 23 or minute > 59:
        raise InterchangeError(
            path, f"Klokkeslættet {value} findes ikke. Brug 00:00 til 23:59, fx 13:00."
        )
    return dt.time(hour, minute)


def _choice(value: Any, path: str, *, choices: Mapping[str, str], what: str) -> str:
    """One of a few codes, or null (stored as '')."""
    if value is None:
        return ""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(f'"{code}" ({label})' for code, label in choices.items())
        raise InterchangeError(path, f"{what} skal være {allowed} eller null, ikke {_show(value)}.")
    return value


def _time_span(
    start: dt.time | None, end: dt.time | None, path: str, *, start_key: str, end_key: str
) -> None:
    """An end time needs a start time and must come after it."""
    if end is not None and start is None:
        raise InterchangeError(
            _at(path, end_key), f"Der er en sluttid, men ingen starttid. Tilføj »{start_key}«."
        )
    if start is not None and end is not None and end <= start:
        raise InterchangeError(
            _at(path, end_key),
            f"Sluttiden {end:%H:%M} skal ligge efter starttiden {start:%H:%M}. Ret en af dem.",
        )


def zip_name_problem(name: str) -> str | None:
    """Why a file name inside a zip is unsafe, or None when it is a plain relative path."""
    if "\\" in name:
        return "indeholder en omvendt skråstreg (\\). Brug / mellem mapper"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "er en absolut sti. Brug en relativ sti, fx bilag/3-1.pdf"
    if ".." in name.split("/"):
        return "indeholder »..«, der peger uden for zip-filen. Brug en sti som bilag/3-1.pdf"
    if "\x00" in name or not name.strip("/"):
        return "er ikke et gyldigt filnavn"
    return None


# --- Walking the document -----------------------------------------------------------------


def _committee(value: Any, path: str) -> _CommitteeIn:
    """The `committee` object."""
    data = _object(
        value, path, required=("name", "short_name"), optional=("secretariat",), what="Styregruppen"
    )
    return _CommitteeIn(
        name=_field(data, path, "name", "Styregruppens navn", model=Committee, required=True),
        short_name=_field(
            data, path, "short_name", "Styregruppens korte navn", model=Committee, required=True
        ),
        secretariat=_field(data, path, "secretariat", "Sekretariatet", model=Committee),
    )


def _meeting(value: Any, path: str, next_value: Any, next_path: str) -> _MeetingIn:
    """The `meeting` object together with the optional `next_meeting`."""
    data = _object(
        value,
        path,
        required=("title", "date"),
        optional=("start_time", "end_time", "location"),
        what="Mødet",
    )
    title = _field(data, path, "title", "Mødets titel", model=Meeting, required=True)
    date = _date(data["date"], _at(path, "date"), what="Mødets dato")
    start = _time(data.get("start_time"), _at(path, "start_time"))
    end = _time(data.get("end_time"), _at(path, "end_time"))
    _time_span(start, end, path, start_key="start_time", end_key="end_time")
    location = _field(data, path, "location", "Stedet", model=Meeting)
    next_date = next_start = next_end = None
    next_location = ""
    if next_value is not None:
        following = _object(
            next_value,
            next_path,
            required=("date",),
            optional=("start_time", "end_time", "location"),
            what="Næste møde",
        )
        next_date = _date(following["date"], _at(next_path, "date"), what="Næste mødes dato")
        next_start = _time(following.get("start_time"), _at(next_path, "start_time"))
        next_end = _time(following.get("end_time"), _at(next_path, "end_time"))
        _time_span(next_start, next_end, next_path, start_key="start_time", end_key="end_time")
        next_location = _text(
            following.get("location"),
            _at(next_path, "location"),
            what="Stedet",
            max_length=_max_length(Meeting, "next_location"),
        )
    return _MeetingIn(
        title=title,
        date=date,
        start_time=start,
        end_time=end,
        location=location,
        next_date=next_date,
        next_start_time=next_start,
        next_end_time=next_end,
        next_location=next_location,
    )


def _presenter(value: Any, path: str) -> _PresenterIn:
    """One of an item's `presenters`."""
    data = _object(
        value, path, required=("name",), optional=("organisation", "role"), what="Oplægsholderen"
    )
    return _PresenterIn(
        name=_field(data, path, "name", "Navnet", model=Presenter, required=True),
        organisation=_field(data, path, "organisation", "Organisationen", model=Presenter),
        role=_field(data, path, "role", "Rollen", model=Presenter),
    )


def _attachment(value: Any, path: str, files: Mapping[str, bytes] | None) -> _AttachmentIn:
    """One of an item's `attachments` (bilag), with its file checked if it has one."""
    data = _object(
        value,
        path,
        required=("title",),
        optional=("file", "generated", "confidential"),
        what="Bilaget",
    )
    title = _field(data, path, "title", "Bilagets titel", model=Bilag, required=True)
    file_path = _at(path, "file")
    name = _text(data.get("file"), file_path, what="Filnavnet")
    generated = _choice(
        data.get("generated"),
        _at(path, "generated"),
        choices={code: label.lower() for code, label in GeneratedBilag.choices},
        what="»generated«",
    )
    confidential = _flag(data.get("confidential"), _at(path, "confidential"))
    kind = None
    if name:
        if generated:
            raise InterchangeError(
                file_path,
                "Et bilag, som portalen danner (»generated«), kan ikke også have en fil. "
                "Fjern »file« eller »generated«.",
            )
        kind = _attachment_file(name, file_path, files)
    return _AttachmentIn(
        path=path,
        title=title,
        file=name,
        kind=kind,
        generated=generated,
        confidential=confidential,
    )


def _attachment_file(name: str, path: str, files: Mapping[str, bytes] | None) -> FileKind:
    """What the named file really is; an error if it is missing, too large or not allowed."""
    problem = zip_name_problem(name)
    if problem:
        raise InterchangeError(path, f"Filnavnet »{name}« {problem}.")
    if files is None:
        raise InterchangeError(
            path,
            f"Bilaget henviser til filen »{name}«, men der følger ingen filer med en .json-fil. "
            "Importér en .zip med agenda.json og bilagsfilerne, eller fjern »file«.",
        )
    if name not in files:
        raise InterchangeError(
            path,
            f"Filen »{name}« findes ikke i zip-filen. Læg den i zip-filen, eller ret navnet.",
        )
    data = files[name]
    limit = settings.DAP_BILAG_MAX_BYTES
    if len(data) > limit:
        raise InterchangeError(path, _too_large(name, len(data), limit))
    kind = sniff_bytes(data)
    if kind is None:
        raise InterchangeError(
            path,
            f"Filen »{name}« er ikke en tilladt filtype, uanset hvad navnet siger: indholdet er "
            f"ikke {ALLOWED_DESCRIPTION}. Læg den rigtige fil i zip-filen.",
        )
    return kind


def _too_large(name: str, size: int, limit: int) -> str:
    """The message for a file over DAP_BILAG_MAX_BYTES."""
    return (
        f"Filen »{name}« fylder {_megabytes(size)} udpakket; hver fil må højst fylde "
        f"{_megabytes(limit)} (DAP_BILAG_MAX_BYTES). Gør filen mindre, eller del den op."
    )


def _megabytes(size: int) -> str:
    """`12,3 MB`."""
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _section(value: Any, path: str) -> _SectionIn:
    """One of an item's `sections`; its html is sanitized here."""
    data = _object(value, path, required=("html",), optional=("part", "heading"), what="Afsnittet")
    return _SectionIn(
        part=_field(data, path, "part", "Delpunktet", model=ItemSection),
        heading=_field(data, path, "heading", "Overskriften", model=ItemSection),
        html=_html(data["html"], _at(path, "html")),
    )


def _year(value: Any, path: str) -> int:
    """A budget year within the range the model allows."""
    return _integer(
        value,
        path,
        message="Året skal være et helt tal fra 2000 til 2100, fx 2025.",
        minimum=2000,
        maximum=2100,
    )


def _embed(value: Any, path: str) -> _EmbedIn:
    """One of an item's `embeds`."""
    data = _object(
        value,
        path,
        required=("type", "programme", "year"),
        optional=("part",),
        what="Den indlejrede tabel",
    )
    embed_type = _choice(
        data["type"],
        _at(path, "type"),
        choices={code: label.lower() for code, label in EmbedType.choices},
        what="Typen",
    )
    if not embed_type:
        raise InterchangeError(_at(path, "type"), 'Typen skal være "budget_table".')
    return _EmbedIn(
        path=path,
        type=embed_type,
        programme=_field(data, path, "programme", "Programmets korte navn", required=True),
        year=_year(data["year"], _at(path, "year")),
        part=_field(data, path, "part", "Delpunktet", model=ItemEmbed),
    )


def _item(value: Any, path: str, files: Mapping[str, bytes] | None) -> _ItemIn:
    """One of the `items`."""
    data = _object(
        value,
        path,
        required=("title", "duration_minutes"),
        optional=(
            "kind",
            "presenters",
            "projects",
            "confidential",
            "standing",
            "attachments",
            "sections",
            "embeds",
            "decision_html",
        ),
        what="Punktet",
    )
    title = _field(data, path, "title", "Punktets titel", model=AgendaItem, required=True)
    kind = _choice(data.get("kind"), _at(path, "kind"), choices=KIND_CHOICES, what="Typen")
    duration = _integer(
        data["duration_minutes"],
        _at(path, "duration_minutes"),
        message="Varigheden skal være et helt tal på 0 eller mere.",
        maximum=MAX_DURATION,
    )
    presenters_path = _at(path, "presenters")
    presenters = tuple(
        _presenter(presenter, _index(presenters_path, index))
        for index, presenter in enumerate(
            _list(data.get("presenters"), presenters_path, what="Oplægsholderne")
        )
    )
    projects_path = _at(path, "projects")
    projects: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(_list(data.get("projects"), projects_path, what="Projekterne")):
        project_path = _index(projects_path, index)
        name = _text(name, project_path, what="Projektets navn", required=True)
        if name.lower() in seen:
            raise InterchangeError(
                project_path,
                f"Projektet »{name}« står to gange (også i {seen[name.lower()]}). Fjern det ene.",
            )
        seen[name.lower()] = project_path
        projects.append((project_path, name))
    attachments_path = _at(path, "attachments")
    sections_path = _at(path, "sections")
    embeds_path = _at(path, "embeds")
    return _ItemIn(
        path=path,
        title=title,
        kind=kind,
        duration_minutes=duration,
        presenters=presenters,
        projects=tuple(projects),
        confidential=_flag(data.get("confidential"), _at(path, "confidential")),
        standing=_choice(
            data.get("standing"),
            _at(path, "standing"),
            choices={code: label.lower() for code, label in StandingItem.choices},
            what="»standing«",
        ),
        attachments=tuple(
            _attachment(attachment, _index(attachments_path, index), files)
            for index, attachment in enumerate(
                _list(data.get("attachments"), attachments_path, what="Bilagene")
            )
        ),
        sections=tuple(
            _section(section, _index(sections_path, index))
            for index, section in enumerate(
                _list(data.get("sections"), sections_path, what="Afsnittene")
            )
        ),
        embeds=tuple(
            _embed(embed, _index(embeds_path, index))
            for index, embed in enumerate(
                _list(data.get("embeds"), embeds_path, what="De indlejrede tabeller")
            )
        ),
        decision_html=_html(data.get("decision_html"), _at(path, "decision_html")),
    )


def _programme(value: Any, path: str) -> _ProgrammeIn:
    """One of `portfolio.programmes`."""
    data = _object(value, path, required=("short_name", "name"), optional=(), what="Programmet")
    return _ProgrammeIn(
        path=path,
        short_name=_field(
            data, path, "short_name", "Programmets korte navn", model=Programme, required=True
        ),
        name=_field(data, path, "name", "Programmets navn", model=Programme, required=True),
    )


def _project(value: Any, path: str) -> _ProjectIn:
    """One of `portfolio.projects`."""
    data = _object(
        value,
        path,
        required=("name", "programme"),
        optional=("owner", "project_management", "project_lead"),
        what="Projektet",
    )
    return _ProjectIn(
        path=path,
        name=_field(data, path, "name", "Projektets navn", model=Project, required=True),
        programme=_field(data, path, "programme", "Programmets korte navn", required=True),
        owner=_field(data, path, "owner", "Projektejeren", model=Project),
        project_management=_field(
            data, path, "project_management", "Projektledelsen", model=Project
        ),
        project_lead=_field(data, path, "project_lead", "Projektlederen", model=Project),
    )


def _amount(value: Any, path: str) -> int:
    """An amount in whole kroner, 0 or more."""
    return _integer(
        value,
        path,
        message="Beløbet skal være et helt antal kroner på 0 eller mere, skrevet som et tal "
        "uden decimaler og punktummer, fx 1045000.",
    )


def _amounts_by_date(value: Any, path: str, *, what: str) -> dict[dt.date, int]:
    """An object of amounts by ISO date (`budget` or `spent` of a line)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InterchangeError(
            path,
            f"{what} skal være et objekt med et beløb pr. dato, fx "
            f'{{"2025-08-31": 460496}}, men er {_kind_of(value)}.',
        )
    return {
        _date(day, _keyed(path, str(day))): _amount(amount, _keyed(path, str(day)))
        for day, amount in value.items()
    }


def _line(value: Any, path: str, revisions: tuple[dt.date, ...]) -> _LineIn:
    """One line of a budget; its budget dates must be among the budget's revisions."""
    data = _object(
        value, path, required=("project",), optional=("budget", "spent"), what="Budgetlinjen"
    )
    budget_path = _at(path, "budget")
    budget = _amounts_by_date(data.get("budget"), budget_path, what="»budget«")
    for day in budget:
        if day not in revisions:
            known = ", ".join(revision.isoformat() for revision in revisions) or "ingen"
            raise InterchangeError(
                _keyed(budget_path, day.isoformat()),
                f"Datoen {day.isoformat()} er ikke en af budgettets revisioner ({known}). "
                "Tilføj den under »revisions«, eller ret datoen.",
            )
    return _LineIn(
        path=path,
        project=_field(data, path, "project", "Projektets navn", required=True),
        budget=budget,
        spent=dict(
            sorted(_amounts_by_date(data.get("spent"), _at(path, "spent"), what="»spent«").items())
        ),
    )


def _budget(value: Any, path: str) -> _BudgetIn:
    """One of `portfolio.budgets`."""
    data = _object(
        value,
        path,
        required=("programme", "year", "total"),
        optional=("currency", "revisions", "note", "lines"),
        what="Budgettet",
    )
    programme = _field(data, path, "programme", "Programmets korte navn", required=True)
    year = _year(data["year"], _at(path, "year"))
    total = _amount(data["total"], _at(path, "total"))
    currency = "DKK"
    if data.get("currency") is not None:
        currency = data["currency"]
        if not isinstance(currency, str) or not _CURRENCY.fullmatch(currency):
            raise InterchangeError(
                _at(path, "currency"),
                f"Valutaen skal være en valutakode med tre store bogstaver, fx "
                f'"DKK", ikke {_show(currency)}.',
            )
    revisions_path = _at(path, "revisions")
    revisions: list[dt.date] = []
    for index, day in enumerate(_list(data.get("revisions"), revisions_path, what="Revisionerne")):
        day_path = _index(revisions_path, index)
        revision = _date(day, day_path, what="Revisionens dato")
        if revisions and revision <= revisions[-1]:
            raise InterchangeError(
                day_path,
                f"Revisionerne skal stå i datoorden, ældste først, og hver dato kun én gang: "
                f"{revision.isoformat()} kommer efter {revisions[-1].isoformat()}.",
            )
        revisions.append(revision)
    lines_path = _at(path, "lines")
    lines: list[_LineIn] = []
    seen: dict[str, str] = {}
    for index, line in enumerate(_list(data.get("lines"), lines_path, what="Budgetlinjerne")):
        parsed = _line(line, _index(lines_path, index), tuple(revisions))
        key = parsed.project.lower()
        if key in seen:
            raise InterchangeError(
                _at(parsed.path, "project"),
                f"Projektet »{parsed.project}« har allerede en linje i budgettet ({seen[key]}). "
                "Slå linjerne sammen til én.",
            )
        seen[key] = parsed.path
        lines.append(parsed)
    return _BudgetIn(
        path=path,
        programme=programme,
        year=year,
        total=total,
        currency=currency,
        revisions=tuple(revisions),
        note=_field(data, path, "note", "Noten"),
        lines=tuple(lines),
    )


def _portfolio(
    value: Any, path: str
) -> tuple[tuple[_ProgrammeIn, ...], tuple[_ProjectIn, ...], tuple[_BudgetIn, ...]]:
    """The optional `portfolio`, refusing duplicate programmes, projects and budgets."""
    if value is None:
        return (), (), ()
    data = _object(
        value, path, required=(), optional=("programmes", "projects", "budgets"), what="Porteføljen"
    )
    programmes_path = _at(path, "programmes")
    programmes: dict[str, _ProgrammeIn] = {}
    for index, entry in enumerate(
        _list(data.get("programmes"), programmes_path, what="Programmerne")
    ):
        programme = _programme(entry, _index(programmes_path, index))
        if programme.short_name in programmes:
            raise InterchangeError(
                _at(programme.path, "short_name"),
                f"Programmet »{programme.short_name}« står to gange (også i "
                f"{programmes[programme.short_name].path}). Fjern det ene.",
            )
        programmes[programme.short_name] = programme
    projects_path = _at(path, "projects")
    projects: dict[str, _ProjectIn] = {}
    for index, entry in enumerate(_list(data.get("projects"), projects_path, what="Projekterne")):
        project = _project(entry, _index(projects_path, index))
        key = project.name.lower()
        if key in projects:
            raise InterchangeError(
                _at(project.path, "name"),
                f"Projektet »{project.name}« står to gange (også i {projects[key].path}). "
                "Et projektnavn skal være entydigt; fjern det ene.",
            )
        projects[key] = project
    budgets_path = _at(path, "budgets")
    budgets: dict[tuple[str, int], _BudgetIn] = {}
    for index, entry in enumerate(_list(data.get("budgets"), budgets_path, what="Budgetterne")):
        budget = _budget(entry, _index(budgets_path, index))
        key = (budget.programme, budget.year)
        if key in budgets:
            raise InterchangeError(
                budget.path,
                f"Der er allerede et budget for {budget.programme} {budget.year} i filen "
                f"({budgets[key].path}). Slå dem sammen til ét.",
            )
        budgets[key] = budget
    return tuple(programmes.values()), tuple(projects.values()), tuple(budgets.values())


def _document(data: Any, files: Mapping[str, bytes] | None) -> _Document:
    """Validate the whole document, reporting its first problem; nothing is written here."""
    if isinstance(data, dict) and "format" in data and data["format"] != FORMAT:
        # Checked first: a file in another format would otherwise fail on some odd key.
        raise InterchangeError(
            "format",
            f'Formatet skal være "{FORMAT}", ikke {_show(data["format"])}. Filen er ikke en '
            "dagsorden i portalens udvekslingsformat, eller den er fra en anden version.",
        )
    root = _object(
        data,
        "",
        required=("format", "committee", "meeting", "items"),
        optional=("next_meeting", "portfolio"),
        what="Dokumentet",
    )
    committee = _committee(root["committee"], "committee")
    meeting = _meeting(root["meeting"], "meeting", root.get("next_meeting"), "next_meeting")
    items = tuple(
        _item(item, _index("items", index), files)
        for index, item in enumerate(_list(root["items"], "items", what="Punkterne", required=True))
    )
    programmes, projects, budgets = _portfolio(root.get("portfolio"), "portfolio")
    return _Document(
        committee=committee,
        meeting=meeting,
        items=items,
        programmes=programmes,
        projects=projects,
        budgets=budgets,
    )


# --- What the database already holds ------------------------------------------------------


@dataclass
class _Known:
    """The programmes, projects and budgets of the database that the document refers to."""

    programmes: dict[str, Programme]
    projects_by_name: dict[str, Project]
    projects_by_lower: dict[str, Project]
    budgets: dict[tuple[str, int], Budget]

    def project(self, name: str) -> Project | None:
        """The project of that name, exactly or ignoring case, or None."""
        return self.projects_by_name.get(name) or self.projects_by_lower.get(name.lower())

    def existing_project(self, name: str, path: str) -> Project:
        """A project that must exist by now (it was checked or created); else an error."""
        project = self.project(name)
        if project is None:
            raise InterchangeError(path, f"Ukendt projekt »{name}«.")
        return project


def _known(doc: _Document) -> _Known:
    """Read what exists, and check every name the document uses against file and database."""
    programme_names = {programme.short_name for programme in doc.programmes}
    programme_names |= {project.programme for project in doc.projects}
    programme_names |= {budget.programme for budget in doc.budgets}
    programme_names |= {embed.programme for item in doc.items for embed in item.embeds}
    programmes = {
        programme.short_name: programme
        for programme in Programme.objects.filter(short_name__in=programme_names)
    }
    project_names = {project.name for project in doc.projects}
    project_names |= {name for item in doc.items for _path, name in item.projects}
    project_names |= {line.project for budget in doc.budgets for line in budget.lines}
    # Exact names as well as lowered ones: SQLite's LOWER() folds ASCII letters only.
    existing = list(
        Project.objects.select_related("programme")
        .annotate(lowered=Lower("name"))
        .filter(Q(name__in=project_names) | Q(lowered__in={name.lower() for name in project_names}))
    )
    known = _Known(
        programmes=programmes,
        projects_by_name={project.name: project for project in existing},
        projects_by_lower={project.name.lower(): project for project in existing},
        budgets={},
    )
    in_file_programmes = {programme.short_name for programme in doc.programmes}
    in_file_projects = {project.name.lower() for project in doc.projects}

    def check_programme(short_name: str, path: str) -> None:
        if short_name not in in_file_programmes and short_name not in programmes:
            raise InterchangeError(
                path,
                f"Ukendt program »{short_name}«. Tilføj det under portfolio.programmes, "
                "eller ret navnet til et program, der findes i portalen.",
            )

    def check_project(name: str, path: str) -> None:
        if name.lower() not in in_file_projects and known.project(name) is None:
            raise InterchangeError(
                path,
                f"Ukendt projekt »{name}«. Tilføj det under portfolio.projects, eller ret "
                "navnet til et projekt, der findes i portalen.",
            )

    for item in doc.items:
        for path, name in item.projects:
            check_project(name, path)
        for embed in item.embeds:
            check_programme(embed.programme, _at(embed.path, "programme"))
    for project in doc.projects:
        check_programme(project.programme, _at(project.path, "programme"))
        existing_project = known.project(project.name)
        if existing_project and existing_project.programme.short_name != project.programme:
            raise InterchangeError(
                _at(project.path, "programme"),
                f"Projektet »{existing_project.name}« findes allerede i portalen under "
                f"programmet »{existing_project.programme.short_name}«, ikke "
                f"»{project.programme}«. Ret programmet i filen.",
            )
    for budget in doc.budgets:
        check_programme(budget.programme, _at(budget.path, "programme"))
        for line in budget.lines:
            check_project(line.project, _at(line.path, "project"))
    if doc.budgets:
        wanted = reduce(
            or_, (Q(programme__short_name=b.programme, year=b.year) for b in doc.budgets)
        )
        known.budgets = {
            (budget.programme.short_name, budget.year): budget
            for budget in budgets_with_figures().filter(wanted)
        }
        for budget in doc.budgets:
            existing_budget = known.budgets.get((budget.programme, budget.year))
            if existing_budget is not None:
                _check_budget_conflicts(budget, existing_budget, known)
    return known


def _check_budget_conflicts(budget: _BudgetIn, existing: Budget, known: _Known) -> None:
    """An existing budget may gain what it lacks, but a figure in both must be the same."""
    name = f"{budget.programme} {budget.year}"
    if existing.total != budget.total:
        raise InterchangeError(
            _at(budget.path, "total"),
            f"Budgettet for {name} findes allerede i portalen med rammen {existing.total} kr., "
            f"men filen siger {budget.total} kr. Ret filen, eller ret budgettet i portalen først.",
        )
    if existing.currency != budget.currency:
        raise InterchangeError(
            _at(budget.path, "currency"),
            f"Budgettet for {name} findes allerede i portalen i {existing.currency}, "
            f"men filen siger {budget.currency}. Ret valutaen i filen.",
        )
    lines = {line.project_id: line for line in existing.lines.all()}
    for line in budget.lines:
        project = known.project(line.project)
        existing_line = lines.get(project.pk) if project else None
        if existing_line is None:
            continue
        amounts = {amount.revision.date: amount.amount for amount in existing_line.amounts.all()}
        for day, amount in line.budget.items():
            if day in amounts and amounts[day] != amount:
                raise InterchangeError(
                    _keyed(_at(line.path, "budget"), day.isoformat()),
                    f"Budgettet for {name} har allerede {amounts[day]} kr. til "
                    f"»{line.project}« pr. {day.isoformat()}, men filen siger {amount} kr. "
                    "Ret beløbet i filen, eller ret budgettet i portalen først.",
                )
        spent = {entry.date: entry.amount for entry in existing_line.spent.all()}
        for day, amount in line.spent.items():
            if day in spent and spent[day] != amount:
                raise InterchangeError(
                    _keyed(_at(line.path, "spent"), day.isoformat()),
                    f"Portalen har allerede et forbrug på {spent[day]} kr. for "
                    f"»{line.project}« pr. {day.isoformat()}, men filen siger {amount} kr. "
                    "Ret beløbet i filen.",
                )


# --- Writing ------------------------------------------------------------------------------


def _clean(instance: models.Model, path: str) -> None:
    """full_clean() as a second guard; a model's complaint comes back with the JSON path."""
    try:
        with translation.override("da"):
            instance.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        where = path if field == NON_FIELD_ERRORS else _at(path, field)
        raise InterchangeError(where, " ".join(messages)) from None


def _save(instance: models.Model, path: str) -> None:
    """Validate and save one row."""
    _clean(instance, path)
    instance.save()


def _write_portfolio(doc: _Document, known: _Known) -> dict[str, Programme]:
    """Upsert programmes, create missing projects, create or extend budgets."""
    programmes = dict(known.programmes)
    for entry in doc.programmes:
        programme = programmes.get(entry.short_name)
        if programme is None:
            programme = Programme(short_name=entry.short_name, name=entry.name)
            _save(programme, entry.path)
            programmes[entry.short_name] = programme
        elif programme.name != entry.name:
            programme.name = entry.name
            _save(programme, entry.path)
    for entry in doc.projects:
        if known.project(entry.name) is None:
            project = Project(
                programme=programmes[entry.programme],
                name=entry.name,
                owner=entry.owner,
                project_management=entry.project_management,
                project_lead=entry.project_lead,
            )
            _save(project, entry.path)
            known.projects_by_name[project.name] = project
            known.projects_by_lower[project.name.lower()] = project
    for entry in doc.budgets:
        _write_budget(entry, programmes[entry.programme], known)
    return programmes


def _write_budget(entry: _BudgetIn, programme: Programme, known: _Known) -> None:
    """Create the budget, or add to the existing one what it lacks (conflicts were checked)."""
    budget = known.budgets.get((entry.programme, entry.year))
    if budget is None:
        budget = Budget(
            programme=programme,
            year=entry.year,
            total=entry.total,
            currency=entry.currency,
            note=entry.note,
        )
        _save(budget, entry.path)
        revisions: dict[dt.date, BudgetRevision] = {}
        lines: dict[int, BudgetLine] = {}
    else:
        if entry.note and not budget.note:
            budget.note = entry.note
            _save(budget, entry.path)
        revisions = {revision.date: revision for revision in budget.revisions.all()}
        lines = {line.project_id: line for line in budget.lines.all()}
    for index, day in enumerate(entry.revisions):
        if day not in revisions:
            revision = BudgetRevision(budget=budget, date=day)
            _save(revision, _index(_at(entry.path, "revisions"), index))
            revisions[day] = revision
    position = max((line.position for line in lines.values()), default=0)
    for line_entry in entry.lines:
        project = known.existing_project(line_entry.project, _at(line_entry.path, "project"))
        line = lines.get(project.pk)
        amounts: set[dt.date] = set()
        spent: set[dt.date] = set()
        if line is None:
            position += 1
            line = BudgetLine(budget=budget, project=project, position=position)
            _save(line, line_entry.path)
            lines[project.pk] = line
        else:
            amounts = {amount.revision.date for amount in line.amounts.all()}
            spent = {entry.date for entry in line.spent.all()}
        for day, amount in line_entry.budget.items():
            if day not in amounts:
                _save(
                    BudgetAmount(line=line, revision=revisions[day], amount=amount),
                    _keyed(_at(line_entry.path, "budget"), day.isoformat()),
                )
        for day, amount in line_entry.spent.items():
            if day not in spent:
                _save(
                    SpentAmount(line=line, date=day, amount=amount),
                    _keyed(_at(line_entry.path, "spent"), day.isoformat()),
                )


def _write_meeting(
    doc: _Document,
    known: _Known,
    programmes: dict[str, Programme],
    files: Mapping[str, bytes] | None,
    actor: User | None,
    stored: list[str],
) -> Meeting:
    """Create the committee if needed, and the meeting with its items as a draft."""
    committee = Committee.objects.filter(short_name=doc.committee.short_name).first()
    if committee is None:
        committee = Committee(
            name=doc.committee.name,
            short_name=doc.committee.short_name,
            secretariat=doc.committee.secretariat,
        )
        _save(committee, "committee")
    # The committee oversees the programmes whose portfolio its agendas report on.
    committee.programmes.add(*(programmes[entry.short_name] for entry in doc.programmes))
    data = doc.meeting
    meeting = Meeting(
        committee=committee,
        title=data.title,
        date=data.date,
        start_time=data.start_time,
        end_time=data.end_time,
        location=data.location,
        status=MeetingStatus.DRAFT,
        next_date=data.next_date,
        next_start_time=data.next_start_time,
        next_end_time=data.next_end_time,
        next_location=data.next_location,
    )
    _save(meeting, "meeting")
    uploader = actor if actor is not None and actor.is_authenticated else None
    for number, entry in enumerate(doc.items, start=1):
        item = AgendaItem(
            meeting=meeting,
            position=number,
            title=entry.title,
            kind=entry.kind,
            duration_minutes=entry.duration_minutes,
            confidential=entry.confidential,
            standing=entry.standing,
            decision_html=entry.decision_html,
        )
        _save(item, entry.path)
        if entry.projects:
            item.projects.set([known.existing_project(name, path) for path, name in entry.projects])
        for position, presenter in enumerate(entry.presenters, start=1):
            _save(
                Presenter(
                    item=item,
                    position=position,
                    name=presenter.name,
                    organisation=presenter.organisation,
                    role=presenter.role,
                ),
                _index(_at(entry.path, "presenters"), position - 1),
            )
        for position, section in enumerate(entry.sections, start=1):
            _save(
                ItemSection(
                    item=item,
                    position=position,
                    part=section.part,
                    heading=section.heading,
                    html=section.html,
                ),
                _index(_at(entry.path, "sections"), position - 1),
            )
        for position, embed in enumerate(entry.embeds, start=1):
            _save(
                ItemEmbed(
                    item=item,
                    position=position,
                    type=embed.type,
                    programme=programmes[embed.programme],
                    year=embed.year,
                    part=embed.part,
                ),
                embed.path,
            )
        for position, attachment in enumerate(entry.attachments, start=1):
            bilag = Bilag(
                item=item,
                position=position,
                title=attachment.title,
                confidential=attachment.confidential,
                generated=attachment.generated,
            )
            if attachment.file and attachment.kind is not None and files is not None:
                content = files[attachment.file]
                # The stored name's suffix follows the content, never the name in the zip.
                bilag.file.save(
                    f"bilag.{attachment.kind.extension}", ContentFile(content), save=False
                )
                stored.append(bilag.file.name)
                bilag.original_filename = PurePosixPath(attachment.file).name[:255]
                bilag.content_type = attachment.kind.content_type
                bilag.size = len(content)
                bilag.sha256 = hashlib.sha256(content).hexdigest()
                bilag.uploaded_at = timezone.now()
                bilag.uploaded_by = uploader
            _save(bilag, attachment.path)
    record_audit(
        meeting=meeting,
        actor=uploader,
        action="agenda_imported",
        summary="Dagsorden importeret",
        target=meeting,
        changes={
            "items": len(doc.items),
            "bilag": sum(len(item.attachments) for item in doc.items),
        },
    )
    return meeting


def import_agenda(
    data: dict, *, files: Mapping[str, bytes] | None = None, actor: User | None = None
) -> Meeting:
    """Create a new draft meeting from a `dap-agenda/1` document; all or nothing."""
    doc = _document(data, files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            known = _known(doc)
            programmes = _write_portfolio(doc, known)
            return _write_meeting(doc, known, programmes, files, actor, stored)
    except BaseException as exc:
        # The transaction undoes the rows; the files written so far must go as well.
        for name in stored:
            Bilag._meta.get_field("file").storage.delete(name)
        if isinstance(exc, IntegrityError):
            raise InterchangeError(
                "",
                "Databasen afviste importen, sandsynligvis fordi en anden ændrede de samme "
                "data samtidig. Intet er gemt; prøv igen.",
            ) from exc
        raise


# --- Files: .json and .zip ----------------------------------------------------------------


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object hook refusing a key written twice (json keeps the last)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def parse_json(content: bytes, name: str) -> Any:
    """The JSON value of a file's bytes, or an InterchangeError saying where the syntax breaks."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            name, f"Filen er ikke UTF-8-kodet (byte nr. {exc.start + 1}). Gem den som UTF-8."
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            name,
            f"Filen er ikke gyldig JSON: fejl i linje {exc.lineno}, kolonne {exc.colno}. "
            "Tjek kommaer, anførselstegn og klammer omkring det sted.",
        ) from None
    except _DuplicateKeyError as exc:
        raise InterchangeError(
            name,
            f"Feltet »{exc.key}« står to gange i samme objekt. Fjern det ene.",
        ) from None
    except (ValueError, RecursionError):
        # E.g. a number of thousands of digits, or lists nested thousands deep.
        raise InterchangeError(
            name,
            "Filen kan ikke læses som en dagsorden: den har tal eller lister, der er for store.",
        ) from None


class _ZipFiles(Mapping[str, bytes]):
    """The files of a zip, read one at a time on demand and never past the size limit."""

    def __init__(self, archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> None:
        self._archive = archive
        self._entries = entries

    def __getitem__(self, name: str) -> bytes:
        return _read_entry(self._archive, self._entries[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One zip entry's bytes, refusing encrypted, corrupt or oversized entries."""
    limit = settings.DAP_BILAG_MAX_BYTES
    try:
        with archive.open(info) as handle:
            # Read at most one byte past the limit: a lying size header cannot inflate us.
            content = handle.read(limit + 1)
    except RuntimeError:
        raise InterchangeError(
            info.filename,
            "Filen er krypteret (beskyttet med adgangskode). Lav zip-filen uden adgangskode.",
        ) from None
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError):
        raise InterchangeError(
            info.filename,
            "Filen kan ikke pakkes ud; zip-filen er beskadiget eller bruger en komprimering, "
            "portalen ikke kender. Lav zip-filen igen.",
        ) from None
    if len(content) > limit:
        raise InterchangeError(info.filename, _too_large(info.filename, len(content), limit))
    return content


def _zip_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The zip's files by name, after refusing unsafe names and oversized or too many entries."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InterchangeError(
            "",
            f"Zip-filen indeholder {len(infos)} filer; højst {MAX_ZIP_ENTRIES} er tilladt. "
            "Medtag kun agenda.json og bilagsfilerne.",
        )
    limit = settings.DAP_BILAG_MAX_BYTES
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        problem = zip_name_problem(name)
        if problem:
            raise InterchangeError(name, f"Filnavnet i zip-filen {problem}.")
        if info.is_dir():
            continue
        if name in entries:
            raise InterchangeError(name, "Filen findes to gange i zip-filen. Fjern den ene.")
        if info.file_size > limit:
            # Refused before reading a byte: the defence against zip bombs.
            raise InterchangeError(name, _too_large(name, info.file_size, limit))
        entries[name] = info
    return entries


def _import_zip(source: BinaryIO, name: str, actor: User | None) -> Meeting:
    """Import a zip holding agenda.json and the bilag files it names."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError):
        raise InterchangeError(
            name,
            "Filen er ikke en gyldig zip-fil (den er beskadiget eller har et andet format). "
            "Lav zip-filen igen med agenda.json og bilagsfilerne.",
        ) from None
    with archive:
        entries = _zip_entries(archive)
        if AGENDA_JSON not in entries:
            raise InterchangeError(
                name,
                f"Zip-filen skal have filen {AGENDA_JSON} i roden (ikke i en mappe). Tilføj den.",
            )
        data = parse_json(_read_entry(archive, entries[AGENDA_JSON]), AGENDA_JSON)
        files = _ZipFiles(
            archive, {key: info for key, info in entries.items() if key != AGENDA_JSON}
        )
        return import_agenda(data, files=files, actor=actor)


def import_agenda_fileobj(source: BinaryIO, *, name: str, actor: User | None = None) -> Meeting:
    """Import an open `.json` or `.zip` file (e.g. an upload); `name` decides which it is."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return _import_zip(source, name, actor)
    if suffix != ".json":
        raise InterchangeError(
            name, "Filen skal være en .json-fil eller en .zip-fil med agenda.json og bilag."
        )
    limit = settings.DAP_BILAG_MAX_BYTES
    # A .json holds no bilag, so the per-file limit bounds it too.
    content = source.read(limit + 1)
    if len(content) > limit:
        raise InterchangeError(name, _too_large(name, len(content), limit))
    return import_agenda(parse_json(content, name), actor=actor)


def import_agenda_file(path: Path, *, actor: User | None = None) -> Meeting:
    """Import a `.json` agenda, or a `.zip` with `agenda.json` and the bilag files."""
    path = Path(path)
    try:
        source = path.open("rb")
    except FileNotFoundError:
        raise InterchangeError(path.name, f"Filen findes ikke: {path}.") from None
    except OSError as exc:
        raise InterchangeError(path.name, f"Filen kan ikke læses: {exc.strerror}.") from None
    with source:
        return import_agenda_fileobj(source, name=path.name, actor=actor)


# --- Export -------------------------------------------------------------------------------


def _clock(value: dt.time | None) -> str | None:
    """`13:00`, or None."""
    return None if value is None else f"{value:%H:%M}"


def _portfolio_of(items: list[AgendaItem]) -> dict[str, Any]:
    """The programmes, projects and budgets that the items refer to, in a fixed order."""
    project_ids = {project.pk for item in items for project in item.projects.all()}
    embeds = [embed for item in items for embed in item.embeds.all()]
    programme_ids = {embed.programme_id for embed in embeds}
    budgets: list[Budget] = []
    if embeds:
        wanted = reduce(or_, (Q(programme_id=e.programme_id, year=e.year) for e in embeds))
        budgets = list(budgets_with_figures().filter(wanted))
    for budget in budgets:
        programme_ids.add(budget.programme_id)
        project_ids |= {line.project_id for line in budget.lines.all()}
    projects = list(Project.objects.filter(pk__in=project_ids).select_related("programme"))
    programme_ids |= {project.programme_id for project in projects}
    programmes = sorted(Programme.objects.filter(pk__in=programme_ids), key=lambda p: p.short_name)
    projects.sort(key=lambda p: (p.programme.short_name, p.name.lower(), p.name))
    budgets.sort(key=lambda b: (b.programme.short_name, b.year))
    return {
        "programmes": [
            {"short_name": programme.short_name, "name": programme.name} for programme in programmes
        ],
        "projects": [
            {
                "name": project.name,
                "programme": project.programme.short_name,
                "owner": project.owner,
                "project_management": project.project_management,
                "project_lead": project.project_lead,
            }
            for project in projects
        ],
        "budgets": [_export_budget(budget) for budget in budgets],
    }


def _export_budget(budget: Budget) -> dict[str, Any]:
    """A budget in the format's shape, revisions oldest first."""
    revisions = [revision.date for revision in budget.revisions.all()]
    lines = []
    for line in budget.lines.all():
        amounts = {amount.revision.date: amount.amount for amount in line.amounts.all()}
        lines.append(
            {
                "project": line.project.name,
                "budget": {day.isoformat(): amounts[day] for day in revisions if day in amounts},
                "spent": {entry.date.isoformat(): entry.amount for entry in line.spent.all()},
            }
        )
    return {
        "programme": budget.programme.short_name,
        "year": budget.year,
        "total": budget.total,
        "currency": budget.currency,
        "revisions": [day.isoformat() for day in revisions],
        "note": budget.note,
        "lines": lines,
    }


def _export(meeting: Meeting, items: list[AgendaItem], files: Mapping[int, str]) -> dict[str, Any]:
    """The canonical document; `files` maps bilag ids to their names in a zip."""
    committee = meeting.committee
    next_meeting = None
    if meeting.next_date:
        next_meeting = {
            "date": meeting.next_date.isoformat(),
            "start_time": _clock(meeting.next_start_time),
            "end_time": _clock(meeting.next_end_time),
            "location": meeting.next_location,
        }
    return {
        "format": FORMAT,
        "committee": {
            "name": committee.name,
            "short_name": committee.short_name,
            "secretariat": committee.secretariat,
        },
        "meeting": {
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "start_time": _clock(meeting.start_time),
            "end_time": _clock(meeting.end_time),
            "location": meeting.location,
        },
        "next_meeting": next_meeting,
        "items": [
            {
                "title": item.title,
                "kind": item.kind or None,
                "duration_minutes": item.duration_minutes,
                "presenters": [
                    {
                        "name": presenter.name,
                        "organisation": presenter.organisation,
                        "role": presenter.role,
                    }
                    for presenter in item.presenters.all()
                ],
                "projects": sorted(
                    (project.name for project in item.projects.all()),
                    key=lambda name: (name.lower(), name),
                ),
                "confidential": item.confidential,
                "standing": item.standing or None,
                "attachments": [
                    {
                        "title": bilag.title,
                        "file": files.get(bilag.pk),
                        "generated": bilag.generated or None,
                        "confidential": bilag.confidential,
                    }
                    for bilag in item.bilag.all()
                ],
                "sections": [
                    {"part": section.part, "heading": section.heading, "html": section.html}
                    for section in item.sections.all()
                ],
                "embeds": [
                    {
                        "type": embed.type,
                        "programme": embed.programme.short_name,
                        "year": embed.year,
                        "part": embed.part,
                    }
                    for embed in item.embeds.all()
                ],
                "decision_html": item.decision_html or None,
            }
            for item in items
        ],
        "portfolio": _portfolio_of(items),
    }


def export_agenda(meeting: Meeting) -> dict:
    """The meeting's agenda as a canonical `dap-agenda/1` document, without bilag files."""
    return _export(meeting, list(items_for_agenda(meeting)), {})


def dumps_agenda(data: dict) -> str:
    """The document as the files the portal writes it: UTF-8 text, indented, ending in newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _zip_write(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    """Add a file with a fixed timestamp, so the same meeting gives the same zip."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content)


def export_agenda_zip(meeting: Meeting) -> bytes:
    """A .zip with agenda.json and the bilag files, named bilag/<item>-<n>.<ext>."""
    items = list(items_for_agenda(meeting))
    names: dict[int, str] = {}
    contents: list[tuple[str, bytes]] = []
    for number, item in enumerate(items, start=1):
        for index, bilag in enumerate(item.bilag.all(), start=1):
            if not bilag.file:
                continue
            try:
                with bilag.file.open("rb") as handle:
                    content = handle.read()
            except OSError:
                raise InterchangeError(
                    f"items[{number - 1}].attachments[{index - 1}].file",
                    f"Filen til bilag {number}.{index} »{bilag.title}« mangler i portalens "
                    "fillager. Upload bilaget igen, før mødet eksporteres.",
                ) from None
            kind = sniff_bytes(content)
            suffix = kind.extension if kind else PurePosixPath(bilag.file.name).suffix[1:] or "bin"
            names[bilag.pk] = f"bilag/{number}-{index}.{suffix}"
            contents.append((names[bilag.pk], content))
    data = _export(meeting, items, names)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _zip_write(archive, AGENDA_JSON, dumps_agenda(data).encode("utf-8"))
        for name, content in contents:
            _zip_write(archive, name, content)
    return buffer.getvalue()
