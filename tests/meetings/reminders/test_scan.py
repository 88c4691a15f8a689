"""Reminders: the beat scan, its fixed number of queries and its lease."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dap_portal.celery import app
from meetings.models import Reminder
from meetings.reminders import services
from meetings.reminders import tasks as scanning
from tests.factories import MeetingFactory

from .helpers import after, member_reminder, new_meeting

pytestmark = pytest.mark.django_db


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


def test_beat_runs_the_scan_every_minute(settings):
    app.loader.import_default_modules()  # what beat and the worker do at start: autodiscovery
    entry = settings.CELERY_BEAT_SCHEDULE["scan-reminders"]
    assert entry == {"task": "meetings.tasks.scan_reminders", "schedule": 60.0}
    assert entry["task"] in app.tasks
