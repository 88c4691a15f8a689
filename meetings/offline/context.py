"""What every page hands the offline page script (through a meta tag, not an inline script)."""

import json
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from . import selectors


@lru_cache(maxsize=16)
def _urls(script_prefix: str) -> dict[str, str]:
    """The URLs of the configuration: the same on every request under one script prefix."""
    return {
        "sw": reverse("offline:service_worker"),
        "status": reverse("offline:status"),
        "notes": reverse("offline:note_sync"),
        "manifestPattern": reverse("offline:meeting_manifest", args=[0]),
        "overview": reverse("offline:overview"),
        "unavailable": reverse("offline:unavailable"),
        "meetings": reverse("meetings:meeting_list"),
        "login": reverse("login"),
    }


def config_for(request: HttpRequest) -> dict:
    """URLs, the logged-in user and limits, for the page script and the service worker."""
    user = getattr(request, "user", None)
    return {
        "user": user.pk if user is not None and user.is_authenticated else None,
        **_urls(get_script_prefix()),
        # The prefix, not static(""): the manifest storage has no entry for an empty name.
        "static": settings.STATIC_URL,
        "maxAgeDays": selectors.max_age_days(),
    }


def offline(request: HttpRequest) -> dict:
    """Context processor: the configuration as JSON for `meetings/offline/_head.html`."""
    return {
        "offline_config_json": json.dumps(config_for(request)),
        "offline_max_age_days": selectors.max_age_days(),
    }
