"""Reminders: scheduling, moving, cancelling, the scan, exactly-once delivery, failures, pages."""

import datetime as dt
import smtplib
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dap_portal import danish
from meetings.editor import services as editor_services
from meetings.models import (
    DeliveryStatus,
    Reminder,
    ReminderAudience,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
    Role,
)
from meetings.reminders import delivery, services, times
from meetings.reminders import mail as reminder_mail
from meetings.reminders import scan as scanning
from meetings.reminders.limits import MAX_RETRIES
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PresenterFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mailer whose SMTP server is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Forbindelsen til SMTP-serveren blev afbrudt")


FAILING = {"default": {"BACKEND": "tests.meetings.test_reminders.FailingBackend"}}


def people(committee):
    """A secretary, a chair, two members and an observer, each with an e-mail address."""
    return {
        "secretary": member(committee, Role.SECRETARIAT, first_name="Sara", last_name="Sekretær"),
        "chair": member(committee, Role.CHAIR, first_name="Frida", last_name="Formand"),
        "anna": member(committee, Role.MEMBER, first_name="Anna", last_name="Andersen"),
        "bo": member(committee, Role.MEMBER, first_name="Bo", last_name="Berg"),
        "olga": member(committee, Role.OBSERVER, first_name="Olga", last_name="Observatør"),
    }


def new_meeting(committee, actor, *, days=3, publish=True):
    """A meeting `days` ahead at 13.00-15.00, created (and published) through the services."""
    meeting = editor_services.meeting_create(
        committee=committee,
        actor=actor,
        date=timezone.localdate() + dt.timedelta(days=days),
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        location="Slotsholmsgade 12",
    )
    if publish:
        meeting = editor_services.meeting_publish(meeting=meeting, actor=actor)
    return meeting


def member_reminder(meeting):
    return Reminder.objects.get(meeting=meeting, rule__audience=ReminderAudience.MEMBERS)


def after(reminder, minutes=1):
    return reminder.due_at + dt.timedelta(minutes=minutes)


