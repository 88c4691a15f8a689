"""Views of the offline feature: the service worker and web app manifest at the site root, the
offline manifest of a meeting, what a device learns at each contact, notes sent in from a
device, the offline pages, and a logout that empties the browser's stores."""

import json

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import access
from ..member import services as notes
from . import selectors, services
from .context import config_for
from .forms import NoteSyncForm, PreferenceForm

# The design system's primary blue (DKFDS), and white behind the icon.
THEME_COLOUR = "#0059b3"
BACKGROUND_COLOUR = "#ffffff"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site root so that it may serve every page of the portal;
    its code is in static files, this only hands it the configuration."""
    config = {key: value for key, value in config_for(request).items() if key != "user"}
    scripts = ", ".join(
        json.dumps(static(name)) for name in ("js/offline-core.js", "js/offline-sw.js")
    )
    body = (
        "// The DAP portal's service worker: configuration, then its code (static files).\n"
        f"self.DAP_OFFLINE = {json.dumps(config)};\n"
        f"importScripts({scripts});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser must ask again at each check for a new worker (no stale copy in a cache).
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the portal can be installed on a tablet or a laptop."""
    icons = [
        {"src": static("img/offline/dap-icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        *(
            {
                "src": static(f"img/offline/dap-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in (192, 512)
        ),
        {
            "src": static("img/offline/dap-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    manifest = {
        "id": reverse("meetings:meeting_list"),
        "name": "DAP-portalen",
        "short_name": "DAP-møder",
        "description": "Styregruppens møder: dagsordener, bilag og beslutninger – også offline.",
        "lang": "da",
        "dir": "ltr",
        "start_url": reverse("meetings:meeting_list"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def meeting_manifest(request: HttpRequest, meeting_id: int) -> JsonResponse:
    """The URLs of one meeting this user's device may keep, with their versions."""
    meeting = get_object_or_404(
        access.visible_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    return _no_store(JsonResponse(selectors.meeting_manifest(request.user, meeting)))


@login_not_required
@require_GET
def status(request: HttpRequest) -> JsonResponse:
    """Asked by a device at each contact: a logged-out user (expired session) or a meeting no
    longer visible answers so that the device removes what it stored."""
    ids = [int(value) for value in request.GET.getlist("m") if value.isdigit()]
    return _no_store(JsonResponse(selectors.offline_status(request.user, ids)))


@require_POST
def note_sync(request: HttpRequest) -> JsonResponse:
    """A note written on a device, maybe offline. 409 with the stored text when the note was
    changed elsewhere since: the member chooses which to keep."""
    form = NoteSyncForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        return _no_store(JsonResponse({"status": "invalid", "message": errors}, status=400))
    data = form.cleaned_data
    if data["kind"] == "item":
        target = {
            "item": get_object_or_404(access.content_visible_items(request.user), pk=data["pk"])
        }
    else:
        target = {
            "bilag": get_object_or_404(access.content_visible_bilag(request.user), pk=data["pk"])
        }
    try:
        note = notes.note_save(
            user=request.user,
            text=data["text"],
            check_version=True,
            known_updated_at=data["base"],
            **target,
        )
    except notes.NoteConflict as conflict:
        theirs = conflict.note
        return _no_store(
            JsonResponse(
                {
                    "status": "conflict",
                    "server_text": theirs.text if theirs else "",
                    "server_updated_at": theirs.updated_at.isoformat() if theirs else "",
                },
                status=409,
            )
        )
    return _no_store(
        JsonResponse(
            {
                "status": "saved" if note else "deleted",
                "updated_at": note.updated_at.isoformat() if note else "",
                "text": note.text if note else "",
            }
        )
    )


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The meetings stored on this device (listed by the page script from the browser's
    store), the notes waiting to be sent, and the member's setting."""
    form = PreferenceForm(initial={"auto_store": selectors.auto_store_enabled(request.user)})
    return render(request, "meetings/offline/overview.html", {"form": form})


@require_GET
def unavailable(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker, offline, for a page that needs the server."""
    return render(request, "meetings/offline/unavailable.html", {})


@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    """Turn automatic storing of the next meetings on or off."""
    form = PreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent means off, nothing else can be wrong
    auto_store = bool(form.cleaned_data.get("auto_store"))
    services.offline_preference_set(user=request.user, auto_store=auto_store)
    messages.success(
        request,
        "Kommende møder hentes nu automatisk til offline."
        if auto_store
        else "Kommende møder hentes ikke længere automatisk. Møder, du har hentet, bliver på "
        "enheden, til du fjerner dem.",
    )
    return redirect("offline:overview")


_logout = allauth_views.logout


@login_not_required
def logout(request: HttpRequest) -> HttpResponse:
    """The portal's logout (allauth), telling the browser to empty Cache Storage, IndexedDB
    and its caches: stored meetings never outlive the session on a shared device."""
    response = _logout(request)
    if request.method == "POST":
        response["Clear-Site-Data"] = '"cache", "storage"'
    return response
