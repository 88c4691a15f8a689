"""Meetings and the standing items a committee starts each agenda with."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dap_portal import danish

from .committees import Committee


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Kladde"
    PUBLISHED = "published", "Udsendt"
    HELD = "held", "Afholdt"
    MINUTES_APPROVED = "minutes_approved", "Referat godkendt"
    CANCELLED = "cancelled", "Aflyst"


class Meeting(models.Model):
    """One meeting of a committee, with its agenda."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name="styregruppe"
    )
    title = models.CharField("titel", max_length=300)
    date = models.DateField("dato")
    start_time = models.TimeField("starttid", null=True, blank=True)
    end_time = models.TimeField("sluttid", null=True, blank=True)
    location = models.CharField("sted", max_length=300, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    published_at = models.DateTimeField("udsendt", null=True, blank=True)
    # The next meeting, as the standing item 'Eventuelt og næste møde' announces it.
    next_date = models.DateField("næste mødes dato", null=True, blank=True)
    next_start_time = models.TimeField("næste mødes starttid", null=True, blank=True)
    next_end_time = models.TimeField("næste mødes sluttid", null=True, blank=True)
    next_location = models.CharField("næste mødes sted", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # What happened since the last meeting (written procedures concluded, follow-up on
    # decisions) as the agenda told it when sent out (`meetings.between`); empty in a draft.
    between_frozen = models.JSONField(null=True, blank=True, editable=False)
    # Raised whenever the meeting moves or is cancelled: calendars replace the event they have.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # Entered after it was held (the archive import of an old agenda or minutes): it tells
    # what happened then, so it takes no live computed lines and no follow-up is due at it.
    is_history = models.BooleanField("indlæst efter mødet", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        indexes = [models.Index(fields=["committee", "date"], name="meeting_committee_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="meeting_end_needs_start",
            ),
            models.CheckConstraint(
                condition=Q(next_start_time__isnull=True)
                | Q(next_end_time__isnull=True)
                | Q(next_end_time__gt=models.F("next_start_time")),
                name="meeting_next_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%d.%m.%Y}"

    def clean(self) -> None:
        errors = {}
        for field, what in (("date", "Mødets dato"), ("next_date", "Næste mødes dato")):
            value = getattr(self, field)
            if value is not None and (problem := danish.date_out_of_range(value, what=what)):
                errors[field] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT

    @property
    def is_future(self) -> bool:
        """Whether the meeting day is still ahead (in Danish time)."""
        return self.date > timezone.localdate()
