"""Import of one meeting's agenda in the interchange format `dap-agenda/1`.

An import first validates the whole document (`parse`), then writes everything in one
transaction: a bad file changes nothing, and bilag files already stored are removed again.
"""

import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import or_
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation

from budgets.models import Budget
from budgets.selectors import budgets_with_figures
from budgets.services import LineFigures, budget_merge
from projects.models import Programme, Project
from projects.services import programme_create, programme_rename, project_create

from ..audit import Actor, AuditAction, record_audit
from ..between import attach_waiting_actions
from ..bilag.services import bilag_file_store
from ..changes import committee_changed
from ..models import (
    AgendaItem,
    Bilag,
    Committee,
    ItemEmbed,
    ItemSection,
    Meeting,
    MeetingStatus,
    Presenter,
)
from .actions import write_actions
from .archive import ZipFiles, parse_json, read_entry, too_large, zip_entries
from .parse import parse_document
from .schema import AGENDA_JSON, BudgetIn, Document, InterchangeError, at, indexed, keyed

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


def _known(doc: Document) -> _Known:
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
            check_programme(embed.programme, at(embed.path, "programme"))
    for project in doc.projects:
        check_programme(project.programme, at(project.path, "programme"))
        existing_project = known.project(project.name)
        if existing_project and existing_project.programme.short_name != project.programme:
            raise InterchangeError(
                at(project.path, "programme"),
                f"Projektet »{existing_project.name}« findes allerede i portalen under "
                f"programmet »{existing_project.programme.short_name}«, ikke "
                f"»{project.programme}«. Ret programmet i filen.",
            )
    for budget in doc.budgets:
        check_programme(budget.programme, at(budget.path, "programme"))
        for line in budget.lines:
            check_project(line.project, at(line.path, "project"))
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


def _check_budget_conflicts(budget: BudgetIn, existing: Budget, known: _Known) -> None:
    """An existing budget may gain what it lacks, but a figure in both must be the same."""
    name = f"{budget.programme} {budget.year}"
    if existing.total != budget.total:
        raise InterchangeError(
            at(budget.path, "total"),
            f"Budgettet for {name} findes allerede i portalen med rammen {existing.total} kr., "
            f"men filen siger {budget.total} kr. Ret filen, eller ret budgettet i portalen først.",
        )
    if existing.currency != budget.currency:
        raise InterchangeError(
            at(budget.path, "currency"),
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
                    keyed(at(line.path, "budget"), day.isoformat()),
                    f"Budgettet for {name} har allerede {amounts[day]} kr. til "
                    f"»{line.project}« pr. {day.isoformat()}, men filen siger {amount} kr. "
                    "Ret beløbet i filen, eller ret budgettet i portalen først.",
                )
        spent = {entry.date: entry.amount for entry in existing_line.spent.all()}
        for day, amount in line.spent.items():
            if day in spent and spent[day] != amount:
                raise InterchangeError(
                    keyed(at(line.path, "spent"), day.isoformat()),
                    f"Portalen har allerede et forbrug på {spent[day]} kr. for "
                    f"»{line.project}« pr. {day.isoformat()}, men filen siger {amount} kr. "
                    "Ret beløbet i filen.",
                )


# --- Writing ------------------------------------------------------------------------------


def _refused(
    exc: ValidationError, path: str, keys: tuple[str, ...] | None = None
) -> InterchangeError:
    """A model's or a service's complaint as an InterchangeError at the JSON path.

    A complaint about a field goes to the key of that name, if the object there has one.
    """
    if not hasattr(exc, "error_dict"):
        return InterchangeError(path, " ".join(exc.messages))
    field, messages = next(iter(exc.message_dict.items()))
    named = field != NON_FIELD_ERRORS and (keys is None or field in keys)
    return InterchangeError(at(path, field) if named else path, " ".join(messages))


@contextmanager
def _at_path(path: str, keys: tuple[str, ...] | None = None) -> Iterator[None]:
    """Run a service; what it refuses is reported at the JSON path of the value it wrote."""
    try:
        with translation.override("da"):
            yield
    except ValidationError as exc:
        raise _refused(exc, path, keys) from None


