"""The condition registry: one entry per `ReminderCondition`, and the entry decides."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import (
    DecisionOutcome,
    MeetingStatus,
    Reminder,
    ReminderAudience,
    ReminderCondition,
    ReminderRule,
    Role,
)
from meetings.reminders import conditions, delivery
from meetings.reminders.conditions import CONDITIONS, Condition, condition_holds
from meetings.reminders.times import meeting_times
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, member


@pytest.mark.parametrize("condition", list(ReminderCondition))
def test_every_condition_has_its_entry_in_the_registry(condition):
    """A `ReminderCondition` value added without its registry entry fails here."""
    entry = CONDITIONS.get(condition)
    assert isinstance(entry, Condition), f"{condition!r} has no entry in conditions.CONDITIONS"
    assert callable(entry.holds)
    assert entry.points is None or callable(entry.points)


def test_the_registry_has_nothing_but_the_conditions():
    assert set(CONDITIONS) == set(ReminderCondition)


def reminder_for(meeting, condition, audience=ReminderAudience.SECRETARIAT):
    rule = ReminderRule.objects.create(
        committee=meeting.committee,
        name="Prøve",
        offset_days=1,
        audience=audience,
        condition=condition,
        subject="{møde}",
        body="{punkter}",
    )
    start, _ = meeting_times(meeting)
    return Reminder.objects.create(
        rule=rule, meeting=meeting, meeting_starts_at=start, due_at=timezone.now()
    )


@pytest.mark.django_db
def test_whether_a_reminder_goes_out_is_the_registrys_answer(monkeypatch):
    meeting = MeetingFactory(status=MeetingStatus.PUBLISHED)
    reminder = reminder_for(meeting, ReminderCondition.PUBLISHED)
    assert condition_holds(reminder)
    monkeypatch.setitem(CONDITIONS, ReminderCondition.PUBLISHED, Condition(holds=lambda s: False))
    assert not condition_holds(reminder)


@pytest.mark.django_db
def test_a_cancelled_or_moved_meeting_holds_no_condition():
    meeting = MeetingFactory(status=MeetingStatus.PUBLISHED)
    reminder = reminder_for(meeting, ReminderCondition.ALWAYS)
    assert condition_holds(reminder)
    Reminder.objects.filter(pk=reminder.pk).update(
        meeting_starts_at=reminder.meeting_starts_at - dt.timedelta(days=1)
    )
    reminder.refresh_from_db()
    assert not condition_holds(reminder)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    assert not condition_holds(reminder_for(meeting, ReminderCondition.ALWAYS))


@pytest.mark.django_db
def test_the_decisions_reminder_lists_the_items_without_a_decision():
    committee = CommitteeFactory()
    secretary = member(committee, Role.SECRETARIAT, first_name="Sara", last_name="Sekretær")
    meeting = MeetingFactory(committee=committee, status=MeetingStatus.HELD)
    AgendaItemFactory(
        meeting=meeting, title="Godkendt punkt", decision_outcome=DecisionOutcome.APPROVED
    )
    AgendaItemFactory(meeting=meeting, title="Uafklaret punkt")
    reminder = reminder_for(meeting, ReminderCondition.DECISIONS_MISSING)
    assert conditions.condition_points(reminder) == ["2. Uafklaret punkt"]
    assert delivery.deliver(reminder.pk) == "sent"
    (message,) = mail.outbox
    assert message.to == [secretary.email]
    assert message.body == "2. Uafklaret punkt"
