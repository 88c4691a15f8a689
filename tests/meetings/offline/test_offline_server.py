"""The server side of offline reading (issue 16): what a device may keep, what it learns at
each contact, notes sent in from a device, the web app manifest, the service worker, and a
logout that empties the browser's stores."""

import datetime as dt
import json

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from meetings.member import services as notes
from meetings.models import (
    AgendaItem,
    MeetingVisit,
    Membership,
    OfflinePreference,
    PrivateNote,
    Role,
)
from meetings.offline import selectors
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db

CLOSED = "Forhandlingsoplæg om licenspriser"


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def meeting(dap):
    """A meeting with an open item and bilag, a closed item with its bilag, and a
    confidential bilag on the open item."""
    meeting = MeetingFactory(committee=dap, published_at=timezone.now())
    open_item = AgendaItemFactory(meeting=meeting, title="Status")
    closed_item = AgendaItemFactory(meeting=meeting, title="Indkøb", confidential=True)
    ItemSectionFactory(item=closed_item, html=f"<p>{CLOSED}</p>")
    meeting.open_bilag = BilagFactory(item=open_item, with_file=True)
    meeting.secret_bilag = BilagFactory(item=open_item, with_file=True, confidential=True)
    meeting.closed_bilag = BilagFactory(item=closed_item, with_file=True)
    return meeting


def urls_of(manifest: dict) -> set[str]:
    return {entry["url"] for entry in manifest["entries"]}


def bilag_urls(bilag) -> set[str]:
    return {
        reverse("meetings:bilag_view", args=[bilag.pk]),
        reverse("meetings:bilag_inline", args=[bilag.pk]),
        reverse("meetings:bilag_download", args=[bilag.pk]),
    }


