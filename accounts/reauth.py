"""Re-authentication before the secretariat's sensitive actions: publish an agenda, approve
minutes, change roles, remove a person. One decorator line per view."""

import time
from collections.abc import Callable
from functools import wraps

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def authenticated_recently(request: HttpRequest) -> bool:
    """Signed in, or confirmed with password or second factor, within the timeout (10 min)."""
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    limit = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(record.get("at", 0) >= limit for record in records)


def recent_authentication_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Ask for the password or second factor again (allauth keeps the POST and replays it)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if settings.DAP_REAUTHENTICATION_REQUIRED and not authenticated_recently(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper
