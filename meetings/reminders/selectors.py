"""Reads for the secretariat's reminder pages: a meeting's reminders, a committee's rules."""

from dataclasses import dataclass

from dap_portal import danish

from ..models import (
    Meeting,
    Reminder,
    ReminderAnchor,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
)
from .conditions import condition_holds, meeting_items, wording_now
from .mail import RenderedMail, render_mail
from .recipients import Recipient, memberships_of, recipients_for
from .times import meeting_times, moved_from


def rule_order(rule: ReminderRule) -> tuple[int, int]:
    """In the order they go out: the furthest before the meeting first, those after it last."""
    hours = rule.offset_days * 24 + rule.offset_hours
    return (0, -hours) if rule.anchor == ReminderAnchor.BEFORE_START else (1, hours)


def in_sending_order(rules: list[ReminderRule]) -> list[ReminderRule]:
    """The rules in the order their reminders go out (`rule_order`)."""
    return sorted(rules, key=rule_order)


@dataclass
class DeliveryRow:
    delivery: ReminderDelivery
    sent: str


@dataclass
class ReminderRow:
    reminder: Reminder
    recipients: list[Recipient]
    deliveries: list[DeliveryRow]
    preview: RenderedMail | None
    condition_now: bool
    condition_wording: str
    moved_from: str | None

    @property
    def due(self) -> str:
        return danish.moment(self.reminder.due_at, with_weekday=True)

    @property
    def handled(self) -> str:
        return danish.moment(self.reminder.handled_at, with_weekday=True)

    @property
    def may_send_now(self) -> bool:
        return self.reminder.status in (ReminderStatus.PENDING, ReminderStatus.FAILED)


def rows_for_meeting(meeting: Meeting) -> list[ReminderRow]:
    """The meeting's reminders with recipients, deliveries and a preview of the e-mail."""
    reminders = list(
        Reminder.objects.filter(meeting=meeting)
        .select_related("rule", "meeting__committee")
        .prefetch_related("deliveries")
        .order_by("due_at", "pk")
    )
    items = meeting_items(meeting)
    memberships = memberships_of(meeting)
    start, end = meeting_times(meeting)
    agendas: dict[str, list[str]] = {}
    rows = []
    for reminder in reminders:
        reminder.meeting = meeting
        recipients = recipients_for(reminder, items, memberships)
        preview = render_mail(reminder, recipients[0], items, agendas) if recipients else None
        rows.append(
            ReminderRow(
                reminder=reminder,
                recipients=recipients,
                deliveries=[
                    DeliveryRow(delivery, danish.moment(delivery.sent_at, with_weekday=True))
                    for delivery in sorted(reminder.deliveries.all(), key=lambda d: d.email)
                ],
                preview=preview,
                condition_now=condition_holds(reminder, items),
                condition_wording=wording_now(reminder, items),
                moved_from=moved_from(reminder.rule, start, end)
                if reminder.meeting_starts_at == start
                else None,
            )
        )
    return rows
