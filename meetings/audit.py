"""The meeting's audit trail: `record_audit`, who acts (`Actor`), the actions and their words.

Every service that changes a meeting writes one entry through `record_audit`; the history page
and the members' "changed since publication" list read the entries back through the tables
here, so an action is named once (`AuditAction`) and worded once.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from .models import AgendaItem, AuditEntry, Meeting

type Actor = AbstractBaseUser | AnonymousUser | None


class AuditAction(models.TextChoices):
    """What an entry of a meeting's history records (stored in `AuditEntry.action`)."""

    MEETING_CREATED = "meeting_created", "Mødet oprettet"
    MEETING_UPDATED = "meeting_updated", "Mødets oplysninger ændret"
    MEETING_RESCHEDULED = "meeting_rescheduled", "Mødet flyttet"
    MEETING_PUBLISHED = "meeting_published", "Dagsorden udsendt"
    MEETING_CANCELLED = "meeting_cancelled", "Mødet aflyst"
    MEETING_HELD = "meeting_held", "Mødet markeret som afholdt"
    MEETING_STARTED = "meeting_started", "Mødet startet"
    ITEM_TAKEN_UP = "item_taken_up", "Punktet taget op på mødet"
    ITEM_POSTPONED = "item_postponed", "Punktet udsat til næste møde"
    MINUTES_APPROVED = "minutes_approved", "Referatet godkendt"
    MINUTES_REOPENED = "minutes_reopened", "Referatet genåbnet"
    MINUTES_HOERING_SENT = "minutes_hoering_sent", "Referatet sendt i høring"
    MINUTES_COMMENTED = "minutes_commented", "Bemærkning til referatet"
    MINUTES_HOERING_OBJECTED = "minutes_hoering_objected", "Høringsfristen udløb med indsigelse"
    ITEM_CREATED = "item_created", "Punkt tilføjet"
    ITEM_UPDATED = "item_updated", "Punkt ændret"
    ITEM_DELETED = "item_deleted", "Punkt slettet"
    ITEM_MOVED = "item_moved", "Punkt flyttet"
    SECTION_CREATED = "section_created", "Afsnit tilføjet"
    SECTION_UPDATED = "section_updated", "Afsnit ændret"
    SECTION_DELETED = "section_deleted", "Afsnit slettet"
    SECTION_MOVED = "section_moved", "Afsnit flyttet"
    BILAG_UPLOADED = "bilag_uploaded", "Bilag tilføjet"
    BILAG_REPLACED = "bilag_replaced", "Ny udgave af bilag"
    BILAG_RENAMED = "bilag_renamed", "Bilag omdøbt"
    BILAG_DELETED = "bilag_deleted", "Bilag slettet"
    BILAG_MOVED = "bilag_moved", "Bilagenes rækkefølge ændret"
    DECISION_RECORDED = "decision_recorded", "Beslutning registreret"
    DECISION_CLEARED = "decision_cleared", "Beslutning fjernet"
    ATTENDANCE_RECORDED = "attendance_recorded", "Fremmøde registreret"
    ATTENDANCE_GUEST_ADDED = "attendance_guest_added", "Gæst tilføjet"
    ATTENDANCE_REMOVED = "attendance_removed", "Fjernet fra fremmødelisten"
    INHABILITET_RECORDED = "inhabilitet_recorded", "Inhabilitet registreret"
    INHABILITET_CHANGED = "inhabilitet_changed", "Inhabilitet ændret"
    INHABILITET_REMOVED = "inhabilitet_removed", "Inhabilitet fjernet"
    REFERAT_SAVED = "referat_saved", "Referat af punkt ændret"
    FIGURES_REFRESHED = "figures_refreshed", "Tal opdateret"
    EMBED_ADDED = "embed_added", "Budgettabel tilføjet"
    EMBED_REMOVED = "embed_removed", "Budgettabel fjernet"
    BUDGET_PROPOSAL_SAVED = "budget_proposal_saved", "Budgetforslag gemt"
    BUDGET_PROPOSAL_DELETED = "budget_proposal_deleted", "Budgetforslag slettet"
    BUDGET_PROPOSAL_APPLIED = "budget_proposal_applied", "Budgetforslag anvendt"
    BUDGET_PROPOSAL_KEPT = "budget_proposal_kept", "Anvendt budgetforslag bevaret"
    REMINDER_SENT_NOW = "reminder_sent_now", "Påmindelse sendt nu"
    REMINDER_RULE_UPDATED = "reminder_rule_updated", "Påmindelsesregel ændret"
    AGENDA_IMPORTED = "agenda_imported", "Dagsorden importeret"
    ARCHIVE_IMPORTED = "archive_imported", "Importeret fra arkivet"
    STANDING_ITEM_ADDED = "standing_item_added", "Stående punkt tilføjet"
    STANDING_ITEM_UPDATED = "standing_item_updated", "Stående punkt ændret"
    STANDING_ITEM_MOVED = "standing_item_moved", "Stående punkter flyttet"
    STANDING_ITEM_DELETED = "standing_item_deleted", "Stående punkt fjernet"
    STANDING_ITEM_NEXT_MEETING = "standing_item_next_meeting", "Punktet for næste møde valgt"
    PROCEDURE_CREATED = "procedure_created", "Skriftlig proces oprettet"
    PROCEDURE_UPDATED = "procedure_updated", "Skriftlig proces ændret"
    PROCEDURE_BILAG_UPLOADED = "procedure_bilag_uploaded", "Bilag tilføjet til skriftlig proces"
    PROCEDURE_BILAG_DELETED = "procedure_bilag_deleted", "Bilag fjernet fra skriftlig proces"
    PROCEDURE_SENT = "procedure_sent", "Skriftlig proces udsendt"
    PROCEDURE_ANSWERED = "procedure_answered", "Svar i skriftlig proces"
    PROCEDURE_CLOSED = "procedure_closed", "Skriftlig proces afsluttet"
    PROCEDURE_DECIDED = "procedure_decided", "Beslutning i skriftlig proces registreret"
    ACTION_CREATED = "action_created", "Opfølgning oprettet"
    ACTION_CLOSED = "action_closed", "Opfølgning lukket"
    ACTION_REOPENED = "action_reopened", "Opfølgning genåbnet"
    BETWEEN_ITEMS_CHOSEN = "between_items_chosen", "Punkter for mellem møderne valgt"
    QUESTION_ASKED = "question_asked", "Spørgsmål til sekretariatet"
    QUESTION_ANSWERED = "question_answered", "Spørgsmål besvaret"
    QUESTION_SHARED = "question_shared", "Svar delt med alle"
    QUESTION_UNSHARED = "question_unshared", "Svar ikke længere delt med alle"
    # A reader's own marks in a bilag: recorded without a meeting and without their text, so
    # no meeting's history (which the secretariat reads) shows that they exist.
    ANNOTATION_CREATED = "annotation_created", "Markering i bilag tilføjet"
    ANNOTATION_UPDATED = "annotation_updated", "Markering i bilag ændret"
    ANNOTATION_DELETED = "annotation_deleted", "Markering i bilag slettet"
    ANNOTATIONS_REANCHORED = "annotations_reanchored", "Markeringer placeret i ny version af bilag"


