"""A member's own things: private notes, visits and the calendar feed."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from .bilag import Bilag
from .items import AgendaItem
from .meetings import Meeting


class PrivateNote(models.Model):
    """A member's own note on an item or a bilag; nobody else ever sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_notes"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    bilag = models.ForeignKey(
        Bilag, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "privat note"
        verbose_name_plural = "private noter"
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(bilag__isnull=True))
                | (Q(item__isnull=True) & Q(bilag__isnull=False)),
                name="note_on_item_or_bilag",
            ),
            models.UniqueConstraint(
                fields=["user", "item"], condition=Q(item__isnull=False), name="note_one_per_item"
            ),
            models.UniqueConstraint(
                fields=["user", "bilag"],
                condition=Q(bilag__isnull=False),
                name="note_one_per_bilag",
            ),
        ]

    def __str__(self) -> str:
        return f"Note af {self.user}"


class MeetingVisit(models.Model):
    """When a user last opened a meeting: what is new since then is marked for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_visits"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="visits")
    last_seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "besøg"
        verbose_name_plural = "besøg"
        constraints = [
            models.UniqueConstraint(fields=["user", "meeting"], name="visit_one_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.user} så {self.meeting} {self.last_seen_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A user's personal calendar feed URL; the secret token can be renewed (the old one dies).

    Only a hash of the token is stored: whoever reads the database (a backup, an admin) cannot
    subscribe to anyone's calendar. The token itself is shown once, when it is made.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # SHA-256 suffices (no salt or slow hash): the token is 256 random bits, not a password.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    renewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kalenderabonnement"
        verbose_name_plural = "kalenderabonnementer"

    def __str__(self) -> str:
        return f"Kalender for {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        """What is stored of a token, and what a presented token is looked up by."""
        return hashlib.sha256(token.encode()).hexdigest()
