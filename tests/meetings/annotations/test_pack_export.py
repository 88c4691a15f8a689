"""'Min mødepakke med noter': the reader's own marks as tagged PDF annotations in their meeting
pack, made per request from the cached pack; everyone's plain pack stays byte for byte."""

import copy
import hashlib
import io
import json

import pdfplumber
import pytest
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from meetings.annotations.anchoring import place_quote
from meetings.bilag.layout import pdf_pages_text
from meetings.editor.services import meeting_publish
from meetings.interchange.services import import_agenda
from meetings.models import Bilag, Role
from tests.factories import member
from tests.meetings.documents.test_accessibility import findings
from tests.meetings.documents.test_pack import SEED, attach

pytestmark = pytest.mark.django_db

FIRST = "Kommunerne har indberettet data for alle fire kvartaler i tide."
SECOND = "Styregruppen anbefales at godkende den reviderede tidsplan for projektet."
CLOSED = "Dette bilag handler om en fortrolig forhandling med leverandøren."


def bilag_pdf(number: str, sentence: str) -> bytes:
    """Three pages; the sentence on page 2, in a wider box than a line of the stamp."""
    return HTML(
        string=(
            f"<html><body><p style='break-after: page'>Bilag {number}, første side.</p>"
            f"<p>Indledning til bilag {number}.</p><p style='break-after: page'>{sentence}</p>"
            f"<p>Sidste side af bilag {number}.</p></body></html>"
        )
    ).write_pdf()


@pytest.fixture
def seed():
    meeting = import_agenda(copy.deepcopy(SEED))
    for bilag in Bilag.objects.filter(item__meeting=meeting, generated=""):
        number = f"{bilag.item.position}.{bilag.position}"
        sentence = {3: FIRST, 7: SECOND, 5: CLOSED}.get(bilag.item.position, "Andet indhold.")
        attach(bilag, bilag_pdf(number, sentence), "bilag.pdf")
        bilag.content_type = "application/pdf"
        bilag.save()
    meeting_publish(meeting=meeting, actor=None)
    return meeting


@pytest.fixture
def people(seed):
    committee = seed.committee
    return {
        "reader": member(committee, Role.MEMBER, username="laeser"),
        "other": member(committee, Role.MEMBER, username="anden"),
        "observer": member(committee, Role.OBSERVER, username="observator"),
        "secretary": member(committee, Role.SECRETARIAT, username="sekretaer"),
    }


def first_bilag(meeting, position: int) -> Bilag:
    return Bilag.objects.filter(item__meeting=meeting, item__position=position).order_by(
        "position"
    )[0]


