"""Cached pages for the morning of a meeting: what every member opens within minutes.

The meeting page's shared part is rendered once per (meeting version and last save, access
level, day) and shared by every viewer with that key while its committee's and the portfolio's
tokens stay the same (`meetings.changes.current`). It holds nothing of one user's own: the
page template (meeting_detail.html) renders each user's parts around its pieces (their links
and what is new since their visit, their note forms with their CSRF token), and the items'
change times travel as `data-` attributes that static/js/since-visit.js compares with the
user's last visit. The overview is cached per user, keyed by the versions of the meetings it
lists, the user's visits and roles and their committees' tokens. Writes never delete
anything: they bump `Meeting.version` (meetings.writes.touch, admin included), save the
meeting, or give a committee or the portfolio a new token; a key or token with the old value
is simply never asked for again.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from ..changes import current, keep, page_versions
from ..models import Meeting

# Long enough for the morning of a meeting; a new version makes a new key long before.
TIMEOUT = 6 * 3600
# The shape of what is kept (MeetingPage, ItemBlock): a release that changes it reads none of
# the pages an older release kept.
FORMAT = 3
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def micros(moment: dt.datetime) -> int:
    """A moment as whole microseconds since 1970 (UTC): exact in a JavaScript number, so the
    browser compares change times and the last visit as the server does."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class BilagNav:
    """A bilag the viewer may open, in agenda order: what the bilag viewer steps between."""

    pk: int
    label: str
    number: str  # "3.1"


@dataclass(frozen=True)
class ItemBlock:
    """One item of the shared page: its HTML before and after the place of the user's note."""

    pk: int
    anchor: str
    top: SafeString  # heading, facts, changes, bilag, sections, tables, next-meeting line
    decision: SafeString
    visible: bool  # its content is shown: the user may keep a note on it
    note_url: str  # where the user's note on it is saved
    # The note form of a user without a note on it, before and after their CSRF token.
    note_open: SafeString
    note_rest: SafeString


@dataclass
class MeetingPage:
    """The shared part of a meeting page, in pieces, and what each user's parts need."""

    head: SafeString  # status, title, downloads
    intro: SafeString  # notices, date and place, the agenda list, time plan
    blocks: list[ItemBlock] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)  # visible items, in order
    changes_at: dict[int, list[dt.datetime]] = field(default_factory=dict)  # per item
    # The last change members are told of (any item, seen or not): a visit after it is
    # recorded; one with nothing new since the recorded visit changes nothing it counts.
    last_public_change: dt.datetime | None = None
    # For the bilag viewer: the bilag one may open, and each item's anchor and heading.
    bilag: list[BilagNav] = field(default_factory=list)
    items: dict[int, dict[str, str]] = field(default_factory=dict)

    def new_since(self, last_seen: dt.datetime | None) -> int:
        """How many changes members are told of came after `last_seen` (0 on a first visit)."""
        if last_seen is None:
            return 0
        return sum(at > last_seen for moments in self.changes_at.values() for at in moments)


def _key(*parts: object) -> str:
    raw = ":".join(str(part) for part in parts)
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def meeting_page_key(meeting: Meeting, level: str) -> str:
    return _key(
        "meeting",
        FORMAT,
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
