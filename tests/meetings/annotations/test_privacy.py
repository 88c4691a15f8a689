"""A reader's highlights and notes are theirs alone (issue 25): another member, the observer and
the secretariat never see them, in pages, the API, PDFs, search or the offline manifest. The
owner finds their own notes by searching, and their device keeps them for reading offline."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings.annotations.anchoring import place_quote
from meetings.bilag.layout import pdf_pages_text
from meetings.models import BilagAnnotation

from .conftest import SENTENCE, V1

pytestmark = pytest.mark.django_db

NOTE = "Randnote om Vestervig-forbeholdet"
SEARCH_WORD = "Vestervig"
OTHERS = ["other_member", "observer", "secretary"]


def _make(client, bilag, note: str) -> dict:
    placement = place_quote(pdf_pages_text(V1), exact=SENTENCE)
    response = client.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data=json.dumps(
            {
                "version": bilag.version,
                "kind": "highlight",
                "colour": "green",
                "page": placement.page,
                "areas": placement.areas,
                "quote": {"exact": SENTENCE},
                "note": note,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def marked(client, reader, bilag):
    client.force_login(reader)
    made = _make(client, bilag, NOTE)
    client.logout()
    return made


def _pdf_text(content: bytes) -> str:
    """The words of a PDF and the text of every annotation in it."""
    reader = PdfReader(io.BytesIO(content))
    parts = []
    for page in reader.pages:
        parts.append(page.extract_text() or "")
        for annotation in page.get("/Annots") or []:
            parts.append(str(annotation.get_object().get("/Contents", "")))
    return " ".join(" ".join(parts).split())


def _body(response) -> str:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if content.startswith(b"%PDF"):
        return _pdf_text(content)
    return content.decode()


def _manifest(client, meeting) -> dict:
    response = client.get(reverse("offline:meeting_manifest", args=[meeting.pk]))
    assert response.status_code == 200
    return response.json()


def _stored(client, manifest: dict) -> dict[str, str]:
    """What a device keeps: every URL the manifest lists, fetched as the device fetches it."""
    stored = {}
    for entry in manifest["entries"]:
        response = client.get(entry["url"], headers={"X-DAP-Offline": "store"})
        assert response.status_code == 200, entry["url"]
        stored[entry["url"]] = _body(response)
    return stored


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_sees_the_annotation_in_pages(request, client, bilag, marked, who):
    client.force_login(request.getfixturevalue(who))
    meeting_id = bilag.item.meeting_id
    for url in (
        reverse("meetings:meeting_detail", args=[meeting_id]),
        reverse("meetings:bilag_view", args=[bilag.pk]),
        reverse("meetings:meeting_notes", args=[meeting_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert NOTE not in page, url
        assert f"markering-{marked['id']}" not in page, url


@pytest.mark.parametrize("who", OTHERS)
def test_the_api_answers_404_to_anyone_else(request, client, bilag, marked, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("meetings:annotation_detail", args=[marked["id"]])

    assert client.patch(url, data="{}", content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 404
    listed = client.get(reverse("meetings:bilag_annotations", args=[bilag.pk]))
    assert NOTE not in listed.content.decode()
    assert BilagAnnotation.objects.get().note == NOTE


@pytest.mark.parametrize("who", OTHERS)
def test_no_pdf_anyone_else_gets_carries_the_note(
    request, client, bilag, marked, who, django_capture_on_commit_callbacks
):
    client.force_login(request.getfixturevalue(who))
    meeting_id = bilag.item.meeting_id
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:pack_request", args=[meeting_id]))
    for url in (
        reverse("meetings:agenda_pdf", args=[meeting_id]),
        reverse("meetings:pack_download", args=[meeting_id]),
        reverse("meetings:bilag_download", args=[bilag.pk]),
        reverse("meetings:bilag_with_my_notes", args=[bilag.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _body(response)
        assert "Styregruppen godkender" in text or url.endswith(".pdf"), url
        assert SEARCH_WORD not in text, url


@pytest.mark.parametrize("who", OTHERS)
def test_search_finds_nothing_of_it_for_anyone_else(request, client, bilag, marked, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("member:search"), {"q": SEARCH_WORD}).content.decode()

    assert NOTE not in page
    assert "Min markering" not in page
    assert f"markering-{marked['id']}" not in page


def test_the_owner_finds_their_own_note_by_searching(client, reader, bilag, marked):
    client.force_login(reader)

    page = client.get(reverse("member:search"), {"q": SEARCH_WORD}).content.decode()

    assert f"Min markering i bilag: {bilag.title}" in page
    assert f"/moeder/bilag/{bilag.pk}/vis/?side=1#markering-{marked['id']}" in page
    assert "<mark>Vestervig</mark>" in page


@pytest.mark.parametrize("who", OTHERS)
def test_the_offline_manifest_of_anyone_else_holds_none_of_it(
    request, client, reader, bilag, marked, who
):
    client.force_login(request.getfixturevalue(who))
    meeting = bilag.item.meeting
    before = _manifest(client, meeting)
    stored = _stored(client, before)

    assert not [url for url, body in stored.items() if SEARCH_WORD in body]
    assert NOTE not in json.dumps(before)
    # The owner marking more changes nothing in another's manifest (its versions tell nothing).
    client.force_login(reader)
    _make(client, bilag, "Endnu en note")
    client.force_login(request.getfixturevalue(who))
    assert _manifest(client, meeting)["version"] == before["version"]


def test_the_owners_manifest_keeps_their_own_annotations(client, reader, other_member, bilag):
    meeting = bilag.item.meeting
    client.force_login(other_member)
    _make(client, bilag, "Den andens note")
    client.force_login(reader)
    empty = _manifest(client, meeting)
    marks_url = reverse("meetings:bilag_annotations", args=[bilag.pk])
    entries = {entry["url"]: entry for entry in empty["entries"]}
    assert entries[marks_url]["kind"] == "annotations"

    made = _make(client, bilag, NOTE)
    manifest = _manifest(client, meeting)
    stored = _stored(client, manifest)

    kept = json.loads(stored[marks_url])["annotations"]
    assert [(row["id"], row["note"]) for row in kept] == [(made["id"], NOTE)]
    assert NOTE in stored[reverse("meetings:meeting_notes", args=[meeting.pk])]
    assert not [url for url, body in stored.items() if "Den andens note" in body]
    # A new annotation is a new version of what the device keeps: it is fetched again.
    changed = {entry["url"]: entry["version"] for entry in manifest["entries"]}
    assert changed[marks_url] != entries[marks_url]["version"]
    assert manifest["version"] != empty["version"]
