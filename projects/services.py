"""Writes of the portfolio's projects: keyword-only, typed, atomic, validated and audited.

`record_change` is the portfolio's audit trail, used by the budgets services too (the
`projects` app imports no other app, so the trail lives here).
"""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from dap_portal import danish

from .changes import portfolio_changed
from .models import Phase, PortfolioChange, Programme, Project, StatusReport, TrafficLight

type Actor = AbstractBaseUser | AnonymousUser | None

SUBJECT_PROJECT = "project"
SUBJECT_BUDGET = "budget"
SUBJECT_PROGRAMME = "programme"


def record_change(
    *,
    actor: Actor,
    programme: Programme | int,
    subject_type: str,
    subject_id: int,
    action: str,
    summary: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> PortfolioChange:
    """Record one change of the portfolio: who did what, to which object, on which page."""
    portfolio_changed()  # every portfolio write records a change: cached pages see it
    return PortfolioChange.objects.create(
        # An anonymous or unsaved user is no one to name in the history.
        actor=actor if actor is not None and actor.is_authenticated else None,
        programme_id=programme if isinstance(programme, int) else programme.pk,
        subject_type=subject_type,
        subject_id=subject_id,
        action=action,
        object_type=target._meta.model_name if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        summary=summary[:500],
        changes=changes or {},
    )


@transaction.atomic
def status_report_create(
    *,
    project: Project,
    actor: Actor,
    date: dt.date,
    time: TrafficLight | str,
    economy: TrafficLight | str,
    scope: TrafficLight | str,
    text: str,
    next_milestone: str = "",
    next_milestone_date: dt.date | None = None,
) -> StatusReport:
    """Add a dated status report to a project (one per project and day)."""
    report = StatusReport(
        project=project,
        date=date,
        time=time,
        economy=economy,
        scope=scope,
        text=text.strip(),
        next_milestone=next_milestone.strip(),
        next_milestone_date=next_milestone_date,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    report.full_clean()
    report.save()
    lights = ", ".join(f"{light.area.lower()} {light.label.lower()}" for light in report.lights)
    record_change(
        actor=actor,
        programme=project.programme_id,
        subject_type=SUBJECT_PROJECT,
        subject_id=project.pk,
        action="status_report_created",
        summary=f"Statusrapport {danish.date_long(date)} for {project.name}: {lights}",
        target=report,
        changes={
            "date": date.isoformat(),
            "time": report.time,
            "economy": report.economy,
            "scope": report.scope,
            "text": report.text,
            "next_milestone": report.next_milestone,
            "next_milestone_date": (
                next_milestone_date.isoformat() if next_milestone_date else None
            ),
        },
    )
    return report


_UNCHANGED: Any = object()
_PROJECT_FIELDS = ("name", "owner", "project_management", "project_lead", "phase")


@transaction.atomic
def project_update(
    *,
    project: Project,
    actor: Actor,
    name: str = _UNCHANGED,
    owner: str = _UNCHANGED,
    project_management: str = _UNCHANGED,
    project_lead: str = _UNCHANGED,
    phase: Phase | str = _UNCHANGED,
) -> Project:
    """Change a project's name, organisation or phase; only the fields given change."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    given = {
        "name": name,
        "owner": owner,
        "project_management": project_management,
        "project_lead": project_lead,
        "phase": phase,
    }
    changes: dict[str, list[str]] = {}
    for field in _PROJECT_FIELDS:
        value = given[field]
        if value is _UNCHANGED:
            continue
        value = str(value).strip()
        old = getattr(project, field)
        if value != old:
            changes[field] = [old, value]
            setattr(project, field, value)
    if not changes:
        return project
    if "phase" in changes and changes["phase"][1] not in Phase.values:
        raise ValidationError({"phase": "Vælg en af faserne på listen."})
    project.full_clean()
    project.save(update_fields=list(changes))
    if list(changes) == ["phase"]:
        old, new = changes["phase"]
        summary = f"Fase for {project.name} ændret fra {Phase(old).label} til {Phase(new).label}"
    else:
        names = ", ".join(str(Project._meta.get_field(field).verbose_name) for field in changes)
        summary = f"{project.name}: {names} ændret"
    record_change(
        actor=actor,
        programme=project.programme_id,
        subject_type=SUBJECT_PROJECT,
        subject_id=project.pk,
        action="project_updated",
        summary=summary,
        target=project,
        changes=changes,
    )
    return project


@transaction.atomic
def programme_create(*, short_name: str, name: str, actor: Actor) -> Programme:
    """Add a programme under its short name (e.g. from an imported agenda's portfolio)."""
    programme = Programme(short_name=short_name.strip(), name=name.strip())
    programme.full_clean()
    programme.save()
    record_change(
        actor=actor,
        programme=programme,
        subject_type=SUBJECT_PROGRAMME,
        subject_id=programme.pk,
        action="programme_created",
        summary=f"Programmet {programme.short_name} oprettet: {programme.name}",
        target=programme,
        changes={"short_name": programme.short_name, "name": programme.name},
    )
    return programme


@transaction.atomic
def programme_rename(*, programme: Programme, name: str, actor: Actor) -> Programme:
    """Give a programme a new (long) name; its short name stays."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    name = name.strip()
    old = programme.name
    if name == old:
        return programme
    programme.name = name
    programme.full_clean()
    programme.save(update_fields=["name"])
    record_change(
        actor=actor,
        programme=programme,
        subject_type=SUBJECT_PROGRAMME,
        subject_id=programme.pk,
        action="programme_renamed",
        summary=f"Programmet {programme.short_name} omdøbt: {old} → {name}",
        target=programme,
        changes={"name": [old, name]},
    )
    return programme


@transaction.atomic
def project_create(
    *,
    programme: Programme,
    name: str,
    actor: Actor,
    owner: str = "",
    project_management: str = "",
    project_lead: str = "",
) -> Project:
    """Add a project to a programme (its name unique in the portal, ignoring case)."""
    project = Project(
        programme=programme,
        name=name.strip(),
        owner=owner.strip(),
        project_management=project_management.strip(),
        project_lead=project_lead.strip(),
    )
    project.full_clean()
    project.save()
    record_change(
        actor=actor,
        programme=programme,
        subject_type=SUBJECT_PROJECT,
        subject_id=project.pk,
        action="project_created",
        summary=f"Projektet {project.name} oprettet under {programme.short_name}",
        target=project,
        changes={field: getattr(project, field) for field in _PROJECT_FIELDS},
    )
    return project
