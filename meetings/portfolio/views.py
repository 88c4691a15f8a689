"""Views of the portfolio: programmes, projects, status reports, budgets and spreadsheets.

They live in the meetings app because only it may ask `meetings.access` who may see and
change what; everything else is the projects and budgets apps' selectors and services.
Thin: parse, authorise, call, render. htmx requests get a partial of the same template.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.charts import budget_chart
from budgets.forms import (
    BudgetAmountForm,
    ImportForm,
    LineForm,
    RevisionForm,
    SpentForm,
    TotalForm,
)
from budgets.models import Budget, BudgetLine, BudgetRevision
from budgets.selectors import (
    BudgetRow,
    budget_fingerprint,
    budget_for_page,
    budget_table,
    budget_years,
    project_budget_lines,
    projects_without_line,
)
from budgets.services import (
    SpentChange,
    budget_amount_set,
    budget_total_set,
    line_add,
    revision_add,
    spent_import,
    spent_set,
)
from budgets.spreadsheets import (
    XLSX_CONTENT_TYPE,
    SpreadsheetError,
    export_filename,
    export_xlsx,
    preview_spent_import,
    read_spent_file,
)
from dap_portal import danish
from projects.forms import PhaseForm, StatusReportForm
from projects.models import Light, Phase, Project, TrafficLight
from projects.selectors import (
    changes_of,
    latest_report,
    programmes_with_projects,
    project_for_page,
)
from projects.services import (
    SUBJECT_PROJECT,
    project_update,
    status_report_create,
)

from .. import access
from .selectors import budget_changes, project_items

BUDGET_PAGE = "budgets/budget_detail.html"
PROJECT_PAGE = "projects/project_detail.html"
IMPORT_SESSION_KEY = "budget-import:{budget}"


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- Programmes and projects ---------------------------------------------------------------


@require_GET
def portfolio_overview(request: HttpRequest) -> HttpResponse:
    """The programmes the user may see, each with its projects, phase and latest status."""
    programmes = list(
        programmes_with_projects(access.visible_programmes(request.user)).prefetch_related(
            budget_years()
        )
    )
    for programme in programmes:
        programme.project_rows = [
            (project, latest_report(project)) for project in programme.projects.all()
        ]
    return render(request, "projects/programme_list.html", {"programmes": programmes})


def _visible_project(request: HttpRequest, project_id: int) -> Project:
    projects = Project.objects.filter(programme__in=access.visible_programmes(request.user))
    project = project_for_page(projects, project_id)
    if project is None:
        raise Http404
    return project


def _editable_project(request: HttpRequest, project_id: int) -> Project:
    projects = Project.objects.filter(programme__in=access.editable_programmes(request.user))
    project = project_for_page(projects, project_id)
    if project is None:
        raise Http404
    return project


def _project_context(
    request: HttpRequest,
    project: Project,
    *,
    status_form: StatusReportForm | None = None,
    phase_form: PhaseForm | None = None,
    status: str = "",
    status_for: str = "",
) -> dict[str, Any]:
    may_edit = access.can_edit_programme(request.user, project.programme_id)
    reports = project.reports
    return {
        "project": project,
        "current": reports[0] if reports else None,
        "history": reports,
        "budget_lines": project_budget_lines(project),
        "items": project_items(project, request.user),
        "changes": changes_of(SUBJECT_PROJECT, project.pk, limit=20),
        "may_edit": may_edit,
        "status_form": (status_form or StatusReportForm.blank()) if may_edit else None,
        "phase_form": (phase_form or PhaseForm(initial={"phase": project.phase}))
        if may_edit
        else None,
        "status": status,
        "status_for": status_for,
        "phases": Phase.choices,
        "lights": TrafficLight.choices,
        "light_samples": {value: Light("", value) for value in TrafficLight.values},
    }


@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """A project: phase, current status, history, budget lines, and what the group decided."""
    project = _visible_project(request, project_id)
    return render(request, PROJECT_PAGE, _project_context(request, project))


@require_POST
def status_report_add(request: HttpRequest, project_id: int) -> HttpResponse:
    """Add a status report (the secretariat of the project's committee)."""
    project = _editable_project(request, project_id)
    form = StatusReportForm(request.POST)
    if form.is_valid():
        try:
            report = status_report_create(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            done = f"Statusrapporten for {danish.date_long(report.date)} er gemt."
            if not request.htmx:
                messages.success(request, done)
                return redirect(reverse("portfolio:project_detail", args=[project.pk]) + "#status")
            project = _visible_project(request, project_id)
            context = _project_context(request, project, status=done, status_for="status")
            return render(request, f"{PROJECT_PAGE}#status", context)
    context = _project_context(request, project, status_form=form)
    return render(request, f"{PROJECT_PAGE}#status" if request.htmx else PROJECT_PAGE, context)


@require_POST
def project_phase_set(request: HttpRequest, project_id: int) -> HttpResponse:
    """Change the project's phase (the secretariat of the project's committee)."""
    project = _editable_project(request, project_id)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            project_update(project=project, actor=request.user, phase=form.cleaned_data["phase"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            project = _visible_project(request, project_id)
            done = f"Fasen er nu {project.get_phase_display().lower()}."
            if not request.htmx:
                messages.success(request, done)
                return redirect(reverse("portfolio:project_detail", args=[project.pk]) + "#fase")
            context = _project_context(request, project, status=done, status_for="phase")
            return render(request, f"{PROJECT_PAGE}#phase", context)
    context = _project_context(request, project, phase_form=form)
    return render(request, f"{PROJECT_PAGE}#phase" if request.htmx else PROJECT_PAGE, context)


# --- Budgets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Editing:
    """The one cell of the budget table shown as a form: a line's spent or revision amount."""

    line_id: int
    column: int | str  # a revision's id, or "spent"
    form: forms.Form


def _budget_url(budget: Budget) -> str:
    return reverse("portfolio:budget_detail", args=[budget.programme.short_name, budget.year])


def _visible_budget(request: HttpRequest, programme: str, year: int) -> Budget:
    budget = budget_for_page(access.visible_programmes(request.user), programme, year)
    if budget is None:
        raise Http404
    return budget


def _editable_budget(request: HttpRequest, programme: str, year: int) -> Budget:
    budget = budget_for_page(access.editable_programmes(request.user), programme, year)
    if budget is None:
        raise Http404
    return budget


def _line(budget: Budget, line_id: int) -> BudgetLine:
    line = next((line for line in budget.lines.all() if line.pk == line_id), None)
    if line is None:
        raise Http404
    return line


def _revision(budget: Budget, revision_id: int) -> BudgetRevision:
    revision = next((rev for rev in budget.revisions.all() if rev.pk == revision_id), None)
    if revision is None:
        raise Http404
    return revision


def _budget_context(
    request: HttpRequest,
    budget: Budget,
    *,
    editing: Editing | None = None,
    bound: dict[str, forms.Form] | None = None,
    status: str = "",
    focus: tuple[int, int | str] | None = None,
) -> dict[str, Any]:
    table = budget_table(budget)
    may_edit = access.can_edit_programme(request.user, budget.programme_id)
    bound = bound or {}
    context: dict[str, Any] = {
        "budget": budget,
        "table": table,
        "chart": budget_chart(table),
        "changes": budget_changes(request.user, budget.pk),
        "may_edit": may_edit,
        "editing": editing,
        "focus": focus,
        "status": status,
        "page_url": _budget_url(budget),
    }
    if may_edit:
        context["revision_form"] = bound.get("revision") or RevisionForm()
        context["line_form"] = bound.get("line") or LineForm(projects=projects_without_line(budget))
        context["total_form"] = bound.get("total") or TotalForm(
            initial={"total": danish.thousands(budget.total)}
        )
    return context


def _budget_page(request: HttpRequest, programme: str, year: int, **context: Any) -> HttpResponse:
    """The budget page as it is now (fetched afresh), or its live part for htmx."""
    budget = _visible_budget(request, programme, year)
    template = f"{BUDGET_PAGE}#live" if request.htmx else BUDGET_PAGE
    return render(request, template, _budget_context(request, budget, **context))


def _saved(
    request: HttpRequest,
    programme: str,
    year: int,
    done: str,
    *,
    focus: tuple[int, int | str] | None = None,
) -> HttpResponse:
    """After a save: the live part with a status line (htmx), or back to the page."""
    if request.htmx:
        # Focus returns to the "Ret" of the cell just saved, so the keyboard keeps its place.
        return _budget_page(request, programme, year, status=done, focus=focus)
    messages.success(request, done)
    return redirect(reverse("portfolio:budget_detail", args=[programme, year]) + "#budgettabel")


@require_GET
def budget_detail(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """The budget table as item 8 shows it, the chart, and the changes made to it."""
    return _budget_page(request, programme, year)


def _cell_response(
    request: HttpRequest, budget: Budget, row: BudgetRow, editing: Editing
) -> HttpResponse:
    """The form in one cell (htmx), or the whole page with that cell as a form."""
    if request.htmx:
        table = budget_table(budget)
        amounts = dict(zip(table.revision_ids, row.amounts, strict=True))
        value = row.spent if editing.column == "spent" else amounts[editing.column]
        context = {
            "table": table,
            "row": row,
            "column": editing.column,
            "value": value,
            "editing": editing,
            "may_edit": True,
            "page_url": _budget_url(budget),
        }
        return render(request, "budgets/_budget_cell.html", context)
    return render(request, BUDGET_PAGE, _budget_context(request, budget, editing=editing))


def _row(budget: Budget, line: BudgetLine) -> BudgetRow:
    row = budget_table(budget).row_for_project(line.project_id)
    assert row is not None  # noqa: S101 (the line was taken from this budget)
    return row


@require_http_methods(["GET", "POST"])
def spent_edit(request: HttpRequest, programme: str, year: int, line_id: int) -> HttpResponse:
    """Edit what a line has spent, in its cell (the secretariat)."""
    budget = _editable_budget(request, programme, year)
    line = _line(budget, line_id)
    if request.method == "GET":
        row = _row(budget, line)
        table = budget_table(budget)
        day = row.spent_date or table.spent_date or timezone.localdate()
        amount = "" if row.spent is None else danish.thousands(row.spent)
        form = SpentForm(initial={"amount": amount, "date": day.isoformat()})
        return _cell_response(request, budget, row, Editing(line.pk, "spent", form))
    form = SpentForm(request.POST)
    if form.is_valid():
        try:
            spent = spent_set(line=line, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            done = (
                f"Gemt: forbruget for {line.project.name} pr. {danish.date_short(spent.date)} "
                f"er {danish.amount(spent.amount)}"
            )
            return _saved(request, programme, year, done, focus=(line.pk, "spent"))
    return _budget_page(request, programme, year, editing=Editing(line.pk, "spent", form))


@require_http_methods(["GET", "POST"])
def amount_edit(
    request: HttpRequest, programme: str, year: int, line_id: int, revision_id: int
) -> HttpResponse:
    """Edit a line's amount in one revision, in its cell (the secretariat)."""
    budget = _editable_budget(request, programme, year)
    line = _line(budget, line_id)
    revision = _revision(budget, revision_id)
    if request.method == "GET":
        row = _row(budget, line)
        amount = next((a.amount for a in line.amounts.all() if a.revision_id == revision.pk), None)
        form = BudgetAmountForm(
            initial={"amount": "" if amount is None else danish.thousands(amount)}
        )
        return _cell_response(request, budget, row, Editing(line.pk, revision.pk, form))
    form = BudgetAmountForm(request.POST)
    if form.is_valid():
        amount = form.cleaned_data["amount"]
        try:
            budget_amount_set(line=line, revision=revision, amount=amount, actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            heading = f"budget {budget.year} ({danish.date_short(revision.date)})"
            after = danish.amount(amount) if amount is not None else "ikke med i revisionen"
            done = f"Gemt: {heading} for {line.project.name} er {after}"
            return _saved(request, programme, year, done, focus=(line.pk, revision.pk))
    editing = Editing(line.pk, revision.pk, form)
    return _budget_page(request, programme, year, editing=editing)


@require_POST
def revision_create(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """Add a dated revision, starting from the amounts of the one before it."""
    budget = _editable_budget(request, programme, year)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            revision = revision_add(
                budget=budget, date=form.cleaned_data["date"], actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            done = f"Revisionen {danish.date_short(revision.date)} er tilføjet."
            return _saved(request, programme, year, done)
    return _budget_page(request, programme, year, bound={"revision": form})


@require_POST
def line_create(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """Add a line for one of the programme's projects."""
    budget = _editable_budget(request, programme, year)
    form = LineForm(request.POST, projects=projects_without_line(budget))
    if form.is_valid():
        try:
            line = line_add(budget=budget, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            done = f"Linjen for {line.project.name} er tilføjet."
            return _saved(request, programme, year, done)
    return _budget_page(request, programme, year, bound={"line": form})


@require_POST
def total_set(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """Set the budget's total."""
    budget = _editable_budget(request, programme, year)
    form = TotalForm(request.POST)
    if form.is_valid():
        try:
            budget = budget_total_set(
                budget=budget, total=form.cleaned_data["total"], actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            done = f"Gemt: den samlede ramme er {danish.amount(budget.total)}"
            return _saved(request, programme, year, done)
    return _budget_page(request, programme, year, bound={"total": form})


# --- Spreadsheets --------------------------------------------------------------------------


@require_GET
def budget_export(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """The budget table as an .xlsx workbook."""
    table = budget_table(_visible_budget(request, programme, year))
    response = HttpResponse(export_xlsx(table), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(table)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _source_name(name: str) -> str:
    """The uploaded file's own name, shortened, for the history ('fra forbrug.xlsx')."""
    return PurePath(name.replace("\\", "/")).name[:100]


@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """Step 1: upload a spent-to-date sheet and see what it would change; nothing is saved."""
    budget = _editable_budget(request, programme, year)
    context: dict[str, Any] = {"budget": budget, "page_url": _budget_url(budget)}
    if request.method == "GET":
        context["form"] = ImportForm()
        return render(request, "budgets/budget_import.html", context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = read_spent_file(upload.read())
        except SpreadsheetError as error:
            form.add_error("file", error.message)
        else:
            preview = preview_spent_import(budget, parsed)
            token = secrets.token_urlsafe(16)
            # The parsed rows wait in the session, so 'Gem' saves exactly what was shown.
            request.session[IMPORT_SESSION_KEY.format(budget=budget.pk)] = {
                "token": token,
                "fingerprint": budget_fingerprint(budget),
                "source": _source_name(upload.name),
                "rows": [[row.line_id, row.date.isoformat(), row.new] for row in preview.rows],
            }
            context.update(
                preview=preview, parsed=parsed, token=token, source=_source_name(upload.name)
            )
    return render(request, "budgets/budget_import.html", context)


@require_POST
def budget_import_confirm(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    """Step 2: save the previewed rows in one transaction, if the budget is unchanged."""
    budget = _editable_budget(request, programme, year)
    key = IMPORT_SESSION_KEY.format(budget=budget.pk)
    pending = request.session.get(key)
    import_url = reverse("portfolio:budget_import", args=[programme, year])
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(
            request,
            "Forhåndsvisningen findes ikke længere (eller en nyere fil er indlæst i et andet "
            "vindue). Indlæs filen igen.",
        )
        return redirect(import_url)
    rows = [
        SpentChange(line_id=line_id, date=dt.date.fromisoformat(day), amount=amount)
        for line_id, day, amount in pending["rows"]
    ]
    try:
        count = spent_import(
            budget=budget,
            rows=rows,
            fingerprint=pending["fingerprint"],
            actor=request.user,
            source=pending["source"],
        )
    except ValidationError as error:
        del request.session[key]
        messages.error(request, " ".join(error.messages))
        return redirect(import_url)
    del request.session[key]
    if count:
        messages.success(request, f"Forbruget er indlæst: {count} beløb er gemt.")
    else:
        messages.info(request, "Filen ændrede ingen beløb; intet er gemt.")
    return redirect(_budget_url(budget) + "#budgettabel")
