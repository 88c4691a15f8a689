"""The only way WeasyPrint fetches anything: the project's own static files, nothing else."""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("meetings.documents.render")

# In-memory files handed to the renderer by name (an image bilag as a page of a meeting pack).
RESOURCE_SCHEME = "dap-resource"


def static_roots() -> list[Path]:
    """The folders WeasyPrint may read from: the project's static files."""
    roots = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Serves the project's own static files to WeasyPrint and refuses every other URL.

    `resources` are in-memory files the portal itself hands over by name (an image bilag
    turned into a page of a meeting pack), under the `dap-resource:` scheme.
    """

    def __init__(self, *, resources: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols={"file", RESOURCE_SCHEME})
        self.roots = static_roots()
        self.resources = resources or {}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url in self.resources:
            content, content_type = self.resources[url]
            return URLFetcherResponse(url, content, {"Content-Type": content_type})
        parts = urlsplit(url)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(url2pathname(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
                )
        logger.warning("PDF-rendering: hentning af %r afvist", url[:200])
        # WeasyPrint catches this, leaves the resource out and goes on rendering.
        raise ValueError(f"Refused to fetch {url[:200]!r}: only the portal's static files")
