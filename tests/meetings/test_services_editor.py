"""The secretariat's writes: each service is atomic, validated, audited, and keeps what it must."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import writes
from meetings.access import Viewer
from meetings.agenda import agenda_for
from meetings.bilag import services as bilag_services
from meetings.editor import items as item_services
from meetings.editor import services as editor_services
from meetings.member.selectors import changes_since_publication
from meetings.minutes import services as minutes_services
from meetings.models import (
    AgendaItem,
    Attendance,
    AuditEntry,
    Bilag,
    BilagVersion,
    DecisionOutcome,
    ItemSection,
    Meeting,
    MeetingStatus,
    Role,
    StandingItem,
    StandingItemTemplate,
)
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    PresenterFactory,
    ProjectFactory,
    member,
)

pytestmark = pytest.mark.django_db

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def secretary(dap):
    return member(dap, Role.SECRETARIAT, username="sekretaer", first_name="Sofie")


@pytest.fixture
def meeting(dap):
    return MeetingFactory(committee=dap, draft=True)


def actions(meeting):
    return list(
        AuditEntry.objects.filter(meeting=meeting)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def titles(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def pdf(name="notat.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- Meetings ---------------------------------------------------------------------------------


def test_new_meeting_starts_with_the_default_standing_items(dap, secretary):
    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 3, 2), start_time=dt.time(13)
    )

    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.title == "Styregruppemøde for Digital Almen Praksis"
    items = list(meeting.items.order_by("position"))
    assert [(i.title, i.duration_minutes, i.standing) for i in items] == [
        ("Meddelelser", 5, ""),
        ("Eventuelt og næste møde", 5, StandingItem.NEXT_MEETING),
    ]
    assert StandingItemTemplate.objects.filter(committee=dap).count() == 2
    assert actions(meeting) == ["meeting_created"]


def test_standing_items_are_editable_per_committee(dap, secretary):
    editor_services.standing_items_ensure(committee=dap)
    StandingItemTemplate.objects.filter(committee=dap, position=1).update(
        title="Godkendelse af dagsorden", duration_minutes=3
    )

    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 3, 2)
    )

    assert titles(meeting) == ["Godkendelse af dagsorden", "Eventuelt og næste møde"]
    assert meeting.items.order_by("position").first().duration_minutes == 3


def test_reschedule_is_audited_with_old_and_new(meeting, secretary):
    editor_services.meeting_update(
        meeting=meeting,
        actor=secretary,
        title=meeting.title,
        date=dt.date(2025, 10, 8),
        start_time=dt.time(10),
        end_time=dt.time(12),
        location="Online",
    )

    entry = AuditEntry.objects.get(meeting=meeting, action="meeting_rescheduled")
    assert entry.changes["date"] == ["2025-10-06", "2025-10-08"]
    assert entry.changes["start_time"] == ["13:00", "10:00"]
    assert entry.changes["location"] == ["Slotsholmsgade 12, mødesal B (fælles)", "Online"]
    assert "onsdag d. 8. oktober 2025" in entry.summary


def test_a_held_meeting_cannot_be_rescheduled(dap, secretary):
    held = MeetingFactory(committee=dap, status=MeetingStatus.HELD)

    with pytest.raises(ValidationError, match="afholdt"):
        editor_services.meeting_update(
            meeting=held,
            actor=secretary,
            title=held.title,
            date=dt.date(2025, 10, 9),
            start_time=held.start_time,
            end_time=held.end_time,
            location=held.location,
        )


def test_cancel_from_draft_or_published_only(dap, secretary):
    published = MeetingFactory(committee=dap)
    held = MeetingFactory(committee=dap, status=MeetingStatus.HELD)

    editor_services.meeting_cancel(meeting=published, actor=secretary, reason="Formanden er syg")

    published.refresh_from_db()
    assert published.status == MeetingStatus.CANCELLED
    assert AuditEntry.objects.get(meeting=published, action="meeting_cancelled").changes[
        "reason"
    ] == [None, "Formanden er syg"]
    with pytest.raises(ValidationError):
        editor_services.meeting_cancel(meeting=held, actor=secretary)


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


# --- Items ------------------------------------------------------------------------------------


def test_new_item_goes_before_eventuelt_og_naeste_moede(dap, secretary):
    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 3, 2)
    )
    project = ProjectFactory(name="Klinikkens cockpit")

    item = item_services.agenda_item_create(
        meeting=meeting,
        actor=secretary,
        title="Kronikerpakker",
        kind="O",
        duration_minutes=10,
        presenters=[item_services.PresenterData("Anne Hansen", "PLO", "Konsulent")],
        projects=[project],
    )

    assert titles(meeting) == ["Meddelelser", "Kronikerpakker", "Eventuelt og næste møde"]
    assert [str(p) for p in item.presenters.all()] == ["Anne Hansen (PLO)"]
    assert list(item.projects.all()) == [project]
    entry = AuditEntry.objects.get(meeting=meeting, action="item_created")
    assert entry.item_id == item.pk
    assert entry.changes["title"] == [None, "Kronikerpakker"]


def test_dragging_the_third_item_to_the_top_renumbers_and_logs_one_move(meeting, secretary):
    first, second, third = (AgendaItemFactory(meeting=meeting) for _ in range(3))

    item_services.agenda_items_reorder(
        meeting=meeting, actor=secretary, order=[third.pk, first.pk, second.pk]
    )

    assert titles(meeting) == [third.title, first.title, second.title]
    moves = AuditEntry.objects.filter(meeting=meeting, action="item_moved")
    assert [(m.item_id, m.changes["number"]) for m in moves] == [(third.pk, [3, 1])]
    lines = agenda_for(meeting, Viewer(user=secretary, role=Role.SECRETARIAT)).lines
    assert [line.number for line in lines] == [1, 2, 3]
    assert lines[0].item == third


def test_reorder_naming_other_items_is_refused(meeting, secretary):
    first, second = AgendaItemFactory(meeting=meeting), AgendaItemFactory(meeting=meeting)

    with pytest.raises(writes.OrderConflictError, match="ændret af en anden"):
        item_services.agenda_items_reorder(meeting=meeting, actor=secretary, order=[second.pk])

    assert titles(meeting) == [first.title, second.title]


def test_move_up_and_down_are_the_keyboard_way(meeting, secretary):
    first, second = AgendaItemFactory(meeting=meeting), AgendaItemFactory(meeting=meeting)

    item_services.agenda_item_move(item=second, actor=secretary, offset=-1)
    assert titles(meeting) == [second.title, first.title]
    item_services.agenda_item_move(item=second, actor=secretary, offset=-1)  # already first
    assert titles(meeting) == [second.title, first.title]
    assert AuditEntry.objects.filter(action="item_moved").count() == 1


def test_item_update_records_each_changed_field(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting, title="Gammel", duration_minutes=10)

    updated = item_services.agenda_item_update(
        item=item,
        actor=secretary,
        version=item.version,
        title="Ny",
        kind="B",
        duration_minutes=15,
        confidential=False,
        presenters=[item_services.PresenterData("Anne", "PLO")],
    )

    assert updated.version == item.version + 1
    assert updated.updated_by == secretary
    entry = AuditEntry.objects.get(action="item_updated")
    assert entry.changes["title"] == ["Gammel", "Ny"]
    assert entry.changes["duration_minutes"] == [10, 15]
    assert entry.changes["presenters"] == [[], ["Anne (PLO)"]]


def test_a_stale_item_edit_is_refused_and_the_newer_text_kept(meeting, secretary, dap):
    other = member(dap, Role.SECRETARIAT, username="kollega", first_name="Karen")
    item = AgendaItemFactory(meeting=meeting, title="Original")
    read_version = item.version
    item_services.agenda_item_update(
        item=item,
        actor=other,
        version=read_version,
        title="Karens titel",
        kind="O",
        duration_minutes=10,
        confidential=False,
    )

    with pytest.raises(writes.ConflictError) as conflict:
        item_services.agenda_item_update(
            item=item,
            actor=secretary,
            version=read_version,
            title="Sofies titel",
            kind="O",
            duration_minutes=10,
            confidential=False,
        )

    assert conflict.value.current.title == "Karens titel"
    assert conflict.value.changed_by == other
    item.refresh_from_db()
    assert item.title == "Karens titel"


def test_deleting_an_item_is_logged_with_its_title_and_number(meeting, secretary):
    AgendaItemFactory(meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, title="Udgår")
    BilagFactory(item=item, title="Notat")

    item_services.agenda_item_delete(item=item, actor=secretary)

    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    entry = AuditEntry.objects.get(action="item_deleted")
    assert entry.changes["title"] == ["Udgår", None]
    assert entry.changes["number"] == [2, None]
    assert entry.summary == "Punkt slettet: 2. Udgår"


def test_nothing_can_change_once_the_minutes_are_approved(dap, secretary):
    approved = MeetingFactory(committee=dap, status=MeetingStatus.MINUTES_APPROVED)
    item = AgendaItemFactory(meeting=approved)

    with pytest.raises(ValidationError, match="låst"):
        item_services.agenda_item_create(meeting=approved, actor=secretary, title="Nyt")
    with pytest.raises(ValidationError, match="låst"):
        bilag_services.bilag_upload(item=item, actor=secretary, upload=pdf())


# --- Sections ---------------------------------------------------------------------------------


def test_sections_are_sanitized_and_standard_headings_take_their_place(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)
    item_services.section_create(item=item, actor=secretary, heading="Resumé", html="<p>Kort</p>")
    item_services.section_create(item=item, actor=secretary, heading="Baggrund", html="<p>Før</p>")
    item_services.section_create(item=item, actor=secretary, heading="Min egen", html="<p>Fri</p>")

    section = item_services.section_create(
        item=item,
        actor=secretary,
        heading="Indstilling",
        html='<p style="color:red" onclick="x()">Det indstilles<script>alert(1)</script></p>',
    )

    assert section.html == "<p>Det indstilles</p>"
    headings = list(item.sections.order_by("position").values_list("heading", flat=True))
    assert headings == ["Resumé", "Indstilling", "Baggrund", "Min egen"]
    assert actions(meeting).count("section_created") == 4


def test_empty_editor_paragraph_is_stored_as_no_text(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    section = item_services.section_create(
        item=item, actor=secretary, heading="", html="<p><br></p>"
    )

    assert section.html == ""


def test_a_stale_section_edit_is_refused_and_the_newer_text_kept(meeting, secretary):
    section = ItemSectionFactory(item=AgendaItemFactory(meeting=meeting), html="<p>Start</p>")
    item_services.section_update(
        section=section, actor=secretary, version=1, heading="Indstilling", html="<p>Nyere</p>"
    )

    with pytest.raises(writes.ConflictError) as conflict:
        item_services.section_update(
            section=section, actor=secretary, version=1, heading="Indstilling", html="<p>Ældre</p>"
        )

    assert conflict.value.current.html == "<p>Nyere</p>"
    section.refresh_from_db()
    assert section.html == "<p>Nyere</p>"
    assert section.version == 2


def test_deleted_section_text_stays_in_the_history(meeting, secretary):
    section = ItemSectionFactory(item=AgendaItemFactory(meeting=meeting), html="<p>Tabt?</p>")

    item_services.section_delete(section=section, actor=secretary)

    assert not ItemSection.objects.filter(pk=section.pk).exists()
    entry = AuditEntry.objects.get(action="section_deleted")
    assert entry.changes["html"] == ["<p>Tabt?</p>", None]


# --- Bilag ------------------------------------------------------------------------------------


def test_a_pdf_upload_is_stored_with_its_facts(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    bilag = bilag_services.bilag_upload(
        item=item, actor=secretary, upload=pdf("Kommissorium v2.pdf")
    )

    assert bilag.title == "Kommissorium v2"
    assert bilag.content_type == "application/pdf"
    assert bilag.size == len(PDF_BYTES)
    assert len(bilag.sha256) == 64
    assert bilag.original_filename == "Kommissorium v2.pdf"
    assert bilag.uploaded_by == secretary
    assert bilag.file.name.endswith(".pdf")
    assert AuditEntry.objects.get(action="bilag_uploaded").item_id == item.pk


def test_an_executable_named_pdf_is_refused(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError) as refused:
        bilag_services.bilag_upload(
            item=item, actor=secretary, upload=pdf("rapport.pdf", ELF_BYTES)
        )

    assert refused.value.messages == [
        "Filen er ikke en PDF, Word-, Excel- eller PowerPoint-fil eller et billede "
        "(indholdet er et program (ELF)). Vælg en anden fil."
    ]
    assert not Bilag.objects.exists()


def test_an_oversize_upload_is_refused_with_the_limit(meeting, secretary, settings):
    settings.DAP_BILAG_MAX_BYTES = 1024 * 1024
    item = AgendaItemFactory(meeting=meeting)
    big = PDF_BYTES + b"0" * (1024 * 1024 + 200 * 1024)

    with pytest.raises(ValidationError) as refused:
        bilag_services.bilag_upload(item=item, actor=secretary, upload=pdf("stor.pdf", big))

    assert refused.value.messages == [
        "Filen er for stor: 1,2 MB. Den største tilladte størrelse er 1 MB."
    ]
    assert not Bilag.objects.exists()


def test_replacing_a_bilag_keeps_the_earlier_file(meeting, secretary):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=meeting), with_file=True)
    first_file = bilag.file.name

    replaced = bilag_services.bilag_replace(
        bilag=bilag, actor=secretary, upload=pdf("ny.pdf", PDF_BYTES + b"%ny")
    )

    assert replaced.version == 2
    assert replaced.original_filename == "ny.pdf"
    assert replaced.file.name != first_file
    old = BilagVersion.objects.get(bilag=bilag)
    assert (old.number, old.file.name, old.original_filename) == (1, first_file, "bilag.pdf")
    assert old.file.open("rb").read() == PDF_BYTES
    entry = AuditEntry.objects.get(action="bilag_replaced")
    assert entry.changes["version"] == [1, 2]


def test_office_bilag_is_sent_for_conversion_after_commit(
    meeting, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    from meetings.bilag import tasks

    queued = []

    class Task:
        @staticmethod
        def delay(bilag_id):
            queued.append(bilag_id)

    monkeypatch.setattr(tasks, "convert_bilag_to_pdf", Task)
    item = AgendaItemFactory(meeting=meeting)
    upload = SimpleUploadedFile("notat.docx", docx_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        bilag = bilag_services.bilag_upload(item=item, actor=secretary, upload=upload)

    assert bilag.content_type.endswith("wordprocessingml.document")
    assert queued == [bilag.pk]


def test_bilag_rename_reorder_and_delete(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)
    one, two = BilagFactory(item=item, title="Et"), BilagFactory(item=item, title="To")

    bilag_services.bilag_rename(bilag=one, actor=secretary, title="Første", confidential=True)
    bilag_services.bilag_reorder(item=item, actor=secretary, order=[two.pk, one.pk])
    bilag_services.bilag_delete(bilag=two, actor=secretary)

    assert list(item.bilag.values_list("title", "confidential")) == [("Første", True)]
    assert actions(meeting) == ["bilag_renamed", "bilag_moved", "bilag_deleted"]
    assert AuditEntry.objects.get(action="bilag_renamed").changes["title"] == ["Et", "Første"]


# --- Copy ------------------------------------------------------------------------------------


def test_copy_brings_text_but_no_decision_and_bilag_only_when_asked(dap, secretary):
    earlier = MeetingFactory(committee=dap, date=dt.date(2025, 6, 2))
    source = AgendaItemFactory(
        meeting=earlier,
        title="Budget",
        decision_html="<p>Godkendt</p>",
        decision_outcome="approved",
    )
    ItemSectionFactory(item=source, heading="Indstilling", html="<p>Det indstilles</p>")
    PresenterFactory(item=source, name="Anne")
    BilagFactory(item=source, with_file=True, title="Budgetnotat")
    target = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 1, 5)
    )

    [copy] = editor_services.meeting_copy_items(meeting=target, actor=secretary, items=[source])
    [with_bilag] = editor_services.meeting_copy_items(
        meeting=target, actor=secretary, items=[source], include_bilag=True
    )

    assert titles(target) == ["Meddelelser", "Budget", "Budget", "Eventuelt og næste møde"]
    assert copy.decision_html == ""
    assert copy.decision_outcome == ""
    assert [s.html for s in copy.sections.all()] == ["<p>Det indstilles</p>"]
    assert [p.name for p in copy.presenters.all()] == ["Anne"]
    assert not copy.bilag.exists()
    copied = with_bilag.bilag.get()
    assert copied.title == "Budgetnotat"
    assert copied.file.name != source.bilag.get().file.name
    assert copied.file.open("rb").read() == PDF_BYTES


# --- Decisions and attendance ------------------------------------------------------------------


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


# --- Changes since publication --------------------------------------------------------------


def test_changes_after_publication_are_worded_per_item(dap, secretary):
    meeting = MeetingFactory(committee=dap, draft=True)
    kept = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    BilagFactory(item=kept, with_file=True, title="Analyse")
    item_services.section_create(item=kept, actor=secretary, heading="Resumé", html="<p>før</p>")
    editor_services.meeting_publish(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()

    added = item_services.agenda_item_create(meeting=meeting, actor=secretary, title="Nyt punkt")
    bilag_services.bilag_replace(bilag=kept.bilag.get(), actor=secretary, upload=pdf("v2.pdf"))
    section = kept.sections.get()
    item_services.section_update(
        section=section, actor=secretary, version=section.version, heading="Resumé", html="<p>x</p>"
    )

    reader = member(dap, Role.MEMBER)
    agenda = agenda_for(meeting, Viewer.of(reader, meeting))
    changes = changes_since_publication(meeting, agenda)

    assert [c.text for c in changes.for_item(kept.pk)] == [
        "Teksten er ændret",
        "Ny udgave af bilag: Analyse",
    ]
    assert [c.text for c in changes.for_item(added.pk)] == ["Punktet er tilføjet"]
    assert len(changes.changes) == 3
    assert " kl. " in changes.changes[0].when


def test_changes_to_a_closed_item_do_not_leak_to_observers(dap, secretary):
    meeting = MeetingFactory(committee=dap, draft=True)
    closed = AgendaItemFactory(meeting=meeting, confidential=True)
    editor_services.meeting_publish(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()
    bilag_services.bilag_upload(item=closed, actor=secretary, upload=pdf("Hemmeligt notat.pdf"))

    observer = member(dap, Role.OBSERVER)
    changes = changes_since_publication(meeting, agenda_for(meeting, Viewer.of(observer, meeting)))

    assert [c.text for c in changes.for_item(closed.pk)] == ["Punktet er ændret"]
    assert "Hemmeligt" not in str([c.text for c in changes.changes])


def test_no_changes_shown_for_a_meeting_never_published(meeting, secretary):
    AgendaItemFactory(meeting=meeting)
    changes = changes_since_publication(
        meeting, agenda_for(meeting, Viewer(user=secretary, role=Role.SECRETARIAT))
    )

    assert not changes
    assert Meeting.objects.get(pk=meeting.pk).published_at is None


def test_long_titles_still_fit_the_history(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting, title="P" * 300)

    bilag = bilag_services.bilag_upload(item=item, actor=secretary, upload=pdf(), title="B" * 300)
    bilag_services.bilag_rename(bilag=bilag, actor=secretary, title="C" * 300, confidential=False)

    entry = AuditEntry.objects.get(action="bilag_renamed")
    assert len(entry.summary) == 500
    assert entry.changes["title"] == ["B" * 300, "C" * 300]


def test_the_editors_trailing_empty_lines_are_dropped(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    section = item_services.section_create(
        item=item, actor=secretary, heading="", html="<p>Tekst</p><p><br></p><p></p>"
    )

    assert section.html == "<p>Tekst</p>"