# What members are told changed after publication, worded without the secretariat's summary
# (which may name a closed item's content). None: the wording depends on the entry itself.
MEMBER_WORDING: dict[AuditAction, str | None] = {
    AuditAction.MEETING_RESCHEDULED: "Mødets dato, tid eller sted er ændret",
    AuditAction.ITEM_CREATED: "Punktet er tilføjet",
    AuditAction.ITEM_DELETED: None,
    AuditAction.ITEM_MOVED: None,
    AuditAction.ITEM_UPDATED: None,
    AuditAction.SECTION_CREATED: "Teksten er ændret",
    AuditAction.SECTION_UPDATED: "Teksten er ændret",
    AuditAction.SECTION_DELETED: "Teksten er ændret",
    AuditAction.SECTION_MOVED: "Teksten er ændret",
    AuditAction.BILAG_UPLOADED: "Bilag tilføjet",
    AuditAction.BILAG_REPLACED: "Ny udgave af bilag",
    AuditAction.BILAG_RENAMED: "Bilag omdøbt",
    AuditAction.BILAG_DELETED: "Bilag fjernet",
    AuditAction.BILAG_MOVED: "Bilagenes rækkefølge er ændret",
    AuditAction.FIGURES_REFRESHED: "Tallene er opdateret siden udsendelsen",
    AuditAction.EMBED_ADDED: "Budgettabel tilføjet",
    AuditAction.EMBED_REMOVED: "Budgettabel fjernet",
}

# The actions that change what members read: the "changed since publication" list.
PUBLIC_ACTIONS = frozenset(MEMBER_WORDING)

# Bilag actions whose member wording is followed by the bilag's title when it may be shown.
BILAG_TITLED = frozenset(
    {
        AuditAction.BILAG_UPLOADED,
        AuditAction.BILAG_REPLACED,
        AuditAction.BILAG_RENAMED,
        AuditAction.BILAG_DELETED,
    }
)

# The Danish word for each changed field in the history, in the order of the forms.
FIELD_LABELS = {
    "title": "titel",
    "date": "dato",
    "start_time": "starttid",
    "end_time": "sluttid",
    "location": "sted",
    "next_date": "næste mødes dato",
    "next_start_time": "næste mødes starttid",
    "next_end_time": "næste mødes sluttid",
    "next_location": "næste mødes sted",
    "kind": "type",
    "duration_minutes": "varighed",
    "confidential": "lukket punkt",
    "public_title": "titel for andre",
    "restricted_to": "kun for",
    "presenters": "oplægsholdere",
    "projects": "projekter",
    "heading": "overskrift",
    "part": "delpunkt",
    "html": "tekst",
}


def field_label(name: str) -> str:
    """The Danish word for a changed field in the history."""
    return FIELD_LABELS.get(name, name)


def in_field_order(names: Iterable[str]) -> list[str]:
    """Changed fields in the order of the forms (PostgreSQL's jsonb does not keep key order)."""
    order = {name: index for index, name in enumerate(FIELD_LABELS)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def action_label(action: str) -> str:
    """The Danish wording of a stored action (the stored value itself for an unknown one)."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def user_of(actor: Actor) -> AbstractBaseUser | None:
    """The user to name for an actor: nobody for an anonymous or unsaved one."""
    return actor if actor is not None and actor.is_authenticated else None


def record_audit(
    *,
    meeting: Meeting | None,
    actor: Actor,
    action: AuditAction,
    summary: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    item: AgendaItem | None = None,
) -> AuditEntry:
    """Record one entry of a meeting's history: who did what, to which object (and item)."""
    user = user_of(actor)
    return AuditEntry.objects.create(
        meeting=meeting,
        item=item,
        actor=user,
        actor_name=(user.get_full_name() or user.get_username())[:200] if user else "",
        action=AuditAction(action),
        object_type=target._meta.model_name if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        # Titles can be long; the summary is a line in the history, the changes hold the rest.
        summary=summary if len(summary) <= 500 else summary[:499] + "…",
        changes=changes or {},
    )
