"""The secretariat closes an item to observers, narrows a closed item to named members, and
closes a bilag, from the editor (issue 11, point 12): no admin needed."""

import pytest
from django.test import Client

from meetings.models import AuditEntry, MeetingStatus, Role
from tests.factories import AgendaItemFactory, BilagFactory, ItemSectionFactory, member
from tests.meetings.editing import url

pytestmark = pytest.mark.django_db


def item_form(item, **change):
    return {
        "title": item.title,
        "kind": item.kind,
        "duration_minutes": item.duration_minutes,
        "version": item.version,
        **change,
    }


def meeting_text(user, meeting):
    client = Client()
    client.force_login(user)
    return client.get(url("meeting_detail", meeting.pk)).text


def test_the_item_form_offers_the_committees_chair_and_members(as_secretary, dap, meeting):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    member(dap, Role.OBSERVER, first_name="Olga", last_name="Observatør")
    item = AgendaItemFactory(meeting=meeting)
    page = as_secretary.get(url("item_edit", item.pk)).text
    assert "Lukket punkt: observatører ser kun nummer og titlen for andre" in page
    assert "Et lukket punkt kun for" in page
    assert f'name="restricted_to" value="{anna.pk}"' in page
    assert "Olga" not in page  # observers never see a closed item: nothing to choose


def test_a_closed_item_narrowed_to_one_member_is_read_by_that_member_only(
    as_secretary, dap, meeting
):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    bo = member(dap, Role.MEMBER, first_name="Bo", last_name="Berg")
    olga = member(dap, Role.OBSERVER, first_name="Olga", last_name="Observatør")
    item = AgendaItemFactory(meeting=meeting, title="Personalesag")
    ItemSectionFactory(item=item, html="<p>Hemmelig tekst</p>")

    # A plain form post (no JavaScript): saved, back to the editor with a message.
    response = as_secretary.post(
        url("item_edit", item.pk),
        item_form(item, confidential="on", restricted_to=[anna.pk]),
        follow=True,
    )
    assert "Punktet er gemt." in response.text
    assert "kun for 1 medlem" in response.text
    item.refresh_from_db()
    assert item.confidential
    assert list(item.restricted_to.all()) == [anna]
    entry = AuditEntry.objects.filter(item=item, action="item_updated").latest("at")
    assert entry.changes["restricted_to"] == [[], ["Anna Andersen"]]
    assert "kun for" in entry.summary

    type(meeting).objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
    assert "Hemmelig tekst" in meeting_text(anna, meeting)
    assert "Hemmelig tekst" not in meeting_text(bo, meeting)
    assert "Hemmelig tekst" not in meeting_text(olga, meeting)
    # Others see the number and the title for others, not the title (issue 23.13).
    assert "Personalesag" not in meeting_text(olga, meeting)
    assert "Lukket punkt" in meeting_text(olga, meeting)


def test_an_open_item_cannot_be_narrowed_and_nothing_changes(as_secretary, dap, meeting):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    item = AgendaItemFactory(meeting=meeting, title="Åbent punkt")
    response = as_secretary.post(
        url("item_edit", item.pk), item_form(item, title="Ændret", restricted_to=[anna.pk])
    )
    assert response.status_code == 200
    assert "Kun et lukket punkt kan begrænses til udvalgte medlemmer" in response.text
    assert 'value="Ændret"' in response.text  # the typed text stays in the form
    item.refresh_from_db()
    assert (item.title, item.confidential, list(item.restricted_to.all())) == (
        "Åbent punkt",
        False,
        [],
    )


def test_an_observer_cannot_be_named_on_a_closed_item(as_secretary, dap, meeting):
    olga = member(dap, Role.OBSERVER, first_name="Olga", last_name="Observatør")
    item = AgendaItemFactory(meeting=meeting)
    response = as_secretary.post(
        url("item_edit", item.pk), item_form(item, confidential="on", restricted_to=[olga.pk])
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert not item.confidential
    assert not item.restricted_to.exists()


def test_opening_a_closed_item_again_clears_its_narrowing(as_secretary, dap, meeting):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    item = AgendaItemFactory(meeting=meeting, confidential=True)
    item.restricted_to.set([anna])
    as_secretary.post(url("item_edit", item.pk), item_form(item))
    item.refresh_from_db()
    assert not item.confidential
    assert not item.restricted_to.exists()


def test_a_bilag_is_closed_to_observers_from_the_editor(as_secretary, dap, meeting):
    olga = member(dap, Role.OBSERVER, first_name="Olga", last_name="Observatør")
    item = AgendaItemFactory(meeting=meeting)
    bilag = BilagFactory(item=item, with_file=True, title="Tilbud fra leverandør")
    page = as_secretary.get(url("bilag_rename", bilag.pk), follow=True).text
    assert "Fortroligt bilag: lukket for observatører" in page
    response = as_secretary.post(
        url("bilag_rename", bilag.pk),
        {"title": bilag.title, "confidential": "on"},
        follow=True,
    )
    assert "Bilagene er gemt." in response.text
    bilag.refresh_from_db()
    assert bilag.confidential
    type(meeting).objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
    observer = Client()
    observer.force_login(olga)
    assert observer.get(url("bilag_download", bilag.pk)).status_code == 404
