"""Reads of the portfolio: programmes with their projects and latest status, a project's
history; each in a fixed number of queries whatever the number of rows."""

from django.db.models import Prefetch, QuerySet

from .models import PortfolioChange, Programme, Project, StatusReport


def latest_report(project: Project) -> StatusReport | None:
    """The newest status report of a project fetched through `programmes_with_projects`."""
    reports = getattr(project, "latest_reports", None)
    if reports is None:
        return project.status_reports.order_by("-date").first()
    return reports[0] if reports else None


def programmes_with_projects(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """The programmes with their projects, each with only its latest status report."""
    # A sliced prefetch fetches the newest report of every project in one query (a window
    # function), however many reports each project has.
    latest = StatusReport.objects.order_by("project_id", "-date")
    return programmes.prefetch_related(
        Prefetch(
            "projects",
            queryset=Project.objects.order_by("name").prefetch_related(
                Prefetch("status_reports", queryset=latest[:1], to_attr="latest_reports")
            ),
        )
    )


def project_for_page(projects: QuerySet[Project], project_id: int) -> Project | None:
    """A project with its programme and its status reports, newest first, or None."""
    return (
        projects.select_related("programme")
        .prefetch_related(
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.select_related("created_by").order_by("-date"),
                to_attr="reports",
            )
        )
        .filter(pk=project_id)
        .first()
    )


def changes_of(subject_type: str, subject_id: int, *, limit: int = 50) -> list[PortfolioChange]:
    """The newest changes recorded for a project or budget page."""
    return list(
        PortfolioChange.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
