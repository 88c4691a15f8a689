"""People of a committee: invitations, and which roles must sign in with two factors."""

from django.conf import settings
from django.db import models

from .committees import Committee, Role


class CommitteeSignInRule(models.Model):
    """Which roles of a committee must use a second factor (the secretariat always must)."""

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="signin_rule", verbose_name="styregruppe"
    )
    second_factor_roles = models.JSONField(
        "roller med krav om totrinsbekræftelse", default=list, blank=True
    )

    class Meta:
        verbose_name = "krav til log ind"
        verbose_name_plural = "krav til log ind"

    def __str__(self) -> str:
        return f"Krav til log ind i {self.committee.short_name}"


class Invitation(models.Model):
    """A single-use link that lets an invited person choose a password (or use the
    organisation's log-in) and then enrol a second factor."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="invitations", verbose_name="styregruppe"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name="bruger",
    )
    email = models.EmailField("e-mail")
    role = models.CharField("rolle", max_length=20, choices=Role.choices)
    # Only the SHA-256 of the token is kept: a copy of the database cannot be used to sign in.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="inviteret af",
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    expires_at = models.DateTimeField("udløber")
    used_at = models.DateTimeField("brugt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "invitation"
        verbose_name_plural = "invitationer"

    def __str__(self) -> str:
        return f"Invitation til {self.email} ({self.committee.short_name})"