def annotate(client, bilag: Bilag, text: str, note: str = "", kind: str = "highlight") -> None:
    with bilag.file.open("rb") as handle:
        placement = place_quote(pdf_pages_text(handle.read()), exact=text)
    areas = placement.areas if kind == "highlight" else [[*placement.areas[0][:2], 0, 0]]
    response = client.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data=json.dumps(
            {
                "version": bilag.version,
                "kind": kind,
                "page": placement.page,
                "areas": areas,
                "quote": {"exact": text if kind == "highlight" else ""},
                "note": note,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def plain_pack(client, meeting, user) -> bytes:
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the build, eager in tests
        client.post(reverse("meetings:pack_request", args=[meeting.pk]))
    response = client.get(reverse("meetings:pack_download", args=[meeting.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def personal_pack(client, meeting, user) -> bytes:
    client.force_login(user)
    response = client.get(reverse("meetings:pack_with_my_notes", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "med-mine-noter.pdf" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def annotations(data: bytes) -> list[tuple[int, object]]:
    """(page index, annotation) of every mark in the PDF (the pack's web links left out)."""
    reader = PdfReader(io.BytesIO(data))
    return [
        (index, reference.get_object())
        for index, page in enumerate(reader.pages)
        for reference in page.get("/Annots") or []
        if reference.get_object()["/Subtype"] != "/Link"
    ]


def words_in(data: bytes, index: int, quad: list[float]) -> str:
    xs, ys = quad[0::2], quad[1::2]
    with pdfplumber.open(io.BytesIO(data)) as document:
        page = document.pages[index]
        box = (min(xs) - 0.5, page.height - max(ys) - 0.5, max(xs) + 0.5, page.height - min(ys))
        return " ".join((page.within_bbox(box).extract_text() or "").split())


def parent_tree(reader: PdfReader) -> dict[int, object]:
    found = {}

    def walk(node):
        nums = node.get("/Nums") or []
        for position in range(0, len(nums) - 1, 2):
            found[int(nums[position])] = nums[position + 1]
        for kid in node.get("/Kids") or []:
            walk(kid.get_object())

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object())
    return found


def test_the_members_pack_carries_their_marks_tagged_and_nobody_elses_pack_changes(
    client, seed, people, tmp_path
):
    reader, other, observer = (people[key] for key in ("reader", "other", "observer"))
    closed_item = seed.items.get(position=5)
    closed = first_bilag(seed, 5)
    # The observer marks the bilag of item 5 while it is open; then the item is closed.
    client.force_login(observer)
    annotate(client, closed, CLOSED, "Observatørens note")
    before = {who: plain_pack(client, seed, people[who]) for who in people}

    client.force_login(reader)
    annotate(client, first_bilag(seed, 3), FIRST, "Hvilke kommuner?")
    annotate(client, first_bilag(seed, 7), SECOND)
    annotate(client, first_bilag(seed, 7), SECOND, "Husk tidsplanen", kind="note")
    annotate(client, closed, CLOSED, "Læserens note om leverandøren")
    closed_item.confidential = True
    closed_item.save()

    # The plain pack everyone downloads is the same file as before any mark was made.
    for who in ("reader", "other", "secretary"):
        after = plain_pack(client, seed, people[who])
        assert hashlib.sha256(after).digest() == hashlib.sha256(before[who]).digest(), who
    plain = plain_pack(client, seed, reader)

    mine = personal_pack(client, seed, reader)
    assert mine.startswith(plain)  # an incremental update of the cached pack
    found = annotations(mine)
    highlights = [(index, a) for index, a in found if a["/Subtype"] == "/Highlight"]
    assert len(highlights) == 3  # 3.1, 7.1 and the closed 5.1, which a member still sees
    by_text = {
        words_in(mine, index, [float(v) for v in a["/QuadPoints"]]): (index, a)
        for index, a in highlights
    }
    assert set(by_text) == {FIRST, SECOND, CLOSED}
    # Each on the pack page where its bilag's page 2 is: the outline's first page + 1.
    pack = PdfReader(io.BytesIO(mine))
    firsts = {
        str(entry.title): pack.get_destination_page_number(entry)
        for group in pack.outline
        if isinstance(group, list)
        for entry in group
    }
    item3 = first_bilag(seed, 3)
    assert by_text[FIRST][0] == firsts[f"Bilag 3.1 – {item3.title}"] + 1
    assert by_text[FIRST][1]["/Contents"] == "Hvilke kommuner?"
    popup = by_text[FIRST][1]["/Popup"].get_object()
    assert popup["/Subtype"] == "/Popup"
    assert popup["/Parent"].get_object()["/Contents"] == "Hvilke kommuner?"
    assert by_text[SECOND][1]["/Contents"] == SECOND  # no note: the highlighted text
    notes = [a for _index, a in found if a["/Subtype"] == "/Text"]
    assert [str(a["/Contents"]) for a in notes] == ["Husk tidsplanen"]
    assert "Observatørens note" not in [str(a.get("/Contents")) for _index, a in found]

    # PDF/UA-1: every annotation but the popups is an /Annot element with an /OBJR child.
    tree = parent_tree(pack)
    for index, annotation in found:
        if annotation["/Subtype"] == "/Popup":
            assert "/StructParent" not in annotation
            continue
        element = tree[int(annotation["/StructParent"])].get_object()
        assert element["/S"] == "/Annot"
        objr = element["/K"][0].get_object()
        assert objr["/Type"] == "/OBJR"
        assert objr.raw_get("/Obj").idnum == annotation.indirect_reference.idnum
        assert element["/P"].get_object()["/S"] == "/Sect"
        assert pack.pages[index]["/Tabs"] == "/S"
    assert findings(mine, tmp_path / "mine.pdf") == []

    # Another member: their own pack, without a trace of the reader's marks.
    theirs = personal_pack(client, seed, other)
    assert theirs == plain
    assert annotations(theirs) == []

    # The observer: the closed item's bilag is not in their pack, nor their mark on it.
    closed_pack = plain_pack(client, seed, observer)
    assert b"fortrolig forhandling" not in b"".join(
        (page.extract_text() or "").encode() for page in PdfReader(io.BytesIO(closed_pack)).pages
    )
    observers = personal_pack(client, seed, observer)
    assert observers == closed_pack
    assert annotations(observers) == []


def test_the_meeting_page_links_the_pack_with_notes_only_for_a_member_with_marks(
    client, seed, people
):
    link = reverse("meetings:pack_with_my_notes", args=[seed.pk])
    client.force_login(people["reader"])
    annotate(client, first_bilag(seed, 3), FIRST, "Hvilke kommuner?")
    page = client.get(reverse("meetings:meeting_detail", args=[seed.pk])).content.decode()
    assert link in page
    assert "Min mødepakke med noter" in page

    client.force_login(people["other"])
    page = client.get(reverse("meetings:meeting_detail", args=[seed.pk])).content.decode()
    assert link not in page
    # Without a finished pack, the link leads to the pack's page, where it is ordered.
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:pack_status", args=[seed.pk])


def test_the_pack_with_notes_answers_404_outside_the_committee(client, seed):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("meetings:pack_with_my_notes", args=[seed.pk]))
    assert response.status_code == 404


def test_a_mark_on_a_turned_page_lands_on_its_words_in_the_pack(client, seed, people):
    """A bilag page with /Rotate is turned upright in the pack: the mark turns with it."""
    bilag = first_bilag(seed, 8)
    upright = bilag_pdf("8.1", SECOND)
    placement = place_quote(pdf_pages_text(upright), exact=SECOND)
    turned = PdfWriter(clone_from=PdfReader(io.BytesIO(upright)))
    turned.pages[1].rotate(90)  # the same user space, shown turned
    out = io.BytesIO()
    turned.write(out)
    attach(bilag, out.getvalue(), "vendt.pdf")
    client.force_login(people["reader"])
    response = client.post(
        reverse("meetings:bilag_annotations", args=[bilag.pk]),
        data=json.dumps(
            {
                "version": bilag.version,
                "page": placement.page,
                "areas": placement.areas,
                "quote": {"exact": SECOND},
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plain_pack(client, seed, people["reader"])

    mine = personal_pack(client, seed, people["reader"])

    [(index, highlight)] = annotations(mine)
    quad = [float(v) for v in highlight["/QuadPoints"]]
    xs, ys = quad[0::2], quad[1::2]
    with pdfplumber.open(io.BytesIO(mine)) as document:
        page = document.pages[index]
        box = (min(xs) - 0.5, page.height - max(ys) - 0.5, max(xs) + 0.5, page.height - min(ys))
        inside = [char["text"] for char in page.within_bbox(box).chars if char["text"].strip()]
    assert sorted(inside) == sorted(SECOND.replace(" ", ""))
