"""The second-factor step's forms: allauth's, with the lockout told in Danish with a time."""

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django.core.exceptions import ValidationError

from .adapters import locked_message, second_factor_lockout_key
from .models import SecurityEventKind
from .services import record_security_event


class LockoutInDanish:
    """After 5 wrong codes (allauth counts them per account) the step is locked like the
    password: the same message with the time it opens again, and a line in the security log."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            request = context.request
            record_security_event(
                request=request,
                kind=SecurityEventKind.LOCKED_OUT,
                user=self.user,
                detail="totrinsbekræftelse",
            )
            key = second_factor_lockout_key(self.user)
            raise ValidationError(
                locked_message(request, key), code="too_many_login_attempts"
            ) from None


class SecondFactorForm(LockoutInDanish, AuthenticateForm):
    """The code at sign-in."""


class SecondFactorReauthenticateForm(LockoutInDanish, ReauthenticateForm):
    """The code when confirming one's identity before a sensitive action."""
