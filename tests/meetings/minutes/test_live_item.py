"""One item during the meeting (issue 24, part 3): "Som indstillet" in one click, "Som
indstillet med bemærkning", and a referat text saved as it is typed, with the agenda
editor's conflict handling, in the history, in the minutes PDF."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from meetings.access import Viewer
from meetings.documents.render import DocumentKind, document_html
from meetings.models import AuditEntry, DecisionOutcome, ItemReferat, MeetingStatus, Role
from tests.factories import AgendaItemFactory, MeetingFactory, member
from tests.meetings.editing import HTMX, url
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(dap):
    meeting = MeetingFactory(committee=dap)
    return AgendaItemFactory(meeting=meeting, kind="B", title="Kronikerpakker")


def test_the_live_item_is_a_self_contained_partial_for_the_secretariat_only(
    as_secretary, dap, item
):
    response = as_secretary.get(url("live_item", item.pk))
    assert response.status_code == 200
    page = text_of(response)
    assert "Som indstillet" in page
    assert "Som indstillet med bemærkning" in page
    assert "Referat (hvad der blev drøftet)" in page
    assert "<html" not in response.text
    other = member(dap, Role.CHAIR)
    as_secretary.force_login(other)
    assert as_secretary.get(url("live_item", item.pk)).status_code == 404


def test_som_indstillet_in_one_click_and_with_a_remark(as_secretary, item):
    response = as_secretary.post(
        url("decision_save", item.pk),
        {"live": "1", "outcome": DecisionOutcome.APPROVED, "version": item.version},
        **HTMX,
    )
    assert f'id="live-{item.pk}"' in response.text
    item.refresh_from_db()
    assert (item.decision_outcome, item.decision_html) == (
        "approved",
        "<p>Godkendt som indstillet</p>",
    )

    # With a remark: the remark is required; nothing changes without it.
    refused = as_secretary.post(
        url("decision_save", item.pk),
        {"outcome": DecisionOutcome.APPROVED_WITH_REMARK, "html": " ", "version": item.version},
        follow=True,
    )
    assert "Skriv bemærkningen til beslutningen." in refused.text
    item.refresh_from_db()
    assert item.decision_outcome == "approved"

    as_secretary.post(
        url("decision_save", item.pk),
        {
            "live": "1",
            "outcome": DecisionOutcome.APPROVED_WITH_REMARK,
            "html": "Økonomien følges op i december.",
            "version": item.version,
        },
        **HTMX,
    )
    item.refresh_from_db()
    assert item.decision_outcome == "approved_remark"
    pdf_html = document_html(
        item.meeting, Viewer(user=AnonymousUser(), role=Role.SECRETARIAT), DocumentKind.REFERAT
    )
    assert "Godkendt som indstillet med bemærkning:" in pdf_html
    assert "Økonomien følges op i december." in pdf_html


def test_the_referat_text_is_saved_as_typed_versioned_and_audited(as_secretary, item):
    response = as_secretary.post(
        url("referat_save", item.pk), {"text": "Formanden", "version": "1"}, **HTMX
    )
    assert "Gemt kl." in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert 'name="version" value="2"' in response.text
    as_secretary.post(
        url("referat_save", item.pk),
        {"text": "Formanden indledte.\nDrøftelse af tidsplanen.", "version": "2"},
        **HTMX,
    )
    row = ItemReferat.objects.get(item=item)
    assert (row.text, row.version) == ("Formanden indledte.\nDrøftelse af tidsplanen.", 3)
    # The same text again (an autosave with nothing new) writes nothing.
    as_secretary.post(url("referat_save", item.pk), {"text": row.text, "version": "3"}, **HTMX)
    entries = AuditEntry.objects.filter(action="referat_saved", item=item)
    assert entries.count() == 2
    assert entries.first().changes["referat"] == ["Formanden", row.text]

    pdf_html = document_html(
        item.meeting, Viewer(user=AnonymousUser(), role=Role.SECRETARIAT), DocumentKind.REFERAT
    )
    assert "Drøftelse af tidsplanen." in pdf_html
    minutes = as_secretary.get(url("meeting_minutes", item.meeting.pk)).text
    assert "Drøftelse af tidsplanen." in minutes


def test_a_second_editors_save_is_a_conflict_and_nothing_is_lost(as_secretary, dap, item):
    as_secretary.post(url("referat_save", item.pk), {"text": "Min tekst", "version": "1"}, **HTMX)
    # Another secretary, who opened the item at version 1, types at the same time.
    other = member(dap, Role.SECRETARIAT, first_name="Otto", last_name="Olsen")

    second = Client()
    second.force_login(other)
    response = second.post(
        url("referat_save", item.pk), {"text": "Ottos tekst", "version": "1"}, **HTMX
    )
    page = text_of(response)
    assert "Referatet er ændret af Sofie L" in page
    assert "Din tekst er ikke gemt." in page
    assert "Min tekst" in page  # the saved text, beside theirs (still in their textarea)
    assert ItemReferat.objects.get(item=item).text == "Min tekst"
    # Keeping their own text is a deliberate save at the current version.
    second.post(url("referat_save", item.pk), {"text": "Ottos tekst", "version": "2"}, **HTMX)
    assert ItemReferat.objects.get(item=item).text == "Ottos tekst"


def test_the_referat_is_locked_once_the_minutes_are_approved(as_secretary, item):
    type(item.meeting).objects.filter(pk=item.meeting.pk).update(
        status=MeetingStatus.MINUTES_APPROVED
    )
    response = as_secretary.post(
        url("referat_save", item.pk), {"text": "Sent", "version": "1"}, follow=True
    )
    assert "Referatet er godkendt" in response.text
    assert not ItemReferat.objects.filter(text="Sent").exists()


def test_inhabilitet_recorded_in_the_live_item_swaps_the_item_in_place(as_secretary, dap, item):
    """On the run page the item's forms answer with the item itself, not the minutes page."""
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    live = as_secretary.get(url("live_item", item.pk)).text
    assert f'hx-post="{url("inhabilitet_record", item.pk)}"' in live

    response = as_secretary.post(
        url("inhabilitet_record", item.pk), {"live": "1", "user_id": anna.pk}, **HTMX
    )
    assert response.status_code == 200
    assert f'id="live-{item.pk}"' in response.text
    assert "Anna Andersen deltog ikke i behandlingen af punktet (inhabil)." in text_of(response)
    row = item.disqualifications.get()

    removed = as_secretary.post(url("inhabilitet_remove", row.pk), {"live": "1"}, **HTMX)
    assert f'id="live-{item.pk}"' in removed.text
    assert not item.disqualifications.exists()
    # The minutes page's own forms still post plainly and come back to the minutes page.
    minutes = as_secretary.get(url("meeting_minutes", item.meeting_id)).text
    assert f'hx-post="{url("inhabilitet_record", item.pk)}"' not in minutes
