"""Background work of written procedures: the e-mails when one is sent out, and the scan."""

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)

from . import closing, notices


# Names pinned: beat's schedule and messages already queued keep working after a move.
@shared_task(name="meetings.procedures.scan", ignore_result=True)
def scan_procedures() -> dict:
    """Run by beat every minute: close procedures at their deadline, send due reminders."""
    return closing.scan()


@shared_task(name="meetings.procedures.send", ignore_result=True)
def send_procedure(procedure_id: int) -> int:
    """E-mail the voting members that a procedure is sent out."""
    return notices.send_out(procedure_id)
