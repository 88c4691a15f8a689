"""The secretariat's writes of portfolio figures on the agenda: choosing embeds and the
monitoring bilag, and refreshing frozen figures on purpose (keyword-only, atomic, audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from budgets.models import Budget, BudgetLine
from projects.models import Programme

from ..agenda import item_numbers
from ..audit import Actor, AuditAction, record_audit
from ..models import (
    AgendaItem,
    Bilag,
    BudgetProposal,
    BudgetProposalLine,
    Committee,
    EmbedType,
    GeneratedBilag,
    ItemEmbed,
    ItemKind,
)
from ..writes import ensure_agenda_editable, locked_item, next_position, touch
from .embeds import freeze
from .proposals import check_proposal


def _item_number(item: AgendaItem) -> int:
    return item_numbers([item])[item.pk]


@transaction.atomic
def figures_refresh(*, item: AgendaItem, actor: Actor) -> int:
    """Replace an item's frozen figures with the live ones, on purpose; how many changed.

    Members see it as a change since publication ('Tallene er opdateret').
    """
    item = locked_item(item)
    meeting = item.meeting
    ensure_agenda_editable(meeting)
    if meeting.is_draft:
        raise ValidationError("Dagsordenen er en kladde; den viser altid de nyeste tal.")
    embeds = list(item.embeds.all())
    bilag = list(item.bilag.exclude(generated=""))
    changed_embeds, changed_bilag = freeze(embeds, bilag, meeting.committee_id, timezone.now())
    count = len(changed_embeds) + len(changed_bilag)
    if count:
        touch(meeting.pk)
        number = _item_number(item)
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.FIGURES_REFRESHED,
            summary=f"Tal opdateret i punkt {number}",
            target=item,
            item=item,
            changes={
                "embeds": [str(embed) for embed in changed_embeds],
                "bilag": [entry.title for entry in changed_bilag],
            },
        )
    return count


# --- Choosing embeds (the secretariat's editor) ----------------------------------------------


def embed_choices(committee: Committee) -> list[tuple[str, str]]:
    """('<programme id>:<year>', 'DAP 2025') for every budget of the committee's programmes."""
    budgets = (
        Budget.objects.filter(programme__committees=committee)
        .select_related("programme")
        .order_by("programme__short_name", "-year")
    )
    return [
        (f"{budget.programme_id}:{budget.year}", f"{budget.programme.short_name} {budget.year}")
        for budget in budgets
    ]


@transaction.atomic
def embed_add(
    *, item: AgendaItem, actor: Actor, programme: Programme, year: int, part: str = ""
) -> ItemEmbed:
    """Embed a programme's budget table for a year in an item (frozen at once if published)."""
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    if not item.meeting.committee.programmes.filter(pk=programme.pk).exists():
        raise ValidationError("Styregruppen følger ikke det program.")
    embed = ItemEmbed(
        item=item,
        position=next_position(item.embeds.all()),
        type=EmbedType.BUDGET_TABLE,
        programme=programme,
        year=year,
        part=part.strip(),
    )
    embed.full_clean()
    embed.save()
    if not item.meeting.is_draft:
        freeze([embed], [], item.meeting.committee_id, timezone.now())
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.EMBED_ADDED,
        summary=f"Budgettabel {programme.short_name} {year} indsat i »{item.title}«",
        target=embed,
        item=item,
        changes={"embed": [None, f"{programme.short_name} {year}"], "part": [None, embed.part]},
    )
    return embed


@transaction.atomic
def embed_remove(*, embed: ItemEmbed, actor: Actor) -> None:
    """Take an embedded table out of its item."""
    item = locked_item(embed.item_id)
    ensure_agenda_editable(item.meeting)
    embed = ItemEmbed.objects.select_related("programme").get(pk=embed.pk, item=item)
    label = f"{embed.programme.short_name} {embed.year}"
    embed.delete()
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.EMBED_REMOVED,
        summary=f"Budgettabel {label} fjernet fra »{item.title}«",
        item=item,
        changes={"embed": [label, None]},
    )


@transaction.atomic
def monitoring_bilag_add(*, item: AgendaItem, actor: Actor, title: str = "") -> Bilag:
    """Add the generated project-monitoring bilag to an item (frozen at once if published)."""
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    bilag = Bilag(
        item=item,
        position=next_position(item.bilag.all()),
        title=title.strip() or "Projektmonitorering",
        generated=GeneratedBilag.PROJECT_MONITORING,
    )
    bilag.full_clean()
    bilag.save()
    if not item.meeting.is_draft:
        freeze([], [bilag], item.meeting.committee_id, timezone.now())
    touch(item.meeting_id)
    # Worded as an added bilag, so members are told of it like any other new bilag.
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.BILAG_UPLOADED,
        summary=f"Bilag tilføjet til »{item.title}«: {bilag.title} (dannes af portalen)",
        target=bilag,
        item=item,
        changes={"title": [None, bilag.title], "generated": [None, bilag.generated]},
    )
    return bilag


# --- Budget proposals (B items) -----------------------------------------------------------


@transaction.atomic
def budget_proposal_save(
    *,
    item: AgendaItem,
    actor: Actor,
    budget: Budget,
    amounts: dict[int, int],
    note: str = "",
) -> BudgetProposal:
    """Attach (or change) the budget revision a B item proposes: a new amount per line.

    Lines left out keep their amount. Refused once the proposal has been applied.
    """
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    if item.kind != ItemKind.DECISION:
        raise ValidationError("Kun et beslutningspunkt (B) kan have et budgetforslag.")
    check_proposal(item.meeting.committee, budget, amounts)
    proposal = BudgetProposal.objects.select_for_update().filter(item=item).first()
    if proposal is not None and proposal.applied_revision_id is not None:
        raise ValidationError("Budgetforslaget er anvendt og kan ikke ændres længere.")
    lines = {line.pk: line for line in BudgetLine.objects.filter(budget=budget)}
    before = (
        {"budget": str(proposal.budget), "lines": len(proposal.lines.all())} if proposal else {}
    )
    if proposal is None:
        proposal = BudgetProposal(item=item, budget=budget)
    proposal.budget = budget
    proposal.note = note.strip()
    proposal.full_clean()
    proposal.save()
    proposal.lines.all().delete()
    BudgetProposalLine.objects.bulk_create(
        [
            BudgetProposalLine(proposal=proposal, line=lines[line_id], amount=amount)
            for line_id, amount in sorted(amounts.items())
        ]
    )
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.BUDGET_PROPOSAL_SAVED,
        summary=f"Budgetforslag til »{item.title}« gemt ({budget}, {len(amounts)} linjer)",
        target=proposal,
        item=item,
        changes={
            "budget": [before.get("budget"), str(budget)],
            "lines": [before.get("lines"), len(amounts)],
        },
    )
    return proposal


@transaction.atomic
def budget_proposal_delete(*, item: AgendaItem, actor: Actor) -> None:
    """Take the budget proposal off an item (only while it has not been applied)."""
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    proposal = BudgetProposal.objects.select_for_update().filter(item=item).first()
    if proposal is None:
        return
    if proposal.applied_revision_id is not None:
        raise ValidationError("Budgetforslaget er anvendt og kan ikke fjernes.")
    proposal.delete()
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.BUDGET_PROPOSAL_DELETED,
        summary=f"Budgetforslag fjernet fra »{item.title}«",
        item=item,
    )
