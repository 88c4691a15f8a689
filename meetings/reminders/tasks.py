"""Background work of the reminders: the beat scan and one delivery task per due reminder.

The scan (`scan_reminders`, every minute): one indexed query for pending rows due now (the
partial index `reminder_pending_due`), locked with SKIP LOCKED and marked as handed over
(`handled_at`), then one `deliver_reminder` task per row. A row handed over more than `LEASE`
ago and still pending (a lost task) is handed over again. No long ETA tasks.
"""

import datetime as dt
import logging
from collections.abc import Callable

from celery import shared_task
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from ..models import Reminder, ReminderStatus
from . import delivery
from .limits import MAX_RETRIES

logger = logging.getLogger(__name__)

# A pending reminder handed to a worker is not handed over again before this has passed:
# longer than the whole retry chain of `deliver_reminder` (30+60+120+240+480 s).
LEASE = dt.timedelta(minutes=30)
# At most this many reminders per scan; the rest follow a minute later.
SCAN_BATCH = 500


def due_reminders(now: dt.datetime) -> QuerySet[Reminder]:
    """The scan's query: pending and due (partial index), not handed over within the lease."""
    return (
        Reminder.objects.filter(status=ReminderStatus.PENDING, due_at__lte=now)
        .filter(Q(handled_at__isnull=True) | Q(handled_at__lt=now - LEASE))
        .order_by("due_at")
    )


def scan(
    *, now: dt.datetime | None = None, dispatch: Callable[[int], object] | None = None
) -> list[int]:
    """Hand every due reminder to a worker, each once; returns their ids.

    Three queries whatever the number of meetings: the locked select, the update, the commit.
    """
    now = now or timezone.now()
    if dispatch is None:
        dispatch = deliver_reminder.delay
    with transaction.atomic():
        ids = list(
            due_reminders(now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:SCAN_BATCH]
        )
        if ids:
            Reminder.objects.filter(pk__in=ids).update(handled_at=now)
    for pk in ids:
        dispatch(pk)
    return ids


# Names pinned: beat's schedule and messages already queued keep working after a move.
@shared_task(name="meetings.tasks.scan_reminders", ignore_result=True)
def scan_reminders() -> int:
    """Run by beat every minute: hand each due, pending reminder to `deliver_reminder`."""
    return len(scan())


@shared_task(
    name="meetings.tasks.deliver_reminder",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
)
def deliver_reminder(self, reminder_id: int) -> str:
    """Send one reminder to its recipients, each once; retry failed sends with backoff."""
    try:
        return delivery.deliver(reminder_id)
    except delivery.SendFailedError as error:
        if self.request.retries >= self.max_retries:
            logger.warning("Påmindelse %s kunne ikke sendes: %s", reminder_id, error)
            delivery.give_up(reminder_id)
            return "failed"
        countdown = delivery.retry_countdown(self.request.retries)
        raise self.retry(countdown=countdown, exc=error) from error
