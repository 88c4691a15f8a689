"""Highlights and notes in a bilag: kept for their owner, checked, placed again on a new version."""

import io

import pdfplumber
import pytest
from django.core.exceptions import ValidationError

from meetings.annotations import services
from meetings.annotations.anchoring import place_quote
from meetings.bilag import services as bilag_services
from meetings.bilag.layout import bilag_page_boxes, pdf_pages_text
from meetings.models import AuditEntry, BilagAnnotation
from tests.meetings.editing import pdf

from .conftest import REMOVED, SENTENCE, V1, V2, pdf_of

pytestmark = pytest.mark.django_db


def _quote(text: str, data: bytes = V1):
    placement = place_quote(pdf_pages_text(data), exact=text)
    assert placement is not None
    return placement


def highlight(bilag, owner, text=SENTENCE, **more):
    placement = _quote(text)
    fields = {
        "owner": owner,
        "bilag": bilag,
        "page_boxes": bilag_page_boxes(bilag),
        "bilag_version": bilag.version,
        "kind": "highlight",
        "colour": "yellow",
        "page": placement.page,
        "areas": placement.areas,
        "exact": text,
        "prefix": "",
        "suffix": "",
        "note": "",
    } | more
    return services.annotation_create(**fields)


def words_in(data: bytes, page: int, areas: list[list[float]]) -> str:
    """The text pdfplumber finds inside the areas (PDF user space) on a page."""
    with pdfplumber.open(io.BytesIO(data)) as document:
        sheet = document.pages[page - 1]
        return " ".join(
            sheet.within_bbox(
                (x0 - 0.5, sheet.height - y1 - 0.5, x1 + 0.5, sheet.height - y0 + 0.5)
            ).extract_text()
            for x0, y0, x1, y1 in areas
        )


def test_a_highlight_is_kept_with_its_quote_and_audited_without_its_text(bilag, reader):
    annotation = highlight(bilag, reader, note="Spørg til forbeholdet", colour="green")

    annotation.refresh_from_db()
    assert annotation.page == 1
    assert annotation.colour == "green"
    assert annotation.status == "placed"
    assert annotation.bilag_version == 1
    entry = AuditEntry.objects.get(action="annotation_created")
    assert entry.meeting_id is None
    assert "forbehold" not in entry.summary.lower()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"page": 3}, "Siden findes ikke i bilaget, som har 1 side."),
        ({"page": "1"}, "Siden findes ikke i bilaget, som har 1 side."),
        ({"areas": [[0, 0, 9000, 10]]}, "Markeringen ligger uden for siden."),
        ({"areas": [[0, 0, "x", 10]]}, "Et område skal være fire tal"),
        ({"areas": [[0, 0, float("nan"), 10]]}, "Et område skal være fire tal"),
        ({"areas": []}, "Markeringen har ingen områder på siden."),
        ({"areas": [[1, 1, 2, 2]] * 201}, "Markeringen har for mange områder: 201."),
        ({"colour": "sort"}, "Ukendt farve. Vælg en af disse: gul, grøn, blå, lyserød."),
        ({"exact": "   "}, "Markér noget tekst i bilaget først."),
        ({"exact": "a" * 2001}, "Den markerede tekst er for lang: 2.001 tegn."),
        ({"note": "n" * 5001}, "Noten er for lang: 5.001 tegn."),
        ({"kind": "ink"}, "Ukendt type"),
    ],
)
def test_bad_input_is_refused_in_danish_and_nothing_is_kept(bilag, reader, change, message):
    with pytest.raises(ValidationError) as refused:
        highlight(bilag, reader, **change)

    assert refused.value.messages[0].startswith(message)
    assert not BilagAnnotation.objects.exists()


