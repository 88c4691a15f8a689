"""The next agenda tells by itself what was concluded in writing, frozen at publication, and
never tells an observer of a closed procedure; an approved budget proposal is applied once."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from budgets.models import BudgetAmount, BudgetLine, BudgetRevision
from meetings.access import Viewer
from meetings.agenda import agenda_for
from meetings.documents.render import DocumentKind, render_document
from meetings.editor.services import meeting_publish
from meetings.models import MeetingStatus, Role
from meetings.procedures import closing, services
from tests.budgets.helpers import make_budget
from tests.factories import AgendaItemFactory, MeetingFactory, member

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def copenhagen(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=ZoneInfo("Europe/Copenhagen"))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def concluded(dap, secretary, clock):
    """'Mini PID'en ...' approved in writing on 22 May 2025, between two meetings."""
    MeetingFactory(committee=dap, date=dt.date(2025, 4, 28))
    clock.set(copenhagen(2025, 5, 15, 9, 0))
    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary, days=7)  # deadline 22 May 2025 09.00
    for user in (anna, bo):
        services.procedure_answer(procedure=sent, user=user, choice="approve")
    services.procedure_answer(procedure=sent, user=carl, choice="reject", remark="For tidligt")
    clock.set(copenhagen(2025, 5, 22, 9, 1))
    closing.scan()
    sent.refresh_from_db()
    return sent


def next_meeting(dap):
    meeting = MeetingFactory(committee=dap, date=dt.date(2025, 6, 16), draft=True)
    AgendaItemFactory(meeting=meeting, title="Godkendelse af dagsorden")
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    return meeting


def meddelelser(meeting, user):
    agenda = agenda_for(meeting, Viewer.of(user, meeting))
    return next(line for line in agenda.lines if line.item.title == "Meddelelser")


LINE = "Mini PID'en for projektet blev godkendt i skriftlig proces 22. maj 2025."


def test_the_meddelelser_item_tells_the_procedure_with_its_date(dap, secretary, concluded):
    meeting = next_meeting(dap)
    line = meddelelser(meeting, secretary)
    assert [entry["text"] for entry in line.between.procedures] == [LINE]
    assert line.between.procedures[0]["procedure"] == concluded.pk


def test_the_line_is_frozen_at_publication(dap, secretary, concluded):
    meeting = meeting_publish(meeting=next_meeting(dap), actor=secretary)
    concluded.title = "Omdøbt bagefter"
    concluded.save()
    assert [e["text"] for e in meddelelser(meeting, secretary).between.procedures] == [LINE]


def test_the_committee_chooses_the_standing_item(dap, secretary, concluded):
    dap.procedures_item_title = "Godkendelse af dagsorden"
    dap.save()
    meeting = next_meeting(dap)
    assert meddelelser(meeting, secretary).between.procedures == []
    first = agenda_for(meeting, Viewer.of(secretary, meeting)).lines[0]
    assert [e["text"] for e in first.between.procedures] == [LINE]


def test_a_procedure_concluded_before_the_last_meeting_is_not_told_again(dap, secretary, concluded):
    MeetingFactory(committee=dap, date=dt.date(2025, 6, 1))
    assert meddelelser(next_meeting(dap), secretary).between.procedures == []


def test_a_procedure_concluded_after_the_last_agenda_went_out_is_told_on_the_next(
    dap, secretary, clock
):
    """Meeting of 26 May: its agenda is sent out on 19 May with its lists frozen; the
    procedure concludes on 22 May, after that but before the meeting. The June agenda tells
    it: no procedure falls between two agendas."""
    MeetingFactory(committee=dap, date=dt.date(2025, 4, 28))
    may = MeetingFactory(committee=dap, date=dt.date(2025, 5, 26), draft=True)
    AgendaItemFactory(meeting=may, title="Meddelelser")
    clock.set(copenhagen(2025, 5, 15, 9, 0))
    anna, bo, _carl = voters(dap)
    sent = procedure(dap, secretary, days=7)
    for user in (anna, bo):
        services.procedure_answer(procedure=sent, user=user, choice="approve")
    clock.set(copenhagen(2025, 5, 19, 10, 0))
    may = meeting_publish(meeting=may, actor=secretary)
    assert meddelelser(may, secretary).between.procedures == []  # not concluded yet
    clock.set(copenhagen(2025, 5, 22, 9, 1))
    closing.scan()
    assert [e["text"] for e in meddelelser(next_meeting(dap), secretary).between.procedures] == [
        LINE
    ]


