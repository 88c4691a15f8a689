"""Reminders through a real Celery worker on Redis, and two scans at once on PostgreSQL."""

import datetime as dt
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection

from dap_portal.celery import app
from meetings.models import Reminder, ReminderDelivery, ReminderStatus, Role
from meetings.reminders import delivery
from meetings.reminders import tasks as scanning
from meetings.reminders.tasks import deliver_reminder  # defines the tasks the test's app takes on
from tests.conftest import redis_url
from tests.factories import CommitteeFactory, member

from .helpers import member_reminder, new_meeting, people

# The worker's Redis database when the run names none (or 0, a developer's own): it is flushed.
WORKER_REDIS_DB = 6


def broker_url() -> str:
    """The run's Redis (REDIS_URL, CELERY_BROKER_URL) on the database it names, so parallel runs
    given their own databases keep apart; on `WORKER_REDIS_DB` when it names none or 0."""
    parts = urlsplit(redis_url())
    named = parts.path.strip("/")
    database = named if named.isdigit() and int(named) != 0 else str(WORKER_REDIS_DB)
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture
def celery_worker(settings):
    """A Celery worker in a thread, on its own Redis database, with tasks really queued.

    A Celery app of the test's own, made current for the test: the shared tasks bind to it,
    and nothing the project's app has pooled (a file-system broker, eager mode) is reused.
    """
    url = broker_url()
    redis.Redis.from_url(url).flushdb()
    test_app = Celery("dap_portal_worker_test", set_as_current=False)
    test_app.config_from_object("django.conf:settings", namespace="CELERY")
    test_app.conf.update(broker_url=url, task_always_eager=False, broker_transport_options={})
    test_app.finalize()
    assert "meetings.tasks.deliver_reminder" in test_app.tasks
    test_app.set_current()
    try:
        with start_worker(
            test_app,
            pool="threads",
            concurrency=2,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
        ) as worker:
            yield worker
    finally:
        # start_worker made the test's app the default too (for every thread): undo both.
        app.set_default()
        app.set_current()
        test_app.close()


def wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not finish in time")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_member_reminder_once_with_the_invitation(celery_worker):
    committee = CommitteeFactory()
    crew = people(committee)
    meeting = new_meeting(committee, crew["secretary"], days=2)
    reminder = member_reminder(meeting)
    due = reminder.due_at + dt.timedelta(minutes=1)

    handed = scanning.scan(now=due)
    assert reminder.pk in handed
    wait_for(lambda: Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT)

    members = {crew[name].email for name in ("chair", "anna", "bo", "olga")}
    to_members = [message for message in mail.outbox if message.to[0] in members]
    assert sorted(message.to[0] for message in to_members) == sorted(members)
    for message in to_members:
        names = [attachment[0] for attachment in message.attachments]
        assert names == ["moede.ics"]
        assert message.attachments[0][2].startswith("text/calendar")
    deliveries = ReminderDelivery.objects.filter(reminder=reminder)
    assert sorted(d.email for d in deliveries) == sorted(members)
    assert {d.status for d in deliveries} == {"sent"}

    # A second scan hands nothing over; a task delivered again sends nothing more.
    count = len(mail.outbox)
    assert scanning.scan(now=due + dt.timedelta(minutes=1)) == []
    deliver_reminder.delay(reminder.pk)
    time.sleep(1.5)
    assert len(mail.outbox) == count
    assert ReminderDelivery.objects.filter(reminder=reminder).count() == len(members)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_deliver_each_reminder_to_each_recipient_once():
    """Two beat processes at once: SKIP LOCKED splits the due rows, the claims do the rest."""
    committee = CommitteeFactory()
    crew = people(committee)
    for number in range(6):
        member(committee, Role.MEMBER, first_name="Medlem", last_name=str(number))
    meetings = [new_meeting(committee, crew["secretary"], days=3 + n) for n in range(4)]
    due = max(member_reminder(m).due_at for m in meetings) + dt.timedelta(minutes=1)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            scanning.scan(now=due)  # eager: each scan delivers in its own thread
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sent = [(message.to[0], message.subject) for message in mail.outbox]
    assert len(sent) == len(set(sent))
    for meeting in meetings:
        reminder = member_reminder(meeting)
        assert reminder.status == ReminderStatus.SENT
        assert ReminderDelivery.objects.filter(reminder=reminder).count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_reminder_send_each_e_mail_once():
    """The claim alone (without the scan's lock): two deliveries of the same task at once."""
    committee = CommitteeFactory()
    crew = people(committee)
    for number in range(8):
        member(committee, Role.MEMBER, first_name="Medlem", last_name=str(number))
    meeting = new_meeting(committee, crew["secretary"], days=3)
    reminder = member_reminder(meeting)
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            delivery.deliver(reminder.pk)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == 12  # chair, observer and ten members
    assert len(set(recipients)) == 12
