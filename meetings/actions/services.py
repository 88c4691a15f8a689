"""Writes of follow-up actions: record one on a decision, close it, reopen it; the reminders.

An action follows a Beslutning: an item's recorded decision, or a written procedure once it
is closed. The responsible is a voting member or the secretariat of the committee, or a named
organisation. Each responsible is reminded once, `REMINDER_DAYS` before the due date (the
secretariat for an organisation, which has no address here), claimed as procedures' e-mails.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dap_portal import danish

from ..access import CONFIDENTIAL_ROLES, visible_actions
from ..audit import Actor, AuditAction, record_audit, user_of
from ..between import concluded_on, due_label, due_meeting_for, with_due
from ..changes import committee_changed
from ..models import (
    AgendaItem,
    FollowUpAction,
    Membership,
    NoticeKind,
    ProcedureStatus,
    ResponsibleKind,
    Role,
    WrittenProcedure,
)
from ..procedures.notices import claim, send_claimed

REMINDER_DAYS = 2


def _decision_of(
    item: AgendaItem | None, procedure: WrittenProcedure | None
) -> tuple[int, dt.date]:
    """The committee and the day of the decision an action follows; refused without one."""
    if (item is None) == (procedure is None):
        raise ValidationError("En opfølgning hører til ét punkt eller én skriftlig proces.")
    if item is not None:
        if not (item.decision_html or item.decision_outcome):
            raise ValidationError("Registrér punktets beslutning, før du tilføjer opfølgning.")
        return item.meeting.committee_id, item.meeting.date
    if procedure.status != ProcedureStatus.CLOSED:
        raise ValidationError("Opfølgning tilføjes, når den skriftlige proces er afsluttet.")
    return procedure.committee_id, concluded_on(procedure)


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    what: str,
    responsible_kind: str,
    item: AgendaItem | None = None,
    procedure: WrittenProcedure | None = None,
    responsible_user_id: int | None = None,
    responsible_organisation: str = "",
    due_date: dt.date | None = None,
    until_next_meeting: bool = False,
    closed_at: dt.datetime | None = None,
    close_note: str = "",
) -> FollowUpAction:
    """Record what a decision asks of whom, by a date or 'til næste møde'.

    `closed_at` and `close_note` restore an action already done (an agenda import).
    """
    committee_id, decided_on = _decision_of(item, procedure)
    what = what.strip()
    if not what:
        raise ValidationError("Skriv, hvad der skal gøres.")
    if responsible_kind not in ResponsibleKind.values:
        raise ValidationError("Vælg, hvem der er ansvarlig.")
    user = None
    if responsible_kind == ResponsibleKind.MEMBER:
        user = (
            get_user_model()
            .objects.filter(
                pk=responsible_user_id,
                memberships__committee_id=committee_id,
                memberships__role__in=CONFIDENTIAL_ROLES,  # observers are not responsible
            )
            .first()
        )
        if user is None:
            raise ValidationError(
                "Vælg et medlem af styregruppen som ansvarlig (ikke en observatør)."
            )
    organisation = responsible_organisation.strip()
    if responsible_kind == ResponsibleKind.ORGANISATION and not organisation:
        raise ValidationError("Skriv organisationens navn.")
    if until_next_meeting == (due_date is not None):
        raise ValidationError("Angiv enten en frist eller »til næste møde«.")
    if due_date is not None and (problem := danish.date_out_of_range(due_date, what="Fristen")):
        raise ValidationError(problem)
    if due_date is not None and due_date < decided_on:
        raise ValidationError("Fristen ligger før beslutningen.")
    action = FollowUpAction(
        committee_id=committee_id,
        item=item,
        procedure=procedure,
        decided_on=decided_on,
        what=what,
        responsible_kind=responsible_kind,
        responsible_user=user,
        responsible_organisation=organisation
        if responsible_kind == ResponsibleKind.ORGANISATION
        else "",
        due_date=due_date,
        until_next_meeting=until_next_meeting,
        # The meeting that is next now stays the one meant (a later import does not move it).
        due_meeting=due_meeting_for(committee_id, decided_on) if until_next_meeting else None,
        created_by=user_of(actor),
        closed_at=closed_at,
        close_note=close_note.strip()[:500] if closed_at else "",
    )
    action.full_clean()
    action.save()
    committee_changed(committee_id)  # follow-up lines, the minutes, "Mine opgaver"
    record_audit(
        meeting=item.meeting if item is not None else None,
        item=item,
        actor=actor,
        action=AuditAction.ACTION_CREATED,
        summary=f"Opfølgning: {what} (ansvarlig: {action.responsible_label})",
        target=action,
    )
    return action


@transaction.atomic
def action_close(*, action: FollowUpAction, actor: Actor, note: str = "") -> FollowUpAction:
    """Mark an action done: who, when and a short note are kept."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if action.closed_at is not None:
        raise ValidationError("Opfølgningen er allerede lukket.")
    note = note.strip()
    if len(note) > 500:
        raise ValidationError("Noten må højst være 500 tegn.")
    action.closed_at = timezone.now()
    action.closed_by = user_of(actor)
    action.close_note = note
    action.save(update_fields=["closed_at", "closed_by", "close_note"])
    committee_changed(action.committee_id)
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.ACTION_CLOSED,
        summary=f"Opfølgning lukket: {action.what}" + (f" ({note})" if note else ""),
        target=action,
    )
    return action


