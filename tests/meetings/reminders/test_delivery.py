"""Reminders: recipients, exactly-once delivery, skipped conditions, failures and retries."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.editor import services as editor_services
from meetings.models import (
    DeliveryStatus,
    MeetingStatus,
    Reminder,
    ReminderAudience,
    ReminderCondition,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
    Role,
)
from meetings.reminders import delivery
from meetings.reminders import tasks as scanning
from meetings.reminders.limits import MAX_RETRIES
from meetings.reminders.recipients import recipients_for
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    MeetingFactory,
    MembershipFactory,
    PresenterFactory,
    UserFactory,
)

from .helpers import FAILING, after, member_reminder, new_meeting

pytestmark = pytest.mark.django_db


def test_a_second_scan_and_a_repeated_task_send_nothing_more(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=3)
    reminder = member_reminder(meeting)
    assert reminder.pk in scanning.scan(now=after(reminder))
    assert len(mail.outbox) == 4
    assert scanning.scan(now=after(reminder, 5)) == []
    # A task delivered twice (a worker restart with acks_late) claims nothing new.
    assert delivery.deliver(reminder.pk) == "nothing"
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.PENDING)
    assert delivery.deliver(reminder.pk) == "sent"
    assert len(mail.outbox) == 4
    assert ReminderDelivery.objects.filter(reminder=reminder).count() == 4


def test_a_condition_no_longer_true_skips_the_reminder(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=20, publish=False)
    reminder = Reminder.objects.get(meeting=meeting, rule__name="Dagsordenen er ikke udsendt")
    editor_services.meeting_publish(meeting=meeting, actor=crew["secretary"])
    scanning.scan(now=after(reminder))
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SKIPPED
    assert mail.outbox == []


def test_presenter_reminder_goes_only_to_presenters_of_items_without_bilag(dap, crew):
    secretary = crew["secretary"]
    meeting = new_meeting(dap, secretary, days=20, publish=False)
    waiting = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    PresenterFactory(item=waiting, name="Anna Andersen")
    PresenterFactory(item=waiting, name="Ekstern Konsulent")  # no user: the copy covers it
    ready = AgendaItemFactory(meeting=meeting, title="Status på projekter")
    PresenterFactory(item=ready, name=crew["bo"].email)  # matched by e-mail, but has bilag
    BilagFactory(item=ready)
    reminder = Reminder.objects.get(meeting=meeting, rule__name="Frist for bilag")
    scanning.scan(now=after(reminder))
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {crew["anna"].email, secretary.email}
    assert "Kronikerpakker" in sent[crew["anna"].email].body
    assert "Status på projekter" not in sent[crew["anna"].email].body
    assert "Kronikerpakker" in sent[secretary.email].body


def test_presenter_reminder_is_skipped_when_every_bilag_has_arrived(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=20, publish=False)
    item = AgendaItemFactory(meeting=meeting)
    PresenterFactory(item=item, name="Anna Andersen")
    BilagFactory(item=item)
    reminder = Reminder.objects.get(meeting=meeting, rule__name="Frist for bilag")
    scanning.scan(now=after(reminder))
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SKIPPED
    assert mail.outbox == []


def test_an_smtp_failure_is_retried_and_then_shown_as_failed(
    dap, crew, client, settings, django_capture_on_commit_callbacks
):
    meeting = new_meeting(dap, crew["secretary"], days=3)
    reminder = member_reminder(meeting)
    settings.MAILERS = FAILING
    scanning.scan(now=after(reminder))  # eager: the retries run at once
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED
    deliveries = list(ReminderDelivery.objects.filter(reminder=reminder))
    assert len(deliveries) == 4
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}
    assert {d.attempts for d in deliveries} == {1 + MAX_RETRIES}
    assert "SMTPServerDisconnected" in deliveries[0].last_error

    client.force_login(crew["secretary"])
    page = client.get(reverse("meetings:meeting_reminders", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Fejlet" in page.text
    assert "Forbindelsen til SMTP-serveren blev afbrudt" in page.text

    # The server is back: "Send nu" tries the failed deliveries again, once each.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:reminder_send_now", args=[reminder.pk]))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert len(mail.outbox) == 4


def test_a_failure_for_one_recipient_retries_only_that_one(dap, crew, settings, monkeypatch):
    meeting = new_meeting(dap, crew["secretary"], days=3)
    reminder = member_reminder(meeting)
    bad = crew["bo"].email
    original = delivery.build_message
    failures = {"left": 2}

    def flaky(reminder, recipient, items=None):
        message = original(reminder, recipient, items)
        if recipient.user.email == bad and failures["left"]:
            failures["left"] -= 1
            message.send = lambda **kwargs: (_ for _ in ()).throw(smtplib.SMTPException("nej"))
        return message

    monkeypatch.setattr(delivery, "build_message", flaky)
    scanning.scan(now=after(reminder))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        crew[n].email for n in ("chair", "anna", "bo", "olga")
    )
    bo = ReminderDelivery.objects.get(reminder=reminder, email=bad)
    assert (bo.status, bo.attempts, bo.last_error) == (DeliveryStatus.SENT, 3, "")
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT


def test_a_rule_set_to_always_never_mails_a_drafts_agenda_to_members():
    """Review finding: a member rule changed to 'Altid' must not leak a draft's items."""
    meeting = MeetingFactory(status=MeetingStatus.DRAFT)
    secretary = UserFactory(email="sek@dap.example")
    member = UserFactory(email="medlem@dap.example")
    observer = UserFactory(email="obs@dap.example")
    MembershipFactory(committee=meeting.committee, user=secretary, role=Role.SECRETARIAT)
    MembershipFactory(committee=meeting.committee, user=member, role=Role.MEMBER)
    MembershipFactory(committee=meeting.committee, user=observer, role=Role.OBSERVER)
    rule = ReminderRule.objects.create(
        committee=meeting.committee,
        name="Dagsorden (fejlindstillet)",
        offset_days=2,
        audience=ReminderAudience.MEMBERS,
        condition=ReminderCondition.ALWAYS,
        subject="Dagsorden",
        body="{punkter}",
    )
    reminder = Reminder.objects.create(
        rule=rule, meeting=meeting, meeting_starts_at=timezone.now(), due_at=timezone.now()
    )
    assert recipients_for(reminder) == []
    meeting.status = MeetingStatus.PUBLISHED
    meeting.save()
    reminder.meeting.refresh_from_db()
    assert {recipient.user.email for recipient in recipients_for(reminder)} == {
        "medlem@dap.example",
        "obs@dap.example",
    }


