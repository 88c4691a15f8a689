"""Cached pages for the morning of a meeting: what every member opens within minutes.

The meeting page's content is rendered once per (meeting version and last save, access level,
day) and shared by every viewer with that key while its committee's and the portfolio's tokens
stay the same (`meetings.changes.current`); what is each user's own (their notes, what changed
since their last visit, their CSRF token) is left as a marker in the cached HTML and filled in
per request, without building any HTML but the user's own notes. The overview is cached per
user, keyed by the versions of the meetings it lists, the user's visits and roles and their
committees' tokens. Writes never delete anything: they bump `Meeting.version`
(meetings.writes.touch, admin included), save the meeting, or give a committee or the
portfolio a new token; a key or token with the old value is simply never asked for again.
"""

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from ..changes import current, keep, page_versions
from ..models import Meeting

# Long enough for the morning of a meeting; a new version makes a new key long before.
TIMEOUT = 6 * 3600
MARKER = re.compile(r"<!--/?dap:([a-z-]+)(?::(\d+))?-->")
# A span the user's own version replaces when they have one (their note on an item).
SPAN = re.compile(r"<!--dap:(note):(\d+)-->.*?<!--/dap:note-->", re.S)
# Stands for the CSRF token while the shared part is rendered: random, so no text can hold it.
CSRF_SENTINEL = "dapcsrf" + secrets.token_hex(16)
CSRF_MARKER = "<!--dap:csrf-->"


@dataclass(frozen=True)
class BilagNav:
    """A bilag the viewer may open, in agenda order: what the bilag viewer steps between."""

    pk: int
    label: str
    number: str  # "3.1"


@dataclass
class MeetingPage:
    """The shared part of a meeting page, and what the per-user parts need to be filled in."""

    content: str
    item_ids: list[int] = field(default_factory=list)  # visible items, in order
    changes_at: dict[int, list[dt.datetime]] = field(default_factory=dict)  # per item
    # The last change members are told of (any item, seen or not): a visit after it is
    # recorded; one with nothing new since the recorded visit changes nothing it counts.
    last_public_change: dt.datetime | None = None
    # For the bilag viewer: the bilag one may open, and each item's anchor and heading.
    bilag: list[BilagNav] = field(default_factory=list)
    items: dict[int, dict[str, str]] = field(default_factory=dict)
    # The page as most members get it (nothing new since their visit, no notes): only the
    # CSRF token is left to fill in (`plain`).
    plain: str = ""


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
        level,
        timezone.localdate().isoformat(),
        translation.get_language(),
    )


def meeting_page(meeting: Meeting, key: str, build: Callable[[], MeetingPage]) -> MeetingPage:
    """The page under `key`, current with its committee's tokens (the next meeting,
    procedures and actions) and the portfolio's (budgets); else built and kept."""
    page, tokens = current(key, meeting.committee_id)
    if page is None:
        page = build()
        keep(key, tokens, page, TIMEOUT)
    return page


def overview_key(user_id: int, fingerprint: object, committee_ids: set[int]) -> str:
    """The user's overview as their meetings, visits and roles (`fingerprint`) and their
    committees' and the portfolio's tokens stand."""
    committees, portfolio = page_versions(committee_ids)
    return _key(
        "overview",
        user_id,
        fingerprint,
        sorted(committees.items()),
        portfolio,
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


def plain(content: str, meeting: Meeting) -> str:
    """`content` filled in for a member with nothing new since their visit and no notes,
    but for the CSRF token: their page is then one `str.replace` away."""
    links = render_to_string(
        "meetings/member/_member_meeting_links.html",
        {"meeting": meeting, "last_seen": None, "new_since_visit": 0},
    )

    def part(match: re.Match) -> str:
        if match[1] == "csrf":
            return match[0]
        return links if match[1] == "member-links" else ""

    return MARKER.sub(part, content)


def shared(html: str) -> str:
    """Rendered with `CSRF_SENTINEL` as the CSRF token: the token becomes a marker."""
    return html.replace(CSRF_SENTINEL, CSRF_MARKER)


def fill(
    content: str,
    parts: Callable[[str, int | None], str],
    own: dict[str, Callable[[int], str | None]] | None = None,
) -> SafeString:
    """The cached HTML with each `<!--dap:name[:id]-->` marker replaced by `parts(name, id)`.

    `own[name](id)` gives the user's own version of a `<!--dap:name:id-->...<!--/dap:name-->`
    span (None keeps the shared one); the markers themselves then go through `parts` too.
    """
    if own:

        def replace(match: re.Match) -> str:
            mine = own[match[1]](int(match[2])) if match[1] in own else None
            return match[0] if mine is None else mine

        content = SPAN.sub(replace, content)
    html = MARKER.sub(lambda match: parts(match[1], int(match[2]) if match[2] else None), content)
    return mark_safe(html)  # noqa: S308  (our own templates' output, and the user's parts)
