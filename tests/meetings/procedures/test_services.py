"""Written procedures: rules, answers until the deadline, the scan that closes once, e-mails,
the decision and a budget proposal applied once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import (
    AuditEntry,
    BetweenNotice,
    ProcedureOutcome,
    ProcedureStatus,
    Role,
    WrittenProcedure,
)
from meetings.procedures import closing, services
from tests.factories import member

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def test_silent_approval_is_approved_with_no_answers(dap, secretary, clock):
    voters(dap)
    sent = procedure(dap, secretary, rule="silent")
    clock.move(days=6)
    assert closing.scan()["closed"] == [sent.pk]
    sent.refresh_from_db()
    assert sent.status == ProcedureStatus.CLOSED
    assert sent.outcome == ProcedureOutcome.APPROVED


def test_silent_approval_is_rejected_by_one_objection(dap, secretary, clock):
    anna, bo, _ = voters(dap)
    sent = procedure(dap, secretary, rule="silent")
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    services.procedure_answer(procedure=sent, user=bo, choice="reject", remark="Mangler økonomi")
    clock.move(days=6)
    closing.scan()
    sent.refresh_from_db()
    assert sent.outcome == ProcedureOutcome.REJECTED


def test_majority_two_against_one_is_approved_and_closed_once(dap, secretary, clock):
    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    services.procedure_answer(procedure=sent, user=carl, choice="reject", remark="For dyrt")
    clock.move(days=6)
    assert closing.scan()["closed"] == [sent.pk]
    closed_at = WrittenProcedure.objects.get().closed_at
    clock.move(minutes=1)
    assert closing.scan() == {"closed": [], "reminded": []}  # a second scan changes nothing
    sent.refresh_from_db()
    assert sent.outcome == ProcedureOutcome.APPROVED
    assert sent.closed_at == closed_at
    assert AuditEntry.objects.filter(action="procedure_closed").count() == 1


def test_majority_without_quorum_is_not_decided(dap, secretary, clock):
    anna, *_ = voters(dap, 5)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    clock.move(days=6)
    closing.scan()
    sent.refresh_from_db()
    assert sent.outcome == ProcedureOutcome.NO_QUORUM


def test_an_answer_may_change_until_the_deadline_and_is_refused_after(dap, secretary, clock):
    anna, *_ = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="reject")
    services.procedure_answer(procedure=sent, user=anna, choice="approve", remark="Efter samtale")
    assert sent.answers.get().choice == "approve"
    clock.move(days=5, seconds=1)  # past the deadline, before any scan closed it
    with pytest.raises(ValidationError, match="Svarfristen er udløbet"):
        services.procedure_answer(procedure=sent, user=anna, choice="reject")
    assert sent.answers.get().choice == "approve"


def test_observers_and_the_secretariat_do_not_answer(dap, secretary):
    voters(dap)
    observer = member(dap, Role.OBSERVER)
    sent = procedure(dap, secretary)
    for user in (observer, secretary):
        with pytest.raises(ValidationError, match="stemmeberettigede"):
            services.procedure_answer(procedure=sent, user=user, choice="approve")


def test_a_remark_without_a_vote_needs_text(dap, secretary):
    anna, *_ = voters(dap)
    sent = procedure(dap, secretary)
    with pytest.raises(ValidationError, match="Skriv din bemærkning"):
        services.procedure_answer(procedure=sent, user=anna, choice="remark")


def test_closing_early_only_when_the_outcome_cannot_change(dap, secretary):
    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    with pytest.raises(ValidationError, match="kan stadig ændre sig"):
        services.procedure_close_early(procedure=sent, actor=secretary)
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    closed = services.procedure_close_early(procedure=sent, actor=secretary)
    assert closed.outcome == ProcedureOutcome.APPROVED
    assert closed.closed_early
    with pytest.raises(ValidationError):
        services.procedure_answer(procedure=sent, user=carl, choice="reject")


def test_sending_mails_each_voting_member_once_with_a_link(
    dap, secretary, django_capture_on_commit_callbacks
):
    anna, bo, carl = voters(dap)
    member(dap, Role.OBSERVER, email="observer@dap.example")
    with django_capture_on_commit_callbacks(execute=True):
        sent = procedure(dap, secretary)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in (anna, bo, carl)
    )
    assert mail.outbox[0].subject == "Skriftlig proces: Mini PID'en for projektet"
    assert f"/moeder/skriftlig-proces/{sent.pk}/" in mail.outbox[0].body
    assert "Svarfrist" in mail.outbox[0].body


def test_the_reminder_goes_once_to_those_who_have_not_answered(dap, secretary, clock):
    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    mail.outbox.clear()
    clock.move(days=2)  # three days before the deadline: too early
    assert closing.scan()["reminded"] == []
    clock.move(days=1, minutes=1)  # two days before
    reminded = closing.scan()["reminded"]
    assert sorted(reminded) == sorted([(sent.pk, bo.pk), (sent.pk, carl.pk)])
    assert sorted(message.to[0] for message in mail.outbox) == sorted([bo.email, carl.email])
    assert mail.outbox[0].subject.startswith("Påmindelse: skriftlig proces")
    clock.move(hours=3)
    assert closing.scan()["reminded"] == []
    assert len(mail.outbox) == 2
    assert BetweenNotice.objects.filter(kind="procedure_reminder").count() == 2


def test_a_failed_reminder_is_tried_again_by_the_next_scan(dap, secretary, clock, monkeypatch):
    anna, *_ = voters(dap, 1)
    sent = procedure(dap, secretary)
    clock.move(days=3, minutes=1)
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send", lambda self: (_ for _ in ()).throw(OSError("nede"))
    )
    assert closing.scan()["reminded"] == []
    monkeypatch.undo()
    # undo also restored timezone.now: set the clock again
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    assert closing.scan()["reminded"] == [(sent.pk, anna.pk)]


def test_decision_som_indstillet_only_when_approved(dap, secretary, clock):
    anna, *_ = voters(dap)
    sent = procedure(dap, secretary, rule="silent")
    services.procedure_answer(procedure=sent, user=anna, choice="reject")
    clock.move(days=6)
    closing.scan()
    sent.refresh_from_db()
    with pytest.raises(ValidationError, match="ikke godkendt"):
        services.procedure_decide(procedure=sent, actor=secretary, as_recommended=True)
    decided = services.procedure_decide(
        procedure=sent,
        actor=secretary,
        as_recommended=False,
        html="<p>Sagen tages op igen.</p><script>x</script>",
    )
    assert decided.decision_html == "<p>Sagen tages op igen.</p>"


def test_a_draft_cannot_be_sent_with_a_past_deadline(dap, secretary):
    voters(dap)
    draft = services.procedure_create(
        committee=dap,
        actor=secretary,
        title="For sent",
        deadline=timezone.now() - dt.timedelta(hours=1),
        rule="silent",
        sections={"Indstilling": "<p>x</p>"},
    )
    with pytest.raises(ValidationError, match="overskredet"):
        services.procedure_send(procedure=draft, actor=secretary)
    draft.refresh_from_db()
    assert draft.status == ProcedureStatus.DRAFT


def test_a_remark_without_a_vote_still_counts_as_a_vote_to_come(dap, secretary):
    """Silent approval: Anna and Bo only remarked; either may still object, so the outcome
    can change and the procedure cannot be closed early."""
    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary, rule="silent")
    services.procedure_answer(procedure=sent, user=anna, choice="remark", remark="Fint")
    services.procedure_answer(procedure=sent, user=bo, choice="remark", remark="Ok")
    services.procedure_answer(procedure=sent, user=carl, choice="approve")
    with pytest.raises(ValidationError, match="kan stadig ændre sig"):
        services.procedure_close_early(procedure=sent, actor=secretary)


def test_a_closed_record_keeps_its_voters_when_the_committee_changes(dap, secretary, clock):
    from meetings.procedures.selectors import procedure_page

    anna, bo, carl = voters(dap)
    sent = procedure(dap, secretary)
    services.procedure_answer(procedure=sent, user=anna, choice="approve")
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    clock.move(days=6)
    closing.scan()
    sent.refresh_from_db()
    before = procedure_page(secretary, sent)
    carl.memberships.all().delete()  # Carl leaves; Dorte joins
    member(dap, Role.MEMBER, first_name="Dorte", last_name="Medlem")
    sent.refresh_from_db()
    after = procedure_page(secretary, sent)
    assert [row.name for row in after.rows] == [row.name for row in before.rows]
    assert after.tally == before.tally
