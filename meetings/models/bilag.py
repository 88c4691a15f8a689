"""Bilag (attachments) of items, with their earlier versions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from .items import AgendaItem


class GeneratedBilag(models.TextChoices):
    PROJECT_MONITORING = "project_monitoring", "Projektmonitorering"


def bilag_upload_to(instance: "Bilag | BilagVersion", filename: str) -> str:
    # The stored name is not the user's: it cannot collide, traverse or reveal anything.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bilag/{uuid.uuid4().hex}.{suffix[:8]}"


class Bilag(models.Model):
    """An attachment of an item, numbered <item>.<n> from its position; keeps old versions."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="bilag")
    position = models.PositiveIntegerField("rækkefølge")
    title = models.CharField("titel", max_length=300)
    confidential = models.BooleanField("fortroligt", default=False)
    generated = models.CharField(
        "dannes af portalen", max_length=30, choices=GeneratedBilag.choices, blank=True
    )
    file = models.FileField("fil", upload_to=bilag_upload_to, blank=True, max_length=300)
    original_filename = models.CharField("oprindeligt filnavn", max_length=255, blank=True)
    content_type = models.CharField("indholdstype", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField("uploadet", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The bilag as PDF when it is an Office file (converted once, in the background).
    pdf_rendition = models.FileField(
        "PDF-udgave", upload_to=bilag_upload_to, blank=True, max_length=300
    )
    rendition_error = models.CharField("konvertering fejlede", max_length=300, blank=True)
    # A generated bilag's data as it was when the agenda was sent out (see ItemEmbed).
    frozen_data = models.JSONField("data ved udsendelse", null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField("frosset", null=True, blank=True, editable=False)
    # The text inside the file (PDF, or its PDF rendition), extracted once, for search.
    text = models.TextField("tekst til søgning", blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="bilag_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="bilag_position_gte_1"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class BilagVersion(models.Model):
    """An earlier file of a bilag, kept when the file was replaced."""

    bilag = models.ForeignKey(Bilag, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    file = models.FileField("fil", upload_to=bilag_upload_to, max_length=300)
    original_filename = models.CharField("oprindeligt filnavn", max_length=255, blank=True)
    content_type = models.CharField("indholdstype", max_length=120)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("uploadet", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_at = models.DateTimeField("erstattet", auto_now_add=True)

    class Meta:
        ordering = ["bilag", "-number"]
        verbose_name = "tidligere version af bilag"
        verbose_name_plural = "tidligere versioner af bilag"
        constraints = [
            models.UniqueConstraint(fields=["bilag", "number"], name="bilag_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bilag} v{self.number}"
