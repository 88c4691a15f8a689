"""Writes of budgets: keyword-only, typed, atomic, validated and audited.

Each service locks the budget row first, so two secretaries saving at once are applied one
after the other, and a validation error leaves the budget exactly as it was.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max

from dap_portal import danish
from projects.models import Programme, Project
from projects.services import SUBJECT_BUDGET, Actor, record_change

from .models import Budget, BudgetAmount, BudgetLine, BudgetRevision, SpentAmount
from .selectors import budget_fingerprint, budgets_with_figures

# No budget line of a Danish programme comes near this; a larger figure is a typing error
# (and anything near 2**63 would overflow PostgreSQL's bigint).
MAX_AMOUNT = 10**12


def _amount(
    value: object, *, field: str = "amount", what: str = "Beløbet", neuter: bool = True
) -> int:
    """A whole, non-negative number of kroner; `what` names it in the message."""
    ending = "t" if neuter else ""  # 'Beløbet ... negativt', 'Rammen ... negativ'
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: f"{what} skal være et helt antal kroner, fx 1.615.000."})
    if value < 0:
        raise ValidationError({field: f"{what} kan ikke være negativ{ending}."})
    if value > MAX_AMOUNT:
        raise ValidationError(
            {field: f"{what} er for stor{ending}; højst {danish.amount(MAX_AMOUNT)}."}
        )
    return value


def _locked(budget: Budget | int) -> Budget:
    """The budget, locked for the rest of the transaction."""
    pk = budget if isinstance(budget, int) else budget.pk
    return Budget.objects.select_for_update().select_related("programme").get(pk=pk)


def _line_of(budget: Budget, line: BudgetLine) -> BudgetLine:
    try:
        return BudgetLine.objects.select_related("project").get(pk=line.pk, budget=budget)
    except BudgetLine.DoesNotExist:
        raise ValidationError("Linjen findes ikke (længere) i budgettet.") from None


def _record(
    budget: Budget,
    *,
    actor: Actor,
    action: str,
    summary: str,
    target: models.Model,
    changes: dict[str, Any],
) -> None:
    record_change(
        actor=actor,
        programme=budget.programme_id,
        subject_type=SUBJECT_BUDGET,
        subject_id=budget.pk,
        action=action,
        summary=summary,
        target=target,
        changes=changes,
    )


def _check_spent_date(budget: Budget, date: object) -> dt.date:
    if not isinstance(date, dt.date):
        raise ValidationError({"date": "Skriv datoen for opgørelsen, fx 31-08-2025."})
    if date.year not in (budget.year, budget.year + 1):
        raise ValidationError(
            {
                "date": f"Datoen {danish.date_long(date)} ligger uden for budgetåret "
                f"{budget.year}; forbrug opgøres i budgetåret eller året efter."
            }
        )
    return date


def _check_revision_date(budget: Budget, date: object) -> dt.date:
    if not isinstance(date, dt.date):
        raise ValidationError({"date": "Skriv revisionens dato, fx 30-11-2025."})
    if date.year != budget.year:
        raise ValidationError(
            {"date": f"En revision af budget {budget.year} skal være dateret i {budget.year}."}
        )
    return date


def _apply_spent(line: BudgetLine, date: dt.date, amount: int) -> tuple[int | None, bool]:
    """Store the amount spent on a line as of a date; (the old amount, whether it changed)."""
    existing = SpentAmount.objects.filter(line=line, date=date).first()
    if existing is not None:
        if existing.amount == amount:
            return existing.amount, False
        old = existing.amount
        existing.amount = amount
        existing.full_clean()
        existing.save(update_fields=["amount"])
        return old, True
    spent = SpentAmount(line=line, date=date, amount=amount)
    spent.full_clean()
    spent.save()
    return None, True


@transaction.atomic
def spent_set(*, line: BudgetLine, date: dt.date, amount: int, actor: Actor) -> SpentAmount:
    """Set what a line has spent as of a date (a later date supersedes earlier ones)."""
    budget = _locked(line.budget_id)
    line = _line_of(budget, line)
    date = _check_spent_date(budget, date)
    amount = _amount(amount, what="Forbruget")
    old, changed = _apply_spent(line, date, amount)
    if changed:
        before = danish.amount(old) if old is not None else "intet"
        _record(
            budget,
            actor=actor,
            action="spent_set",
            summary=f"Forbrug {danish.date_short(date)} for {line.project.name}: "
            f"{before} → {danish.amount(amount)}",
            target=line,
            changes={"date": date.isoformat(), "amount": [old, amount]},
        )
    return SpentAmount.objects.get(line=line, date=date)


@transaction.atomic
def budget_amount_set(
    *, line: BudgetLine, revision: BudgetRevision, amount: int | None, actor: Actor
) -> BudgetAmount | None:
    """Set a line's amount in one revision; None takes the line out of that revision."""
    budget = _locked(line.budget_id)
    line = _line_of(budget, line)
    if revision.budget_id != budget.pk or not budget.revisions.filter(pk=revision.pk).exists():
        raise ValidationError("Revisionen findes ikke i dette budget.")
    if amount is not None:
        amount = _amount(amount)
    existing = BudgetAmount.objects.filter(line=line, revision=revision).first()
    old = existing.amount if existing else None
    if old == amount:
        return existing
    result: BudgetAmount | None
    if amount is None:
        existing.delete()
        result = None
    elif existing is not None:
        existing.amount = amount
        existing.full_clean()
        existing.save(update_fields=["amount"])
        result = existing
    else:
        result = BudgetAmount(line=line, revision=revision, amount=amount)
        result.full_clean()
        result.save()
    heading = f"Budget {budget.year} ({danish.date_short(revision.date)})"
    before = danish.amount(old) if old is not None else "ikke med"
    after = danish.amount(amount) if amount is not None else "ikke med"
    _record(
        budget,
        actor=actor,
        action="budget_amount_set",
        summary=f"{heading} for {line.project.name}: {before} → {after}",
        target=line,
        changes={"revision": revision.date.isoformat(), "amount": [old, amount]},
    )
    return result


