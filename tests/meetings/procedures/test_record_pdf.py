"""The record PDF says what the procedure page says: follow-up deadlines, a closed process."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from meetings.actions.services import action_create
from meetings.procedures import closing
from meetings.procedures.record import render_record
from meetings.procedures.selectors import procedure_page
from tests.meetings.documents.test_accessibility import findings

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def record_text(secretary, sent) -> tuple[bytes, str]:
    content = render_record(procedure_page(secretary, sent), use_cache=False).content
    reader = PdfReader(io.BytesIO(content))
    return content, " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_record_gives_each_follow_up_its_deadline(dap, secretary, clock, tmp_path):
    voters(dap)
    sent = procedure(dap, secretary)
    clock.move(days=6)
    closing.scan()
    sent.refresh_from_db()
    action_create(
        actor=secretary,
        procedure=sent,
        what="Kontrakten sendes i udbud",
        responsible_kind="organisation",
        responsible_organisation="MedCom",
        due_date=dt.date(2027, 1, 15),
    )
    action_create(
        actor=secretary,
        procedure=sent,
        what="Status gives",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )

    content, text = record_text(secretary, sent)

    assert "Kontrakten sendes i udbud – ansvarlig: MedCom – frist 15. januar 2027" in text
    assert "Status gives – ansvarlig: Sekretariatet – til næste møde" in text
    assert findings(content, tmp_path / "record.pdf") == []


def test_a_closed_procedure_is_marked_closed_in_its_record(dap, secretary, tmp_path):
    voters(dap)
    open_one = procedure(dap, secretary)
    closed = procedure(dap, secretary, confidential=True, title="Forhandling om cockpit")

    content, text = record_text(secretary, closed)

    assert "LUKKET PROCES – FORTROLIGT" in text.upper()
    assert text.upper().index("LUKKET PROCES") < text.index("Oplysninger")
    assert findings(content, tmp_path / "closed.pdf") == []
    assert "Lukket proces" not in record_text(secretary, open_one)[1]
