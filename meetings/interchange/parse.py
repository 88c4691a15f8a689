"""Reading a `dap-agenda/1` document: JSON bytes -> the checked dataclasses of `schema`.

The whole document is checked before anything is written; the first problem is reported with
its JSON path (`items[3].attachments[0].file`) and a Danish sentence saying what to fix.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from projects.models import Programme, Project

from ..files import ALLOWED_DESCRIPTION, FileKind, FileRefused, check_file, sniff_bytes
from ..models import (
    MAX_ITEMS_PER_MEETING,
    AgendaItem,
    Bilag,
    Committee,
    EmbedType,
    GeneratedBilag,
    ItemEmbed,
    ItemSection,
    Meeting,
    Presenter,
    StandingItem,
    too_many_items,
)
from .actions import parse_actions
from .archive import too_large, zip_name_problem
from .schema import (
    CURRENCY,
    FORMAT,
    KIND_CHOICES,
    MAX_DURATION,
    AttachmentIn,
    BudgetIn,
    CommitteeIn,
    Document,
    EmbedIn,
    InterchangeError,
    ItemIn,
    LineIn,
    MeetingIn,
    PresenterIn,
    ProgrammeIn,
    ProjectIn,
    SectionIn,
    at,
    check_time_span,
    field_max_length,
    indexed,
    keyed,
    kind_of,
    read_choice,
    read_date,
    read_field,
    read_flag,
    read_html,
    read_integer,
    read_list,
    read_object,
    read_text,
    read_time,
    show,
)


def _committee(value: Any, path: str) -> CommitteeIn:
    """The `committee` object."""
    data = read_object(
        value, path, required=("name", "short_name"), optional=("secretariat",), what="Styregruppen"
    )
    return CommitteeIn(
        name=read_field(data, path, "name", "Styregruppens navn", model=Committee, required=True),
        short_name=read_field(
            data, path, "short_name", "Styregruppens korte navn", model=Committee, required=True
        ),
        secretariat=read_field(data, path, "secretariat", "Sekretariatet", model=Committee),
    )


def _meeting(value: Any, path: str, next_value: Any, next_path: str) -> MeetingIn:
    """The `meeting` object together with the optional `next_meeting`."""
    data = read_object(
        value,
        path,
        required=("title", "date"),
        optional=("start_time", "end_time", "location"),
        what="Mødet",
    )
    title = read_field(data, path, "title", "Mødets titel", model=Meeting, required=True)
    date = read_date(data["date"], at(path, "date"), what="Mødets dato")
    start = read_time(data.get("start_time"), at(path, "start_time"))
    end = read_time(data.get("end_time"), at(path, "end_time"))
    check_time_span(start, end, path, start_key="start_time", end_key="end_time")
    location = read_field(data, path, "location", "Stedet", model=Meeting)
    next_date = next_start = next_end = None
    next_location = ""
    if next_value is not None:
        following = read_object(
            next_value,
            next_path,
            required=("date",),
            optional=("start_time", "end_time", "location"),
            what="Næste møde",
        )
        next_date = read_date(following["date"], at(next_path, "date"), what="Næste mødes dato")
        next_start = read_time(following.get("start_time"), at(next_path, "start_time"))
        next_end = read_time(following.get("end_time"), at(next_path, "end_time"))
        check_time_span(next_start, next_end, next_path, start_key="start_time", end_key="end_time")
        next_location = read_text(
            following.get("location"),
            at(next_path, "location"),
            what="Stedet",
            max_length=field_max_length(Meeting, "next_location"),
        )
    return MeetingIn(
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


def _presenter(value: Any, path: str) -> PresenterIn:
    """One of an item's `presenters`."""
    data = read_object(
        value, path, required=("name",), optional=("organisation", "role"), what="Oplægsholderen"
    )
    return PresenterIn(
        name=read_field(data, path, "name", "Navnet", model=Presenter, required=True),
        organisation=read_field(data, path, "organisation", "Organisationen", model=Presenter),
        role=read_field(data, path, "role", "Rollen", model=Presenter),
    )