def test_the_manifest_lists_what_a_member_may_read(client, dap, meeting):
    client.force_login(member(dap, Role.MEMBER))
    response = client.get(reverse("offline:meeting_manifest", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    manifest = response.json()
    urls = urls_of(manifest)
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in urls
    assert reverse("meetings:agenda_pdf", args=[meeting.pk]) in urls
    assert reverse("meetings:meeting_notes", args=[meeting.pk]) in urls
    for bilag in (meeting.open_bilag, meeting.secret_bilag, meeting.closed_bilag):
        assert bilag_urls(bilag) <= urls
    assert "/static/vendor/pdfjs-dist/build/pdf.worker.min.mjs" in manifest["shell"]


def test_an_observers_manifest_has_no_closed_item_or_bilag(client, dap, meeting):
    client.force_login(member(dap, Role.OBSERVER))
    urls = urls_of(client.get(reverse("offline:meeting_manifest", args=[meeting.pk])).json())
    assert bilag_urls(meeting.open_bilag) <= urls
    assert not bilag_urls(meeting.secret_bilag) & urls
    assert not bilag_urls(meeting.closed_bilag) & urls
    # The meeting page the device stores is the observer's: the closed item's text is not in it.
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert CLOSED not in page


def test_a_meeting_one_may_not_see_has_no_manifest(client, dap, meeting):
    client.force_login(UserFactory())
    assert client.get(reverse("offline:meeting_manifest", args=[meeting.pk])).status_code == 404
    draft = MeetingFactory(committee=dap, draft=True)
    client.force_login(member(dap, Role.MEMBER))
    assert client.get(reverse("offline:meeting_manifest", args=[draft.pk])).status_code == 404


def test_a_new_bilag_version_changes_only_what_it_touches(dap, meeting):
    user = member(dap, Role.MEMBER)
    before = selectors.meeting_manifest(user, meeting)
    bilag = meeting.open_bilag
    bilag.sha256 = "0" * 64
    bilag.version += 1
    bilag.save()
    after = selectors.meeting_manifest(user, meeting)
    assert after["version"] != before["version"]
    old = {e["url"]: e["version"] for e in before["entries"]}
    new = {e["url"]: e["version"] for e in after["entries"]}
    changed = {url for url in new if new[url] != old.get(url)}
    assert reverse("meetings:bilag_download", args=[bilag.pk]) in changed
    assert reverse("meetings:bilag_download", args=[meeting.secret_bilag.pk]) not in changed
    assert reverse("meetings:agenda_pdf", args=[meeting.pk]) not in changed


def test_the_status_tells_a_device_what_was_lost(client, dap, meeting):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    url = reverse("offline:status")
    status = client.get(url, {"m": [meeting.pk, 999999]}).json()
    assert status["user"] == user.pk
    assert status["meetings"] == {
        str(meeting.pk): selectors.meeting_manifest(user, meeting)["version"],
        "999999": None,
    }
    Membership.objects.filter(user=user).delete()
    assert client.get(url, {"m": meeting.pk}).json()["meetings"] == {str(meeting.pk): None}
    client.logout()
    response = client.get(url, {"m": meeting.pk})
    assert response.status_code == 200  # answered, not redirected: the device must hear it
    assert response.json()["user"] is None


def test_meetings_of_the_next_14_days_are_stored_unless_the_member_says_no(client, dap):
    user = member(dap, Role.MEMBER)
    today = timezone.localdate()
    soon = MeetingFactory(
        committee=dap, date=today + dt.timedelta(days=3), published_at=timezone.now()
    )
    MeetingFactory(committee=dap, date=today + dt.timedelta(days=20), published_at=timezone.now())
    MeetingFactory(committee=dap, date=today + dt.timedelta(days=2), draft=True)
    MeetingFactory(committee=dap, date=today - dt.timedelta(days=1), published_at=timezone.now())
    client.force_login(user)
    assert client.get(reverse("offline:status")).json()["auto"] == [soon.pk]

    response = client.post(reverse("offline:preference"), {})
    assert response.status_code == 302
    assert OfflinePreference.objects.get(user=user).auto_store is False
    assert client.get(reverse("offline:status")).json()["auto"] == []
    page = client.get(reverse("offline:overview")).text
    assert "checked" not in page.split('name="auto_store"')[1].split(">")[0]
    client.post(reverse("offline:preference"), {"auto_store": "on"})
    assert client.get(reverse("offline:status")).json()["auto"] == [soon.pk]


@override_settings(DAP_OFFLINE_MAX_AGE_DAYS=7)
def test_the_expiry_is_a_setting(client, dap):
    client.force_login(member(dap, Role.MEMBER))
    assert client.get(reverse("offline:status")).json()["max_age_days"] == 7
    sw = client.get(reverse("offline:service_worker")).text
    assert '"maxAgeDays": 7' in sw


# --- Notes sent in from a device ---------------------------------------------------------------


def test_a_note_written_offline_is_saved(client, dap, meeting):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    item = AgendaItem.objects.get(meeting=meeting, title="Status")
    response = client.post(
        reverse("offline:note_sync"),
        {"kind": "item", "pk": item.pk, "text": "Fra toget", "base": ""},
    )
    assert response.status_code == 200
    note = PrivateNote.objects.get(user=user, item=item)
    assert note.text == "Fra toget"
    assert response.json() == {
        "status": "saved",
        "updated_at": note.updated_at.isoformat(),
        "text": "Fra toget",
    }


def test_a_note_changed_elsewhere_meanwhile_is_a_conflict(client, dap, meeting):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    bilag = meeting.open_bilag
    first = notes.note_save(user=user, bilag=bilag, text="Første udgave")
    base = first.updated_at.isoformat()
    notes.note_save(user=user, bilag=bilag, text="Ændret på tablet")
    response = client.post(
        reverse("offline:note_sync"),
        {"kind": "bilag", "pk": bilag.pk, "text": "Ændret offline på laptop", "base": base},
    )
    assert response.status_code == 409
    data = response.json()
    assert data["status"] == "conflict"
    assert data["server_text"] == "Ændret på tablet"
    # Nothing changed; the member chooses. Keeping theirs: send it again from the new version.
    assert PrivateNote.objects.get(user=user, bilag=bilag).text == "Ændret på tablet"
    response = client.post(
        reverse("offline:note_sync"),
        {
            "kind": "bilag",
            "pk": bilag.pk,
            "text": "Ændret offline på laptop",
            "base": data["server_updated_at"],
        },
    )
    assert response.status_code == 200
    assert PrivateNote.objects.get(user=user, bilag=bilag).text == "Ændret offline på laptop"


def test_the_same_text_from_two_devices_is_no_conflict(dap, meeting):
    user = member(dap, Role.MEMBER)
    bilag = meeting.open_bilag
    notes.note_save(user=user, bilag=bilag, text="Samme tekst")
    saved = notes.note_save(
        user=user, bilag=bilag, text="Samme tekst", check_version=True, known_updated_at=None
    )
    assert saved.text == "Samme tekst"
    with pytest.raises(notes.NoteConflict):
        notes.note_save(
            user=user, bilag=bilag, text="Anden tekst", check_version=True, known_updated_at=None
        )


def test_a_note_on_what_one_may_not_read_is_refused(client, dap, meeting):
    client.force_login(member(dap, Role.OBSERVER))
    closed_item = AgendaItem.objects.get(meeting=meeting, title="Indkøb")
    url = reverse("offline:note_sync")
    assert client.post(url, {"kind": "item", "pk": closed_item.pk, "text": "x"}).status_code == 404
    secret = meeting.secret_bilag
    assert client.post(url, {"kind": "bilag", "pk": secret.pk, "text": "x"}).status_code == 404
    bad = client.post(url, {"kind": "item", "pk": closed_item.pk, "text": "x", "base": "i går"})
    assert bad.status_code == 400
    assert bad.json()["message"] == "Notens version kunne ikke læses."
    assert not PrivateNote.objects.exists()


# --- Installable, the worker, logout ------------------------------------------------------------


def test_the_web_app_manifest_is_valid_and_linked(client, dap):
    client.force_login(member(dap, Role.MEMBER))
    page = client.get(reverse("meetings:meeting_list")).text
    assert f'<link rel="manifest" href="{reverse("offline:web_manifest")}">' in page
    response = client.get(reverse("offline:web_manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "DAP-portalen"
    assert manifest["short_name"] == "DAP-møder"
    assert len(manifest["short_name"]) <= 12
    assert manifest["lang"] == "da"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/moeder/"
    assert manifest["theme_color"] == "#0059b3"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_is_served_from_the_root_under_the_csp(client):
    response = client.get("/sw.js")  # no login needed: the browser fetches it by itself
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert (
        'importScripts("/static/js/offline-core.js", "/static/js/offline-sw.js")' in response.text
    )


def test_logging_out_tells_the_browser_to_empty_its_stores(client, dap):
    client.force_login(member(dap, Role.MEMBER))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_offline_pages_render_in_danish(client, dap):
    client.force_login(member(dap, Role.MEMBER))
    overview = client.get(reverse("offline:overview")).text
    assert "Møder på denne enhed" in overview
    assert "efter 30 dage" in overview
    unavailable = client.get(reverse("offline:unavailable")).text
    assert "Siden er ikke tilgængelig offline" in unavailable


def test_a_copy_fetched_for_the_device_is_not_a_visit(client, dap, meeting):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    assert client.get(page, headers={"X-DAP-Offline": "store"}).status_code == 200
    assert not MeetingVisit.objects.filter(user=user).exists()
    client.get(page)
    assert MeetingVisit.objects.filter(user=user, meeting=meeting).exists()
