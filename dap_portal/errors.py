"""The portal's error pages: Danish, in the portal's layout, with a way back.

A 404 says nothing of why: a meeting one may not see answers exactly as one that does not
exist (access.py). The 500 page is rendered without the request (no context processors: no
session, no user, no database), and falls back to a fixed page if even that fails.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FALLBACK_500 = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">'
    "<title>Fejl i DAP-portalen</title></head><body><h1>Der skete en fejl</h1>"
    "<p>Portalen kunne ikke vise siden. Prøv igen om lidt.</p>"
    '<p><a href="/">Gå til forsiden</a></p></body></html>'
)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, {"error_status": status}, status=status)


# What Django refuses before a view runs because a post is too large (DATA_UPLOAD_* limits).
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, TOO_LARGE):
        # The body was not read: the page must not read it either (no form, no session write).
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return render(request, "413.html", {"error_status": 413, "limit_mb": limit}, status=413)
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception's text is never shown: it could tell a hidden meeting from a missing one.
    return _page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        content = render_to_string("500.html", {"error_status": 500})
    except Exception:  # the error page must not fail in its turn
        logger.exception("500.html could not be rendered")
        content = FALLBACK_500
    return HttpResponseServerError(content)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that had grown too old (or from elsewhere): say what to do."""
    return _page(request, "403_csrf.html", 403)
