"""Session limits (idle and absolute) and the enforced enrolment of a second factor."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.usersessions import app_settings as usersessions_settings
from allauth.usersessions.middleware import UserSessionsMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from . import policy
from .models import SecurityEventKind
from .services import record_security_event

SIGNED_IN_AT_KEY = "dap_signed_in_at"
LAST_SEEN_KEY = "dap_last_seen"
# Saving the session on every request costs a write; a minute's precision is plenty.
LAST_SEEN_RESOLUTION = 60


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def session_timeouts(get_response: Callable[[HttpRequest], HttpResponse]):
    """End a session after DAP_SESSION_IDLE_SECONDS without a request, or after
    DAP_SESSION_ABSOLUTE_SECONDS since sign-in, whatever the activity."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = time.time()
            signed_in_at = session.get(SIGNED_IN_AT_KEY)
            last_seen = session.get(LAST_SEEN_KEY)
            idle = last_seen is not None and now - last_seen > settings.DAP_SESSION_IDLE_SECONDS
            expired = (
                signed_in_at is not None
                and now - signed_in_at > settings.DAP_SESSION_ABSOLUTE_SECONDS
            )
            if idle or expired:
                record_security_event(
                    request=request,
                    kind=SecurityEventKind.SESSION_TIMEOUT,
                    user=user,
                    detail="inaktiv" if idle else "maksimal varighed",
                )
                logout(request)
                messages.info(
                    request,
                    "Du er blevet logget ud, fordi du har været inaktiv i for lang tid. "
                    "Log ind igen."
                    if idle
                    else "Du er blevet logget ud, fordi din session var udløbet. Log ind igen.",
                )
                login_url = reverse("login")
                target = f"{login_url}?{urlencode({'next': request.get_full_path()})}"
                return _redirect(request, target)
            if signed_in_at is None:
                session[SIGNED_IN_AT_KEY] = now
            if last_seen is None or now - last_seen > LAST_SEEN_RESOLUTION:
                session[LAST_SEEN_KEY] = now
        return get_response(request)

    return middleware


TRACKED_KEY = "dap_session_tracked"


def session_client(request: HttpRequest) -> list[str]:
    """The IP address and browser allauth records for a session."""
    try:
        ip = get_adapter().get_client_ip(request)
    except Exception:  # a request without an address (a test client's sign-in)
        ip = ""
    return [ip or "", request.META.get("HTTP_USER_AGENT", "")[:200]]


def mark_tracked(request: HttpRequest) -> None:
    """allauth has just recorded the session (at sign-in): the next minute needs no write."""
    request.session[TRACKED_KEY] = [time.time(), *session_client(request)]


def _tracking_due(request: HttpRequest) -> bool:
    """A signed-in session not tracked within the last minute, or from a new IP or browser."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if not (
        usersessions_settings.TRACK_ACTIVITY
        and user is not None
        and user.is_authenticated
        and session is not None
    ):
        return False
    client = session_client(request)
    tracked = session.get(TRACKED_KEY) or [0, None, None]
    now = time.time()
    if tracked[1:] == client and now - tracked[0] <= LAST_SEEN_RESOLUTION:
        return False
    session[TRACKED_KEY] = [now, *client]
    return True


def user_sessions(get_response: Callable[[HttpRequest], HttpResponse]):
    """allauth's UserSessionsMiddleware ("Mine sessioner": last seen, IP, browser), passed
    through at most once a minute per session while the client stays the same.

    allauth's middleware writes the session's row on every request (five queries in a
    transaction); a page served from the cache would cost more for it than for itself. A new
    IP address or browser still goes through it on the request it shows up on, so allauth's
    `session_client_changed` fires as before; "last seen" is then exact to the minute.
    """
    tracking = UserSessionsMiddleware(get_response)

    def middleware(request: HttpRequest) -> HttpResponse:
        if _tracking_due(request):
            return tracking(request)
        return get_response(request)

    return middleware


def _enrolment_allowed(path: str) -> bool:
    # Besides enrolment itself: log-out, and what every page loads in the background (the
    # service worker, its status check, the manifest), which a redirect to an HTML page only
    # breaks (console errors on every page, a worker that cannot update).
    exact = (
        reverse("offline:service_worker"),
        reverse("offline:status"),
        reverse("offline:web_manifest"),
    )
    if path in exact:
        return True
    allowed = (
        reverse("mfa_index"),
        reverse("logout"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        "/konto/reauthenticate/",
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
    )
    return path.startswith(allowed)


def second_factor_enrolment(get_response: Callable[[HttpRequest], HttpResponse]):
    """A user who must have a second factor and has none can do nothing but enrol one."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.DAP_REQUIRE_SECOND_FACTOR
            and not request.session.get(policy.PROVIDER_MFA_SESSION_KEY)
            # Signed in with a second factor: it is there; no look-up on each request then.
            and not policy.signed_in_with_second_factor(request)
            and not _enrolment_allowed(request.path)
            and policy.must_use_second_factor(user)
            and not policy.has_second_factor(user)
        ):
            messages.warning(
                request,
                "Du skal slå totrinsbekræftelse til, før du kan bruge portalen. Vælg en "
                "godkendelsesapp eller en sikkerhedsnøgle.",
            )
            return _redirect(request, reverse("mfa_index"))
        return get_response(request)

    return middleware
