"""A member's own things: private notes, when they last opened a meeting, their calendar feed.

Services in the house style (keyword-only, typed, atomic, validated). Whether the user may
see the item or bilag a note is about is decided by the view through `meetings.access`.
"""

import datetime as dt
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dap_portal import danish

from ..models import AgendaItem, Bilag, CalendarFeed, Meeting, MeetingVisit, PrivateNote

MAX_NOTE_CHARS = 10_000


class NoteConflict(Exception):
    """The note was changed elsewhere since the version the user edited (offline notes)."""

    def __init__(self, note: PrivateNote | None) -> None:
        super().__init__("Noten er ændret et andet sted.")
        self.note = note


@transaction.atomic
def note_save(
    *,
    user: AbstractBaseUser,
    text: str,
    item: AgendaItem | None = None,
    bilag: Bilag | None = None,
    check_version: bool = False,
    known_updated_at: dt.datetime | None = None,
) -> PrivateNote | None:
    """Keep the user's note on an item or a bilag; an empty text deletes it (returns None).

    With `check_version`, a note written from `known_updated_at` (None: there was no note)
    is refused with `NoteConflict` when the stored note has moved on to another text.
    """
    if (item is None) == (bilag is None):
        raise ValueError("En note hører til enten et punkt eller et bilag.")
    text = text.strip()
    if len(text) > MAX_NOTE_CHARS:
        raise ValidationError(
            f"Noten er for lang: {danish.thousands(len(text))} tegn. Den må højst have "
            f"{danish.thousands(MAX_NOTE_CHARS)} tegn. Den er ikke gemt; "
            "gør den kortere, og gem igen."
        )
    target = {"item": item} if item is not None else {"bilag": bilag}
    note = PrivateNote.objects.select_for_update().filter(user=user, **target).first()
    if check_version:
        current = note.updated_at if note is not None else None
        if current != known_updated_at and (note.text if note is not None else "") != text:
            raise NoteConflict(note)
    if not text:
        if note is not None:
            note.delete()
        return None
    if note is None:
        note = PrivateNote(user=user, **target)
    note.text = text
    note.full_clean()
    note.save()
    return note


def visit_record(*, user: AbstractBaseUser, meeting: Meeting) -> MeetingVisit:
    """Remember that the user has now seen the meeting (what is new is counted from here)."""
    now = timezone.now()
    # One UPDATE on every view after the first (the meeting page records a visit each time).
    if MeetingVisit.objects.filter(user=user, meeting=meeting).update(last_seen_at=now):
        return MeetingVisit(user=user, meeting=meeting, last_seen_at=now)
    [visit] = MeetingVisit.objects.bulk_create(
        [MeetingVisit(user=user, meeting=meeting, last_seen_at=now)],
        update_conflicts=True,  # a second tab's first view in the same instant
        unique_fields=["user", "meeting"],
        update_fields=["last_seen_at"],
    )
    return visit


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_renew(*, user: AbstractBaseUser) -> str:
    """Make the user's feed, or give it a new token (the old URL stops working at once).

    Returns the new token: only its hash is stored, so this is the one moment it is known.
    """
    token = _new_token()
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
    else:
        feed.renewed_at = timezone.now()
    feed.token_hash = CalendarFeed.hash_token(token)
    feed.full_clean()
    feed.save()
    return token
