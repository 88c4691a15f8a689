"""The member's search page: everything the user may read (`member.search`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from projects.models import Project

from .. import access
from .search import Filters, fewer_words, search, searched_meetings

# --- Search -----------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Search everything the user may read: items, sections, decisions, bilag and their text."""
    query = request.GET.get("q", "")[:200]
    filters = Filters(
        committee=_int(request.GET.get("styregruppe")),
        year=_int(request.GET.get("aar")),
        project=_int(request.GET.get("projekt")),
    )
    hits = search(request.user, query, filters) if query.strip() else []
    committees = access.committees_of(request.user).order_by("short_name")
    years = sorted(
        {d.year for d in access.visible_meetings(request.user).dates("date", "year")},
        reverse=True,
    )
    projects = Project.objects.filter(
        programme__in=access.visible_programmes(request.user)
    ).order_by("name")
    nothing_found = bool(query.strip()) and not hits
    return render(
        request,
        "meetings/member/search.html",
        {
            "query": query,
            "hits": hits,
            "filters": filters,
            "filtered": bool(filters.committee or filters.year or filters.project),
            "searched_meetings": searched_meetings(request.user, filters) if nothing_found else 0,
            "suggestions": fewer_words(query) if nothing_found else [],
            "committees": committees,
            "years": years,
            "projects": projects,
        },
    )
