"""What is recorded about a meeting: its history, attendance and built meeting packs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .meetings import Meeting


class AuditEntry(models.Model):
    """Who changed what in a meeting and when: the meeting's history."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="audit_entries", null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's name when the entry was written: the history keeps it when the account goes.
    actor_name = models.CharField("udført af", max_length=200, blank=True)
    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    # The item the entry concerns (for an item's sections and bilag too), so members can be
    # shown what changed in each item since publication.
    item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="punkt",
    )
    action = models.CharField("handling", max_length=60)
    object_type = models.CharField("objekttype", max_length=60, blank=True)
    object_id = models.CharField("objekt-id", max_length=40, blank=True)
    summary = models.CharField("beskrivelse", max_length=500)
    changes = models.JSONField("ændringer", default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "historikpost"
        verbose_name_plural = "historik"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Deltager"
    ABSENT = "absent", "Afbud"


class Attendance(models.Model):
    """Who took part in a meeting: members present or with 'afbud', and guests."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField("navn", max_length=200)
    organisation = models.CharField("organisation", max_length=200, blank=True)
    status = models.CharField(
        "fremmøde",
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    guest = models.BooleanField("gæst", default=False)
    # The group a referat lists the person under ("Bestyrelsen", "Observatører",
    # "Gæst under punkt 3 og 4"); blank when the minutes are written in the portal.
    group = models.CharField("gruppe", max_length=200, blank=True)
    # At the door: a member who came late or left early; a guest present under one item.
    arrived_at_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kom til punkt",
    )
    left_after_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gik efter punkt",
    )
    during_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="deltog under punkt",
    )

    class Meta:
        ordering = ["meeting", "guest", "name"]
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="attendance_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def presence(self, numbers: dict[int, int]) -> str:
        """When they took part, by the items' numbers: "kom til punkt 3, gik efter punkt 7",
        "deltog under punkt 4"; empty for the whole meeting."""
        notes = []
        if self.during_item_id in numbers:
            notes.append(f"deltog under punkt {numbers[self.during_item_id]}")
        if self.arrived_at_item_id in numbers:
            notes.append(f"kom til punkt {numbers[self.arrived_at_item_id]}")
        if self.left_after_item_id in numbers:
            notes.append(f"gik efter punkt {numbers[self.left_after_item_id]}")
        return ", ".join(notes)

    def label(self, numbers: dict[int, int]) -> str:
        """The name as the minutes write it, with when they took part."""
        presence = self.presence(numbers)
        return f"{self} ({presence})" if presence else str(self)


class PackStatus(models.TextChoices):
    QUEUED = "queued", "I kø"
    RUNNING = "running", "Dannes"
    DONE = "done", "Klar"
    FAILED = "failed", "Fejlede"


class MeetingPack(models.Model):
    """A 'Dagsorden med bilag' PDF built by a Celery task for one access level.

    `source_hash` covers everything that goes into the pack (the agenda as this level sees it
    and every bilag file), so an unchanged agenda reuses the finished pack.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    access_level = models.CharField(max_length=60)
    source_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="packs/", blank=True, max_length=300)
    page_count = models.PositiveIntegerField(default=0)
    # [{"number": "3.1", "title": "...", "reason": "..."}] for bilag left out, and why.
    skipped = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "mødepakke"
        verbose_name_plural = "mødepakker"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "access_level", "source_hash"], name="pack_unique_source"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_lte_100"),
        ]

    def __str__(self) -> str:
        return f"Mødepakke {self.meeting} ({self.get_status_display()})"
