"""History stays history (issue 23, point 12): an old agenda imported from the archive does
not move a follow-up set 'til næste møde', and takes no live computed lines itself."""

import datetime as dt

import pytest

from meetings.access import Viewer
from meetings.actions import services as action_services
from meetings.actions.selectors import committee_actions
from meetings.agenda import agenda_for
from meetings.archive.services import archive_import_file
from meetings.between import with_due
from meetings.editor.services import meeting_cancel, meeting_create, meeting_publish
from meetings.interchange.services import import_agenda
from meetings.minutes.services import decision_record, meeting_mark_held
from meetings.models import AgendaItem, FollowUpAction, Meeting, MeetingStatus, Role
from tests.factories import member

from .conftest import seed
from .corpus import dated_variant

pytestmark = pytest.mark.django_db

NEXT = dt.date(2026, 12, 28)


def meddelelser(meeting: Meeting, user) -> list[dict]:
    agenda = agenda_for(meeting, Viewer.of(user, meeting))
    line = next(line for line in agenda.lines if line.item.title == "Meddelelser")
    return line.between.actions if line.between is not None else []


def held_seed() -> Meeting:
    meeting = meeting_publish(meeting=import_agenda(seed()), actor=None)
    return meeting_mark_held(meeting=meeting, actor=None)


@pytest.fixture
def recorded():
    """The meeting of 6 October 2025 (imported), a decision, the next meeting 28 December
    2026 scheduled, and a follow-up 'til næste møde' recorded on the decision."""
    first = held_seed()
    committee = first.committee
    secretary = member(committee, Role.SECRETARIAT, username="sek")
    item = first.items.get(position=3)
    item = decision_record(item=item, actor=secretary, outcome="approved")
    upcoming = meeting_create(committee=committee, actor=secretary, date=NEXT)
    action = action_services.action_create(
        actor=secretary,
        item=item,
        what="Revideret oplæg",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    return action, upcoming, secretary


def test_an_archive_import_does_not_move_til_naeste_moede(recorded, corpus):
    action, upcoming, secretary = recorded
    assert action.due_meeting == upcoming
    for day in (dt.date(2025, 12, 16), dt.date(2026, 3, 3)):
        outcome = archive_import_file(
            content=dated_variant(corpus.docx, day), name=f"{day}.docx", actor=secretary
        )
        assert outcome.meeting.status == MeetingStatus.HELD
        assert outcome.meeting.is_history
    # The follow-up page and the meeting page tell the same meeting.
    [listed] = committee_actions(secretary, upcoming.committee)
    assert listed.due == NEXT
    [line] = meddelelser(upcoming, secretary)
    assert line["due"] == "Til næste møde (28. december 2026)"
    # The imported meetings are history: no live list of today's follow-up.
    for old in Meeting.objects.filter(is_history=True):
        assert old.between_frozen is None
        assert meddelelser(old, secretary) == []


def test_a_meeting_scheduled_in_between_does_not_move_it_but_a_cancellation_does(recorded):
    action, upcoming, secretary = recorded
    between = meeting_create(
        committee=upcoming.committee, actor=secretary, date=NEXT.replace(day=1)
    )
    assert with_due(FollowUpAction.objects.filter(pk=action.pk)).get().due == NEXT
    meeting_cancel(meeting=upcoming, actor=secretary)
    action.refresh_from_db()
    assert action.due_meeting == between  # the secretariat cancelled: the next one takes it


def test_an_action_recorded_before_any_next_meeting_keeps_the_first_one_scheduled():
    first = held_seed()
    secretary = member(first.committee, Role.SECRETARIAT, username="sek")
    item = AgendaItem.objects.get(meeting=first, position=3)
    item = decision_record(item=item, actor=secretary, outcome="approved")
    action = action_services.action_create(
        actor=secretary,
        item=item,
        what="x",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    assert action.due_meeting is None
    scheduled = meeting_create(committee=first.committee, actor=secretary, date=NEXT)
    meeting_create(committee=first.committee, actor=secretary, date=NEXT.replace(day=1))
    action.refresh_from_db()
    assert action.due_meeting == scheduled
    assert with_due(FollowUpAction.objects.filter(pk=action.pk)).get().due == NEXT