@transaction.atomic
def revision_add(
    *, budget: Budget, date: dt.date, actor: Actor, copy_amounts: bool = True
) -> BudgetRevision:
    """Add a dated revision; its amounts start as those of the revision before it."""
    budget = _locked(budget)
    date = _check_revision_date(budget, date)
    if budget.revisions.filter(date=date).exists():
        raise ValidationError(
            {"date": f"Budgettet har allerede en revision dateret {danish.date_long(date)}."}
        )
    previous = budget.revisions.filter(date__lt=date).order_by("-date").first()
    revision = BudgetRevision(budget=budget, date=date)
    revision.full_clean()
    revision.save()
    copied = 0
    if copy_amounts and previous is not None:
        amounts = [
            BudgetAmount(line_id=amount.line_id, revision=revision, amount=amount.amount)
            for amount in BudgetAmount.objects.filter(revision=previous)
        ]
        BudgetAmount.objects.bulk_create(amounts)
        copied = len(amounts)
    summary = f"Revision {danish.date_short(date)} tilføjet"
    if copied:
        summary += f" med beløbene fra {danish.date_short(previous.date)}"
    _record(
        budget,
        actor=actor,
        action="revision_added",
        summary=summary,
        target=revision,
        changes={
            "date": date.isoformat(),
            "copied_from": previous.date.isoformat() if copied else None,
        },
    )
    return revision


@transaction.atomic
def line_add(
    *, budget: Budget, project: Project, actor: Actor, amount: int | None = None
) -> BudgetLine:
    """Add a project's line at the end of the budget, with an amount in the latest revision."""
    budget = _locked(budget)
    if project.programme_id != budget.programme_id:
        raise ValidationError(
            {
                "project": f"Projektet {project.name} hører ikke til programmet "
                f"{budget.programme.short_name}."
            }
        )
    if budget.lines.filter(project=project).exists():
        raise ValidationError({"project": f"{project.name} har allerede en linje i budgettet."})
    latest = budget.revisions.order_by("-date").first()
    if amount is not None:
        amount = _amount(amount)
        if latest is None:
            raise ValidationError(
                {"amount": "Budgettet har ingen revision endnu. Tilføj en revision først."}
            )
    position = (budget.lines.aggregate(last=Max("position"))["last"] or 0) + 1
    line = BudgetLine(budget=budget, project=project, position=position)
    line.full_clean()
    line.save()
    summary = f"Linje for {project.name} tilføjet"
    if amount is not None:
        BudgetAmount.objects.create(line=line, revision=latest, amount=amount)
        summary += (
            f" med {danish.amount(amount)} i budget {budget.year} "
            f"({danish.date_short(latest.date)})"
        )
    _record(
        budget,
        actor=actor,
        action="line_added",
        summary=summary,
        target=line,
        changes={
            "project": project.name,
            "amount": amount,
            "revision": latest.date.isoformat() if amount is not None else None,
        },
    )
    return line


