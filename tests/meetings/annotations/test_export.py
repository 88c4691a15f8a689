"""'Hent med mine noter': the owner's marks as real PDF annotations, made per request; the plain
download is the file as uploaded, for everyone."""

import io
import json

import pdfplumber
import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings.annotations.anchoring import place_quote
from meetings.bilag.layout import pdf_pages_text

from .conftest import REMOVED, SENTENCE, V1

pytestmark = pytest.mark.django_db


def _make(client, bilag, text, note, colour="yellow"):
    placement = place_quote(pdf_pages_text(V1), exact=text)
    response = client.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data=json.dumps(
            {
                "version": bilag.version,
                "colour": colour,
                "page": placement.page,
                "areas": placement.areas,
                "quote": {"exact": text},
                "note": note,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201


def _words_in_quad(data: bytes, quad: list[float]) -> str:
    xs, ys = quad[0::2], quad[1::2]
    with pdfplumber.open(io.BytesIO(data)) as document:
        page = document.pages[0]
        box = (min(xs) - 0.5, page.height - max(ys) - 0.5, max(xs) + 0.5, page.height - min(ys))
        return " ".join(page.within_bbox(box).extract_text().split())


def test_the_owner_gets_highlights_with_quadpoints_over_the_words_and_notes(
    client, reader, other_member, bilag
):
    client.force_login(reader)
    _make(client, bilag, SENTENCE, "Hvad er forbeholdet?")
    _make(client, bilag, REMOVED, "", colour="pink")

    response = client.get(reverse("meetings:bilag_with_my_notes", args=[bilag.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.content
    annots = [a.get_object() for a in PdfReader(io.BytesIO(data)).pages[0]["/Annots"]]
    highlights = [a for a in annots if a["/Subtype"] == "/Highlight"]
    assert len(highlights) == 2
    by_text = {_words_in_quad(data, [float(v) for v in h["/QuadPoints"]]): h for h in highlights}
    assert set(by_text) == {SENTENCE, REMOVED}
    assert by_text[SENTENCE]["/Contents"] == "Hvad er forbeholdet?"
    popup = by_text[SENTENCE]["/Popup"].get_object()
    assert popup["/Subtype"] == "/Popup"
    assert popup["/Parent"].get_object()["/Contents"] == "Hvad er forbeholdet?"

    # Nobody else gets them: their own (plain) copy, and the plain download is the upload.
    client.force_login(other_member)
    theirs = client.get(reverse("meetings:bilag_with_my_notes", args=[bilag.pk])).content
    assert "/Annots" not in PdfReader(io.BytesIO(theirs)).pages[0]
    plain = client.get(reverse("meetings:bilag_download", args=[bilag.pk]))
    assert b"".join(plain.streaming_content) == V1


def test_an_observer_of_a_closed_item_gets_404(client, observer, bilag):
    bilag.item.confidential = True
    bilag.item.save()
    client.force_login(observer)

    assert client.get(reverse("meetings:bilag_with_my_notes", args=[bilag.pk])).status_code == 404
