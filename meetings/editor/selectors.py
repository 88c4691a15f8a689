"""What the secretariat's pages read: the editor's context and a meeting's history in words."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from dap_portal import danish
from projects.models import Project

from ..access import Viewer
from ..agenda import Agenda, AgendaLine, agenda_for
from ..audit import action_label, field_label, in_field_order
from ..models import (
    RECOMMENDATION_KEY,
    RECOMMENDATION_START,
    AuditEntry,
    Meeting,
    MeetingStatus,
    Role,
    StandardHeading,
)
from ..portfolio.embeds import embed_figures
from ..portfolio.proposals import proposals_by_item
from ..questions.selectors import meeting_questions
from ..writes import linkable_projects


def agenda_of(user: AbstractBaseUser | AnonymousUser, meeting: Meeting) -> Agenda:
    """The meeting's agenda as this user sees it."""
    return agenda_for(meeting, Viewer.of(user, meeting))


def line_of(agenda: Agenda, item_id: int) -> AgendaLine:
    """The agenda line of an item."""
    return next(line for line in agenda.lines if line.item.pk == item_id)


def fresh(meeting: Meeting) -> Meeting:
    """The meeting as stored now (after a service changed it)."""
    return Meeting.objects.select_related("committee").get(pk=meeting.pk)


def readers_for(meeting: Meeting) -> QuerySet:
    """Who a closed item can be narrowed to: the committee's chair and members (the
    secretariat sees every item anyway, observers never see a closed one)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__committee_id=meeting.committee_id,
            memberships__role__in=[Role.CHAIR, Role.MEMBER],
        )
        .order_by("first_name", "last_name", "username")
    )


def projects_for(meeting: Meeting) -> QuerySet[Project]:
    """The projects an item can be linked to: those of the committee's programmes (none when
    it follows no programme)."""
    return (
        linkable_projects(meeting.committee_id)
        .select_related("programme")
        .order_by("programme__name", "name")
    )


def editor_context(
    user: AbstractBaseUser | AnonymousUser, meeting: Meeting, agenda: Agenda | None = None
) -> dict[str, Any]:
    """What every part of the agenda editor page reads."""
    agenda = agenda or agenda_of(user, meeting)
    return {
        "meeting": meeting,
        "agenda": agenda,
        "editable": meeting.status not in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED),
        "standard_headings": list(StandardHeading.values),
        "indstilling_start": RECOMMENDATION_START,
        "recommendation_key": RECOMMENDATION_KEY,
        "max_upload": danish.megabytes(settings.DAP_BILAG_MAX_BYTES),
        # Computed only if a template reads it: which embeds have newer figures.
        "embed_figures": SimpleLazyObject(lambda: embed_figures(agenda, compare=True)),
        "proposals": SimpleLazyObject(lambda: proposals_by_item(meeting.pk)),
        # The members' questions to the secretariat per item (one query, when read).
        "questions": SimpleLazyObject(lambda: meeting_questions(user, meeting)),
        # The committee's standing items ('Meddelelser', ...): marked "Stående punkt" like
        # the closing 'Eventuelt og næste møde' (one query, when the page reads it).
        "standing_titles": SimpleLazyObject(
            lambda: set(meeting.committee.standing_items.values_list("title", flat=True).order_by())
        ),
    }


def meeting_history(meeting: Meeting) -> QuerySet[AuditEntry]:
    """Every entry of a meeting's history, newest first, with who made it (one query)."""
    return AuditEntry.objects.filter(meeting=meeting).select_related("actor").order_by("-at", "-id")


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    details: list[tuple[str, str, str]]  # (field, before, after) in words

    @property
    def when(self) -> str:
        return danish.moment(self.entry.at)

    @property
    def action(self) -> str:
        """What kind of change it was, in Danish (`audit.AuditAction`'s wording)."""
        return action_label(self.entry.action)

    @property
    def who(self) -> str:
        actor = self.entry.actor
        if actor is None:
            return self.entry.actor_name or "Systemet"
        return actor.get_full_name() or actor.get_username()


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    if isinstance(value, list):
        return ", ".join(_shown(part) for part in value) or "–"
    return str(value)


def history_rows(meeting: Meeting) -> list[HistoryRow]:
    """The meeting's history in words: who, when, what, and each field's before and after."""
    rows = []
    for entry in meeting_history(meeting):
        details = []
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in in_field_order(changes):
            value = changes[name]
            if isinstance(value, list) and len(value) == 2:
                details.append((field_label(name), _shown(value[0]), _shown(value[1])))
            else:
                details.append((field_label(name), "", _shown(value)))
        rows.append(HistoryRow(entry, details))
    return rows
