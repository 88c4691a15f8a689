"""The computed agenda: numbers, markers, clock times, totals, bilag numbers, parts."""

import datetime as dt

import pytest

from meetings.access import Viewer
from meetings.agenda import agenda_for, bilag_filename, bilag_number, next_meeting_sentence
from meetings.models import MeetingStatus, Role
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemEmbedFactory,
    ItemSectionFactory,
    MeetingFactory,
    PresenterFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(with_next=True)


def viewer_with(meeting, role=Role.MEMBER):
    user = member(meeting.committee, role)
    return Viewer.of(user, meeting)


def test_lines_are_numbered_by_position_with_kind_and_minutes(meeting):
    AgendaItemFactory(
        meeting=meeting, position=10, title="Meddelelser", kind="", duration_minutes=5
    )
    AgendaItemFactory(meeting=meeting, position=20, title="Kronikerpakker", duration_minutes=10)
    AgendaItemFactory(
        meeting=meeting,
        position=35,
        title="Revideret KOL-forløbsplan afventer kronikerpakke for KOL",
        kind="B",
        duration_minutes=10,
    )

    agenda = agenda_for(meeting, viewer_with(meeting))

    assert [line.list_line for line in agenda.lines] == [
        "1. Meddelelser (5 min.)",
        "2. Kronikerpakker (O) (10 min.)",
        "3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B) (10 min.)",
    ]
    assert agenda.lines[2].heading == (
        "3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B)"
    )
    assert [line.anchor for line in agenda.lines] == ["punkt-1", "punkt-2", "punkt-3"]


def test_clock_times_run_from_the_start_time_and_the_total_is_summed(meeting):
    for minutes in (5, 10, 10, 20):
        AgendaItemFactory(meeting=meeting, duration_minutes=minutes)

    agenda = agenda_for(meeting, viewer_with(meeting))

    assert [line.starts_at for line in agenda.lines] == [
        dt.time(13, 0),
        dt.time(13, 5),
        dt.time(13, 15),
        dt.time(13, 25),
    ]
    assert agenda.total_minutes == 45
    assert agenda.ends_at == dt.time(13, 45)
    assert agenda.overrun_minutes == 0
    assert agenda.spare_minutes == 75


def test_overrun_is_measured_against_the_end_time(meeting):
    for _ in range(9):
        AgendaItemFactory(meeting=meeting, duration_minutes=15)

    agenda = agenda_for(meeting, viewer_with(meeting))

    assert agenda.total_minutes == 135
    assert agenda.overrun_minutes == 15
    assert agenda.ends_at == dt.time(15, 15)


def test_without_a_start_time_there_are_no_clock_times():
    meeting = MeetingFactory(start_time=None, end_time=None)
    AgendaItemFactory(meeting=meeting)

    agenda = agenda_for(meeting, viewer_with(meeting))

    assert agenda.lines[0].starts_at is None
    assert agenda.overrun_minutes == 0
    assert agenda.date_line == "Mandag d. 6. oktober 2025, Slotsholmsgade 12, mødesal B (fælles)"


def test_date_line_and_title(meeting):
    agenda = agenda_for(meeting, viewer_with(meeting))

    assert agenda.date_line == (
        "Mandag d. 6. oktober 2025, kl. 13.00-15.00, Slotsholmsgade 12, mødesal B (fælles)"
    )
    assert agenda.title == "Dagsorden til styregruppemøde for Digital Almen Praksis"


def test_next_meeting_sentence(meeting):
    assert next_meeting_sentence(meeting) == (
        "Næste møde afholdes tirsdag d. 16. december 2025 kl. 13.00-15.00 "
        "i Indenrigs- og Sundhedsministeriet."
    )


def test_next_meeting_sentence_comes_from_the_next_meeting_in_the_portal(meeting):
    meeting.next_date = None
    meeting.save()
    assert next_meeting_sentence(meeting) == ""
    MeetingFactory(
        committee=meeting.committee,
        date=dt.date(2026, 1, 20),
        status=MeetingStatus.CANCELLED,
    )
    MeetingFactory(
        committee=meeting.committee,
        date=dt.date(2025, 12, 9),
        start_time=dt.time(10),
        end_time=dt.time(12),
        location="MedCom, Forskerparken 10",
        draft=True,
    )
    other = CommitteeFactory(name="Styregruppen for Forløbsplaner", short_name="FP")
    MeetingFactory(committee=other, date=dt.date(2025, 11, 1))

    assert next_meeting_sentence(meeting) == (
        "Næste møde afholdes tirsdag d. 9. december 2025 kl. 10.00-12.00 "
        "i MedCom, Forskerparken 10."
    )


def test_a_typed_next_meeting_overrides_the_one_in_the_portal(meeting):
    MeetingFactory(committee=meeting.committee, date=dt.date(2025, 12, 9))

    assert next_meeting_sentence(meeting).startswith(
        "Næste møde afholdes tirsdag d. 16. december 2025"
    )


