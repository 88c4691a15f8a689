"""Export of a meeting's agenda: the canonical `dap-agenda/1` document, as JSON or as a zip.

Canonical: every optional key written, in the documented order, so that export -> import ->
export gives the same bytes.
"""

import io
import json
import zipfile
from collections.abc import Mapping
from functools import reduce
from operator import or_
from pathlib import PurePosixPath
from typing import Any

from django.db.models import Q

from budgets.models import Budget
from budgets.selectors import budgets_with_figures
from dap_portal.danish import iso_clock, iso_date
from projects.models import Programme, Project

from ..agenda import items_for_agenda
from ..between import actions_by_item
from ..files import sniff_bytes
from ..models import AgendaItem, Meeting
from .actions import export_action
from .archive import zip_write
from .schema import AGENDA_JSON, FORMAT, InterchangeError


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
                "budget": {iso_date(day): amounts[day] for day in revisions if day in amounts},
                "spent": {iso_date(entry.date): entry.amount for entry in line.spent.all()},
            }
        )
    return {
        "programme": budget.programme.short_name,
        "year": budget.year,
        "total": budget.total,
        "currency": budget.currency,
        "revisions": [iso_date(day) for day in revisions],
        "note": budget.note,
        "lines": lines,
    }


def _export(meeting: Meeting, items: list[AgendaItem], files: Mapping[int, str]) -> dict[str, Any]:
    """The canonical document; `files` maps bilag ids to their names in a zip."""
    committee = meeting.committee
    actions = actions_by_item(meeting)
    next_meeting = None
    if meeting.next_date:
        next_meeting = {
            "date": iso_date(meeting.next_date),
            "start_time": iso_clock(meeting.next_start_time),
            "end_time": iso_clock(meeting.next_end_time),
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
            "date": iso_date(meeting.date),
            "start_time": iso_clock(meeting.start_time),
            "end_time": iso_clock(meeting.end_time),
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
                # Optional (docs/agenda-interchange-actions.md): only where there are actions.
                **(
                    {"actions": [export_action(action) for action in actions[item.pk]]}
                    if item.pk in actions
                    else {}
                ),
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
        zip_write(archive, AGENDA_JSON, dumps_agenda(data).encode("utf-8"))
        for name, content in contents:
            zip_write(archive, name, content)
    return buffer.getvalue()
