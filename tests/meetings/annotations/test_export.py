"""'Hent med mine noter': the owner's marks as real PDF annotations, made per request; the plain
download is the file as uploaded, for everyone."""

import io
import json

import pdfplumber
import pytest
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from meetings.annotations.anchoring import place_quote
from meetings.bilag.layout import pdf_pages_text
from tests.meetings.documents.test_accessibility import findings
from tests.meetings.documents.test_pack import attach

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


def test_a_tagged_bilag_gets_its_marks_in_its_structure_tree_and_passes_pdfua(
    client, reader, bilag, tmp_path
):
    """PDF/UA applies to a bilag tagged by whoever made it: each mark (not its popup) is an
    /Annot element with an /OBJR child; an untagged bilag (above) gets no structure tree."""
    tagged = HTML(
        string=(
            "<html lang='da'><head><title>Budget</title></head><body>"
            f"<p>Indledning om projektet.</p><p>{SENTENCE}</p></body></html>"
        )
    ).write_pdf(pdf_variant="pdf/ua-1")
    attach(bilag, tagged, "tagget.pdf")
    bilag.content_type = "application/pdf"
    bilag.save()
    client.force_login(reader)
    placement = place_quote(pdf_pages_text(tagged), exact=SENTENCE)
    response = client.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data=json.dumps(
            {
                "version": bilag.version,
                "page": placement.page,
                "areas": placement.areas,
                "quote": {"exact": SENTENCE},
                "note": "Hvad er forbeholdet?",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201

    data = client.get(reverse("meetings:bilag_with_my_notes", args=[bilag.pk])).content

    pdf = PdfReader(io.BytesIO(data))
    page = pdf.pages[0]
    assert page["/Tabs"] == "/S"
    marks = {a.get_object()["/Subtype"]: a for a in page["/Annots"]}
    assert set(marks) == {"/Highlight", "/Popup"}
    assert "/StructParent" not in marks["/Popup"].get_object()
    tree = pdf.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()
    nums = dict(zip(tree["/Nums"][0::2], tree["/Nums"][1::2], strict=True))
    element = nums[marks["/Highlight"].get_object()["/StructParent"]].get_object()
    assert element["/S"] == "/Annot"
    assert element["/K"][0].get_object().raw_get("/Obj").idnum == marks["/Highlight"].idnum
    assert findings(data, tmp_path / "mine.pdf") == []


def test_an_untagged_bilag_gets_no_structure_tree(client, reader, bilag):
    client.force_login(reader)
    _make(client, bilag, SENTENCE, "Hvad er forbeholdet?")
    data = client.get(reverse("meetings:bilag_with_my_notes", args=[bilag.pk])).content
    pdf = PdfReader(io.BytesIO(data))
    assert "/StructTreeRoot" not in pdf.trailer["/Root"]
    assert all("/StructParent" not in a.get_object() for a in pdf.pages[0]["/Annots"])
