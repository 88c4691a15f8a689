"""Reminders: default rules, due times, moving and cancelling a meeting."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from dap_portal import danish
from meetings.editor import services as editor_services
from meetings.models import Reminder, ReminderAudience, ReminderRule, ReminderStatus
from meetings.reminders import tasks as scanning
from meetings.reminders import times, workdays

from .helpers import after, member_reminder, move, new_meeting

pytestmark = pytest.mark.django_db


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
    rows = Reminder.objects.filter(meeting=meeting).select_related("rule")
    planned = {r.rule.name: times.planned_time(r.rule, start, end) for r in rows}
    assert planned["Frist for bilag"] == start - dt.timedelta(days=10)
    assert planned["Dagsordenen er ikke udsendt"] == start - dt.timedelta(days=7)
    assert planned["Dagsorden til medlemmerne"] == start - dt.timedelta(days=2)
    assert planned["Beslutninger mangler"] == end + dt.timedelta(days=2)
    for row in rows:  # on a working day, at the planned time or the nearest working day
        assert row.due_at == times.due_time(row.rule, start, end)
        assert workdays.day_off(row.due_at.date()) is None


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
    assert pending.due_at == times.due_time(pending.rule, start, times.meeting_times(meeting)[1])
    assert times.planned_time(pending.rule, start, start) == start - dt.timedelta(days=2)
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
