"""A member's question to the secretariat on an agenda item, and the secretariat's answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .items import AgendaItem

MAX_QUESTION_CHARS = 4000
MAX_ANSWER_CHARS = 10_000


class ItemQuestion(models.Model):
    """A question on an item, sent from a member's note (or typed anew): no longer private.

    The question keeps its own copy of the text (the note may change or go). The answer goes
    to the asker; "Del svaret med alle" shows question and answer to everyone who may read
    the item, without the asker's name.
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="questions")
    # Kept when the asker's user goes: a shared answer still belongs to the item.
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="item_questions",
    )
    text = models.TextField("spørgsmål", max_length=MAX_QUESTION_CHARS)
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("svar", max_length=MAX_ANSWER_CHARS, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared = models.BooleanField("del svaret med alle", default=False)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = "spørgsmål til sekretariatet"
        verbose_name_plural = "spørgsmål til sekretariatet"
        constraints = [
            models.CheckConstraint(
                condition=Q(shared=False) | Q(answered_at__isnull=False),
                name="question_shared_only_when_answered",
            ),
        ]
        indexes = [models.Index(fields=["item", "shared"], name="question_item_shared")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
