"""Pages of written procedures: a committee's list, the procedure (answer, close, decide),
the secretariat's form, bilag and the record PDF. Thin: access, a form, a service, a render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from budgets.forms import AmountField
from budgets.models import Budget
from projects.models import Project

from .. import access
from ..actions.selectors import committee_members as action_members
from ..downloads import bytes_response, stored_file_response
from ..models import Committee, ProcedureBilag, ProcedureStatus, ResponsibleKind, WrittenProcedure
from ..pages import refused
from . import selectors, services
from .forms import AnswerForm, DecisionForm, ProcedureBilagForm, ProcedureForm
from .record import render_record


def _committee(request: HttpRequest, committee_id: int) -> Committee:
    return get_object_or_404(access.committees_of(request.user), pk=committee_id)


def _editable(request: HttpRequest, procedure_id: int) -> WrittenProcedure:
    return get_object_or_404(
        access.editable_procedures(request.user).select_related("committee"), pk=procedure_id
    )


def _page_url(procedure: WrittenProcedure) -> str:
    return reverse("meetings:procedure_detail", args=[procedure.pk])


def _projects(committee: Committee):
    return Project.objects.filter(programme__committees=committee).order_by("name")


@require_GET
def procedure_list(request: HttpRequest, committee_id: int) -> HttpResponse:
    """All written procedures of a committee the user may see."""
    committee = _committee(request, committee_id)
    runs = access.runs_committee(request.user, committee)
    return render(
        request,
        "meetings/procedures/procedure_list.html",
        {
            "committee": committee,
            "procedures": list(selectors.committee_procedures(request.user, committee)),
            "may_create": runs,
            "standing_titles": list(committee.standing_items.values_list("title", flat=True))
            if runs
            else [],
        },
    )


@require_POST
def committee_between_items(request: HttpRequest, committee_id: int) -> HttpResponse:
    """Choose the standing items that tell the concluded procedures and the follow-up."""
    committee = get_object_or_404(access.editable_committees(request.user), pk=committee_id)
    back = reverse("meetings:procedure_list", args=[committee.pk])
    try:
        services.committee_choose_between_items(
            committee=committee,
            actor=request.user,
            procedures_item_title=request.POST.get("procedures_item_title", ""),
            actions_item_title=request.POST.get("actions_item_title", ""),
        )
    except ValidationError as error:
        return refused(request, error, back=back)
    messages.success(request, "Valget af stående punkter er gemt.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
def procedure_create(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_object_or_404(access.editable_committees(request.user), pk=committee_id)
    form = ProcedureForm(request.POST or None, projects=_projects(committee))
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_create(
                committee=committee, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Processen er oprettet som kladde.")
            return redirect(_page_url(procedure))
    return render(
        request,
        "meetings/procedures/procedure_form.html",
        {"committee": committee, "form": form, "procedure": None},
    )


@require_http_methods(["GET", "POST"])
def procedure_edit(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = _editable(request, procedure_id)
    projects = _projects(procedure.committee)
    if request.method == "POST":
        form = ProcedureForm(request.POST, projects=projects)
        if form.is_valid():
            try:
                services.procedure_update(
                    procedure=procedure, actor=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Processen er gemt.")
                return redirect(_page_url(procedure))
    else:
        form = ProcedureForm.for_procedure(procedure, projects)
    return render(
        request,
        "meetings/procedures/procedure_form.html",
        {"committee": procedure.committee, "form": form, "procedure": procedure},
    )


@require_GET
def procedure_detail(request: HttpRequest, procedure_id: int) -> HttpResponse:
    """The procedure as the viewer may see it: text, bilag, answers, count, decision."""
    return _detail(request, procedure_id)


def _detail(
    request: HttpRequest, procedure_id: int, *, answer_form: AnswerForm | None = None
) -> HttpResponse:
    """The page; with `answer_form`, a refused answer shown with what was typed (400)."""
    try:
        procedure = selectors.procedure_for_page(request.user, procedure_id)
    except WrittenProcedure.DoesNotExist as missing:
        raise Http404 from missing
    page = selectors.procedure_page(request.user, procedure)
    budgets = []
    if page.may_edit and procedure.committee.programmes.exists():
        budgets = (
            Budget.objects.filter(programme__committees=procedure.committee)
            .select_related("programme")
            .prefetch_related("lines__project")
        )
    return render(
        request,
        "meetings/procedures/procedure_detail.html",
        {
            "procedure": procedure,
            "page": page,
            "answer_form": answer_form
            or AnswerForm(
                initial={
                    "choice": page.my_answer.choice if page.my_answer else "",
                    "remark": page.my_answer.remark if page.my_answer else "",
                }
            ),
            "bilag_form": ProcedureBilagForm(),
            "decision_form": DecisionForm(initial={"html": procedure.decision_html}),
            "budgets": budgets,
            "open": procedure.status == ProcedureStatus.SENT,
            "procedure_key": str(procedure.pk),
            "action_members": action_members(procedure.committee_id) if page.is_secretariat else [],
            "responsible_kinds": ResponsibleKind.choices,
        },
        status=400 if answer_form is not None else 200,
    )


@require_POST
def procedure_answer(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = get_object_or_404(access.visible_procedures(request.user), pk=procedure_id)
    form = AnswerForm(request.POST)
    back = _page_url(procedure)
    if not form.is_valid():
        if "remark" in form.errors:  # too long: shown with the text kept, to shorten
            return _detail(request, procedure.pk, answer_form=form)
        return refused(request, ValidationError("Vælg Godkend, Afvis eller Bemærkning."), back=back)
    try:
        services.procedure_answer(
            procedure=procedure,
            user=request.user,
            choice=form.cleaned_data["choice"],
            remark=form.cleaned_data["remark"],
        )
    except ValidationError as error:
        return refused(request, error, back=back)
    messages.success(request, "Dit svar er registreret. Du kan ændre det indtil fristen.")
    return redirect(back)


@require_POST
def procedure_send(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = _editable(request, procedure_id)
    try:
        services.procedure_send(procedure=procedure, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=_page_url(procedure))
    messages.success(request, "Processen er sendt ud til de stemmeberettigede medlemmer.")
    return redirect(_page_url(procedure))


@require_POST
def procedure_close(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = _editable(request, procedure_id)
    try:
        services.procedure_close_early(procedure=procedure, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=_page_url(procedure))
    messages.success(request, "Processen er afsluttet.")
    return redirect(_page_url(procedure))


@require_POST
def procedure_decide(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = _editable(request, procedure_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.procedure_decide(
            procedure=procedure,
            actor=request.user,
            as_recommended="som_indstillet" in request.POST,
            html=form.cleaned_data.get("html", ""),
        )
    except ValidationError as error:
        return refused(request, error, back=_page_url(procedure))
    messages.success(request, "Beslutningen er registreret.")
    return redirect(_page_url(procedure))


@require_POST
def procedure_bilag_upload(request: HttpRequest, procedure_id: int) -> HttpResponse:
    procedure = _editable(request, procedure_id)
    form = ProcedureBilagForm(request.POST, request.FILES)
    back = _page_url(procedure)
    if not form.is_valid():
        return refused(request, ValidationError("Vælg en fil."), back=back)
    try:
        services.procedure_bilag_upload(
            procedure=procedure,
            actor=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except ValidationError as error:
        return refused(request, error, back=back)
    messages.success(request, "Bilaget er tilføjet.")
    return redirect(back)


@require_POST
def procedure_bilag_delete(request: HttpRequest, bilag_id: int) -> HttpResponse:
    bilag = get_object_or_404(
        ProcedureBilag.objects.filter(procedure__in=access.editable_procedures(request.user)),
        pk=bilag_id,
    )
    back = reverse("meetings:procedure_detail", args=[bilag.procedure_id])
    try:
        services.procedure_bilag_delete(bilag=bilag, actor=request.user)
    except ValidationError as error:
        return refused(request, error, back=back)
    return redirect(back)


@require_GET
def procedure_bilag_download(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """A procedure's bilag, for whoever may see the procedure; anything else answers 404."""
    bilag = get_object_or_404(
        ProcedureBilag.objects.filter(procedure__in=access.visible_procedures(request.user)),
        pk=bilag_id,
    )
    extension = bilag.file.name.rsplit(".", 1)[-1]
    return stored_file_response(
        bilag.file.name,
        filename=f"Bilag-{bilag.position}-{bilag.title}.{extension}",
        content_type=bilag.content_type or "application/octet-stream",
    )


