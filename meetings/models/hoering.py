"""Minutes in høring: sent to the participants with a deadline, commented per item, approved."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dap_portal import danish

from .items import AgendaItem
from .meetings import Meeting


class HoeringStatus(models.TextChoices):
    OPEN = "open", "I høring"
    APPROVED = "approved", "Godkendt"
    # The deadline passed with an objection: the chair must approve.
    OBJECTED = "objected", "Indsigelse ved fristen"


class ApprovalKind(models.TextChoices):
    CHAIR = "chair", "Godkendt af formanden"
    TACIT = "tacit", "Godkendt stiltiende"


class MinutesHoering(models.Model):
    """One round of høring of a meeting's minutes, and how it ended (approved, and how)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="hoeringer")
    status = models.CharField(
        "status", max_length=20, choices=HoeringStatus.choices, default=HoeringStatus.OPEN
    )
    sent_at = models.DateTimeField("sendt i høring")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField("høringsfrist")
    # The working day on which those who have not answered are reminded (once).
    remind_on = models.DateField("påmindelse")
    # Who was asked, kept at sending (the attendance may change during the revision).
    recipient_ids = models.JSONField(default=list)
    # The minutes as sent: {item_id: {"number", "title", "text"}}, the version of the høring.
    sent_text = models.JSONField(default=dict)
    approved_text = models.JSONField(null=True, blank=True)
    approval = models.CharField(max_length=10, choices=ApprovalKind.choices, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "høring af referat"
        verbose_name_plural = "høringer af referater"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(status="open"),
                name="hoering_one_open_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(status__in=HoeringStatus.values), name="hoering_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Høring af referat: {self.meeting}"

    @property
    def approval_sentence(self) -> str:
        """How the minutes were approved, as the PDF says it."""
        if not self.approved_at:
            return ""
        approved = danish.date_long(timezone.localdate(self.approved_at))
        if self.approval == ApprovalKind.CHAIR:
            return f"Godkendt af formanden d. {approved}."
        if self.approval == ApprovalKind.TACIT:
            sent = danish.date_long(timezone.localdate(self.sent_at))
            return (
                f"Godkendt stiltiende d. {approved} efter høring fra {sent} "
                f"til {danish.date_long(self.deadline)}."
            )
        return ""


class MinutesComment(models.Model):
    """A participant's 'Bemærkning til referatet' on one item (or on the whole minutes)."""

    hoering = models.ForeignKey(MinutesHoering, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("bemærkning", max_length=4000)
    objection = models.BooleanField("indsigelse", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "bemærkning til referatet"
        verbose_name_plural = "bemærkninger til referatet"

    def __str__(self) -> str:
        return self.text[:60]
