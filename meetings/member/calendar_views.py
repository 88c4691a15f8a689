"""Calendars: a meeting as .ics, and the user's personal calendar feed (renewable URL)."""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.reauth import recent_authentication_required

from .. import access
from ..calendar import calendar_for, meeting_ics
from ..models import (
    CalendarFeed,
)
from . import services as notes

# --- Calendars --------------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One meeting as an .ics file, for a user who may see the meeting."""
    meeting = get_object_or_404(
        access.visible_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    return _ics(meeting_ics(meeting, base_url=_base_url(request)), f"moede-{meeting.pk}.ics")


FEED_PAST = dt.timedelta(days=366)


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's personal feed (no login: the secret token is the key; a wrong one is 404).

    Only the meetings, never agenda content: a feed is read by calendar programs that others
    may see, so events carry date, time, place, title and a link behind the login.
    """
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token_hash=CalendarFeed.hash_token(token)
    )
    user = feed.user
    if not user.is_active:
        raise Http404
    since = timezone.localdate() - FEED_PAST
    meetings = (
        access.visible_meetings(user)
        .filter(date__gte=since)
        .select_related("committee")
        .order_by("date", "start_time")
    )
    content = calendar_for(
        meetings, base_url=_base_url(request), name="DAP-møder", with_details=False
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# The new feed URL travels from the POST to the page that shows it once, in the session.
_NEW_FEED_URL = "member.new_calendar_feed_url"


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The user's feed URL to copy into a calendar program, and a button to renew it.

    Only a hash of the token is stored, so the URL is shown once: right after it was made.
    """
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.session.pop(_NEW_FEED_URL, "") if feed else ""
    response = render(
        request, "meetings/member/member_calendar.html", {"feed": feed, "feed_url": url}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@recent_authentication_required
def calendar_renew(request: HttpRequest) -> HttpResponse:
    """Make the feed URL (first time) or replace it with a new one (the old one stops)."""
    token = notes.calendar_feed_renew(user=request.user)
    request.session[_NEW_FEED_URL] = request.build_absolute_uri(
        reverse("member:calendar_feed", args=[token])
    )
    return redirect("member:calendar_page")