def _attachment(value: Any, path: str, files: Mapping[str, bytes] | None) -> AttachmentIn:
    """One of an item's `attachments` (bilag), with its file checked if it has one."""
    data = read_object(
        value,
        path,
        required=("title",),
        optional=("file", "generated", "confidential"),
        what="Bilaget",
    )
    title = read_field(data, path, "title", "Bilagets titel", model=Bilag, required=True)
    file_path = at(path, "file")
    name = read_text(data.get("file"), file_path, what="Filnavnet")
    generated = read_choice(
        data.get("generated"),
        at(path, "generated"),
        choices={code: label.lower() for code, label in GeneratedBilag.choices},
        what="»generated«",
    )
    confidential = read_flag(data.get("confidential"), at(path, "confidential"))
    kind = None
    if name:
        if generated:
            raise InterchangeError(
                file_path,
                "Et bilag, som portalen danner (»generated«), kan ikke også have en fil. "
                "Fjern »file« eller »generated«.",
            )
        kind = _attachment_file(name, file_path, files)
    return AttachmentIn(
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
        raise InterchangeError(path, too_large(name, len(data), limit))
    if sniff_bytes(data) is None:
        raise InterchangeError(
            path,
            f"Filen »{name}« er ikke en tilladt filtype, uanset hvad navnet siger: indholdet er "
            f"ikke {ALLOWED_DESCRIPTION}. Læg den rigtige fil i zip-filen.",
        )
    try:
        # The same check as an upload's: bombs, DTDs, damaged files, PDFs behind a password.
        return check_file(data)
    except FileRefused as refused:
        raise InterchangeError(path, f"Filen »{name}« er afvist: {refused.message}") from None


def _section(value: Any, path: str) -> SectionIn:
    """One of an item's `sections`; its html is sanitized here."""
    data = read_object(
        value, path, required=("html",), optional=("part", "heading"), what="Afsnittet"
    )
    return SectionIn(
        part=read_field(data, path, "part", "Delpunktet", model=ItemSection),
        heading=read_field(data, path, "heading", "Overskriften", model=ItemSection),
        html=read_html(data["html"], at(path, "html")),
    )


def _year(value: Any, path: str) -> int:
    """A budget year within the range the model allows."""
    return read_integer(
        value,
        path,
        message="Året skal være et helt tal fra 2000 til 2100, fx 2025.",
        minimum=2000,
        maximum=2100,
    )


def _embed(value: Any, path: str) -> EmbedIn:
    """One of an item's `embeds`."""
    data = read_object(
        value,
        path,
        required=("type", "programme", "year"),
        optional=("part",),
        what="Den indlejrede tabel",
    )
    embed_type = read_choice(
        data["type"],
        at(path, "type"),
        choices={code: label.lower() for code, label in EmbedType.choices},
        what="Typen",
    )
    if not embed_type:
        raise InterchangeError(at(path, "type"), 'Typen skal være "budget_table".')
    return EmbedIn(
        path=path,
        type=embed_type,
        programme=read_field(data, path, "programme", "Programmets korte navn", required=True),
        year=_year(data["year"], at(path, "year")),
        part=read_field(data, path, "part", "Delpunktet", model=ItemEmbed),
    )


def _item(value: Any, path: str, files: Mapping[str, bytes] | None) -> ItemIn:
    """One of the `items`."""
    data = read_object(
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
            "actions",
        ),
        what="Punktet",
    )
    title = read_field(data, path, "title", "Punktets titel", model=AgendaItem, required=True)
    kind = read_choice(data.get("kind"), at(path, "kind"), choices=KIND_CHOICES, what="Typen")
    duration = read_integer(
        data["duration_minutes"],
        at(path, "duration_minutes"),
        message="Varigheden skal være et helt tal på 0 eller mere.",
        maximum=MAX_DURATION,
    )
    presenters_path = at(path, "presenters")
    presenters = tuple(
        _presenter(presenter, indexed(presenters_path, index))
        for index, presenter in enumerate(
            read_list(data.get("presenters"), presenters_path, what="Oplægsholderne")
        )
    )
    projects_path = at(path, "projects")
    projects: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(
        read_list(data.get("projects"), projects_path, what="Projekterne")
    ):
        project_path = indexed(projects_path, index)
        name = read_text(name, project_path, what="Projektets navn", required=True)
        if name.lower() in seen:
            raise InterchangeError(
                project_path,
                f"Projektet »{name}« står to gange (også i {seen[name.lower()]}). Fjern det ene.",
            )
        seen[name.lower()] = project_path
        projects.append((project_path, name))
    attachments_path = at(path, "attachments")
    sections_path = at(path, "sections")
    embeds_path = at(path, "embeds")
    return ItemIn(
        path=path,
        title=title,
        kind=kind,
        duration_minutes=duration,
        presenters=presenters,
        projects=tuple(projects),
        confidential=read_flag(data.get("confidential"), at(path, "confidential")),
        standing=read_choice(
            data.get("standing"),
            at(path, "standing"),
            choices={code: label.lower() for code, label in StandingItem.choices},
            what="»standing«",
        ),
        attachments=tuple(
            _attachment(attachment, indexed(attachments_path, index), files)
            for index, attachment in enumerate(
                read_list(data.get("attachments"), attachments_path, what="Bilagene")
            )
        ),
        sections=tuple(
            _section(section, indexed(sections_path, index))
            for index, section in enumerate(
                read_list(data.get("sections"), sections_path, what="Afsnittene")
            )
        ),
        embeds=tuple(
            _embed(embed, indexed(embeds_path, index))
            for index, embed in enumerate(
                read_list(data.get("embeds"), embeds_path, what="De indlejrede tabeller")
            )
        ),
        decision_html=read_html(data.get("decision_html"), at(path, "decision_html")),
        actions=parse_actions(data.get("actions"), at(path, "actions")),
    )


