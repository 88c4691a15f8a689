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
from typing import Any

from django.core.cache import cache
from django.db import transaction

from projects.changes import KEY as PORTFOLIO_KEY


def _key(committee_id: int) -> str:
    return f"committee:{committee_id}:version"


def _tokens(keys: list[str]) -> dict[str, str]:
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key) or "lost"
    return found


def page_versions(committee_ids: Iterable[int]) -> tuple[dict[int, str], str]:
    """(the committees' tokens, the portfolio's token) in one round trip: what a page or PDF
    shows beyond one meeting's own rows."""
    ids = sorted(set(committee_ids))
    found = _tokens([*(_key(pk) for pk in ids), PORTFOLIO_KEY])
    return {pk: found[_key(pk)] for pk in ids}, found[PORTFOLIO_KEY]


type Tokens = tuple[str, str]


def current(key: str, committee_id: int) -> tuple[Any, Tokens]:
    """What `keep` stored under `key` while the committee's and the portfolio's tokens were
    what they are now (None otherwise), and those tokens: one round trip to the cache.

    A page or PDF stored with older tokens is simply not current; `keep` replaces it."""
    committee_key = _key(committee_id)
    found = cache.get_many([key, committee_key, PORTFOLIO_KEY])
    if found.get(committee_key) is None or found.get(PORTFOLIO_KEY) is None:
        made = _tokens([committee_key, PORTFOLIO_KEY])  # lost: nothing stored is current
        return None, (made[committee_key], made[PORTFOLIO_KEY])
    tokens = (found[committee_key], found[PORTFOLIO_KEY])
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == tokens:
        return entry[1], tokens
    return None, tokens


def keep(key: str, tokens: Tokens, value: Any, timeout: int) -> None:
    """Store `value` as current while the tokens `current` gave stay what they are."""
    cache.set(key, (tokens, value), timeout)


def committee_changed(committee_id: int) -> None:
    transaction.on_commit(lambda: cache.set(_key(committee_id), uuid.uuid4().hex, timeout=None))
