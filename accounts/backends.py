"""allauth's authentication backend, with the portal's rule for addresses as sign-in names."""

from allauth.account import auth_backends
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from . import selectors


class AuthenticationBackend(auth_backends.AuthenticationBackend):
    """An address signs in only once it is verified (or is the user's e-mail as the
    secretariat or an administrator entered it): one added from a stolen session is no
    sign-in name until the link sent to it is followed."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, **credentials
    ) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        login = (credentials.get("email") or credentials.get("username") or "").strip()
        if (
            user is not None
            and "@" in login
            and login.lower() != user.get_username().lower()
            and selectors.address_owner(login) != user
        ):
            return None
        return user
