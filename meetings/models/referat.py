"""What the minutes say was discussed under an item (the referat text), typed live."""

from django.conf import settings
from django.db import models

from .items import AgendaItem


class ItemReferat(models.Model):
    """An item's referat text: saved as it is typed, with its own version, so an autosave
    never clashes with the item's decision and a second editor's save is caught."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="referat")
    text = models.TextField("referat", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("ændret", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        verbose_name = "referat af punkt"
        verbose_name_plural = "referater af punkter"

    def __str__(self) -> str:
        return f"Referat af {self.item}"
