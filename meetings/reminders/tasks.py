"""Background work of the reminders: the beat scan and one delivery task per due reminder."""

import logging

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from .limits import MAX_RETRIES

logger = logging.getLogger(__name__)


# Names pinned: beat's schedule and messages already queued keep working after a move.
@shared_task(name="meetings.tasks.scan_reminders", ignore_result=True)
def scan_reminders() -> int:
    """Run by beat every minute: hand each due, pending reminder to `deliver_reminder`."""
    from .scan import scan

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
    from . import delivery

    try:
        return delivery.deliver(reminder_id)
    except delivery.SendFailedError as error:
        if self.request.retries >= self.max_retries:
            logger.warning("Påmindelse %s kunne ikke sendes: %s", reminder_id, error)
            delivery.give_up(reminder_id)
            return "failed"
        countdown = delivery.retry_countdown(self.request.retries)
        raise self.retry(countdown=countdown, exc=error) from error
