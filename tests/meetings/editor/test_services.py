"""The secretariat's drafting services: atomic, validated, audited, and keeping what they must."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import writes
from meetings.access import Viewer
from meetings.agenda import agenda_for
from meetings.bilag import services as bilag_services
from meetings.editor import items as item_services
from meetings.editor import services as editor_services
from meetings.models import (
    AgendaItem,
    AuditEntry,
    ItemSection,
    MeetingStatus,
    Role,
    StandingItem,
    StandingItemTemplate,
)
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    ItemSectionFactory,
    MeetingFactory,
    ProjectFactory,
    member,
)
from tests.meetings.editing import (
    actions,
    pdf,
    titles,
)

pytestmark = pytest.mark.django_db


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


def test_new_item_goes_before_eventuelt_og_naeste_moede(dap, secretary):
    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 3, 2)
    )
    project = ProjectFactory(name="Klinikkens cockpit")
    dap.programmes.add(project.programme)

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


@pytest.mark.parametrize("follows_a_programme", [False, True])
def test_an_item_cannot_name_a_project_of_a_programme_its_committee_does_not_follow(
    meeting, secretary, follows_a_programme
):
    from tests.factories import ProgrammeFactory, ProjectFactory

    if follows_a_programme:
        meeting.committee.programmes.add(ProgrammeFactory(short_name="EGET", name="Eget"))
    foreign = ProjectFactory(programme=ProgrammeFactory(short_name="AND"), name="Fremmed")
    item = AgendaItemFactory(meeting=meeting, title="Cockpit")

    with pytest.raises(ValidationError, match="Udvalget følger ikke programmet for »Fremmed«"):
        item_services.agenda_item_update(
            item=item,
            actor=secretary,
            version=item.version,
            title="Cockpit",
            kind=item.kind,
            duration_minutes=item.duration_minutes,
            confidential=False,
            projects=[foreign],
        )
    with pytest.raises(ValidationError, match="Fremmed"):
        item_services.agenda_item_create(
            meeting=meeting, actor=secretary, title="Nyt", projects=[foreign]
        )
    assert not item.projects.exists()
    assert not meeting.items.filter(title="Nyt").exists()
