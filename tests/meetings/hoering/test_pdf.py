"""The approved minutes PDF says how they were approved, and passes pdfua."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.documents.render import DocumentKind, render_document
from meetings.hoering import closing, services
from meetings.models import Role
from tests.meetings.documents.test_accessibility import findings

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
