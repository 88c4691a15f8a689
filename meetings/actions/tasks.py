"""Background work of follow-up actions: beat's reminder scan."""

from celery import shared_task

from dap_portal.celery import app as _app  # noqa: F401  (made before the tasks)


# Name pinned: beat's schedule keeps working after a move.
@shared_task(name="meetings.actions.scan", ignore_result=True)
def scan_actions() -> int:
    """Run by beat every minute: remind the responsible of actions soon due (each once)."""
    from . import services

    return len(services.remind_due())