def test_bilag_numbers_follow_item_and_bilag_position(meeting):
    AgendaItemFactory(meeting=meeting, position=1)
    AgendaItemFactory(meeting=meeting, position=2)
    third = AgendaItemFactory(meeting=meeting, position=7)
    first = BilagFactory(item=third, position=4, title="Kronikerpakker-analyse-Kommissorium-v097")
    second = BilagFactory(item=third, position=9, title="Del 2 Kommissorium-v095")

    agenda = agenda_for(meeting, viewer_with(meeting))

    assert [bilag.label for bilag in agenda.lines[2].bilag] == [
        "Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097",
        "Bilag 3.2 Del 2 Kommissorium-v095",
    ]
    # The download view numbers a single bilag the same way.
    assert bilag_number(first) == "3.1"
    assert bilag_number(second) == "3.2"


def test_bilag_filename_is_built_from_number_and_title():
    bilag = BilagFactory(
        with_file=True,
        title="Kronikerpakker-analyse-Kommissorium-v097",
        content_type="application/pdf",
    )
    assert bilag_filename(bilag, "3.1") == "Bilag-3.1-Kronikerpakker-analyse-Kommissorium-v097.pdf"

    odd = BilagFactory(
        with_file=True,
        title='Økonomi / status: "Forløbsplaner" 2025?',
        content_type="application/pdf",
    )
    assert bilag_filename(odd, "8.1") == "Bilag-8.1-Økonomi-status-Forløbsplaner-2025.pdf"

    sneaky = BilagFactory(with_file=True, title="../../etc/passwd", content_type="application/pdf")
    name = bilag_filename(sneaky, "1.1")
    assert "/" not in name
    assert name == "Bilag-1.1-etc-passwd.pdf"


def test_sections_are_grouped_in_runs_of_parts_and_embeds_follow_the_first_section(meeting):
    item = AgendaItemFactory(meeting=meeting, title="Status for budget 2025")
    ItemSectionFactory(item=item, part="", heading="Resumé")
    ItemSectionFactory(item=item, part="Digital Almen Praksis", heading="Løsning")
    ItemSectionFactory(item=item, part="Digital Almen Praksis", heading="")
    ItemSectionFactory(item=item, part="Forløbsplaner", heading="")
    ItemSectionFactory(item=item, part="", heading="Videre proces")
    ItemEmbedFactory(item=item, part="Digital Almen Praksis")

    line = agenda_for(meeting, viewer_with(meeting)).lines[0]

    assert [(part.heading, [s.heading for s in part.sections]) for part in line.parts] == [
        ("", ["Resumé"]),
        ("Digital Almen Praksis", ["Løsning", ""]),
        ("Forløbsplaner", [""]),
        ("", ["Videre proces"]),
    ]
    assert [len(part.embeds) for part in line.parts] == [0, 1, 0, 0]


def test_presenter_line_joins_names_with_og(meeting):
    item = AgendaItemFactory(meeting=meeting)
    PresenterFactory(item=item, name="Anne Hansen", organisation="PLO")
    PresenterFactory(item=item, name="Bo Jensen", organisation="MedCom")
    PresenterFactory(item=item, name="Carl Nielsen", organisation="")

    line = agenda_for(meeting, viewer_with(meeting)).lines[0]

    assert line.presenter_line == (
        "Fremlægges af Anne Hansen (PLO), Bo Jensen (MedCom) og Carl Nielsen"
    )


def test_confidential_item_is_closed_for_an_observer_but_open_for_a_member(meeting):
    item = AgendaItemFactory(meeting=meeting, confidential=True)
    ItemSectionFactory(item=item, html="<p>Fortroligt</p>")
    BilagFactory(item=item)
    PresenterFactory(item=item)

    closed = agenda_for(meeting, viewer_with(meeting, Role.OBSERVER)).lines[0]
    open_ = agenda_for(meeting, viewer_with(meeting, Role.MEMBER)).lines[0]

    assert not closed.visible
    assert (closed.parts, closed.bilag, closed.presenters) == ([], [], [])
    assert open_.visible
    assert len(open_.parts) == len(open_.bilag) == len(open_.presenters) == 1


def test_confidential_bilag_on_an_open_item_is_listed_but_closed_for_an_observer(meeting):
    item = AgendaItemFactory(meeting=meeting)
    BilagFactory(item=item, confidential=True, with_file=True)

    observer_line = agenda_for(meeting, viewer_with(meeting, Role.OBSERVER)).lines[0]
    chair_line = agenda_for(meeting, viewer_with(meeting, Role.CHAIR)).lines[0]

    assert not observer_line.bilag[0].visible
    assert not observer_line.bilag[0].downloadable
    assert chair_line.bilag[0].downloadable


def test_the_standing_next_meeting_item_is_marked(meeting):
    AgendaItemFactory(meeting=meeting, title="Eventuelt og næste møde", standing="next_meeting")

    agenda = agenda_for(meeting, viewer_with(meeting))

    assert agenda.lines[0].is_next_meeting
    assert agenda.next_meeting_sentence.startswith("Næste møde afholdes tirsdag")


def test_an_agenda_of_another_committee_still_uses_its_own_subject():
    committee = CommitteeFactory(name="Styregruppen for Forløbsplaner", short_name="FP")
    meeting = MeetingFactory(committee=committee)

    assert agenda_for(meeting, viewer_with(meeting)).title == (
        "Dagsorden til styregruppemøde for Forløbsplaner"
    )