@transaction.atomic
def budget_total_set(*, budget: Budget, total: int, actor: Actor) -> Budget:
    """Set the total the lines are allocated from (changes 'Udisponerede midler')."""
    budget = _locked(budget)
    total = _amount(total, field="total", what="Rammen", neuter=False)
    old = budget.total
    if old == total:
        return budget
    budget.total = total
    budget.full_clean()
    budget.save(update_fields=["total"])
    _record(
        budget,
        actor=actor,
        action="total_set",
        summary=f"Samlet ramme: {danish.amount(old)} → {danish.amount(total)}",
        target=budget,
        changes={"total": [old, total]},
    )
    return budget


@dataclass(frozen=True)
class SpentChange:
    """One row of an import: what a line has spent as of a date."""

    line_id: int
    date: dt.date
    amount: int


@transaction.atomic
def spent_import(
    *,
    budget: Budget,
    rows: Sequence[SpentChange],
    fingerprint: str,
    actor: Actor,
    source: str = "",
) -> int:
    """Save the previewed rows of an import, all or nothing; the number of amounts changed.

    Refuses if the budget is no longer the one the preview was computed from.
    """
    locked = _locked(budget)
    current = budgets_with_figures().get(pk=locked.pk)
    if budget_fingerprint(current) != fingerprint:
        raise ValidationError(
            "Budgettet er blevet ændret, siden forhåndsvisningen blev lavet. "
            "Indlæs filen igen, og se ændringerne igennem før du gemmer."
        )
    lines = {line.pk: line for line in current.lines.all()}
    changes: list[dict[str, Any]] = []
    for row in rows:
        line = lines.get(row.line_id)
        if line is None:
            raise ValidationError("En linje i importen findes ikke længere i budgettet.")
        date = _check_spent_date(locked, row.date)
        amount = _amount(row.amount, what="Forbruget")
        old, changed = _apply_spent(line, date, amount)
        if changed:
            changes.append(
                {"project": line.project.name, "date": date.isoformat(), "amount": [old, amount]}
            )
    if changes:
        what = f" fra {source}" if source else ""
        count = len(changes)
        _record(
            locked,
            actor=actor,
            action="spent_imported",
            summary=f"Forbrug indlæst{what}: {count} {'linje' if count == 1 else 'linjer'} ændret",
            target=locked,
            changes={"rows": changes},
        )
    return len(changes)


@transaction.atomic
def revision_apply(
    *,
    budget: Budget,
    date: dt.date,
    amounts: dict[int, int],
    actor: Actor,
    reason: str,
) -> BudgetRevision:
    """Give lines new amounts in the revision dated `date` (made from the one before if new).

    A revision already dated that day (a secretary typed it in beforehand) is updated in place
    rather than refused: the decision names the day, and there is one revision per day.
    Lines left out of `amounts` keep the amounts the revision has (or copied from before).
    """
    budget = _locked(budget)
    lines = {line.pk: line for line in budget.lines.select_related("project")}
    unknown = set(amounts) - set(lines)
    if unknown:
        raise ValidationError("En linje i forslaget findes ikke (længere) i budgettet.")
    checked = {line_id: _amount(amount) for line_id, amount in amounts.items()}
    revision = budget.revisions.filter(date=date).first()
    created = revision is None
    if created:
        revision = revision_add(budget=budget, date=date, actor=actor)
    existing = {amount.line_id: amount for amount in BudgetAmount.objects.filter(revision=revision)}
    changes: list[dict[str, Any]] = []
    for line_id, amount in checked.items():
        current = existing.get(line_id)
        old = current.amount if current else None
        if old == amount:
            continue
        if current is None:
            current = BudgetAmount(line_id=line_id, revision=revision, amount=amount)
        current.amount = amount
        current.full_clean()
        current.save()
        changes.append({"project": lines[line_id].project.name, "amount": [old, amount]})
    _record(
        budget,
        actor=actor,
        action="revision_applied",
        summary=f"Revision {danish.date_short(date)} ({reason}): "
        f"{len(changes)} {'linje' if len(changes) == 1 else 'linjer'} ændret",
        target=revision,
        changes={"date": date.isoformat(), "reason": reason, "created": created, "rows": changes},
    )
    return revision


