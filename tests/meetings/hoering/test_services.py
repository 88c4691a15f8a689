"""The høring: sent with a deadline in working days, comments, revisions, approval once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from dap_portal.celery import app
from meetings.hoering import closing, services
from meetings.hoering.selectors import changes_since
from meetings.hoering.workdays import add_working_days
from meetings.minutes.services import decision_record, minutes_approve, referat_save
from meetings.models import (
    ApprovalKind,
    AuditEntry,
    HoeringStatus,
    MeetingStatus,
    MinutesComment,
)

from .conftest import at, held_meeting

pytestmark = pytest.mark.django_db


def test_five_working_days_skip_weekends_and_the_christmas_days():
    assert add_working_days(dt.date(2025, 10, 7), 5) == dt.date(2025, 10, 14)
    # 24, 25, 26 and 31 December and 1 January are days off, and so is the weekend.
    assert add_working_days(dt.date(2025, 12, 22), 5) == dt.date(2026, 1, 5)


def test_sent_to_the_participants_with_the_default_deadline(
    crew, clock, django_capture_on_commit_callbacks
):
    meeting, _, _ = held_meeting(crew, clock)
    with django_capture_on_commit_callbacks(execute=True):
        hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])

    assert hoering.deadline == dt.date(2025, 10, 14)
    assert hoering.remind_on == dt.date(2025, 10, 13)
    assert sorted(hoering.recipient_ids) == sorted(
        [crew["chair"].pk, crew["anna"].pk, crew["bo"].pk]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        crew[name].email for name in ("chair", "anna", "bo")
    )
    assert "tirsdag d. 14. oktober 2025" in mail.outbox[0].body
    assert AuditEntry.objects.filter(meeting=meeting, action="minutes_hoering_sent").count() == 1
    with pytest.raises(ValidationError, match="allerede i høring"):
        services.hoering_send(meeting=meeting, actor=crew["secretary"])


def test_only_a_held_meeting_goes_in_hoering(crew, clock):
    meeting, _, _ = held_meeting(crew, clock)
    meeting.status = MeetingStatus.PUBLISHED
    meeting.save()
    with pytest.raises(ValidationError, match="afsluttet"):
        services.hoering_send(meeting=meeting, actor=crew["secretary"])
    assert not meeting.hoeringer.exists()


def test_comments_revision_shown_and_tacit_approval_exactly_once(crew, clock):
    meeting, first, second = held_meeting(crew, clock, tacit=True)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    services.comment_add(hoering=hoering, actor=crew["anna"], item=first, text="Tilføj KOL.")
    services.comment_add(hoering=hoering, actor=crew["bo"], text="Ingen bemærkninger")
    with pytest.raises(ValidationError, match="deltagere"):
        services.comment_add(hoering=hoering, actor=crew["observer"], item=first, text="Hej")
    with pytest.raises(ValidationError, match="Skriv"):
        services.comment_add(hoering=hoering, actor=crew["anna"], item=first, text="  ")
    assert MinutesComment.objects.filter(hoering=hoering).count() == 2

    # The secretariat revises: the text as sent is kept, and the change is shown.
    decision_record(
        item=first,
        actor=crew["secretary"],
        outcome="approved",
        html="<p>Godkendt som indstillet, også for KOL.</p>",
    )
    hoering.refresh_from_db()
    assert hoering.sent_text[str(first.pk)]["text"] == "Godkendt som indstillet"
    change = next(c for c in changes_since(hoering) if c.item_id == first.pk)
    assert change.changed
    assert change.removed == ["Godkendt som indstillet"]
    assert change.added == ["Godkendt som indstillet, også for KOL."]
    assert not next(c for c in changes_since(hoering) if c.item_id == second.pk).changed

    # On the deadline day it is still open; the day after, the scan approves it once.
    assert closing.approve_due(at(dt.date(2025, 10, 14), 23)) == []
    after = at(dt.date(2025, 10, 15), 0)
    assert closing.approve_due(after) == [hoering.pk]
    assert closing.approve_due(after) == []
    hoering.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert hoering.approval == ApprovalKind.TACIT
    assert hoering.approved_text[str(first.pk)]["text"].endswith("også for KOL.")
    assert AuditEntry.objects.filter(meeting=meeting, action="minutes_approved").count() == 1
    assert hoering.approval_sentence == (
        "Godkendt stiltiende d. 15. oktober 2025 efter høring fra 7. oktober 2025 "
        "til 14. oktober 2025."
    )
    with pytest.raises(ValidationError, match="afsluttet"):
        services.comment_add(hoering=hoering, actor=crew["anna"], item=first, text="For sent")


def test_without_the_committee_setting_the_scan_never_approves(crew, clock):
    meeting, _, _ = held_meeting(crew, clock, tacit=False)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    assert closing.approve_due(at(dt.date(2025, 10, 20))) == []
    hoering.refresh_from_db()
    assert hoering.status == HoeringStatus.OPEN


def test_an_objection_leaves_the_approval_to_the_chair(crew, clock):
    meeting, first, _ = held_meeting(crew, clock, tacit=True)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    services.comment_add(
        hoering=hoering, actor=crew["anna"], item=first, text="Forkert", objection=True
    )
    assert closing.approve_due(at(dt.date(2025, 10, 15))) == []
    assert closing.approve_due(at(dt.date(2025, 10, 15))) == []
    hoering.refresh_from_db()
    meeting.refresh_from_db()
    assert hoering.status == HoeringStatus.OBJECTED
    assert meeting.status == MeetingStatus.HELD
    assert AuditEntry.objects.filter(action="minutes_hoering_objected").count() == 1

    clock.set(at(dt.date(2025, 10, 16)))
    services.hoering_approve(hoering=hoering, actor=crew["chair"])
    hoering.refresh_from_db()
    assert hoering.approval_sentence == "Godkendt af formanden d. 16. oktober 2025."


def test_one_reminder_the_working_day_before_to_those_who_have_not_answered(crew, clock):
    meeting, first, _ = held_meeting(crew, clock)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    services.comment_add(hoering=hoering, actor=crew["anna"], item=first, text="Fint")
    mail.outbox.clear()

    assert closing.scan(at(dt.date(2025, 10, 10)))["reminded"] == []  # too early
    reminded = closing.scan(at(dt.date(2025, 10, 13)))["reminded"]
    assert sorted(user for _, user in reminded) == sorted([crew["chair"].pk, crew["bo"].pk])
    assert closing.scan(at(dt.date(2025, 10, 14)))["reminded"] == []  # once
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Påmindelse: referat i høring")


def test_beat_runs_the_hoering_scan_every_minute(settings):
    app.loader.import_default_modules()  # what beat and the worker do at start: autodiscovery
    entry = settings.CELERY_BEAT_SCHEDULE["scan-hoering"]
    assert entry == {"task": "meetings.hoering.scan", "schedule": 60.0}
    assert entry["task"] in app.tasks


def test_minutes_approved_on_the_minutes_page_during_the_hoering_are_left_alone(crew, clock):
    meeting, first, _ = held_meeting(crew, clock, tacit=True)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    minutes_approve(meeting=meeting, actor=crew["secretary"])

    assert closing.scan(at(dt.date(2025, 10, 15))) == {"approved": [], "reminded": []}
    with pytest.raises(ValidationError, match="afsluttet"):
        services.comment_add(hoering=hoering, actor=crew["anna"], item=first, text="Sent")
    assert AuditEntry.objects.filter(meeting=meeting, action="minutes_approved").count() == 1


def test_the_referat_text_typed_live_is_part_of_the_minutes_in_hoering(crew, clock):
    """What was discussed (minutes' live referat text) is sent and compared with the decision."""
    meeting, first, _second = held_meeting(crew, clock)
    referat_save(item=first, actor=crew["secretary"], text="Drøftet kort.", version=1)
    hoering = services.hoering_send(meeting=meeting, actor=crew["secretary"])
    assert hoering.sent_text[str(first.pk)]["text"] == "Drøftet kort.\n\nGodkendt som indstillet"

    referat_save(item=first, actor=crew["secretary"], text="Drøftet grundigt.", version=2)
    change = next(c for c in changes_since(hoering) if c.item_id == first.pk)
    assert (change.removed, change.added) == (["Drøftet kort."], ["Drøftet grundigt."])
