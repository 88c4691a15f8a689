"""Minutes services: status flow, decisions and attendance, locked once approved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import writes
from meetings.minutes import services as minutes_services
from meetings.models import (
    Attendance,
    AuditEntry,
    DecisionOutcome,
    MeetingStatus,
    Role,
)
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    member,
)
from tests.meetings.editing import actions

pytestmark = pytest.mark.django_db


def test_status_flow_published_held_approved_reopened(dap, secretary):
    meeting = MeetingFactory(committee=dap)
    with pytest.raises(ValidationError):
        minutes_services.minutes_approve(meeting=meeting, actor=secretary)

    minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)
    minutes_services.minutes_approve(meeting=meeting, actor=secretary)
    with pytest.raises(ValidationError, match="hvorfor"):
        minutes_services.minutes_reopen(meeting=meeting, actor=secretary, reason="  ")
    minutes_services.minutes_reopen(meeting=meeting, actor=secretary, reason="Fejl i punkt 3")

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert actions(meeting) == ["meeting_held", "minutes_approved", "minutes_reopened"]
    reopened = AuditEntry.objects.get(meeting=meeting, action="minutes_reopened")
    assert reopened.actor == secretary
    assert reopened.changes["reason"] == [None, "Fejl i punkt 3"]


def test_one_click_decision_writes_the_standard_wording(dap, secretary):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting, kind="O")

    decided = minutes_services.decision_record(
        item=item, actor=secretary, outcome=DecisionOutcome.NOTED
    )

    assert decided.decision_html == "<p>Taget til efterretning</p>"
    assert decided.decided_by == secretary
    assert decided.decided_at is not None
    entry = AuditEntry.objects.get(action="decision_recorded")
    assert entry.changes["decision_outcome"] == ["", "noted"]


def test_free_text_decision_is_sanitized(dap, secretary):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap), kind="B")

    decided = minutes_services.decision_record(
        item=item,
        actor=secretary,
        outcome=DecisionOutcome.APPROVED_WITH_CHANGES,
        html='<p onclick="x()">Godkendt, dog <strong>uden</strong> punkt 2</p>',
    )

    assert decided.decision_html == "<p>Godkendt, dog <strong>uden</strong> punkt 2</p>"


def test_decisions_are_locked_after_approval_until_reopened(dap, secretary):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.HELD)
    item = AgendaItemFactory(meeting=meeting, kind="B")
    minutes_services.decision_record(item=item, actor=secretary, outcome=DecisionOutcome.APPROVED)
    minutes_services.minutes_approve(meeting=meeting, actor=secretary)

    with pytest.raises(ValidationError, match="låst"):
        minutes_services.decision_record(
            item=item, actor=secretary, outcome=DecisionOutcome.REJECTED
        )
    item.refresh_from_db()
    assert item.decision_outcome == DecisionOutcome.APPROVED

    minutes_services.minutes_reopen(meeting=meeting, actor=secretary, reason="Forkert udfald")
    minutes_services.decision_record(item=item, actor=secretary, outcome=DecisionOutcome.REJECTED)
    item.refresh_from_db()
    assert item.decision_html == "<p>Ikke godkendt</p>"


def test_no_decisions_on_a_draft(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError, match="ikke udsendt"):
        minutes_services.decision_record(item=item, actor=secretary, outcome=DecisionOutcome.NOTED)


def test_a_stale_decision_is_refused(dap, secretary):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap), kind="B")
    version = item.version
    minutes_services.decision_record(
        item=item, actor=secretary, outcome="approved", version=version
    )

    with pytest.raises(writes.ConflictError):
        minutes_services.decision_record(
            item=item, actor=secretary, outcome="rejected", version=version
        )


def test_attendance_members_afbud_and_guests(dap, secretary):
    meeting = MeetingFactory(committee=dap)
    chair = member(dap, Role.CHAIR, first_name="Henrik", last_name="Østergaard")
    absent = member(dap, Role.MEMBER, first_name="Mette", last_name="Kjærgaard")

    minutes_services.attendance_record(
        meeting=meeting, actor=secretary, statuses={chair.pk: "present", absent.pk: "absent"}
    )
    guest = minutes_services.attendance_add_guest(
        meeting=meeting, actor=secretary, name="Ole Gæst", organisation="KL"
    )
    minutes_services.attendance_record(
        meeting=meeting, actor=secretary, statuses={absent.pk: "present"}
    )
    minutes_services.attendance_remove(attendance=guest, actor=secretary)

    rows = {row.name: row.status for row in Attendance.objects.filter(meeting=meeting)}
    assert rows == {"Henrik Østergaard": "present", "Mette Kjærgaard": "present"}
    assert actions(meeting) == [
        "attendance_recorded",
        "attendance_guest_added",
        "attendance_recorded",
        "attendance_removed",
    ]
    with pytest.raises(ValidationError):
        minutes_services.attendance_record(
            meeting=meeting,
            actor=secretary,
            statuses={
                member(
                    CommitteeFactory(name="Styregruppen for Andet", short_name="AN")
                ).pk: "present"
            },
        )


def test_a_meeting_in_the_future_cannot_be_marked_held(dap, secretary):
    meeting = MeetingFactory(committee=dap, date=timezone.localdate() + dt.timedelta(days=1))

    with pytest.raises(ValidationError, match="fra mødedagen"):
        minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert actions(meeting) == []
    with pytest.raises(ValidationError):
        minutes_services.minutes_approve(meeting=meeting, actor=secretary)


def test_a_meeting_can_be_marked_held_on_its_day(dap, secretary):
    meeting = MeetingFactory(committee=dap, date=timezone.localdate())

    minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_attendance_changes_make_a_new_minutes_pdf_the_same_day(client, dap, secretary):
    """The minutes PDF is found by the meeting's version: every attendance write bumps it."""
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    meeting = MeetingFactory(
        committee=dap,
        date=timezone.localdate() - dt.timedelta(days=1),
        published_at=timezone.now(),
        status=MeetingStatus.HELD,
    )
    AgendaItemFactory(meeting=meeting, title="Status")
    absent = member(dap, Role.MEMBER, first_name="Mette", last_name="Kjærgaard")
    client.force_login(secretary)

    def minutes_text() -> str:
        response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)

    assert "Gæstesen" not in minutes_text()  # now in the cache
    guest = minutes_services.attendance_add_guest(
        meeting=meeting, actor=secretary, name="Gitte Gæstesen"
    )
    assert "Gæstesen" in minutes_text()
    minutes_services.attendance_record(
        meeting=meeting, actor=secretary, statuses={absent.pk: "absent"}
    )
    assert "Kjærgaard" in minutes_text().split("Afbud", 1)[-1]
    minutes_services.attendance_remove(attendance=guest, actor=secretary)
    assert "Gæstesen" not in minutes_text()
