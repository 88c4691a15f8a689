"""Dates are bounded to 2000-01-01 .. 2100-12-31 everywhere, with a Danish message; nothing
raises OverflowError (a meeting dated 9999-12-31 gave a 500 in reminder scheduling)."""

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from budgets.spreadsheets import parse_date
from meetings.editor import services as editor_services
from meetings.interchange.services import InterchangeError, import_agenda
from meetings.models import Meeting, MeetingStatus, Reminder
from meetings.reminders.services import schedule_for_meeting
from tests.budgets.helpers import text_of
from tests.factories import MeetingFactory
from tests.meetings.editing import url

pytestmark = pytest.mark.django_db

SEED = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "dap-2025-10-06.json").read_text()
)
MESSAGE = "mellem 1. januar 2000 og 31. december 2100"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_the_meeting_form_refuses_a_date_out_of_range(as_secretary, dap, day):
    response = as_secretary.post(
        url("meeting_create"), {"committee": dap.pk, "date": day, "start_time": "13:00"}
    )

    assert response.status_code == 200
    assert MESSAGE in text_of(response)
    assert not Meeting.objects.exists()


def test_the_date_picker_keeps_to_the_range(as_secretary):
    form = as_secretary.get(url("meeting_create")).content.decode()

    assert 'min="2000-01-01"' in form
    assert 'max="2100-12-31"' in form


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_the_service_refuses_a_date_out_of_range(meeting, secretary, day):
    before = meeting.date
    with pytest.raises(ValidationError, match="Mødets dato"):
        editor_services.meeting_update(
            meeting=meeting,
            actor=secretary,
            title=meeting.title,
            date=day,
            start_time=dt.time(13),
            end_time=None,
            location="",
        )
    meeting.refresh_from_db()
    assert meeting.date == before


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_reminder_scheduling_of_an_old_row_out_of_range_never_overflows(dap, day):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.PUBLISHED)
    Meeting.objects.filter(pk=meeting.pk).update(date=day)  # saved before the check existed
    meeting.refresh_from_db()

    schedule_for_meeting(meeting)

    assert not Reminder.objects.filter(meeting=meeting).exists()


def test_the_import_refuses_9999_12_31():
    data = copy.deepcopy(SEED)
    data["meeting"]["date"] = "9999-12-31"

    with pytest.raises(InterchangeError) as refused:
        import_agenda(data)

    assert refused.value.path == "meeting.date"
    assert MESSAGE in refused.value.message
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("value", ["31-12-9999", "1999-12-31", dt.date(1, 1, 1)])
def test_budget_dates_out_of_range_are_refused(value):
    with pytest.raises(ValueError, match=MESSAGE):
        parse_date(value)
