"""A search hit in a written procedure's bilag shows the matched words (issue 23, 16)."""

import pytest

from meetings.member.search import search
from meetings.models import ProcedureBilag
from tests.meetings.procedures.helpers import procedure, voters

pytestmark = pytest.mark.django_db


def test_a_hit_in_a_procedures_bilag_shows_the_words_found(dap, secretary):
    [anna] = voters(dap, 1)
    sent = procedure(dap, secretary)
    ProcedureBilag.objects.create(
        procedure=sent,
        position=1,
        title="Projektbeskrivelse",
        file="x.pdf",
        text="Projektet bygger en intelligent indbakke til almen praksis.",
    )
    [hit] = search(anna, "intelligent indbakke")
    assert hit.kind == "Skriftlig proces"
    assert "<mark>intelligent indbakke</mark>" in hit.snippet
