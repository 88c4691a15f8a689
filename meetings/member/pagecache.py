"""Cached pages for the morning of a meeting: what every member opens within minutes.

The meeting page's content is rendered once per (meeting version, portfolio version, access
level, day) and shared by every viewer with that key; what is each user's own (their notes,
what changed since their last visit, the pack button with its CSRF token) is left as a marker
in the cached HTML and filled in per request. The overview is cached per user, keyed by the
versions of the meetings it lists and the user's visits. Writes never delete anything: they
bump `Meeting.version` (meetings.writes.touch, admin included) or the portfolio's token
(projects.changes), and a key with the old value is simply never asked for again.
"""

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from projects.changes import portfolio_version

from ..changes import committee_version
from ..models import Meeting

# Long enough for the morning of a meeting; a new version makes a new key long before.
TIMEOUT = 6 * 3600
MARKER = re.compile(r"<!--dap:([a-z-]+)(?::(\d+))?-->")


@dataclass
class MeetingPage:
    """The shared part of a meeting page, and what the per-user parts need to be filled in."""

    content: str
    item_ids: list[int] = field(default_factory=list)  # visible items, in order
    changes_at: dict[int, list[dt.datetime]] = field(default_factory=dict)  # per item


def _key(*parts: object) -> str:
    raw = ":".join(str(part) for part in parts)
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def meeting_page_key(meeting: Meeting, level: str) -> str:
    return _key(
        "meeting",
        meeting.pk,
        meeting.version,
        meeting.status,
        meeting.updated_at.isoformat(),  # every save of the meeting row (publish, cancel, ...)
        committee_version(meeting.committee_id),  # next meeting, procedures, actions
        portfolio_version(),
        level,
        timezone.localdate().isoformat(),
        translation.get_language(),
    )


def meeting_page(key: str, build: Callable[[], MeetingPage]) -> MeetingPage:
    page = cache.get(key)
    if page is None:
        page = build()
        cache.set(key, page, TIMEOUT)
    return page


def overview_key(user_id: int, fingerprint: object) -> str:
    return _key(
        "overview",
        user_id,
        fingerprint,
        portfolio_version(),
        timezone.localdate().isoformat(),
        translation.get_language(),
    )


def cached_html(key: str, build: Callable[[], tuple[str, int]]) -> SafeString:
    """The HTML under `key`, or built: `build` returns it and how long it holds (seconds)."""
    html = cache.get(key)
    if html is None:
        html, timeout = build()
        html = str(html)
        if timeout > 0:
            cache.set(key, html, min(timeout, TIMEOUT))
    return mark_safe(html)  # noqa: S308  (our own rendered template output)


def fill(content: str, parts: Callable[[str, int | None], str]) -> SafeString:
    """The cached HTML with each `<!--dap:name[:id]-->` marker replaced by `parts(name, id)`."""
    html = MARKER.sub(lambda match: parts(match[1], int(match[2]) if match[2] else None), content)
    return mark_safe(html)  # noqa: S308  (our own templates' output, and the user's parts)