def _save(instance: models.Model, path: str) -> None:
    """Validate (full_clean as a second guard, complaints at the JSON path) and save a row."""
    with _at_path(path):
        instance.full_clean()
    instance.save()


def _write_portfolio(doc: Document, known: _Known, actor: Actor) -> dict[str, Programme]:
    """Upsert programmes, create missing projects, create or extend budgets (all audited)."""
    programmes = dict(known.programmes)
    for entry in doc.programmes:
        programme = programmes.get(entry.short_name)
        with _at_path(entry.path):
            if programme is None:
                programmes[entry.short_name] = programme_create(
                    short_name=entry.short_name, name=entry.name, actor=actor
                )
            elif programme.name != entry.name:
                programmes[entry.short_name] = programme_rename(
                    programme=programme, name=entry.name, actor=actor
                )
    for entry in doc.projects:
        if known.project(entry.name) is None:
            with _at_path(entry.path):
                project = project_create(
                    programme=programmes[entry.programme],
                    name=entry.name,
                    owner=entry.owner,
                    project_management=entry.project_management,
                    project_lead=entry.project_lead,
                    actor=actor,
                )
            known.projects_by_name[entry.name] = project
            known.projects_by_lower[entry.name.lower()] = project
    for entry in doc.budgets:
        lines = [
            LineFigures(
                project=known.existing_project(line.project, at(line.path, "project")),
                amounts=line.budget,
                spent=line.spent,
            )
            for line in entry.lines
        ]
        with _at_path(entry.path, keys=("total", "currency", "note")):
            budget_merge(
                programme=programmes[entry.programme],
                year=entry.year,
                total=entry.total,
                currency=entry.currency,
                note=entry.note,
                revisions=entry.revisions,
                lines=lines,
                actor=actor,
                source="dagsorden",
            )
    return programmes


def _write_meeting(
    doc: Document,
    known: _Known,
    programmes: dict[str, Programme],
    files: Mapping[str, bytes] | None,
    actor: User | None,
    stored: list[str],
    history: bool = False,
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
        is_history=history,
    )
    _save(meeting, "meeting")
    attach_waiting_actions(meeting)
    committee_changed(committee.pk)
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
                indexed(at(entry.path, "presenters"), position - 1),
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
                indexed(at(entry.path, "sections"), position - 1),
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
                try:
                    bilag_file_store(
                        bilag=bilag,
                        data=files[attachment.file],
                        kind=attachment.kind,
                        name=PurePosixPath(attachment.file).name,
                        actor=actor,
                    )
                finally:
                    # Stored (or half stored) files go again if the import fails.
                    if bilag.file:
                        stored.append(bilag.file.name)
            _save(bilag, attachment.path)
        write_actions(item, entry.actions, actor)
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.AGENDA_IMPORTED,
        summary="Dagsorden importeret",
        target=meeting,
        changes={
            "items": len(doc.items),
            "bilag": sum(len(item.attachments) for item in doc.items),
        },
    )
    return meeting


def import_agenda(
    data: dict,
    *,
    files: Mapping[str, bytes] | None = None,
    actor: User | None = None,
    history: bool = False,
) -> Meeting:
    """Create a new draft meeting from a `dap-agenda/1` document; all or nothing.

    `history`: the meeting was held long ago (the archive import): it takes no live lines.
    """
    doc = parse_document(data, files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            known = _known(doc)
            programmes = _write_portfolio(doc, known, actor)
            return _write_meeting(doc, known, programmes, files, actor, stored, history)
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
        entries = zip_entries(archive)
        if AGENDA_JSON not in entries:
            raise InterchangeError(
                name,
                f"Zip-filen skal have filen {AGENDA_JSON} i roden (ikke i en mappe). Tilføj den.",
            )
        data = parse_json(read_entry(archive, entries[AGENDA_JSON]), AGENDA_JSON)
        files = ZipFiles(
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
        raise InterchangeError(name, too_large(name, len(content), limit))
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
