"""What the archive import keeps: each imported file (hash, original) and upload batches."""

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from .committees import Committee
from .meetings import Meeting


class ArchiveKind(models.TextChoices):
    AGENDA = "dagsorden", "Dagsorden"
    MINUTES = "referat", "Referat"


def archive_upload_to(instance: "ArchiveImport", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"archive/originals/{instance.sha256[:2]}/{instance.sha256}{suffix}"


class ArchiveImport(models.Model):
    """One archive file read into a meeting; its content hash makes a second import a no-op."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="archive_imports", verbose_name="møde"
    )
    kind = models.CharField("type", max_length=10, choices=ArchiveKind.choices)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    # The secretariat's copy of the original ("Original dagsorden"); never shown to members.
    original = models.FileField("original", upload_to=archive_upload_to, max_length=300)
    original_filename = models.CharField("oprindeligt filnavn", max_length=255)
    content_type = models.CharField("indholdstype", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    notes = models.JSONField("bemærkninger", default=list, blank=True)
    imported_at = models.DateTimeField("importeret", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importeret af",
    )

    class Meta:
        ordering = ["meeting", "imported_at"]
        verbose_name = "arkivimport"
        verbose_name_plural = "arkivimporter"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_filename}"


class BatchStatus(models.TextChoices):
    READING = "reading", "Læses"
    READY = "ready", "Klar til gennemsyn"
    IMPORTING = "importing", "Importeres"
    DONE = "done", "Færdig"
    FAILED = "failed", "Fejlet"


class ArchiveBatch(models.Model):
    """Files uploaded on 'Importér arkiv': read for a preview, imported only when confirmed."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.READING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    # One entry per file: name, stored (staging path), state, message, preview, meeting id.
    entries = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "arkivupload"
        verbose_name_plural = "arkivuploads"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="archive_batch_progress_lte_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Arkivupload {self.pk} ({self.get_status_display()})"
