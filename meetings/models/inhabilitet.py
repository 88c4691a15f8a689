"""Inhabilitet (forvaltningsloven §§ 3-6): a member who takes no part in one item."""

from django.conf import settings
from django.db import models

from .items import AgendaItem


class DisqualificationQuerySet(models.QuerySet["Disqualification"]):
    def names_by_item(self, meeting_id: int) -> dict[int, list[str]]:
        """The names of the inhabil members per item of a meeting (one query), for the
        minutes' line "NN deltog ikke i behandlingen af punktet (inhabil)"."""
        found: dict[int, list[str]] = {}
        for item_id, name in self.filter(item__meeting_id=meeting_id).values_list(
            "item_id", "name"
        ):
            found.setdefault(item_id, []).append(name)
        return found


class Disqualification(models.Model):
    """One member's inhabilitet on one item: declared by the member before the meeting or
    recorded by the secretariat live. The member takes no part in the item's decision; the
    secretariat may also withhold the item's bilag from them (`meetings.access`)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="disqualifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="disqualifications"
    )
    # The member's name when it was recorded: the minutes keep it.
    name = models.CharField("navn", max_length=200)
    reason = models.CharField("begrundelse", max_length=400, blank=True)
    declared_by_member = models.BooleanField("erklæret af medlemmet", default=False)
    withhold_bilag = models.BooleanField("punktets bilag tilbageholdes", default=False)
    created_at = models.DateTimeField("registreret", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registreret af",
    )

    objects = DisqualificationQuerySet.as_manager()

    class Meta:
        ordering = ["item", "name"]
        verbose_name = "inhabilitet"
        verbose_name_plural = "inhabilitet"
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="disqualification_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.name} deltog ikke i behandlingen af punktet (inhabil)"
