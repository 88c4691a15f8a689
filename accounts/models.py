"""The security log: sign-ins, failures, lockouts, factors, addresses and password changes,
with IP."""

from django.conf import settings
from django.db import models


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "Logget ind"
    LOGIN_FAILED = "login_failed", "Forkert adgangskode"
    LOCKED_OUT = "locked_out", "Spærret efter for mange forsøg"
    LOGOUT = "logout", "Logget ud"
    SECOND_FACTOR_FAILED = "mfa_failed", "Forkert kode til totrinsbekræftelse"
    FACTOR_ADDED = "factor_added", "Totrinsbekræftelse tilføjet"
    FACTOR_REMOVED = "factor_removed", "Totrinsbekræftelse fjernet"
    PASSWORD_CHANGED = "password_changed", "Adgangskode ændret"
    PASSWORD_RESET = "password_reset", "Adgangskode nulstillet"
    PASSWORD_SET = "password_set", "Adgangskode valgt"
    SESSION_TIMEOUT = "session_timeout", "Logget ud efter inaktivitet"
    SESSIONS_ENDED = "sessions_ended", "Andre sessioner afsluttet"
    PROVIDER_REFUSED = "provider_refused", "Log ind via organisationen afvist"
    INVITED = "invited", "Inviteret"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation brugt"
    INVITATION_REFUSED = "invitation_refused", "Invitation afvist"
    ROLE_CHANGED = "role_changed", "Rolle ændret"
    REMOVED = "removed", "Fjernet fra styregruppe"
    EMAIL_ADDED = "email_added", "E-mailadresse tilføjet (ikke bekræftet)"
    EMAIL_CONFIRMED = "email_confirmed", "E-mailadresse bekræftet"
    EMAIL_CHANGED = "email_changed", "E-mailadresse skiftet"
    EMAIL_REMOVED = "email_removed", "E-mailadresse fjernet"
    RESET_REFUSED = "reset_refused", "Nulstilling afvist"
    UNLOCKED = "unlocked", "Spærring ophævet"


class SecurityEvent(models.Model):
    """One security-relevant event of a user (or of an attempt at a user name), with IP."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name="bruger",
    )
    # What was typed at the sign-in form, kept for failures where no user matched.
    login = models.CharField("angivet brugernavn", max_length=254, blank=True)
    kind = models.CharField("hændelse", max_length=30, choices=SecurityEventKind.choices)
    detail = models.CharField("detaljer", max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP-adresse", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=300, blank=True)
    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "sikkerhedshændelse"
        verbose_name_plural = "sikkerhedshændelser"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.user or self.login} – {self.at:%Y-%m-%d %H:%M}"
