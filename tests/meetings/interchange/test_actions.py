"""The optional `actions` of an item in `dap-agenda/1` (docs/agenda-interchange-actions.md):
exported with the item, imported through the actions service, refused with their path."""

import copy
import datetime as dt

import pytest

from meetings.actions.services import action_close, action_create
from meetings.interchange.export import export_agenda
from meetings.interchange.schema import InterchangeError
from meetings.interchange.services import import_agenda
from meetings.minutes.services import decision_record
from meetings.models import AgendaItem, FollowUpAction, Meeting, MeetingStatus, Role
from tests.factories import member

from .helpers import counts, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    """The seed agenda with three actions on item 3's decision, exported."""
    meeting = import_agenda(seed())
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
    anna = member(
        meeting.committee, Role.MEMBER, username="anna", first_name="Anna", last_name="Andersen"
    )
    item = AgendaItem.objects.get(meeting=meeting, position=3)
    item = decision_record(item=item, actor=None, outcome="approved")
    action_create(
        actor=None,
        item=item,
        what="Revideret oplæg",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    action_create(
        actor=None,
        item=item,
        what="Indhent tilbud",
        responsible_kind="member",
        responsible_user_id=anna.pk,
        due_date=dt.date(2025, 11, 1),
    )
    done = action_create(
        actor=None,
        item=item,
        what="Regionerne svarer",
        responsible_kind="organisation",
        responsible_organisation="Danske Regioner",
        due_date=dt.date(2025, 10, 20),
    )
    action_close(action=done, actor=None, note="Mail modtaget")
    return export_agenda(meeting)


def test_the_export_carries_the_actions_of_an_item_only_where_there_are_some(exported):
    items = exported["items"]
    assert [("actions" in item) for item in items] == [index == 2 for index in range(len(items))]
    first, second, third = items[2]["actions"]
    assert first == {
        "what": "Revideret oplæg",
        "responsible": {"kind": "secretariat"},
        "until_next_meeting": True,
    }
    assert second == {
        "what": "Indhent tilbud",
        "responsible": {"kind": "member", "username": "anna", "name": "Anna Andersen"},
        "due_date": "2025-11-01",
    }
    assert third["responsible"] == {"kind": "organisation", "name": "Danske Regioner"}
    assert third["closed"]["note"] == "Mail modtaget"


def test_export_import_export_keeps_the_actions(exported):
    again = export_agenda(import_agenda(copy.deepcopy(exported)))
    assert again == exported
    assert FollowUpAction.objects.count() == 6


def test_an_agenda_without_actions_exports_as_before():
    data = export_agenda(import_agenda(seed()))
    assert all("actions" not in item for item in data["items"])


def test_a_bad_action_is_refused_with_its_path_and_changes_nothing(exported):
    before = counts()
    bad = copy.deepcopy(exported)
    bad["items"][2]["actions"][1]["responsible"]["username"] = "ukendt"
    with pytest.raises(InterchangeError) as refused:
        import_agenda(bad)
    assert refused.value.path == "items[2].actions[1].responsible.username"
    assert "ikke medlem af styregruppen" in refused.value.message

    unknown = copy.deepcopy(exported)
    unknown["items"][2]["actions"][0]["priority"] = "høj"
    with pytest.raises(InterchangeError) as refused:
        import_agenda(unknown)
    assert refused.value.path == "items[2].actions[0].priority"

    both = copy.deepcopy(exported)
    both["items"][2]["actions"][0]["due_date"] = "2025-12-01"
    with pytest.raises(InterchangeError) as refused:
        import_agenda(both)
    assert refused.value.path == "items[2].actions[0]"

    undecided = copy.deepcopy(exported)
    undecided["items"][2]["decision_html"] = None
    with pytest.raises(InterchangeError) as refused:
        import_agenda(undecided)
    assert refused.value.path == "items[2].actions[0]"
    assert "beslutning" in refused.value.message
    assert counts() == before
