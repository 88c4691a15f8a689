"""How a høring ends: approved by the chair, or tacitly by beat's scan at the deadline.

Below the services, so that the scan task can run it without a cycle.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..audit import Actor, AuditAction, record_audit, user_of
from ..minutes.services import minutes_approve
from ..models import ApprovalKind, HoeringStatus, MeetingStatus, MinutesHoering
from . import notices
from .selectors import minutes_text


def approve(
    hoering: MinutesHoering, *, actor: Actor, kind: ApprovalKind, now: dt.datetime
) -> MinutesHoering:
    """Approve the minutes of a locked høring: the meeting's status, the version approved."""
    minutes_approve(meeting=hoering.meeting, actor=actor)
    hoering.status = HoeringStatus.APPROVED
    hoering.approval = kind
    hoering.approved_at = now
    hoering.approved_by = user_of(actor) if kind == ApprovalKind.CHAIR else None
    hoering.approved_text = minutes_text(hoering.meeting)
    hoering.full_clean()
    hoering.save()
    return hoering


def approve_due(now: dt.datetime | None = None) -> list[int]:
    """The scan: approve tacitly every høring whose deadline has passed, each exactly once.

    Only where the committee chose tacit approval, and only without an objection; with one,
    the høring is marked so the chair approves (also exactly once).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    approved = []
    due = MinutesHoering.objects.filter(
        status=HoeringStatus.OPEN,
        deadline__lt=today,
        meeting__committee__minutes_tacit_approval=True,
        # Minutes approved meanwhile on the minutes page are not approved again.
        meeting__status=MeetingStatus.HELD,
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            # The lock: a second scan waits here, then finds the høring no longer open.
            hoering = (
                MinutesHoering.objects.select_for_update()
                .select_related("meeting__committee")
                .get(pk=pk)
            )
            if hoering.status != HoeringStatus.OPEN or hoering.deadline >= today:
                continue
            if hoering.comments.filter(objection=True).exists():
                hoering.status = HoeringStatus.OBJECTED
                hoering.save(update_fields=["status"])
                record_audit(
                    meeting=hoering.meeting,
                    actor=None,
                    action=AuditAction.MINUTES_HOERING_OBJECTED,
                    summary="Høringsfristen udløb med indsigelse; formanden skal godkende "
                    "referatet",
                    target=hoering,
                )
                continue
            approve(hoering, actor=None, kind=ApprovalKind.TACIT, now=now)
            approved.append(pk)
    return approved


def scan(now: dt.datetime | None = None) -> dict[str, list]:
    """Beat's work: approve at the deadline, remind those who have not answered."""
    now = now or timezone.now()
    return {"approved": approve_due(now), "reminded": notices.remind_due(now)}
