"""Background work of the høring: the e-mails when minutes are sent, and the scan."""

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from . import closing, notices


# Names pinned: beat's schedule and messages already queued keep working after a move.
@shared_task(name="meetings.hoering.scan", ignore_result=True)
def scan_hoering() -> dict:
    """Run by beat every minute: approve tacitly at the deadline, send due reminders."""
    return closing.scan()


@shared_task(name="meetings.hoering.send", ignore_result=True)
def send_hoering(hoering_id: int) -> int:
    """E-mail the participants that the minutes are in høring."""
    return notices.send_out(hoering_id)
