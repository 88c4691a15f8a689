"""Writes of the meetings app: keyword-only, typed, atomic, validated and audited."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, Meeting, MeetingStatus


def record_audit(
    *,
    meeting: Meeting | None,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    summary: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one entry of a meeting's history: who did what, to which object."""
    return AuditEntry.objects.create(
        meeting=meeting,
        # An anonymous or unsaved user is no one to name in the history.
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=target._meta.model_name if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        summary=summary,
        changes=changes or {},
    )


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor: AbstractBaseUser | AnonymousUser | None) -> Meeting:
    """Send out a draft meeting's agenda: it becomes visible to the committee's members."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(
            f"Kun en kladde kan udsendes; mødet har status {meeting.get_status_display()}."
        )
    meeting.status = MeetingStatus.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.full_clean()
    meeting.save(update_fields=["status", "published_at", "updated_at"])
    record_audit(
        meeting=meeting,
        actor=actor,
        action="published",
        summary="Dagsorden udsendt",
        target=meeting,
        changes={"status": [MeetingStatus.DRAFT, MeetingStatus.PUBLISHED]},
    )
    return meeting
