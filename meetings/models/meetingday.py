"""The meeting day: a published meeting held in the portal, item by item."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .items import AgendaItem
from .meetings import Meeting


class MeetingRun(models.Model):
    """A meeting being held: when it started and which item is on now."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="run")
    started_at = models.DateTimeField("startet")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="startet af",
    )
    # None before the first item and after the last one.
    current_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="aktuelt punkt",
    )
    # Raised at every change: what members following along compare (their page's ETag).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "mødeafvikling"
        verbose_name_plural = "mødeafviklinger"

    def __str__(self) -> str:
        return f"Afvikling af {self.meeting}"


class ItemRun(models.Model):
    """When an item was taken up and left during the meeting."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="run")
    started_at = models.DateTimeField("påbegyndt")
    ended_at = models.DateTimeField("afsluttet", null=True, blank=True)

    class Meta:
        verbose_name = "punktets afvikling"
        verbose_name_plural = "punkternes afvikling"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="itemrun_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Afvikling af {self.item}"


class ItemPostponement(models.Model):
    """An item postponed to the next meeting during the meeting: where its copy went."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="postponement")
    # The copy on the next meeting's draft (None once that copy was deleted from the draft).
    moved_to = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postponed_from",
        verbose_name="flyttet til",
    )
    postponed_at = models.DateTimeField("udsat")
    postponed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="udsat af",
    )

    class Meta:
        verbose_name = "udsat punkt"
        verbose_name_plural = "udsatte punkter"

    def __str__(self) -> str:
        return f"{self.item} udsat"
