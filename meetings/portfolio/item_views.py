"""Views of portfolio figures on the agenda: the monitoring bilag, refreshing frozen figures,
and the secretariat's page of an item's embeds and budget proposal.

Thin: parse, authorise through meetings.access (anything else answers 404), call, render.
The forms post plainly and redirect back, so they work without JavaScript.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from budgets.models import Budget
from projects.models import Programme

from .. import access
from ..agenda import agenda_for, bilag_number
from ..documents.monitoring import monitoring_pdf as monitoring_pdf_bytes
from ..models import AgendaItem, BudgetProposal, GeneratedBilag, ItemEmbed, ItemKind
from . import services
from .embeds import embed_figures, monitoring_figures
from .forms import EmbedAddForm, ProposalBudgetForm, ProposalForm
from .proposals import proposal_view, proposed_amounts


def _item(request: HttpRequest, item_id: int) -> AgendaItem:
    return get_object_or_404(
        access.editable_items(request.user).select_related("meeting__committee"), pk=item_id
    )


def _page_url(item: AgendaItem) -> str:
    return reverse("meetings:item_portfolio", args=[item.pk])


def _next(request: HttpRequest, default: str) -> str:
    """Where to go after a POST: the page it came from, if it is one of ours."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def _done(request: HttpRequest, item: AgendaItem, error: ValidationError | None, ok: str):
    if error is not None:
        messages.error(request, " ".join(error.messages))
    elif ok:
        messages.success(request, ok)
    return redirect(_next(request, _page_url(item)))


def _monitoring_bilag(request: HttpRequest, bilag_id: int):
    bilag = get_object_or_404(
        access.visible_bilag(request.user).select_related("item__meeting__committee"),
        pk=bilag_id,
        generated=GeneratedBilag.PROJECT_MONITORING,
    )
    meeting = bilag.item.meeting
    viewer = access.Viewer.of(request.user, meeting)
    if not viewer.sees_bilag(bilag, bilag.item):
        raise Http404
    return bilag, meeting, viewer


