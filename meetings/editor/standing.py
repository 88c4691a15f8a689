"""A committee's standing items: the items every new meeting starts with ('Meddelelser',
'Eventuelt og næste møde'), kept by the secretariat on a page of their own.

Changing them changes new meetings only; agendas already made keep their items. One of them
may be the "next meeting" item, which ends with the computed next-meeting sentence.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..audit import Actor, AuditAction, record_audit
from ..models import Committee, StandingItem, StandingItemTemplate
from ..writes import check_order, set_order
from .services import standing_items_ensure


def _locked(committee: Committee) -> list[StandingItemTemplate]:
    """The committee locked (so two secretaries cannot interleave), its standing items in order."""
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    return list(StandingItemTemplate.objects.filter(committee=committee).order_by("position"))


def _values(template: StandingItemTemplate) -> dict[str, Any]:
    return {
        "title": template.title,
        "kind": template.kind,
        "duration_minutes": template.duration_minutes,
    }


def _record(
    committee: Committee, actor: Actor, action: AuditAction, summary: str, **changes: Any
) -> None:
    record_audit(
        meeting=None,
        actor=actor,
        action=action,
        summary=f"{committee.short_name}: {summary}",
        changes={"committee": [committee.pk, committee.pk], **changes},
    )


def standing_items_of(committee: Committee) -> list[StandingItemTemplate]:
    """The committee's standing items in order (the defaults for a committee without any)."""
    return standing_items_ensure(committee=committee)


@transaction.atomic
def standing_item_add(
    *, committee: Committee, actor: Actor, title: str, kind: str, duration_minutes: int
) -> StandingItemTemplate:
    """Add a standing item at the end of the committee's list."""
    rows = _locked(committee)
    template = StandingItemTemplate(
        committee=committee,
        position=len(rows) + 1 if not rows else rows[-1].position + 1,
        title=title.strip(),
        kind=kind,
        duration_minutes=duration_minutes,
    )
    template.full_clean()
    template.save()
    _record(
        committee,
        actor,
        AuditAction.STANDING_ITEM_ADDED,
        f"Stående punkt tilføjet: {template.title}",
        title=[None, template.title],
    )
    return template


@transaction.atomic
def standing_item_update(
    *,
    template: StandingItemTemplate,
    actor: Actor,
    title: str,
    kind: str,
    duration_minutes: int,
) -> StandingItemTemplate:
    """Rename a standing item, or change its type or minutes."""
    _locked(template.committee)
    current = StandingItemTemplate.objects.get(pk=template.pk)
    before = _values(current)
    current.title = title.strip()
    current.kind = kind
    current.duration_minutes = duration_minutes
    current.full_clean()
    after = _values(current)
    changes = {key: [before[key], value] for key, value in after.items() if before[key] != value}
    if not changes:
        return current
    current.save()
    _record(
        current.committee,
        actor,
        AuditAction.STANDING_ITEM_UPDATED,
        f"Stående punkt ændret: {current.title}",
        **changes,
    )
    return current


@transaction.atomic
def standing_item_move(*, template: StandingItemTemplate, actor: Actor, offset: int) -> None:
    """Move a standing item one place up (-1) or down (+1); at either end nothing moves."""
    rows = _locked(template.committee)
    ids = [row.pk for row in rows]
    if template.pk not in ids:
        raise ValidationError("Punktet er fjernet af en anden. Genindlæs siden.")
    index = ids.index(template.pk)
    target = index + offset
    if not 0 <= target < len(ids):
        return
    order = list(ids)
    order[index], order[target] = order[target], order[index]
    standing_items_reorder(committee=template.committee, actor=actor, order=order)


@transaction.atomic
def standing_items_reorder(*, committee: Committee, actor: Actor, order: Sequence[int]) -> None:
    """Put the committee's standing items in the given order (all of them, by id)."""
    rows = _locked(committee)
    before = [row.pk for row in rows]
    check_order(before, order, "De stående punkter")
    if list(order) == before:
        return
    set_order(StandingItemTemplate.objects.filter(committee=committee), order)
    titles = {row.pk: row.title for row in rows}
    _record(
        committee,
        actor,
        AuditAction.STANDING_ITEM_MOVED,
        "Stående punkter i ny rækkefølge: " + ", ".join(titles[pk] for pk in order),
        order=[[titles[pk] for pk in before], [titles[pk] for pk in order]],
    )


@transaction.atomic
def standing_item_delete(*, template: StandingItemTemplate, actor: Actor) -> None:
    """Remove a standing item from new meetings (meetings already made keep theirs)."""
    rows = _locked(template.committee)
    if len(rows) <= 1:
        raise ValidationError(
            "Det sidste stående punkt kan ikke fjernes: nye møder begynder ellers med "
            "standardpunkterne igen. Omdøb det i stedet."
        )
    title = template.title
    StandingItemTemplate.objects.filter(pk=template.pk).delete()
    _record(
        template.committee,
        actor,
        AuditAction.STANDING_ITEM_DELETED,
        f"Stående punkt fjernet: {title}",
        title=[title, None],
    )


@transaction.atomic
def standing_item_next_meeting(
    *, committee: Committee, actor: Actor, template: StandingItemTemplate | None
) -> None:
    """Make `template` the item that ends with the next-meeting sentence (None: no item)."""
    rows = _locked(committee)
    if template is not None and template.pk not in {row.pk for row in rows}:
        raise ValidationError("Punktet er fjernet af en anden. Genindlæs siden.")
    marked = next((row for row in rows if row.standing == StandingItem.NEXT_MEETING), None)
    if (marked and marked.pk) == (template and template.pk):
        return
    before = marked.title if marked is not None else None
    after = template.title if template is not None else None
    StandingItemTemplate.objects.filter(committee=committee).update(standing="")
    if template is not None:
        StandingItemTemplate.objects.filter(pk=template.pk).update(
            standing=StandingItem.NEXT_MEETING
        )
    _record(
        committee,
        actor,
        AuditAction.STANDING_ITEM_NEXT_MEETING,
        f"Næste møde-sætningen står nu under: {after}"
        if after
        else "Ingen stående punkter slutter med næste møde-sætningen",
        next_meeting=[before, after],
    )
