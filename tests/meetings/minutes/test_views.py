"""The minutes page: one-click decisions, attendance, reopening, fixed numbers of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import (
    Attendance,
    AuditEntry,
    DecisionOutcome,
    MeetingStatus,
    Role,
)
from tests.factories import (
    AgendaItemFactory,
    ItemSectionFactory,
    MeetingFactory,
    member,
)
from tests.meetings.editing import HTMX, build_agenda, count_queries, url
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


def test_minutes_page_issues_the_same_number_of_queries_for_10_and_60_items(as_secretary, dap):
    small = MeetingFactory(committee=dap, title="Lille")
    large = MeetingFactory(committee=dap, title="Stort")
    build_agenda(small, 10)
    build_agenda(large, 60)

    ten = count_queries(as_secretary, url("meeting_minutes", small.pk))
    sixty = count_queries(as_secretary, url("meeting_minutes", large.pk))

    assert sixty == ten


def test_one_click_decision_and_lock_after_approval(as_secretary, dap):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting, kind="B", title="KOL")
    ItemSectionFactory(item=item, heading="Indstilling", html="<p>Det indstilles, at ...</p>")

    page = text_of(as_secretary.get(url("meeting_minutes", meeting.pk)))
    assert "Indstilling Det indstilles, at ..." in page
    assert "Godkendt som indstillet" in page

    response = as_secretary.post(
        url("decision_save", item.pk),
        {"outcome": DecisionOutcome.APPROVED, "version": str(item.version)},
        **HTMX,
    )
    assert "Godkendt som indstillet" in text_of(response)
    as_secretary.post(url("meeting_held", meeting.pk))
    as_secretary.post(url("minutes_approve", meeting.pk))

    locked = as_secretary.get(url("meeting_minutes", meeting.pk))
    assert "Låst: referatet er godkendt." in text_of(locked)
    assert url("decision_save", item.pk) not in locked.text
    refused = as_secretary.post(
        url("decision_save", item.pk), {"outcome": DecisionOutcome.REJECTED}, **HTMX
    )
    assert refused["HX-Retarget"] == "#editor-messages"
    assert "beslutningerne er låst" in text_of(refused)
    item.refresh_from_db()
    assert item.decision_outcome == DecisionOutcome.APPROVED


def test_reopening_the_minutes_needs_a_reason(as_secretary, dap):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.MINUTES_APPROVED)

    as_secretary.post(url("minutes_reopen", meeting.pk), {"reason": ""})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED

    as_secretary.post(url("minutes_reopen", meeting.pk), {"reason": "Stavefejl i punkt 2"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert AuditEntry.objects.get(action="minutes_reopened").summary == (
        "Referatet genåbnet: Stavefejl i punkt 2"
    )


def test_attendance_through_the_page(as_secretary, dap):
    meeting = MeetingFactory(committee=dap)
    chair = member(dap, Role.CHAIR, first_name="Henrik", last_name="Ø")

    response = as_secretary.post(
        url("attendance_save", meeting.pk), {f"attendance_{chair.pk}": "absent"}, **HTMX
    )
    assert "Fremmødet er gemt." in text_of(response)
    as_secretary.post(url("guest_add", meeting.pk), {"name": "Ole", "organisation": "KL"}, **HTMX)

    rows = {(row.name, row.status, row.guest) for row in Attendance.objects.filter(meeting=meeting)}
    assert rows == {("Henrik Ø", "absent", False), ("Ole", "present", True)}


def test_the_minutes_page_of_a_future_meeting_offers_no_held_button(as_secretary, dap):
    meeting = MeetingFactory(committee=dap, date=timezone.localdate() + dt.timedelta(days=3))

    page = as_secretary.get(url("meeting_minutes", meeting.pk)).content.decode()
    refused = as_secretary.post(url("meeting_held", meeting.pk), follow=True).content.decode()

    assert "Markér mødet som afholdt" not in page
    assert "fra mødedagen" in page
    assert "fra mødedagen" in refused
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