@require_GET
def monitoring_bilag(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """The generated project-monitoring bilag: as sent once published, live in a draft."""
    bilag, meeting, viewer = _monitoring_bilag(request, bilag_id)
    figures = monitoring_figures(bilag, meeting, compare=viewer.is_secretariat)
    return render(
        request,
        "meetings/portfolio/monitoring_detail.html",
        {
            "bilag": bilag,
            "number": bilag_number(bilag),
            "meeting": meeting,
            "viewer": viewer,
            "figures": figures,
        },
    )


@require_GET
def monitoring_pdf(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """The monitoring bilag as a PDF (the same pages the meeting pack includes)."""
    bilag, meeting, _viewer = _monitoring_bilag(request, bilag_id)
    number = bilag_number(bilag)
    response = HttpResponse(
        monitoring_pdf_bytes(bilag, meeting, number), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="Bilag-{number}-Projektmonitorering.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def figures_refresh(request: HttpRequest, item_id: int) -> HttpResponseRedirect:
    """Replace an item's frozen figures by the live ones, on purpose (the secretariat)."""
    item = _item(request, item_id)
    try:
        count = services.figures_refresh(item=item, actor=request.user)
    except ValidationError as error:
        return _done(request, item, error, "")
    messages.success(
        request, "Tallene er opdateret." if count else "Tallene var allerede de nyeste."
    )
    url = reverse("meetings:meeting_detail", args=[item.meeting_id])
    return redirect(_next(request, url))


def _budget_choices(item: AgendaItem) -> list[tuple[str, str]]:
    budgets = (
        Budget.objects.filter(programme__committees=item.meeting.committee_id)
        .select_related("programme")
        .order_by("programme__short_name", "-year")
    )
    return [(str(budget.pk), f"{budget.programme.short_name} {budget.year}") for budget in budgets]


@require_GET
def item_portfolio(request: HttpRequest, item_id: int) -> HttpResponse:
    """An item's portfolio figures: its budget tables, monitoring bilag and budget proposal."""
    item = _item(request, item_id)
    meeting = item.meeting
    viewer = access.Viewer.of(request.user, meeting)
    agenda = agenda_for(meeting, viewer)
    line = next(line for line in agenda.lines if line.item.pk == item.pk)
    parts = sorted({section.part for section in item.sections.all() if section.part})
    embed_form = EmbedAddForm(choices=services.embed_choices(meeting.committee), parts=parts)
    proposal = BudgetProposal.objects.filter(item=item).select_related("budget").first()
    chosen = request.GET.get("budget") or (str(proposal.budget_id) if proposal else "")
    budget_choices = _budget_choices(item)
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "line": line,
        "item": item,
        "viewer": viewer,
        "embed_figures": embed_figures(agenda, compare=True),
        "item_embeds": [embed for part in line.parts for embed in part.embeds],
        "embed_form": embed_form,
        "monitoring": [bl for bl in line.bilag if bl.is_generated],
        "is_decision": item.kind == ItemKind.DECISION,
        "proposal": proposal,
        "budget_form": ProposalBudgetForm(initial={"budget": chosen}, choices=budget_choices),
    }
    if item.kind == ItemKind.DECISION and chosen in {value for value, _ in budget_choices}:
        amounts = (
            proposed_amounts(proposal) if proposal and str(proposal.budget_id) == chosen else {}
        )
        view = proposal_view(int(chosen), amounts)
        context["proposal_view"] = view
        context["proposal_budget"] = chosen
        context["proposal_form"] = ProposalForm(
            table=view.table,
            initial_amounts=amounts,
            initial={"note": proposal.note if proposal else ""},
        )
    return render(request, "meetings/portfolio/item_portfolio.html", context)


@require_POST
def embed_add(request: HttpRequest, item_id: int) -> HttpResponseRedirect:
    item = _item(request, item_id)
    form = EmbedAddForm(
        request.POST, choices=services.embed_choices(item.meeting.committee), parts=[]
    )
    if not form.is_valid():
        return _done(request, item, ValidationError("Vælg en budgettabel."), "")
    programme_id, year = form.programme_and_year()
    programme = get_object_or_404(Programme, pk=programme_id)
    try:
        services.embed_add(
            item=item,
            actor=request.user,
            programme=programme,
            year=year,
            part=form.cleaned_data["part"],
        )
    except ValidationError as error:
        return _done(request, item, error, "")
    return _done(request, item, None, "Budgettabellen er sat ind i punktet.")


@require_POST
def embed_remove(request: HttpRequest, embed_id: int) -> HttpResponseRedirect:
    embed = get_object_or_404(
        ItemEmbed.objects.filter(item__in=access.editable_items(request.user)), pk=embed_id
    )
    item = embed.item
    try:
        services.embed_remove(embed=embed, actor=request.user)
    except ValidationError as error:
        return _done(request, item, error, "")
    return _done(request, item, None, "Budgettabellen er fjernet fra punktet.")


@require_POST
def monitoring_add(request: HttpRequest, item_id: int) -> HttpResponseRedirect:
    item = _item(request, item_id)
    try:
        services.monitoring_bilag_add(
            item=item, actor=request.user, title=request.POST.get("title", "")
        )
    except ValidationError as error:
        return _done(request, item, error, "")
    return _done(request, item, None, "Bilaget med projektmonitorering er tilføjet.")


def _is_ascii_number(value: str | None) -> bool:
    return bool(value) and value.isascii() and value.isdigit()


@require_POST
def proposal_save(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    budget = (
        Budget.objects.filter(programme__committees=item.meeting.committee_id)
        .filter(
            pk=int(request.POST["budget"]) if _is_ascii_number(request.POST.get("budget")) else 0
        )
        .first()
    )
    if budget is None:
        return _done(request, item, ValidationError("Vælg et budget."), "")
    form = ProposalForm(request.POST, table=proposal_view(budget.pk, {}).table, initial_amounts={})
    if not form.is_valid():
        wrong = [
            f"{form.fields[name].label}: {' '.join(errors)}"
            for name, errors in form.errors.items()
            if name in form.fields
        ]
        return _done(request, item, ValidationError(wrong or "Skriv beløbene som hele kroner."), "")
    try:
        services.budget_proposal_save(
            item=item,
            actor=request.user,
            budget=budget,
            amounts=form.amounts(),
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _done(request, item, error, "")
    return _done(request, item, None, "Budgetforslaget er gemt.")


@require_POST
def proposal_delete(request: HttpRequest, item_id: int) -> HttpResponseRedirect:
    item = _item(request, item_id)
    try:
        services.budget_proposal_delete(item=item, actor=request.user)
    except ValidationError as error:
        return _done(request, item, error, "")
    return _done(request, item, None, "Budgetforslaget er fjernet.")
