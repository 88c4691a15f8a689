"""Two beat scans at the same moment on PostgreSQL: the minutes are approved exactly once."""

import datetime as dt
import threading

import pytest
from django.db import connection

from meetings.hoering import closing, services
from meetings.models import AuditEntry, HoeringStatus, MeetingStatus

from .conftest import at, held_meeting


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_approve_once(crew, clock):
    meeting, _, _ = held_meeting(crew, clock, tacit=True)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    due = at(dt.date(2025, 10, 15))
    barrier = threading.Barrier(2)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(closing.approve_due(due))
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
    assert sorted(results) == [[], [hoering.pk]]
    hoering.refresh_from_db()
    meeting.refresh_from_db()
    assert hoering.status == HoeringStatus.APPROVED
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert AuditEntry.objects.filter(meeting=meeting, action="minutes_approved").count() == 1
