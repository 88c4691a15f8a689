"""The only way WeasyPrint fetches anything: the project's own static files, nothing else.

Free of Django (the folders are given), so that the renderer `prestart` readies before Django
is set up can use it too; importing it imports WeasyPrint.
"""

import logging
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("meetings.documents.render")

RESOURCE_SCHEME = "dap-resource"


class StaticOnlyFetcher(URLFetcher):
    """Serves the project's own static files to WeasyPrint and refuses every other URL.

    `roots` are the static folders (by default the project's, from the settings);
    `resources` are in-memory files the portal itself hands over by name (an image bilag
    turned into a page of a meeting pack), under the `dap-resource:` scheme.
    """

    def __init__(
        self,
        *,
        roots: Iterable[Path | str] | None = None,
        resources: dict[str, tuple[bytes, str]] | None = None,
    ) -> None:
        super().__init__(allowed_protocols={"file", RESOURCE_SCHEME})
        if roots is None:
            from .render import static_roots  # in a Django process

            roots = static_roots()
        self.roots = [Path(root).resolve() for root in roots]
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
