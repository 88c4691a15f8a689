"""What a member has chosen about meetings kept on their devices for offline reading."""

from django.conf import settings
from django.db import models


class OfflinePreference(models.Model):
    """A member's choice to have their next meetings stored on their devices automatically."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offline_preference"
    )
    auto_store = models.BooleanField("hent kommende møder automatisk", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "offline-indstilling"
        verbose_name_plural = "offline-indstillinger"

    def __str__(self) -> str:
        return f"{self.user}: {'automatisk' if self.auto_store else 'kun manuelt'}"