@dataclass(frozen=True)
class LineFigures:
    """A project's figures for a budget: amounts by revision date, spending by date."""

    project: Project
    amounts: Mapping[dt.date, int]
    spent: Mapping[dt.date, int]


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@transaction.atomic
def budget_merge(
    *,
    programme: Programme,
    year: int,
    total: int,
    actor: Actor,
    currency: str = "DKK",
    note: str = "",
    revisions: Sequence[dt.date] = (),
    lines: Sequence[LineFigures] = (),
    source: str = "",
) -> Budget:
    """Create a programme's budget for a year, or add to it what it lacks; one history entry.

    Revisions, lines, amounts and spending it already has are kept; a figure it has with
    another value, another total or another currency is refused, so nothing is overwritten.
    """
    total = _amount(total, field="total", what="Rammen", neuter=False)
    budget = Budget.objects.filter(programme=programme, year=year).first()
    created = budget is None
    if budget is None:
        budget = Budget(programme=programme, year=year, total=total, currency=currency, note=note)
        budget.full_clean()
        budget.save()
    budget = _locked(budget)
    name = f"{programme.short_name} {year}"
    if budget.total != total:
        raise ValidationError(
            {
                "total": f"Budgettet for {name} har rammen {danish.amount(budget.total)}, "
                f"ikke {danish.amount(total)}."
            }
        )
    if budget.currency != currency:
        raise ValidationError(
            {"currency": f"Budgettet for {name} er i {budget.currency}, ikke {currency}."}
        )
    if note and not budget.note:
        budget.note = note
        budget.full_clean()
        budget.save(update_fields=["note"])
    by_date = {revision.date: revision for revision in budget.revisions.all()}
    added_revisions: list[str] = []
    for date in revisions:
        if date not in by_date:
            revision = BudgetRevision(budget=budget, date=_check_revision_date(budget, date))
            revision.full_clean()
            revision.save()
            by_date[date] = revision
            added_revisions.append(date.isoformat())
    existing = {line.project_id: line for line in budget.lines.select_related("project")}
    position = max((line.position for line in existing.values()), default=0)
    added_lines: list[str] = []
    amounts = spent = 0
    for figures in lines:
        project = figures.project
        line = existing.get(project.pk)
        if line is None:
            if project.programme_id != budget.programme_id:
                raise ValidationError(
                    {
                        "project": f"Projektet {project.name} hører ikke til programmet "
                        f"{programme.short_name}."
                    }
                )
            position += 1
            line = BudgetLine(budget=budget, project=project, position=position)
            line.full_clean()
            line.save()
            existing[project.pk] = line
            added_lines.append(project.name)
        held = {
            amount.revision.date: amount.amount
            for amount in line.amounts.select_related("revision")
        }
        for date, value in figures.amounts.items():
            value = _amount(value)
            if date not in by_date:
                raise ValidationError(
                    f"Budgettet for {name} har ingen revision dateret {danish.date_long(date)}."
                )
            if date in held:
                if held[date] != value:
                    raise ValidationError(
                        f"Budgettet for {name} har allerede {danish.amount(held[date])} til "
                        f"{project.name} pr. {danish.date_long(date)}, ikke "
                        f"{danish.amount(value)}."
                    )
                continue
            amount = BudgetAmount(line=line, revision=by_date[date], amount=value)
            amount.full_clean()
            amount.save()
            amounts += 1
        spent_before = {entry.date: entry.amount for entry in line.spent.all()}
        for date, value in figures.spent.items():
            value = _amount(value, what="Forbruget")
            if date in spent_before:
                if spent_before[date] != value:
                    raise ValidationError(
                        f"{project.name} har allerede et forbrug på "
                        f"{danish.amount(spent_before[date])} pr. {danish.date_long(date)}, "
                        f"ikke {danish.amount(value)}."
                    )
                continue
            _apply_spent(line, _check_spent_date(budget, date), value)
            spent += 1
    if created or added_revisions or added_lines or amounts or spent:
        what = " oprettet" if created else " udvidet"
        origin = f" fra {source}" if source else ""
        _record(
            budget,
            actor=actor,
            action="budget_created" if created else "budget_extended",
            summary=f"Budget {year}{what}{origin}: "
            f"{_counted(len(added_revisions), 'revision', 'revisioner')}, "
            f"{_counted(len(added_lines), 'linje', 'linjer')}, "
            f"{_counted(amounts, 'beløb', 'beløb')}, "
            f"{_counted(spent, 'forbrugstal', 'forbrugstal')}",
            target=budget,
            changes={
                "created": created,
                "revisions": added_revisions,
                "lines": added_lines,
                "amounts": amounts,
                "spent": spent,
            },
        )
    return budget
