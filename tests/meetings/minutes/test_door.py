"""Attendance at the door (issue 24, part 2): present / afbud per member, "kom til punkt N",
"gik efter punkt N", and guests under one item ("deltog under punkt 4"), in the minutes page
and the minutes PDF."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.access import Viewer
from meetings.documents.render import DocumentKind, document_html
from meetings.models import Attendance, AuditEntry, Role
from tests.factories import AgendaItemFactory, MeetingFactory, member
from tests.meetings.editing import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(dap):
    meeting = MeetingFactory(committee=dap)
    for title in ("Velkomst", "Budget", "Status", "Tilskud"):
        AgendaItemFactory(meeting=meeting, title=title)
    return meeting


def referat(meeting) -> str:
    viewer = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)
    return document_html(meeting, viewer, DocumentKind.REFERAT)


def test_late_arrival_early_departure_and_a_guest_under_one_item(as_secretary, dap, meeting):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    bo = member(dap, Role.MEMBER, first_name="Bo", last_name="Berg")
    cai = member(dap, Role.CHAIR, first_name="Cai", last_name="Carlsen")
    one, two, three, four = meeting.items.order_by("position")
    response = as_secretary.post(
        url("attendance_save", meeting.pk),
        {
            f"attendance_{anna.pk}": "present",
            f"arrived_{anna.pk}": str(three.pk),
            f"attendance_{bo.pk}": "present",
            f"left_{bo.pk}": str(two.pk),
            f"attendance_{cai.pk}": "absent",
            f"arrived_{cai.pk}": str(one.pk),  # ignored: afbud
        },
        follow=True,
    )
    assert "Fremmødet er gemt." in response.text
    assert "(kom til punkt 3)" in response.text
    assert "(gik efter punkt 2)" in response.text
    assert Attendance.objects.get(user=cai).arrived_at_item is None
    entry = AuditEntry.objects.filter(action="attendance_recorded").latest("at")
    assert "Anna Andersen" in entry.summary

    as_secretary.post(
        url("guest_add", meeting.pk),
        {"name": "Dorte Dahl", "organisation": "KL", "during_item": str(four.pk)},
    )
    page = as_secretary.get(url("meeting_minutes", meeting.pk)).text
    assert "(deltog under punkt 4)" in page

    pdf = referat(meeting)
    assert "Anna Andersen (kom til punkt 3)" in pdf
    assert "Bo Berg (gik efter punkt 2)" in pdf
    assert "Dorte Dahl (KL) (deltog under punkt 4)" in pdf

    # Changing only the arrival is recorded too.
    as_secretary.post(
        url("attendance_save", meeting.pk),
        {f"attendance_{anna.pk}": "present", f"arrived_{anna.pk}": ""},
    )
    assert "Anna Andersen (kom til punkt" not in referat(meeting)
    latest = AuditEntry.objects.filter(action="attendance_recorded").latest("at")
    assert latest.changes["Anna Andersen"] == ["kom til punkt 3", None]


def test_bad_items_and_leaving_before_arriving_are_refused_and_change_nothing(
    as_secretary, dap, meeting
):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    one, _, three, _ = meeting.items.order_by("position")
    other = AgendaItemFactory(meeting=MeetingFactory(committee=dap))
    response = as_secretary.post(
        url("attendance_save", meeting.pk),
        {f"attendance_{anna.pk}": "present", f"arrived_{anna.pk}": str(other.pk)},
        follow=True,
    )
    assert "Vælg et af mødets punkter." in response.text
    response = as_secretary.post(
        url("attendance_save", meeting.pk),
        {
            f"attendance_{anna.pk}": "present",
            f"arrived_{anna.pk}": str(three.pk),
            f"left_{anna.pk}": str(one.pk),
        },
        follow=True,
    )
    assert "kan ikke gå efter et punkt, før vedkommende kom" in response.text
    assert not Attendance.objects.exists()
    as_secretary.post(url("guest_add", meeting.pk), {"name": "Gæst", "during_item": str(other.pk)})
    assert not Attendance.objects.exists()