class Clock:
    """The time as the portal sees it (django.utils.timezone.now), set by the test."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def set(self, value: dt.datetime) -> None:
        self.now = value


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def crew(dap):
    return people(dap)


# --- Rules and scheduling ---------------------------------------------------------------------


def test_a_committee_gets_the_four_default_rules_with_its_first_meeting(dap, crew):
    new_meeting(dap, crew["secretary"])
    rules = {rule.name: rule for rule in ReminderRule.objects.filter(committee=dap)}
    assert set(rules) == {
        "Frist for bilag",
        "Dagsordenen er ikke udsendt",
        "Dagsorden til medlemmerne",
        "Beslutninger mangler",
    }
    assert rules["Frist for bilag"].offset_days == 10
    assert rules["Dagsorden til medlemmerne"].attach_ics


def test_reminders_are_computed_from_the_meeting_time(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    start, end = times.meeting_times(meeting)
    due = {r.rule.name: r.due_at for r in Reminder.objects.filter(meeting=meeting)}
    assert due["Frist for bilag"] == start - dt.timedelta(days=10)
    assert due["Dagsordenen er ikke udsendt"] == start - dt.timedelta(days=7)
    assert due["Dagsorden til medlemmerne"] == start - dt.timedelta(days=2)
    assert due["Beslutninger mangler"] == end + dt.timedelta(days=2)


def move(meeting, actor, *, date=None, start=dt.time(13, 0), end=dt.time(15, 0)):
    return editor_services.meeting_update(
        meeting=meeting,
        actor=actor,
        title=meeting.title,
        date=date or meeting.date,
        start_time=start,
        end_time=end,
        location=meeting.location,
    )


def test_moving_a_meeting_moves_its_unsent_reminders(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    before = {r.rule_id: r.pk for r in Reminder.objects.filter(meeting=meeting)}
    meeting = move(meeting, crew["secretary"], date=meeting.date + dt.timedelta(days=7))
    start, end = times.meeting_times(meeting)
    rows = list(Reminder.objects.filter(meeting=meeting).select_related("rule"))
    assert {r.rule_id: r.pk for r in rows} == before  # moved, not duplicated
    for row in rows:
        assert row.status == ReminderStatus.PENDING
        assert row.meeting_starts_at == start
        assert row.due_at == times.due_time(row.rule, start, end)


def test_moving_a_meeting_does_not_resend_a_sent_reminder(dap, crew, clock):
    secretary = crew["secretary"]
    meeting = new_meeting(dap, secretary, days=3)
    reminder = member_reminder(meeting)
    clock.set(after(reminder))
    scanning.scan()
    assert len(mail.outbox) == 4  # chair, two members, observer
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT

    # Two hours earlier: its new due time has passed, and it was sent; nothing new is sent.
    meeting = move(meeting, secretary, start=dt.time(11, 0), end=dt.time(13, 0))
    members = Reminder.objects.filter(meeting=meeting, rule__audience=ReminderAudience.MEMBERS)
    assert [r.status for r in members] == [ReminderStatus.SENT]
    decisions = Reminder.objects.get(meeting=meeting, rule__name="Beslutninger mangler")
    assert decisions.meeting_starts_at == times.meeting_times(meeting)[0]
    mail.outbox.clear()
    clock.set(clock.now + dt.timedelta(minutes=10))
    scanning.scan()
    assert mail.outbox == []

    # A week later: the member reminder is due again, two days before the new time.
    meeting = move(meeting, secretary, date=meeting.date + dt.timedelta(days=7))
    start, _ = times.meeting_times(meeting)
    pending = members.get(status=ReminderStatus.PENDING)
    assert pending.due_at == start - dt.timedelta(days=2)
    assert members.filter(status=ReminderStatus.SENT).count() == 1
    clock.set(after(pending))
    scanning.scan()
    assert len(mail.outbox) == 4
    assert danish.date_with_weekday(meeting.date) in mail.outbox[0].body
    # The invitation carries the raised SEQUENCE, so calendars replace the event.
    ics = mail.outbox[0].attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert f"SEQUENCE:{meeting.calendar_sequence}" in ics
    assert meeting.calendar_sequence == 2


def test_cancelling_a_meeting_removes_its_pending_reminders(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    assert Reminder.objects.filter(meeting=meeting, status=ReminderStatus.PENDING).count() == 4
    editor_services.meeting_cancel(meeting=meeting, actor=crew["secretary"], reason="Ingen punkter")
    assert not Reminder.objects.filter(meeting=meeting).exists()
    scanning.scan(now=timezone.now() + dt.timedelta(days=60))
    assert mail.outbox == []


# --- Delivery -----------------------------------------------------------------------------------


def test_member_reminder_reads_well_in_danish_with_ics_and_link(dap, crew, settings):
    settings.DAP_BASE_URL = "https://dap.example"
    meeting = new_meeting(dap, crew["secretary"], days=3)
    scanning.scan(now=after(member_reminder(meeting)))
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {crew[n].email for n in ("chair", "anna", "bo", "olga")}
    message = sent[crew["anna"].email]
    weekday_date = danish.date_with_weekday(meeting.date)
    assert message.subject == f"Dagsorden: {meeting.title} {weekday_date}"
    assert "Kære Anna Andersen" in message.body
    assert "kl. 13.00-15.00" in message.body
    assert "kl. 13.00  1. " in message.body  # the agenda lines with their times
    link = f"https://dap.example/moeder/{meeting.pk}/"
    assert link in message.body
    assert message.reply_to == ["sekretariat@dap.example"]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    (name, content, kind) = message.attachments[0]
    assert name == "moede.ics"
    assert kind.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert f"UID:meeting-{meeting.pk}@" in text
    assert "SEQUENCE:" in text
    assert "METHOD:REQUEST" in text
    # The whole message serialises (what the SMTP backend would send).
    assert message_from_bytes(message.message().as_bytes())["Subject"]


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


# --- The scan --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_scan_takes_a_fixed_number_of_queries(dap, crew, count, django_assert_num_queries):
    rule = services.reminder_rules_ensure_defaults(committee=dap)[0]
    now = timezone.now()
    meetings = [MeetingFactory(committee=dap) for _ in range(count)]
    Reminder.objects.bulk_create(
        Reminder(rule=rule, meeting=m, meeting_starts_at=now, due_at=now - dt.timedelta(minutes=1))
        for m in meetings
    )
    handed = []
    # SAVEPOINT, the locked SELECT, the UPDATE of handled_at, RELEASE SAVEPOINT.
    with django_assert_num_queries(4):
        scanning.scan(now=now, dispatch=handed.append)
    assert len(handed) == count
    with CaptureQueriesContext(connection) as queries:
        assert scanning.scan(now=now, dispatch=handed.append) == []
    assert len(queries) <= 4


def test_a_handed_over_reminder_is_handed_over_again_only_after_the_lease(dap, crew):
    meeting = new_meeting(dap, crew["secretary"], days=3)
    reminder = member_reminder(meeting)
    handed = []
    now = after(reminder)
    assert reminder.pk in scanning.scan(now=now, dispatch=handed.append)
    assert scanning.scan(now=now + dt.timedelta(minutes=5), dispatch=handed.append) == []
    later = now + scanning.LEASE + dt.timedelta(minutes=1)
    assert reminder.pk in scanning.scan(now=later, dispatch=handed.append)


# --- Placeholders -------------------------------------------------------------------------------


def test_placeholders_are_filled_and_unknown_ones_stay_visible():
    values = {"møde": "Styregruppemøde", "dato": "mandag d. 6. oktober 2025"}
    assert (
        reminder_mail.fill("{møde} {dato} {ukendt} {møde.__class__} {{x}}", values)
        == "Styregruppemøde mandag d. 6. oktober 2025 {ukendt} {møde.__class__} {{x}}"
    )


# --- The secretariat's pages ----------------------------------------------------------------


def test_the_reminder_page_shows_times_recipients_and_a_preview(dap, crew, client):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    client.force_login(crew["secretary"])
    page = client.get(reverse("meetings:meeting_reminders", args=[meeting.pk]))
    assert page.status_code == 200
    text = page.text
    member_due = timezone.localtime(member_reminder(meeting).due_at).date()
    assert danish.date_with_weekday(member_due) in text
    assert "Dagsorden til medlemmerne" in text
    assert crew["anna"].email in text
    assert "Kære Anna Andersen" in text or "Kære Frida Formand" in text
    assert "Planlagt" in text


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER])
def test_only_the_secretariat_sees_the_reminder_pages(dap, crew, client, role):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    reminder = member_reminder(meeting)
    client.force_login(member(dap, role))
    assert client.get(reverse("meetings:meeting_reminders", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:reminder_rules", args=[dap.pk])).status_code == 404
    assert client.post(reverse("meetings:reminder_send_now", args=[reminder.pk])).status_code == 404


def test_send_now_goes_through_the_claim_path(
    dap, crew, client, django_capture_on_commit_callbacks
):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    reminder = member_reminder(meeting)
    ReminderDelivery.objects.create(
        reminder=reminder,
        recipient=crew["anna"],
        email=crew["anna"].email,
        status=DeliveryStatus.SENT,
    )
    client.force_login(crew["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:reminder_send_now", args=[reminder.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        crew[n].email for n in ("chair", "bo", "olga")
    )
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT


def test_the_secretariat_edits_a_rule_and_pending_reminders_follow(dap, crew, client):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    rule = ReminderRule.objects.get(committee=dap, name="Dagsorden til medlemmerne")
    client.force_login(crew["secretary"])
    page = client.get(reverse("meetings:reminder_rules", args=[dap.pk]))
    assert page.status_code == 200
    assert "Dagsorden til medlemmerne" in page.text
    response = client.post(
        reverse("meetings:reminder_rule_edit", args=[rule.pk]),
        {
            "name": rule.name,
            "anchor": rule.anchor,
            "offset_days": 3,
            "offset_hours": 0,
            "audience": rule.audience,
            "condition": rule.condition,
            "subject": "Husk: {møde} {dato}",
            "body": rule.body,
            "attach_ics": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    start, _ = times.meeting_times(meeting)
    assert member_reminder(meeting).due_at == start - dt.timedelta(days=3)
    rule.refresh_from_db()
    assert rule.subject == "Husk: {møde} {dato}"
    assert not rule.attach_agenda_pdf


def test_the_reminder_page_has_a_fixed_number_of_queries(
    dap, crew, client, django_assert_max_num_queries
):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    client.force_login(crew["secretary"])
    url = reverse("meetings:meeting_reminders", args=[meeting.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # More people, more items, sent reminders with deliveries and new ones after a move.
    for number in range(8):
        member(dap, Role.MEMBER, first_name="Medlem", last_name=str(number))
    for _ in range(4):
        PresenterFactory(item=AgendaItemFactory(meeting=meeting), name="Anna Andersen")
    scanning.scan(now=after(member_reminder(meeting)))
    meeting = move(meeting, crew["secretary"], date=meeting.date + dt.timedelta(days=14))
    assert Reminder.objects.filter(meeting=meeting).count() > 4
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_beat_runs_the_scan_every_minute(settings):
    from dap_portal.celery import app

    app.loader.import_default_modules()  # what beat and the worker do at start: autodiscovery
    entry = settings.CELERY_BEAT_SCHEDULE["scan-reminders"]
    assert entry == {"task": "meetings.tasks.scan_reminders", "schedule": 60.0}
    assert entry["task"] in app.tasks


def test_a_rule_saved_from_the_rules_page_and_a_bad_one_refused(dap, crew, client):
    services.reminder_rules_ensure_defaults(committee=dap)
    rule = ReminderRule.objects.get(committee=dap, name="Frist for bilag")
    client.force_login(crew["secretary"])
    prefix = f"r{rule.pk}-"
    values = {
        "name": rule.name,
        "anchor": rule.anchor,
        "offset_days": 12,
        "offset_hours": 0,
        "audience": rule.audience,
        "condition": rule.condition,
        "subject": rule.subject,
        "body": rule.body,
        "active": "on",
    }
    url = reverse("meetings:reminder_rule_edit", args=[rule.pk])
    response = client.post(url, {prefix + key: value for key, value in values.items()})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.offset_days == 12
    refused = client.post(url, {**values, "offset_hours": 24 * 60, "subject": ""})
    assert refused.status_code == 200
    assert "Dette felt er påkrævet" in refused.text or "påkrævet" in refused.text
    rule.refresh_from_db()
    assert rule.subject


def test_a_rule_set_to_always_never_mails_a_drafts_agenda_to_members():
    """Review finding: a member rule changed to 'Altid' must not leak a draft's items."""
    from meetings.models import MeetingStatus, ReminderCondition
    from meetings.reminders.recipients import recipients_for

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
