"""The approved minutes PDF says how they were approved, and passes pdfua; reopened minutes
no longer say it."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.documents.render import DocumentKind, render_document
from meetings.hoering import closing, services
from meetings.minutes.services import minutes_approve, minutes_reopen
from meetings.models import Role
from tests.meetings.documents.test_accessibility import findings
from tests.meetings.editing import url
from tests.meetings.member.test_meeting_page import text_of

from .conftest import at, held_meeting

pytestmark = pytest.mark.django_db


def text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_tacit_and_chair_approval_are_stated_and_pass_pdfua(crew, clock, tmp_path):
    tacit, _, _ = held_meeting(crew, clock, tacit=True)
    services.hoering_send(meeting=tacit, actor=crew["secretary"])
    closing.approve_due(at(dt.date(2025, 10, 15)))
    tacit.refresh_from_db()
    viewer = Viewer(user=crew["secretary"], role=Role.SECRETARIAT)
    pdf = render_document(tacit, viewer, DocumentKind.REFERAT, use_cache=False).content
    assert (
        "Godkendt stiltiende d. 15. oktober 2025 efter høring fra 7. oktober 2025 til "
        "14. oktober 2025." in text(pdf)
    )
    assert findings(pdf, tmp_path / "tacit.pdf") == []

    second, _, _ = held_meeting(crew, clock)
    hoering = services.hoering_send(meeting=second, actor=crew["secretary"])
    clock.set(at(dt.date(2025, 10, 9)))
    services.hoering_approve(hoering=hoering, actor=crew["chair"])
    second.refresh_from_db()
    pdf = render_document(second, viewer, DocumentKind.REFERAT, use_cache=False).content
    assert "Godkendt af formanden d. 9. oktober 2025." in text(pdf)
    assert findings(pdf, tmp_path / "chair.pdf") == []


def test_reopened_minutes_no_longer_say_how_they_were_approved(client, crew, clock):
    """Approved by the chair, then reopened: neither the PDF nor the høring page still says
    "Godkendt af formanden ..."; approved again on the minutes page, the old høring's
    sentence does not come back with its old date."""
    meeting, _, _ = held_meeting(crew, clock)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    clock.set(at(dt.date(2025, 10, 9)))
    services.hoering_approve(hoering=hoering, actor=crew["chair"])
    meeting.refresh_from_db()
    viewer = Viewer(user=crew["secretary"], role=Role.SECRETARIAT)
    approved = render_document(meeting, viewer, DocumentKind.REFERAT, use_cache=False).content
    assert "Godkendt af formanden d. 9. oktober 2025." in text(approved)

    clock.set(at(dt.date(2025, 10, 10)))
    minutes_reopen(meeting=meeting, actor=crew["secretary"], reason="Fejl i punkt 2")
    meeting.refresh_from_db()
    reopened = render_document(meeting, viewer, DocumentKind.REFERAT, use_cache=False).content
    client.force_login(crew["secretary"])
    page = text_of(client.get(url("hoering", meeting.pk)))

    clock.set(at(dt.date(2025, 10, 13)))
    minutes_approve(meeting=meeting, actor=crew["chair"])
    meeting.refresh_from_db()
    again = render_document(meeting, viewer, DocumentKind.REFERAT, use_cache=False).content
    client.force_login(crew["secretary"])  # days later: a new session
    page_again = text_of(client.get(url("hoering", meeting.pk)))

    assert "Godkendt af" not in text(reopened)
    assert "Godkendt af formanden" not in page
    assert "Genåbnet efter godkendelsen" in page
    assert "Referatet er genåbnet og skal godkendes igen" in page
    assert "Godkendt af formanden" not in text(again)
    assert "Godkendt igen på referatsiden efter genåbningen" in page_again


def test_a_new_hoering_after_reopening_states_its_own_approval(crew, clock):
    meeting, _, _ = held_meeting(crew, clock)
    first = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    clock.set(at(dt.date(2025, 10, 9)))
    services.hoering_approve(hoering=first, actor=crew["chair"])
    clock.set(at(dt.date(2025, 10, 10)))
    minutes_reopen(meeting=meeting, actor=crew["secretary"], reason="Fejl i punkt 2")
    meeting.refresh_from_db()
    second = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    clock.set(at(dt.date(2025, 10, 14)))
    services.hoering_approve(hoering=second, actor=crew["chair"])
    meeting.refresh_from_db()
    viewer = Viewer(user=crew["secretary"], role=Role.SECRETARIAT)
    pdf = text(render_document(meeting, viewer, DocumentKind.REFERAT, use_cache=False).content)
    assert "Godkendt af formanden d. 14. oktober 2025." in pdf
    assert "9. oktober" not in pdf