def test_a_note_loses_its_control_characters_and_a_pinned_note_needs_text(bilag, reader):
    annotation = highlight(bilag, reader, note="Linje 1\r\nLinje\x00 2\x1b")
    assert annotation.note == "Linje 1\nLinje 2"

    with pytest.raises(ValidationError, match="Skriv noten"):
        highlight(bilag, reader, kind="note", areas=[[100, 100, 100, 100]], note=" ")


def test_an_annotation_on_a_replaced_version_is_refused_as_stale(bilag, reader):
    with pytest.raises(services.AnnotationStale):
        highlight(bilag, reader, bilag_version=0)


def test_update_changes_colour_and_note_only_for_the_owner(bilag, reader, other_member):
    annotation = highlight(bilag, reader)

    services.annotation_update(annotation=annotation, actor=reader, colour="blue", note="Ny")
    annotation.refresh_from_db()
    assert (annotation.colour, annotation.note) == ("blue", "Ny")
    with pytest.raises(BilagAnnotation.DoesNotExist):
        services.annotation_update(annotation=annotation, actor=other_member, note="Min")
    with pytest.raises(BilagAnnotation.DoesNotExist):
        services.annotation_delete(annotation=annotation, actor=other_member)
    services.annotation_delete(annotation=annotation, actor=reader)
    assert not BilagAnnotation.objects.exists()


def test_a_new_version_moves_the_highlight_to_the_page_its_sentence_is_now_on(
    bilag, reader, secretary, django_capture_on_commit_callbacks
):
    moved = highlight(bilag, reader, note="Flyttes med")
    gone = highlight(bilag, reader, text=REMOVED, note="Min note om data", colour="pink")

    with django_capture_on_commit_callbacks(execute=True):
        bilag_services.bilag_replace(bilag=bilag, actor=secretary, upload=pdf("budget v2.pdf", V2))

    moved.refresh_from_db()
    assert (moved.status, moved.page, moved.bilag_version) == ("placed", 2, 2)
    assert words_in(V2, 2, moved.areas) == SENTENCE
    gone.refresh_from_db()
    assert gone.status == "unplaced"
    assert (gone.quote_exact, gone.note, gone.colour) == (REMOVED, "Min note om data", "pink")
    assert gone.bilag_version == 2


def test_the_occurrence_with_the_matching_surroundings_wins():
    data = pdf_of(
        "<p style='break-after: page'>Første afsnit: beløbet er godkendt.</p>"
        "<p>Andet afsnit: beløbet er godkendt.</p>"
    )
    pages = pdf_pages_text(data)

    first = place_quote(pages, exact="beløbet er godkendt", prefix="Første afsnit: ")
    second = place_quote(pages, exact="beløbet er godkendt", prefix="Andet afsnit:")

    assert (first.page, second.page) == (1, 2)
    # White space does not count: a selection without the spaces still finds the text.
    assert place_quote(pages, exact="beløbeter  godkendt", prefix="Andet afsnit: ").page == 2
    assert place_quote(pages, exact="står ikke i bilaget") is None


def test_text_read_from_a_version_replaced_meanwhile_places_nothing(bilag, reader, secretary):
    """Two replacements close together: the first task's text (version 2) must not be stamped
    on version 3; the marks wait for the task of the newest file."""
    mark = highlight(bilag, reader, note="Venter på den nyeste fil")
    bilag_services.bilag_replace(bilag=bilag, actor=secretary, upload=pdf("v2.pdf", V2))
    bilag_services.bilag_replace(bilag=bilag, actor=secretary, upload=pdf("v3.pdf", V2))
    bilag.refresh_from_db()

    assert services.annotations_reanchor(
        bilag=bilag, pages=pdf_pages_text(V2), version=bilag.version - 1
    ) == (0, 0)
    mark.refresh_from_db()
    assert mark.bilag_version == 1

    assert services.annotations_reanchor(
        bilag=bilag, pages=pdf_pages_text(V2), version=bilag.version
    ) == (1, 0)
    mark.refresh_from_db()
    assert (mark.bilag_version, mark.page) == (bilag.version, 2)