@require_POST
def procedure_proposal(request: HttpRequest, procedure_id: int) -> HttpResponse:
    """Save (or remove) the procedure's budget proposal: a new amount per budget line."""
    procedure = _editable(request, procedure_id)
    back = _page_url(procedure)
    budget = None
    amounts: dict[int, int] = {}
    if request.POST.get("budget"):
        budget = get_object_or_404(
            Budget.objects.filter(programme__in=access.editable_programmes(request.user)),
            pk=request.POST["budget"],
        )
        amount = AmountField(required=False)  # as on the budget page: "250.000", not "-5"
        for key, value in request.POST.items():
            if key.startswith("line-") and value.strip():
                try:
                    amounts[int(key.removeprefix("line-"))] = amount.clean(value)
                except ValidationError as error:  # says what is wrong with the amount
                    return refused(request, error, back=back)
                except ValueError:
                    return refused(
                        request, ValidationError("Skriv beløbene som hele kroner."), back=back
                    )
    try:
        services.procedure_set_proposal(
            procedure=procedure, actor=request.user, budget=budget, amounts=amounts
        )
    except ValidationError as error:
        return refused(request, error, back=back)
    messages.success(request, "Budgetforslaget er gemt.")
    return redirect(back)


@require_GET
def procedure_record_pdf(request: HttpRequest, procedure_id: int) -> HttpResponse:
    """The record of the procedure as PDF, as this viewer may see it."""
    try:
        procedure = selectors.procedure_for_page(request.user, procedure_id)
    except WrittenProcedure.DoesNotExist as missing:
        raise Http404 from missing
    rendered = render_record(selectors.procedure_page(request.user, procedure))
    return bytes_response(rendered.content, filename=rendered.filename)
