"""Bounds between meetings: a deadline and a due date within 2000-2100, as meetings; whole
numbers written with 0-9 in every number field (Arabic-Indic digits refused, as in amounts)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings.actions import services as actions
from meetings.actions.forms import ActionForm
from meetings.editor.forms import ItemAddForm, ItemForm, StandingItemForm
from meetings.minutes.services import decision_record
from meetings.models import FollowUpAction, WrittenProcedure
from meetings.procedures import services
from meetings.procedures.forms import ProcedureForm
from meetings.reminders.forms import ReminderRuleForm
from projects.models import Project
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MESSAGE = "mellem 1. januar 2000 og 31. december 2100"
FAR = dt.datetime(9999, 12, 31, 12, 0, tzinfo=dt.UTC)


def test_a_procedure_deadline_beyond_2100_is_refused(dap, secretary):
    with pytest.raises(ValidationError, match=MESSAGE):
        services.procedure_create(
            committee=dap,
            actor=secretary,
            title="Aldrig afsluttet",
            deadline=FAR,
            rule="silent",
            sections={"Indstilling": "<p>Godkend.</p>"},
        )
    assert not WrittenProcedure.objects.exists()
    form = ProcedureForm(
        {
            "title": "x",
            "deadline_date": "9999-12-31",
            "deadline_time": "12:00",
            "rule": "silent",
            "reminder_days": "2",
        },
        projects=Project.objects.none(),
    )
    assert not form.is_valid()
    assert MESSAGE in str(form.errors["deadline_date"])


def test_an_action_due_beyond_2100_is_refused(dap, secretary):
    meeting = MeetingFactory(committee=dap, date=dt.date(2025, 10, 6))
    item = AgendaItemFactory(meeting=meeting, kind="B")
    item = decision_record(item=item, actor=secretary, outcome="approved")
    with pytest.raises(ValidationError, match=MESSAGE):
        actions.action_create(
            actor=secretary,
            item=item,
            what="Følg op",
            responsible_kind="secretariat",
            due_date=dt.date(9999, 12, 31),
        )
    assert not FollowUpAction.objects.exists()
    form = ActionForm(
        {"what": "x", "responsible_kind": "secretariat", "due_date": "9999-12-31"}, members=[]
    )
    assert not form.is_valid()
    assert MESSAGE in str(form.errors["due_date"])


ARABIC_THIRTY = "٣٠"  # 30 in Arabic-Indic digits


@pytest.mark.parametrize(
    ("make", "field", "data"),
    [
        (
            lambda d: ItemForm(d, projects=Project.objects.none()),
            "duration_minutes",
            {"title": "x"},
        ),
        (lambda d: ItemAddForm(d), "duration_minutes", {"title": "x"}),
        (lambda d: StandingItemForm(d), "duration_minutes", {"title": "x"}),
        (
            lambda d: ProcedureForm(d, projects=Project.objects.none()),
            "quorum",
            {
                "title": "x",
                "deadline_date": "2030-01-01",
                "deadline_time": "12:00",
                "rule": "majority",
                "reminder_days": "2",
            },
        ),
        (
            lambda d: ProcedureForm(d, projects=Project.objects.none()),
            "reminder_days",
            {
                "title": "x",
                "deadline_date": "2030-01-01",
                "deadline_time": "12:00",
                "rule": "majority",
            },
        ),
        (lambda d: ReminderRuleForm(d), "offset_days", {"name": "x"}),
    ],
    ids=["item", "new item", "standing item", "quorum", "reminder days", "reminder rule"],
)
def test_every_number_field_refuses_arabic_indic_digits(make, field, data):
    form = make({**data, field: ARABIC_THIRTY})
    assert not form.is_valid()
    assert "Skriv et helt tal med cifrene 0-9." in form.errors[field]
    assert make({**data, field: "3"}).errors.get(field) is None
