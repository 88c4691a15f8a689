"""Reminders before and after meetings: the writes (rules, scheduling, cancelling, "send now").

How a reminder travels:

1. **Scheduling** (`schedule_for_meeting`, called at the end of `meeting_create`,
   `meeting_publish` and a rescheduling `meeting_update`, in the same transaction): one
   `Reminder` row per active rule of the committee, with `due_at` computed from the meeting's
   start (or end) and the rule's offset (`times`). A meeting moved to another time gets its
   *pending* rows moved; a row already sent for the old time stays sent, and a new pending row
   is made for the new time only if the rule was not sent already or its due time is still
   ahead. A reminder whose due time has passed while the meeting is still ahead is sent at once
   ("late, not never"), unless the same rule was already sent for this meeting.
   `meeting_cancel` deletes the pending rows (`cancel_for_meeting`).
2. **The scan** (`scan`, run by beat every minute) hands due rows to workers.
3. **Delivery** (`delivery`, in the worker) checks the rule's condition (`conditions`, the
   registry: where a new kind of reminder is added), finds the recipients (`recipients`) and
   sends each one its e-mail (`mail`) once.

The secretariat's page reads through `selectors`.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dap_portal import danish

from ..audit import AuditAction, record_audit
from ..models import (
    Committee,
    DeliveryStatus,
    Meeting,
    MeetingStatus,
    Reminder,
    ReminderAnchor,
    ReminderAudience,
    ReminderCondition,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
)
from . import tasks
from .times import due_time, meeting_times

SCHEDULED_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED, MeetingStatus.HELD)

DEFAULT_RULES: tuple[dict, ...] = (
    {
        "name": "Frist for bilag",
        "anchor": ReminderAnchor.BEFORE_START,
        "offset_days": 10,
        "audience": ReminderAudience.PRESENTERS,
        "condition": ReminderCondition.ITEMS_WITHOUT_BILAG,
        "subject": "Frist for bilag: {møde} {dato}",
        "body": (
            "Kære {modtager}\n\n"
            "Du er oplægsholder ved {møde} {dato} {tid}. Vi mangler stadig bilag til:\n\n"
            "{punkter}\n\n"
            "Send venligst bilagene til sekretariatet hurtigst muligt, så de kan komme med, "
            "når dagsordenen udsendes.\n\n"
            "Mødesiden: {link}\n\n"
            "Med venlig hilsen\n{sekretariat}"
        ),
    },
    {
        "name": "Dagsordenen er ikke udsendt",
        "anchor": ReminderAnchor.BEFORE_START,
        "offset_days": 7,
        "audience": ReminderAudience.SECRETARIAT,
        "condition": ReminderCondition.NOT_PUBLISHED,
        "subject": "Dagsordenen til {møde} {dato} er ikke udsendt",
        "body": (
            "Dagsordenen til {møde} {dato} {tid} er endnu ikke udsendt.\n\n"
            "Punkter på dagsordenen:\n\n{punkter}\n\n"
            "Redigér og udsend den her: {link}"
        ),
    },
    {
        "name": "Dagsorden til medlemmerne",
        "anchor": ReminderAnchor.BEFORE_START,
        "offset_days": 2,
        "audience": ReminderAudience.MEMBERS,
        "condition": ReminderCondition.PUBLISHED,
        "subject": "Dagsorden: {møde} {dato}",
        "body": (
            "Kære {modtager}\n\n"
            "Hermed dagsordenen til {møde} {dato} {tid}, {sted}.\n\n"
            "{punkter}\n\n"
            "Dagsorden og bilag finder du på mødesiden: {link}\n"
            "Mødet er vedhæftet som kalenderinvitation.\n\n"
            "Med venlig hilsen\n{sekretariat}"
        ),
        "attach_ics": True,
        "attach_agenda_pdf": False,
    },
    {
        "name": "Beslutninger mangler",
        "anchor": ReminderAnchor.AFTER_END,
        "offset_days": 2,
        "audience": ReminderAudience.SECRETARIAT,
        "condition": ReminderCondition.DECISIONS_MISSING,
        "subject": "Beslutninger mangler: {møde} {dato}",
        "body": (
            "Mødet {møde} {dato} er afholdt, men der mangler beslutninger til:\n\n"
            "{punkter}\n\n"
            "Skriv dem i referatet: {link}"
        ),
    },
)


RULE_FIELDS = (
    "name",
    "anchor",
    "offset_days",
    "offset_hours",
    "audience",
    "condition",
    "subject",
    "body",
    "attach_agenda_pdf",
    "attach_ics",
    "active",
)


# --- Rules -------------------------------------------------------------------------------------


@transaction.atomic
def reminder_rules_ensure_defaults(*, committee: Committee) -> list[ReminderRule]:
    """The committee's reminder rules, with the four defaults created for one that has none."""
    rules = list(ReminderRule.objects.filter(committee=committee))
    if rules:
        return rules
    for values in DEFAULT_RULES:
        rule = ReminderRule(committee=committee, **values)
        rule.full_clean()
        rule.save()
        rules.append(rule)
    return rules


