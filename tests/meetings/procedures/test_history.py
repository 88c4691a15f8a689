"""Deleting a user never rewrites what happened: answers, decisions, audit, attendance."""

import io

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from pypdf import PdfReader

from meetings.audit import AuditAction, record_audit
from meetings.editor.selectors import history_rows
from meetings.minutes import services as minutes
from meetings.models import AuditEntry, ProcedureAnswer
from meetings.procedures import closing, services
from tests.factories import AgendaItemFactory, MeetingFactory

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db

COUNT = "2 godkender, 1 afviser, 0 bemærkninger uden stemme; 1 mangler at svare"


def _record(client, procedure_id: int) -> tuple[str, str]:
    page = " ".join(
        client.get(reverse("meetings:procedure_detail", args=[procedure_id]))
        .content.decode()
        .split()
    )
    response = client.get(reverse("meetings:procedure_record_pdf", args=[procedure_id]))
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    return page, pdf


def test_a_closed_procedure_shows_the_same_counts_after_users_are_deleted(
    client, dap, secretary, clock
):
    anna, bo, carl, dorte = voters(dap, 4)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    services.procedure_answer(procedure=sent, user=carl, choice="reject", remark="For dyrt")
    clock.move(days=6)
    closing.scan()
    client.force_login(secretary)
    page, pdf = _record(client, sent.pk)
    assert COUNT in page
    # The one who rejected cannot be deleted: the answer is the committee's record.
    with pytest.raises(ProtectedError):
        carl.delete()
    # The one who never answered can; the procedure still counts four voters.
    dorte.delete()
    assert ProcedureAnswer.objects.filter(procedure=sent).count() == 3
    after_page, after_pdf = _record(client, sent.pk)
    assert COUNT in after_page
    assert "1 afviser" in after_pdf
    assert after_pdf.count("Godkend") == pdf.count("Godkend")
    assert after_pdf.count("Afvis") == pdf.count("Afvis")


def test_the_history_keeps_the_actors_name_when_the_account_goes(dap, secretary):
    anna, *_ = voters(dap, 1)
    meeting = MeetingFactory(committee=dap)
    record_audit(meeting=meeting, actor=anna, action=AuditAction.MEETING_UPDATED, summary="Rettet")
    anna.delete()
    entry = AuditEntry.objects.get(meeting=meeting)
    assert entry.actor is None
    assert [row.who for row in history_rows(meeting)] == ["Anna Medlem"]


def test_who_registered_a_decision_cannot_be_deleted(dap, secretary):
    meeting = MeetingFactory(committee=dap, status="held")
    item = AgendaItemFactory(meeting=meeting)
    minutes.decision_record(item=item, actor=secretary, outcome="", html="<p>Godkendt.</p>")
    with pytest.raises(ProtectedError):
        secretary.delete()