def test_a_closed_procedure_is_not_told_to_observers_on_the_page_or_in_the_pdf(
    dap, secretary, concluded
):
    type(concluded).objects.filter(pk=concluded.pk).update(confidential=True)
    observer = member(dap, Role.OBSERVER)
    chair = member(dap, Role.CHAIR)
    meeting = meeting_publish(meeting=next_meeting(dap), actor=secretary)
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meddelelser(meeting, observer).between.procedures == []
    assert [e["text"] for e in meddelelser(meeting, chair).between.procedures] == [LINE]
    observer_pdf = render_document(meeting, Viewer.of(observer, meeting), DocumentKind.DAGSORDEN)
    chair_pdf = render_document(meeting, Viewer.of(chair, meeting), DocumentKind.DAGSORDEN)
    assert "Mini PID" not in pdf_text(observer_pdf.content)
    assert LINE in pdf_text(chair_pdf.content)


def test_an_approved_budget_proposal_is_applied_exactly_once(dap, secretary, clock):
    clock.set(copenhagen(2025, 9, 1, 9, 0))  # in the budget's year
    budget = make_budget(dap)
    first, second = list(BudgetLine.objects.filter(budget=budget).order_by("position"))[:2]
    anna, *_ = voters(dap, 1)
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="Flyt midler",
        deadline=timezone.now() + dt.timedelta(days=3),
        rule="silent",
        sections={"Indstilling": "<p>Det indstilles ...</p>"},
    )
    services.procedure_set_proposal(
        procedure=draft, actor=secretary, budget=budget, amounts={first.pk: 1_000, second.pk: 2_000}
    )
    sent = services.procedure_send(procedure=draft, actor=secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    clock.move(days=4)
    closing.scan()
    sent.refresh_from_db()
    before = BudgetRevision.objects.filter(budget=budget).count()
    services.procedure_decide(procedure=sent, actor=secretary, as_recommended=True)
    services.procedure_decide(procedure=sent, actor=secretary, as_recommended=True)
    services.procedure_decide(
        procedure=sent, actor=secretary, as_recommended=False, html="<p>Ja</p>"
    )
    assert BudgetRevision.objects.filter(budget=budget).count() == before + 1
    sent.refresh_from_db()
    revision = sent.applied_revision
    assert revision.date == timezone.localdate(sent.deadline)
    assert BudgetAmount.objects.get(revision=revision, line=first).amount == 1_000
    assert BudgetAmount.objects.get(revision=revision, line=second).amount == 2_000


def test_a_rejected_procedure_applies_no_budget_proposal(dap, secretary, clock):
    clock.set(copenhagen(2025, 9, 1, 9, 0))
    budget = make_budget(dap)
    line = BudgetLine.objects.filter(budget=budget).first()
    anna, *_ = voters(dap, 1)
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="Flyt midler",
        deadline=timezone.now() + dt.timedelta(days=3),
        rule="silent",
        sections={"Indstilling": "<p>x</p>"},
    )
    services.procedure_set_proposal(
        procedure=draft, actor=secretary, budget=budget, amounts={line.pk: 5}
    )
    sent = services.procedure_send(procedure=draft, actor=secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="reject")
    clock.move(days=4)
    closing.scan()
    before = BudgetRevision.objects.count()
    services.procedure_decide(
        procedure=sent, actor=secretary, as_recommended=False, html="<p>Nej</p>"
    )
    assert BudgetRevision.objects.count() == before
