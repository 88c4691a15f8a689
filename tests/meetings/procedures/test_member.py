"""Between meetings in the member's pages: search and the overview's own lists."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.actions.services import action_create
from meetings.minutes.services import decision_record
from meetings.models import Role
from meetings.procedures import services
from tests.factories import AgendaItemFactory, MeetingFactory, member

from .helpers import procedure, voters

pytestmark = pytest.mark.django_db


def search(client, user, query: str) -> str:
    client.force_login(user)
    return client.get(reverse("member:search"), {"q": query}).content.decode()


def test_search_finds_procedures_and_actions_the_user_may_see(client, dap, secretary):
    anna, *_ = voters(dap)
    procedure(dap, secretary, title="Kronikerpakke KOL")
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap), kind="B")
    item = decision_record(item=item, actor=secretary, outcome="approved")
    action_create(
        actor=secretary,
        item=item,
        what="Revideret oplæg om kronikerpakke",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    content = search(client, anna, "kronikerpakke")
    assert "Skriftlig proces" in content
    assert "Kronikerpakke KOL" in content
    assert "Revideret oplæg om kronikerpakke" in content
    assert "Mini" not in content


def test_search_never_shows_a_closed_procedure_to_an_observer(client, dap, secretary):
    voters(dap)
    procedure(dap, secretary, title="Fortrolig fusion", confidential=True)
    observer = member(dap, Role.OBSERVER)
    assert "Fortrolig fusion" not in search(client, observer, "fusion")
    assert "Fortrolig fusion" in search(client, secretary, "fusion")


def test_the_overview_shows_awaiting_answers_and_my_tasks(client, dap, secretary):
    anna, bo, _ = voters(dap)
    sent = procedure(dap, secretary, title="Godkend kommissorium")
    services.procedure_answer(procedure=sent, user=bo, choice="approve")
    item = decision_record(
        item=AgendaItemFactory(meeting=MeetingFactory(committee=dap), kind="B"),
        actor=secretary,
        outcome="approved",
    )
    action_create(
        actor=secretary,
        item=item,
        what="Annas opgave",
        responsible_kind="member",
        responsible_user_id=anna.pk,
        due_date=dt.date(2025, 11, 1),
    )
    client.force_login(anna)
    content = client.get(reverse("meetings:meeting_list")).content.decode()
    assert "Afventer dit svar" in content
    assert "Godkend kommissorium" in content
    assert "Mine opgaver" in content
    assert "Annas opgave" in content
    client.force_login(bo)
    content = client.get(reverse("meetings:meeting_list")).content.decode()
    assert "Afventer dit svar" not in content  # Bo has answered
    assert "Mine opgaver" not in content
