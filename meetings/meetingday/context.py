"""What the meeting day's pages read from the settings (a context processor)."""

from django.conf import settings
from django.http import HttpRequest


def follow_poll(request: HttpRequest) -> dict:
    """`follow_poll_seconds`: how often a member's meeting page and the room screen ask again."""
    return {"follow_poll_seconds": settings.DAP_FOLLOW_POLL_SECONDS}