def test_presenter_reminder_of_a_draft_never_reaches_an_observer(dap, crew):
    secretary = crew["secretary"]
    meeting = new_meeting(dap, secretary, days=20, publish=False)
    item = AgendaItemFactory(meeting=meeting, title="Hemmelig plan for udbud")
    PresenterFactory(item=item, name="Olga Observatør")
    PresenterFactory(item=item, name="Anna Andersen")
    outsider = MembershipFactory(
        committee__name="Styregruppen for Sundhedsdata",
        committee__short_name="SDS",
        role=Role.SECRETARIAT,
        user__email="ude@example.org",
    ).user
    PresenterFactory(item=item, name=outsider.email)  # not of this committee
    reminder = Reminder.objects.get(meeting=meeting, rule__name="Frist for bilag")
    scanning.scan(now=after(reminder))
    sent = {message.to[0] for message in mail.outbox}
    assert crew["olga"].email not in sent
    assert outsider.email not in sent
    assert sent == {crew["anna"].email, secretary.email}
    # Once the agenda is out, the observer sees the meeting and may be reminded.
    mail.outbox.clear()
    editor_services.meeting_publish(meeting=meeting, actor=secretary)
    recipients = recipients_for(Reminder.objects.get(pk=reminder.pk))
    assert crew["olga"] in [recipient.user for recipient in recipients]
