"""The password-reset token: allauth's idea (the user's addresses are part of it, so a changed
address ends an outstanding link) without its side effect of writing an address record."""

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ResetTokenGenerator(PasswordResetTokenGenerator):
    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        emails = set(EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True))
        if getattr(user, "email", ""):
            emails.add(user.email)
        return super()._make_hash_value(user, timestamp) + "|".join(sorted(emails))
