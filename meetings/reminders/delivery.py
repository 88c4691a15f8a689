"""Delivery of one due reminder, in the worker (`tasks.deliver_reminder`).

The rule's condition is evaluated now (no longer true: the row becomes *skipped*); each
recipient is claimed by INSERTing a `ReminderDelivery` (unique per reminder and recipient)
*before* the e-mail is sent, so two scans, a retried task or a restarted worker never send
twice. A failed send keeps the claim with its error; the task retries with exponential backoff
(`limits`) and takes back only its own failed claims; after the last try the deliveries and the
reminder are marked *failed* (`give_up`).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import DeliveryStatus, Reminder, ReminderDelivery, ReminderStatus
from .conditions import condition_holds, meeting_items
from .limits import RETRY_BASE_SECONDS
from .mail import build_message
from .recipients import Recipient, recipients_for


class SendFailedError(Exception):
    """Some deliveries of a reminder failed this time; the task retries them."""


def _load(reminder_id: int) -> Reminder | None:
    return (
        Reminder.objects.select_related("rule", "meeting__committee").filter(pk=reminder_id).first()
    )


def _claim(reminder: Reminder, recipient: Recipient) -> ReminderDelivery | None:
    """Take the (reminder, recipient) delivery for this attempt, or None if it is not ours.

    A new delivery is claimed by its INSERT (the unique constraint lets one worker win). One
    that failed before (claimed, with an error) is taken back by a compare-and-set update, so
    only one retry sends it. Sent ones, and ones another worker is sending, are left alone.
    """
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                reminder=reminder,
                recipient=recipient.user,
                email=recipient.user.email,
                status=DeliveryStatus.CLAIMED,
                attempts=1,
            )
    except IntegrityError:
        pass
    delivery = ReminderDelivery.objects.filter(
        reminder=reminder, recipient=recipient.user, status=DeliveryStatus.CLAIMED
    ).first()
    if delivery is None or not delivery.last_error:
        return None
    taken = ReminderDelivery.objects.filter(
        pk=delivery.pk,
        status=DeliveryStatus.CLAIMED,
        attempts=delivery.attempts,
        last_error=delivery.last_error,
    ).update(attempts=delivery.attempts + 1, last_error="")
    return delivery if taken else None


def deliver(reminder_id: int) -> str:
    """Send a due reminder to each recipient once; 'sent', 'skipped' or 'nothing'.

    Raises SendFailedError when a send failed (the claim stays, with the error, for a retry).
    """
    reminder = _load(reminder_id)
    if reminder is None or reminder.status != ReminderStatus.PENDING:
        return "nothing"
    items = meeting_items(reminder.meeting)
    if not reminder.rule.active or not condition_holds(reminder, items):
        Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.SKIPPED, handled_at=timezone.now()
        )
        return "skipped"
    errors: list[str] = []
    for recipient in recipients_for(reminder, items):
        delivery = _claim(reminder, recipient)
        if delivery is None:
            continue
        try:
            build_message(reminder, recipient, items).send(using="default")
        except Exception as error:
            text = f"{type(error).__name__}: {error}"[:500]
            ReminderDelivery.objects.filter(pk=delivery.pk).update(last_error=text)
            errors.append(f"{recipient.user.email}: {text}")
            continue
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
        )
    if errors:
        raise SendFailedError("; ".join(errors)[:1000])
    Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SENT, handled_at=timezone.now()
    )
    return "sent"


def give_up(reminder_id: int) -> None:
    """After the last retry: the failed deliveries and the reminder are marked failed."""
    now = timezone.now()
    ReminderDelivery.objects.filter(reminder_id=reminder_id, status=DeliveryStatus.CLAIMED).exclude(
        last_error=""
    ).update(status=DeliveryStatus.FAILED)
    Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.FAILED, handled_at=now
    )


def retry_countdown(retries: int) -> int:
    """30 s, 60 s, 120 s ...: exponential backoff between tries."""
    return RETRY_BASE_SECONDS * 2**retries
