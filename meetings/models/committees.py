"""Committees and who sits on them, with which role."""

from django.conf import settings
from django.db import models

from projects.models import Programme


class Committee(models.Model):
    """A steering group (styregruppe) with its secretariat."""

    name = models.CharField("navn", max_length=200)
    short_name = models.CharField("kort navn", max_length=30, unique=True)
    secretariat = models.CharField("sekretariat", max_length=200, blank=True)
    # The programmes whose portfolio (projects, budgets) this committee oversees.
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="committees", verbose_name="programmer"
    )
    # The standing items (by title) whose text on the next agenda is followed by the
    # computed lines: concluded written procedures, and the follow-up on decisions.
    procedures_item_title = models.CharField(
        "punkt med skriftlige processer", max_length=300, default="Meddelelser", blank=True
    )
    actions_item_title = models.CharField(
        "punkt med opfølgning på beslutninger", max_length=300, default="Meddelelser", blank=True
    )
    # Minutes sent in høring are approved when the deadline passes without an objection
    # (stiltiende godkendelse); otherwise the chair approves them.
    minutes_tacit_approval = models.BooleanField("stiltiende godkendelse af referat", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "styregruppe"
        verbose_name_plural = "styregrupper"

    def __str__(self) -> str:
        return self.name

    @property
    def subject(self) -> str:
        """The committee's name without 'Styregruppen for': 'Digital Almen Praksis'."""
        for prefix in ("Styregruppen for ", "styregruppen for "):
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "Sekretariat"
    CHAIR = "chair", "Formand"
    MEMBER = "member", "Medlem"
    OBSERVER = "observer", "Observatør"


class Membership(models.Model):
    """A user's role in a committee; it decides what the user may see and do there."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rolle", max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["committee", "role", "user__username"]
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} i {self.committee.short_name}"