def _programme(value: Any, path: str) -> ProgrammeIn:
    """One of `portfolio.programmes`."""
    data = read_object(value, path, required=("short_name", "name"), optional=(), what="Programmet")
    return ProgrammeIn(
        path=path,
        short_name=read_field(
            data, path, "short_name", "Programmets korte navn", model=Programme, required=True
        ),
        name=read_field(data, path, "name", "Programmets navn", model=Programme, required=True),
    )


def _project(value: Any, path: str) -> ProjectIn:
    """One of `portfolio.projects`."""
    data = read_object(
        value,
        path,
        required=("name", "programme"),
        optional=("owner", "project_management", "project_lead"),
        what="Projektet",
    )
    return ProjectIn(
        path=path,
        name=read_field(data, path, "name", "Projektets navn", model=Project, required=True),
        programme=read_field(data, path, "programme", "Programmets korte navn", required=True),
        owner=read_field(data, path, "owner", "Projektejeren", model=Project),
        project_management=read_field(
            data, path, "project_management", "Projektledelsen", model=Project
        ),
        project_lead=read_field(data, path, "project_lead", "Projektlederen", model=Project),
    )


def _amount(value: Any, path: str) -> int:
    """An amount in whole kroner, 0 or more."""
    return read_integer(
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
            f'{{"2025-08-31": 460496}}, men er {kind_of(value)}.',
        )
    return {
        read_date(day, keyed(path, str(day))): _amount(amount, keyed(path, str(day)))
        for day, amount in value.items()
    }


def _line(value: Any, path: str, revisions: tuple[dt.date, ...]) -> LineIn:
    """One line of a budget; its budget dates must be among the budget's revisions."""
    data = read_object(
        value, path, required=("project",), optional=("budget", "spent"), what="Budgetlinjen"
    )
    budget_path = at(path, "budget")
    budget = _amounts_by_date(data.get("budget"), budget_path, what="»budget«")
    for day in budget:
        if day not in revisions:
            known = ", ".join(revision.isoformat() for revision in revisions) or "ingen"
            raise InterchangeError(
                keyed(budget_path, day.isoformat()),
                f"Datoen {day.isoformat()} er ikke en af budgettets revisioner ({known}). "
                "Tilføj den under »revisions«, eller ret datoen.",
            )
    return LineIn(
        path=path,
        project=read_field(data, path, "project", "Projektets navn", required=True),
        budget=budget,
        spent=dict(
            sorted(_amounts_by_date(data.get("spent"), at(path, "spent"), what="»spent«").items())
        ),
    )


def _budget(value: Any, path: str) -> BudgetIn:
    """One of `portfolio.budgets`."""
    data = read_object(
        value,
        path,
        required=("programme", "year", "total"),
        optional=("currency", "revisions", "note", "lines"),
        what="Budgettet",
    )
    programme = read_field(data, path, "programme", "Programmets korte navn", required=True)
    year = _year(data["year"], at(path, "year"))
    total = _amount(data["total"], at(path, "total"))
    currency = "DKK"
    if data.get("currency") is not None:
        currency = data["currency"]
        if not isinstance(currency, str) or not CURRENCY.fullmatch(currency):
            raise InterchangeError(
                at(path, "currency"),
                f"Valutaen skal være en valutakode med tre store bogstaver, fx "
                f'"DKK", ikke {show(currency)}.',
            )
    revisions_path = at(path, "revisions")
    revisions: list[dt.date] = []
    for index, day in enumerate(
        read_list(data.get("revisions"), revisions_path, what="Revisionerne")
    ):
        day_path = indexed(revisions_path, index)
        revision = read_date(day, day_path, what="Revisionens dato")
        if revisions and revision <= revisions[-1]:
            raise InterchangeError(
                day_path,
                f"Revisionerne skal stå i datoorden, ældste først, og hver dato kun én gang: "
                f"{revision.isoformat()} kommer efter {revisions[-1].isoformat()}.",
            )
        revisions.append(revision)
    lines_path = at(path, "lines")
    lines: list[LineIn] = []
    seen: dict[str, str] = {}
    for index, line in enumerate(read_list(data.get("lines"), lines_path, what="Budgetlinjerne")):
        parsed = _line(line, indexed(lines_path, index), tuple(revisions))
        key = parsed.project.lower()
        if key in seen:
            raise InterchangeError(
                at(parsed.path, "project"),
                f"Projektet »{parsed.project}« har allerede en linje i budgettet ({seen[key]}). "
                "Slå linjerne sammen til én.",
            )
        seen[key] = parsed.path
        lines.append(parsed)
    return BudgetIn(
        path=path,
        programme=programme,
        year=year,
        total=total,
        currency=currency,
        revisions=tuple(revisions),
        note=read_field(data, path, "note", "Noten"),
        lines=tuple(lines),
    )


