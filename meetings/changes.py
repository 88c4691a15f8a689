"""A committee's last change beyond one meeting's own rows, as a token per committee.

A meeting's page and PDFs show more than the meeting: the next meeting's date and place
('Næste møde afholdes ...'), and what happened between meetings (`meetings.between`: written
procedures concluded since the previous meeting, follow-up actions and when they are due,
in the committee's chosen standing items); the overview shows each user's open procedures
and tasks. Every write of those (a meeting created, moved or cancelled; a procedure sent,
answered, closed or decided; an action created, closed or reopened; the standing items
chosen) calls `committee_changed()`, which gives the committee's token a new value once the
transaction commits. A cache key holding the token is then never asked for again; a token
the cache lost is made anew, so a lost token can only cause a miss, never a stale page.
"""

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction


def _key(committee_id: int) -> str:
    return f"committee:{committee_id}:version"


def committee_versions(committee_ids: Iterable[int]) -> dict[int, str]:
    """The tokens of these committees (one round trip to the cache when none is lost)."""
    ids = sorted(set(committee_ids))
    found = cache.get_many([_key(pk) for pk in ids])
    tokens = {}
    for pk in ids:
        token = found.get(_key(pk))
        if token is None:
            cache.add(_key(pk), uuid.uuid4().hex, timeout=None)
            token = cache.get(_key(pk)) or "lost"
        tokens[pk] = token
    return tokens


def committee_version(committee_id: int) -> str:
    return committee_versions([committee_id])[committee_id]


def committee_changed(committee_id: int) -> None:
    transaction.on_commit(lambda: cache.set(_key(committee_id), uuid.uuid4().hex, timeout=None))
