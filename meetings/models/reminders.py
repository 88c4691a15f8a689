"""Reminder rules per committee, the reminders they schedule and their deliveries."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .committees import Committee
from .meetings import Meeting


class ReminderAnchor(models.TextChoices):
    BEFORE_START = "before_start", "før mødets start"
    AFTER_END = "after_end", "efter mødets afslutning"


class ReminderAudience(models.TextChoices):
    MEMBERS = "members", "Alle medlemmer"
    PRESENTERS = "presenters", "Oplægsholdere"
    SECRETARIAT = "secretariat", "Sekretariatet"
    CHAIR = "chair", "Formanden"


class ReminderCondition(models.TextChoices):
    ALWAYS = "always", "Altid"
    ITEMS_WITHOUT_BILAG = "items_without_bilag", "Punkter med oplægsholder mangler bilag"
    NOT_PUBLISHED = "not_published", "Dagsordenen er ikke udsendt"
    PUBLISHED = "published", "Dagsordenen er udsendt"
    DECISIONS_MISSING = "decisions_missing", "Der mangler beslutninger"


class ReminderRule(models.Model):
    """When a committee's reminders go out, to whom, on what condition, with what text."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="reminder_rules"
    )
    name = models.CharField("navn", max_length=200)
    anchor = models.CharField(
        "tidspunkt",
        max_length=20,
        choices=ReminderAnchor.choices,
        default=ReminderAnchor.BEFORE_START,
    )
    offset_days = models.PositiveSmallIntegerField("dage", default=0)
    offset_hours = models.PositiveSmallIntegerField("timer", default=0)
    audience = models.CharField("modtagere", max_length=20, choices=ReminderAudience.choices)
    condition = models.CharField(
        "betingelse",
        max_length=30,
        choices=ReminderCondition.choices,
        default=ReminderCondition.ALWAYS,
    )
    subject = models.CharField("emne", max_length=300)
    body = models.TextField("tekst")
    attach_agenda_pdf = models.BooleanField("vedhæft dagsorden som PDF", default=False)
    attach_ics = models.BooleanField("vedhæft kalenderinvitation", default=False)
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        ordering = ["committee", "anchor", "-offset_days", "-offset_hours"]
        verbose_name = "påmindelsesregel"
        verbose_name_plural = "påmindelsesregler"
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_hours__lt=24 * 60), name="reminder_offset_hours_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.short_name}: {self.name}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Planlagt"
    SENT = "sent", "Sendt"
    SKIPPED = "skipped", "Ikke relevant"
    FAILED = "failed", "Fejlet"


class Reminder(models.Model):
    """One rule's reminder for one meeting at one meeting time, due at `due_at`.

    `meeting_starts_at` is the meeting time it was computed for: a meeting moved to another
    time gets its pending reminders moved, and one sent for a time is never sent again for it.
    """

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="reminders")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    meeting_starts_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = "påmindelse"
        verbose_name_plural = "påmindelser"
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "meeting", "meeting_starts_at"], name="reminder_once_per_time"
            ),
        ]
        indexes = [
            # The beat scan: due, pending reminders, oldest first.
            models.Index(
                fields=["due_at"],
                condition=Q(status="pending"),
                name="reminder_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for {self.meeting} ({self.due_at:%Y-%m-%d %H:%M})"


class DeliveryStatus(models.TextChoices):
    CLAIMED = "claimed", "Sendes"
    SENT = "sent", "Sendt"
    FAILED = "failed", "Fejlet"


class ReminderDelivery(models.Model):
    """One reminder to one recipient: claimed (inserted) before sending, so never twice."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    email = models.EmailField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.CLAIMED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reminder", "email"]
        verbose_name = "afsendelse"
        verbose_name_plural = "afsendelser"
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], name="delivery_once_per_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reminder} → {self.email} ({self.get_status_display()})"