def _portfolio(
    value: Any, path: str
) -> tuple[tuple[ProgrammeIn, ...], tuple[ProjectIn, ...], tuple[BudgetIn, ...]]:
    """The optional `portfolio`, refusing duplicate programmes, projects and budgets."""
    if value is None:
        return (), (), ()
    data = read_object(
        value, path, required=(), optional=("programmes", "projects", "budgets"), what="Porteføljen"
    )
    programmes_path = at(path, "programmes")
    programmes: dict[str, ProgrammeIn] = {}
    for index, entry in enumerate(
        read_list(data.get("programmes"), programmes_path, what="Programmerne")
    ):
        programme = _programme(entry, indexed(programmes_path, index))
        if programme.short_name in programmes:
            raise InterchangeError(
                at(programme.path, "short_name"),
                f"Programmet »{programme.short_name}« står to gange (også i "
                f"{programmes[programme.short_name].path}). Fjern det ene.",
            )
        programmes[programme.short_name] = programme
    projects_path = at(path, "projects")
    projects: dict[str, ProjectIn] = {}
    for index, entry in enumerate(
        read_list(data.get("projects"), projects_path, what="Projekterne")
    ):
        project = _project(entry, indexed(projects_path, index))
        key = project.name.lower()
        if key in projects:
            raise InterchangeError(
                at(project.path, "name"),
                f"Projektet »{project.name}« står to gange (også i {projects[key].path}). "
                "Et projektnavn skal være entydigt; fjern det ene.",
            )
        projects[key] = project
    budgets_path = at(path, "budgets")
    budgets: dict[tuple[str, int], BudgetIn] = {}
    for index, entry in enumerate(read_list(data.get("budgets"), budgets_path, what="Budgetterne")):
        budget = _budget(entry, indexed(budgets_path, index))
        key = (budget.programme, budget.year)
        if key in budgets:
            raise InterchangeError(
                budget.path,
                f"Der er allerede et budget for {budget.programme} {budget.year} i filen "
                f"({budgets[key].path}). Slå dem sammen til ét.",
            )
        budgets[key] = budget
    return tuple(programmes.values()), tuple(projects.values()), tuple(budgets.values())


def parse_document(data: Any, files: Mapping[str, bytes] | None) -> Document:
    """Validate the whole document, reporting its first problem; nothing is written here."""
    if isinstance(data, dict) and "format" in data and data["format"] != FORMAT:
        # Checked first: a file in another format would otherwise fail on some odd key.
        raise InterchangeError(
            "format",
            f'Formatet skal være "{FORMAT}", ikke {show(data["format"])}. Filen er ikke en '
            "dagsorden i portalens udvekslingsformat, eller den er fra en anden version.",
        )
    root = read_object(
        data,
        "",
        required=("format", "committee", "meeting", "items"),
        optional=("next_meeting", "portfolio"),
        what="Dokumentet",
    )
    committee = _committee(root["committee"], "committee")
    meeting = _meeting(root["meeting"], "meeting", root.get("next_meeting"), "next_meeting")
    listed = read_list(root["items"], "items", what="Punkterne", required=True)
    # Refused before any item is read (the rows are checked again when saved).
    if len(listed) > MAX_ITEMS_PER_MEETING:
        raise InterchangeError("items", too_many_items(len(listed)))
    items = tuple(_item(item, indexed("items", index), files) for index, item in enumerate(listed))
    programmes, projects, budgets = _portfolio(root.get("portfolio"), "portfolio")
    return Document(
        committee=committee,
        meeting=meeting,
        items=items,
        programmes=programmes,
        projects=projects,
        budgets=budgets,
    )
