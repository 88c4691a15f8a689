"""How a written procedure closes: counted at its deadline by beat's scan, or early.

Below the services (which queue the e-mails through `tasks`), so that the scan task can run
it without a cycle.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..audit import Actor, AuditAction, record_audit, user_of
from ..changes import committee_changed
from ..models import ProcedureStatus, WrittenProcedure
from . import notices
from .selectors import procedure_tally, voting_members


def locked_procedure(procedure: WrittenProcedure | int) -> WrittenProcedure:
    """The procedure's row, locked for the rest of the transaction."""
    pk = procedure if isinstance(procedure, int) else procedure.pk
    return WrittenProcedure.objects.select_for_update().select_related("committee").get(pk=pk)


def close_procedure(
    procedure: WrittenProcedure, actor: Actor, now: dt.datetime, *, early: bool
) -> WrittenProcedure:
    """Count the answers, record the outcome and who could vote, and tell the agenda."""
    counted = procedure_tally(procedure)
    if procedure.voter_ids is None:  # sent before the voters were kept at sending
        procedure.voter_ids = sorted(
            voting_members(procedure.committee_id).values_list("pk", flat=True)
        )
    procedure.status = ProcedureStatus.CLOSED
    procedure.outcome = counted.outcome
    procedure.closed_at = now
    procedure.closed_by = user_of(actor)
    procedure.closed_early = early
    procedure.full_clean()
    procedure.save(
        update_fields=["status", "outcome", "closed_at", "closed_by", "closed_early", "voter_ids"]
    )
    committee_changed(procedure.committee_id)  # a line in the next agenda's Meddelelser
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.PROCEDURE_CLOSED,
        summary=f"Skriftlig proces afsluttet{' før fristen' if early else ''}: "
        f"{procedure.title}: {procedure.get_outcome_display()} ({counted.summary})",
        target=procedure,
        changes={"outcome": [None, procedure.outcome]},
    )
    return procedure


def close_due(now: dt.datetime | None = None) -> list[int]:
    """The scan: close every open procedure whose deadline has passed, each exactly once."""
    now = now or timezone.now()
    closed = []
    due = WrittenProcedure.objects.filter(status=ProcedureStatus.SENT, deadline__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            procedure = locked_procedure(pk)
            # Another scan may have closed it between the look-up and the lock.
            if procedure.status != ProcedureStatus.SENT or procedure.deadline > now:
                continue
            close_procedure(procedure, None, now, early=False)
            closed.append(pk)
    return closed


def scan(now: dt.datetime | None = None) -> dict[str, list]:
    """Beat's work: close procedures at their deadline, remind who has not answered."""
    now = now or timezone.now()
    return {"closed": close_due(now), "reminded": notices.remind_due(now)}