@transaction.atomic
def reminder_rule_update(
    *, rule: ReminderRule, actor: AbstractBaseUser | None, values: dict[str, object]
) -> ReminderRule:
    """Change a committee's reminder rule; the pending reminders of its meetings follow."""
    rule = ReminderRule.objects.select_for_update().select_related("committee").get(pk=rule.pk)
    before = {name: getattr(rule, name) for name in RULE_FIELDS}
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.full_clean()
    rule.save()
    changes = {
        name: [before[name], getattr(rule, name)]
        for name in RULE_FIELDS
        if before[name] != getattr(rule, name)
    }
    if changes:
        record_audit(
            meeting=None,
            actor=actor,
            action=AuditAction.REMINDER_RULE_UPDATED,
            summary=f"Påmindelsesregel ændret: {rule.committee.short_name}: {rule.name}",
            target=rule,
            changes=changes,
        )
        schedule_for_committee(rule.committee)
    return rule


# --- Scheduling -------------------------------------------------------------------------------


def _worth_scheduling(
    rule: ReminderRule, due: dt.datetime, start: dt.datetime, now: dt.datetime, sent: bool
) -> bool:
    """Ahead of us; or late but still useful (before the meeting), unless already sent."""
    if due > now:
        return True
    return not sent and rule.anchor == ReminderAnchor.BEFORE_START and start > now


def schedule_for_meeting(meeting: Meeting, *, now: dt.datetime | None = None) -> None:
    """Create, move or remove the meeting's pending reminders to match its time and rules.

    Called inside the services' transactions; rows already sent, skipped or failed are history
    and never touched.
    """
    # A date outside the portal's range (a row from before the check) has no time to remind
    # at: computing one would overflow.
    if meeting.status == MeetingStatus.CANCELLED or danish.date_out_of_range(meeting.date):
        cancel_for_meeting(meeting)
        return
    now = now or timezone.now()
    rules = [rule for rule in reminder_rules_ensure_defaults(committee=meeting.committee)]
    active = {rule.pk: rule for rule in rules if rule.active}
    start, end = meeting_times(meeting)
    rows = list(Reminder.objects.filter(meeting=meeting))
    pending = {row.rule_id: row for row in rows if row.status == ReminderStatus.PENDING}
    done = {(row.rule_id, row.meeting_starts_at) for row in rows if row.status != "pending"}
    sent_rules = {row.rule_id for row in rows if row.status == ReminderStatus.SENT}
    if meeting.status not in SCHEDULED_STATUSES:
        active = {}
    stale = [row.pk for rule_id, row in pending.items() if rule_id not in active]
    for rule in active.values():
        due = due_time(rule, start, end)
        row = pending.get(rule.pk)
        wanted = (rule.pk, start) not in done and _worth_scheduling(
            rule, due, start, now, sent=rule.pk in sent_rules
        )
        if not wanted:
            if row is not None:
                stale.append(row.pk)
            continue
        if row is None:
            Reminder.objects.create(rule=rule, meeting=meeting, meeting_starts_at=start, due_at=due)
        elif row.due_at != due or row.meeting_starts_at != start:
            # Moved: hand it over afresh at the new time.
            Reminder.objects.filter(pk=row.pk, status=ReminderStatus.PENDING).update(
                due_at=due, meeting_starts_at=start, handled_at=None
            )
    if stale:
        Reminder.objects.filter(pk__in=stale, status=ReminderStatus.PENDING).delete()


def cancel_for_meeting(meeting: Meeting) -> int:
    """Delete the meeting's pending reminders (sent ones stay as history)."""
    deleted, _ = Reminder.objects.filter(meeting=meeting, status=ReminderStatus.PENDING).delete()
    return deleted


def schedule_for_committee(committee: Committee) -> None:
    """Recompute the reminders of the committee's meetings to come (after a rule changed)."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(
        committee=committee, status__in=SCHEDULED_STATUSES, date__gte=today - dt.timedelta(days=31)
    ).select_related("committee")
    for meeting in meetings:
        schedule_for_meeting(meeting)


# --- "Send now" --------------------------------------------------------------------------------


@transaction.atomic
def reminder_send_now(*, reminder: Reminder, actor: AbstractBaseUser | None) -> Reminder:
    """Hand a pending (or failed) reminder to a worker now, through the same claim path.

    Recipients already sent to are not sent to again; failed deliveries are tried again.
    """
    reminder = (
        Reminder.objects.select_for_update().select_related("rule", "meeting").get(pk=reminder.pk)
    )
    if reminder.status not in (ReminderStatus.PENDING, ReminderStatus.FAILED):
        raise ValidationError(
            f"Påmindelsen har status »{reminder.get_status_display()}« og sendes ikke igen."
        )
    now = timezone.now()
    if reminder.status == ReminderStatus.FAILED:
        ReminderDelivery.objects.filter(reminder=reminder, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.CLAIMED
        )
    reminder.status = ReminderStatus.PENDING
    reminder.handled_at = now
    reminder.full_clean()
    reminder.save(update_fields=["status", "handled_at"])
    record_audit(
        meeting=reminder.meeting,
        actor=actor,
        action=AuditAction.REMINDER_SENT_NOW,
        summary=f"Påmindelse sendt nu: {reminder.rule.name}",
        target=reminder,
    )
    pk = reminder.pk
    transaction.on_commit(lambda: tasks.deliver_reminder.delay(pk))
    return reminder
