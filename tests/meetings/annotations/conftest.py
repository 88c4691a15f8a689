"""A published meeting with a PDF bilag of real text, and the people around it."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from weasyprint import HTML

from meetings.models import Role
from tests.factories import AgendaItemFactory, BilagFactory, MeetingFactory, member

SENTENCE = "Styregruppen godkender budgettet for 2026 med forbehold for finansloven."
REMOVED = "Den fjerde sætning om kommunernes data forsvinder i næste version."


def pdf_of(html: str) -> bytes:
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


# Version 1: both sentences on page 1.
V1 = pdf_of(f"<p>Indledning om projektet.</p><p>{SENTENCE}</p><p>{REMOVED}</p>")
# Version 2: the first sentence moved to page 2, the second gone.
V2 = pdf_of(
    "<p>Indledning om projektet.</p><p style='break-after: page'>En ny side med andet.</p>"
    f"<p>Her står det nu: {SENTENCE}</p>"
)


@pytest.fixture
def committee(dap):
    return dap


@pytest.fixture
def published(dap):
    return MeetingFactory(committee=dap)


@pytest.fixture
def bilag(published):
    item = AgendaItemFactory(meeting=published)
    return BilagFactory(
        item=item,
        file=ContentFile(V1, name="bilag.pdf"),
        original_filename="budget.pdf",
        content_type="application/pdf",
        size=len(V1),
        sha256=hashlib.sha256(V1).hexdigest(),
    )


@pytest.fixture
def reader(dap):
    return member(dap, Role.MEMBER, username="laeser")


@pytest.fixture
def other_member(dap):
    return member(dap, Role.MEMBER, username="anden")


@pytest.fixture
def observer(dap):
    return member(dap, Role.OBSERVER, username="observator")
