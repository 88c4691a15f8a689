"""The annotations API: the owner's alone (404 for everyone else), CSRF-protected, in Danish."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from meetings.annotations.anchoring import place_quote
from meetings.bilag.layout import pdf_pages_text
from meetings.models import BilagAnnotation, Disqualification

from .conftest import SENTENCE, V1

pytestmark = pytest.mark.django_db


def payload(bilag, **more):
    placement = place_quote(pdf_pages_text(V1), exact=SENTENCE)
    return {
        "version": bilag.version,
        "kind": "highlight",
        "colour": "yellow",
        "page": placement.page,
        "areas": placement.areas,
        "quote": {"exact": SENTENCE, "prefix": "om projektet.", "suffix": "Den fjerde"},
        "note": "Hvad koster forbeholdet?",
    } | more


def post(client, bilag, data):
    return client.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


@pytest.fixture
def as_reader(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def made(as_reader, bilag):
    response = post(as_reader, bilag, payload(bilag))
    assert response.status_code == 201, response.content
    return response.json()


def test_the_owner_creates_lists_changes_and_deletes(as_reader, bilag, made):
    listed = as_reader.get(reverse("meetings:bilag_annotations", args=[bilag.pk])).json()
    assert [row["id"] for row in listed["annotations"]] == [made["id"]]
    assert listed["annotations"][0]["note"] == "Hvad koster forbeholdet?"
    assert listed["annotations"][0]["placed"] is True

    url = reverse("meetings:annotation_detail", args=[made["id"]])
    changed = as_reader.patch(
        url, data=json.dumps({"colour": "blue", "note": "Ny note"}), content_type="application/json"
    )
    assert changed.status_code == 200
    assert (changed.json()["colour"], changed.json()["note"]) == ("blue", "Ny note")

    assert as_reader.delete(url).status_code == 200
    assert not BilagAnnotation.objects.exists()


def test_bad_input_answers_400_in_danish(as_reader, bilag):
    response = post(as_reader, bilag, payload(bilag, page=9))
    assert response.status_code == 400
    assert response.json()["error"] == "Siden findes ikke i bilaget, som har 1 side."

    not_json = as_reader.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data="{",
        content_type="application/json",
    )
    assert not_json.json()["error"] == "Forespørgslen kunne ikke læses (ikke gyldig JSON)."
    too_deep = as_reader.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data="[" * 60000,
        content_type="application/json",
    )
    assert too_deep.status_code == 400
    assert too_deep.json()["error"] == "Forespørgslen kunne ikke læses (ikke gyldig JSON)."
    assert post(as_reader, bilag, payload(bilag, version=0)).status_code == 409
    assert not BilagAnnotation.objects.exists()


def test_writes_need_the_csrf_token(reader, bilag):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    assert post(client, bilag, payload(bilag)).status_code == 403
    assert not BilagAnnotation.objects.exists()


@pytest.mark.parametrize("who", ["other_member", "observer", "secretary"])
def test_nobody_else_sees_or_touches_them(request, client, bilag, made, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("meetings:annotation_detail", args=[made["id"]])

    listed = client.get(reverse("meetings:bilag_annotations", args=[bilag.pk]))
    assert listed.status_code == 200
    assert listed.json()["annotations"] == []
    assert client.delete(url).status_code == 404
    assert (
        client.patch(url, data=json.dumps({"note": "x"}), content_type="application/json")
    ).status_code == 404
    assert BilagAnnotation.objects.get().note == "Hvad koster forbeholdet?"
    notes = client.get(reverse("meetings:meeting_notes", args=[bilag.item.meeting_id]))
    assert "forbeholdet" not in notes.content.decode()


def test_a_closed_item_hides_its_bilag_annotations_api_from_an_observer(client, bilag, observer):
    bilag.item.confidential = True
    bilag.item.save()
    client.force_login(observer)

    response = client.get(reverse("meetings:bilag_annotations", args=[bilag.pk]))

    assert response.status_code == 404


def test_a_withheld_bilag_hides_the_owners_own_annotations(as_reader, reader, bilag, made):
    Disqualification.objects.create(item=bilag.item, user=reader, name="Læser", withhold_bilag=True)
    url = reverse("meetings:annotation_detail", args=[made["id"]])

    assert as_reader.get(reverse("meetings:bilag_annotations", args=[bilag.pk])).status_code == 404
    assert as_reader.delete(url).status_code == 404
    assert BilagAnnotation.objects.filter(pk=made["id"]).exists()  # hidden, not lost


def test_the_notes_page_lists_the_owners_annotations_with_a_link_to_their_page(
    as_reader, bilag, made, django_assert_max_num_queries
):
    url = reverse("meetings:meeting_notes", args=[bilag.item.meeting_id])

    page = as_reader.get(url).content.decode()

    assert "Mine markeringer i bilagene" in page
    assert "Hvad koster forbeholdet?" in page
    assert f"/moeder/bilag/{bilag.pk}/vis/?side=1#markering-{made['id']}" in page


def test_the_viewer_page_carries_the_api_and_the_version(as_reader, bilag):
    page = as_reader.get(reverse("meetings:bilag_view", args=[bilag.pk])).content.decode()

    assert f'data-annotations-url="/moeder/bilag/{bilag.pk}/markeringer/"' in page
    assert 'data-version="1"' in page
    assert "Markér og skriv note" in page
    assert "Mine markeringer" in page