@transaction.atomic
def action_reopen(*, action: FollowUpAction, actor: Actor) -> FollowUpAction:
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if action.closed_at is None:
        raise ValidationError("Opfølgningen er åben.")
    action.closed_at = None
    action.closed_by = None
    action.close_note = ""
    action.save(update_fields=["closed_at", "closed_by", "close_note"])
    committee_changed(action.committee_id)
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.ACTION_REOPENED,
        summary=f"Opfølgning genåbnet: {action.what}",
        target=action,
    )
    return action


def _recipients(action: FollowUpAction) -> list:
    if action.responsible_kind == ResponsibleKind.MEMBER:
        users = [action.responsible_user]
    else:  # the secretariat, also for an organisation it follows up with
        users = [
            membership.user
            for membership in Membership.objects.filter(
                committee_id=action.committee_id, role=Role.SECRETARIAT
            ).select_related("user")
        ]
    # Checked when the reminder goes: a responsible who has since left the committee, or
    # become an observer, or may not read the item (narrowed to others), is not told its text.
    return [
        user
        for user in users
        if user is not None
        and user.email
        and user.is_active
        and Membership.objects.filter(
            user=user, committee_id=action.committee_id, role__in=CONFIDENTIAL_ROLES
        ).exists()
        and visible_actions(user).filter(pk=action.pk).exists()
    ]


def remind_due(today: dt.date | None = None) -> list[tuple[int, int]]:
    """Remind each responsible of an open action once, `REMINDER_DAYS` before it is due."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REMINDER_DAYS)
    due = (
        with_due(FollowUpAction.objects.filter(closed_at__isnull=True))
        .filter(due__isnull=False, due__lte=horizon, due__gte=today)
        .select_related("committee", "responsible_user", "item__meeting", "procedure")
    )
    reminded = []
    for action in due:
        for user in _recipients(action):
            notice = claim(
                f"action:{action.pk}:reminder:{user.pk}", NoticeKind.ACTION_REMINDER, user
            )
            if notice is None:
                continue
            link = settings.DAP_BASE_URL + reverse(
                "meetings:action_list", args=[action.committee_id]
            )
            body = render_to_string(
                "meetings/actions/email/reminder.txt",
                {"action": action, "user": user, "link": link, "due": due_label(action)},
            )
            subject = f"Påmindelse: opfølgning med frist {danish.date_long(action.due)}"
            if send_claimed(notice, subject, body):
                reminded.append((action.pk, user.pk))
    return reminded
