"""A reader's own marks in a bilag: highlights and notes, anchored to the text they are about."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .bilag import Bilag

# The text quote selector (W3C Web Annotation): the quoted text and some text either side.
MAX_QUOTE_CHARS = 2_000
MAX_CONTEXT_CHARS = 64
MAX_ANNOTATION_NOTE_CHARS = 5_000
MAX_AREAS = 200


class AnnotationKind(models.TextChoices):
    HIGHLIGHT = "highlight", "Markering"
    NOTE = "note", "Note på et sted på siden"


class AnnotationColour(models.TextChoices):
    YELLOW = "yellow", "Gul"
    GREEN = "green", "Grøn"
    BLUE = "blue", "Blå"
    PINK = "pink", "Lyserød"


class AnnotationStatus(models.TextChoices):
    PLACED = "placed", "Placeret"
    UNPLACED = "unplaced", "Kunne ikke placeres i den nye version"


class BilagAnnotation(models.Model):
    """A reader's highlight or note in a bilag; only its owner ever sees it.

    `areas` are rectangles [x0, y0, x1, y1] in the PDF's user space (points, origin bottom
    left) on `page` of the bilag's PDF as it was at `bilag_version`; the quote (exact text with
    some text before and after it) places it again when a new version of the bilag comes.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bilag_annotations"
    )
    bilag = models.ForeignKey(Bilag, on_delete=models.CASCADE, related_name="annotations")
    # The bilag's version (Bilag.version) whose PDF the page and areas refer to.
    bilag_version = models.PositiveIntegerField("bilagets version")
    kind = models.CharField(
        "type", max_length=20, choices=AnnotationKind.choices, default=AnnotationKind.HIGHLIGHT
    )
    colour = models.CharField(
        "farve", max_length=20, choices=AnnotationColour.choices, default=AnnotationColour.YELLOW
    )
    page = models.PositiveIntegerField("side")
    areas = models.JSONField("områder", default=list, blank=True)
    quote_exact = models.TextField("markeret tekst", max_length=MAX_QUOTE_CHARS, blank=True)
    quote_prefix = models.CharField("tekst før", max_length=MAX_CONTEXT_CHARS, blank=True)
    quote_suffix = models.CharField("tekst efter", max_length=MAX_CONTEXT_CHARS, blank=True)
    note = models.TextField("note", max_length=MAX_ANNOTATION_NOTE_CHARS, blank=True)
    status = models.CharField(
        "placering",
        max_length=20,
        choices=AnnotationStatus.choices,
        default=AnnotationStatus.PLACED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bilag", "page", "id"]
        verbose_name = "markering i bilag"
        verbose_name_plural = "markeringer i bilag"
        indexes = [models.Index(fields=["owner", "bilag"], name="annotation_owner_bilag")]
        constraints = [
            models.CheckConstraint(condition=Q(page__gte=1), name="annotation_page_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} i {self.bilag} s. {self.page}"

    @property
    def is_placed(self) -> bool:
        return self.status == AnnotationStatus.PLACED
