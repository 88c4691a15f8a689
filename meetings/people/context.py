"""The menu's "Personer" entry: where the secretariat invites people (meetings.access decides)."""

from functools import cache

from django.http import HttpRequest
from django.urls import reverse

from meetings import access


def people_url_for(request: HttpRequest) -> str:
    """The people page of the one committee the user runs, the list when several, or ""."""
    # The committees the user runs (`runs_committee`), from the memberships the request has
    # read already for the second-factor rule (`access.seats`).
    ids = access.run_committee_ids(request.user)[:2]
    if not ids:
        return ""
    if len(ids) == 1:
        return reverse("people:list", args=[ids[0]])
    return reverse("people:index")


def people(request: HttpRequest) -> dict:
    """Context processor: `people_url`, asked of the database only when the menu is drawn."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"people_url": cache(lambda: people_url_for(request))}
