"""Inhabilitet (issue 24, part 4): a member declares it before the meeting or the secretariat
records it live; the minutes say so; the secretariat may withhold the item's bilag from the
member, and then the page, the PDFs, search and the pack follow (like closed items)."""

import pytest
from django.test import Client

from meetings.access import Viewer, content_visible_bilag, meeting_and_viewer
from meetings.agenda import agenda_for
from meetings.documents.pack import source_hash
from meetings.documents.render import DocumentKind, document_html
from meetings.member.search import search
from meetings.models import AuditEntry, Disqualification, MeetingStatus, Role
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    MeetingFactory,
    member,
)
from tests.meetings.editing import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(dap):
    return MeetingFactory(committee=dap)


@pytest.fixture
def anna(dap):
    return member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")


@pytest.fixture
def bo(dap):
    return member(dap, Role.MEMBER, first_name="Bo", last_name="Berg")


@pytest.fixture
def item(published):
    item = AgendaItemFactory(meeting=published, kind="B", title="Tilskud til leverandør")
    BilagFactory(item=item, with_file=True, title="Tilbud", text="leverandørtilbudet i detaljer")
    return item


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_member_declares_inhabilitet_on_the_meeting_page_before_the_meeting(
    published, item, anna
):
    client = logged_in(anna)
    page = client.get(url("meeting_detail", published.pk)).text
    assert url("inhabilitet_declare", published.pk) in page
    form = client.get(url("inhabilitet_declare", published.pk)).text
    assert "Erklær mig inhabil" in form

    response = client.post(
        url("inhabilitet_declare", published.pk),
        {"item": item.pk, "reason": "Min svoger ejer firmaet"},
        follow=True,
    )
    assert "Din inhabilitet er registreret." in response.text
    row = Disqualification.objects.get()
    assert (row.item, row.user, row.declared_by_member, row.withhold_bilag) == (
        item,
        anna,
        True,
        False,
    )
    entry = AuditEntry.objects.get(action="inhabilitet_recorded")
    assert (entry.item, entry.actor) == (item, anna)
    # Declared twice: refused, nothing more.
    again = client.post(url("inhabilitet_declare", published.pk), {"item": item.pk}, follow=True)
    assert "Du har allerede erklæret dig inhabil i punktet." in again.text
    assert Disqualification.objects.count() == 1

    client.post(url("inhabilitet_withdraw", row.pk))
    assert not Disqualification.objects.exists()
    assert AuditEntry.objects.filter(action="inhabilitet_removed").count() == 1


def test_only_chair_and_members_declare_and_only_before_the_meeting(
    dap, published, item, anna, secretary
):
    observer = member(dap, Role.OBSERVER)
    assert logged_in(observer).get(url("inhabilitet_declare", published.pk)).status_code == 404
    assert logged_in(secretary).get(url("inhabilitet_declare", published.pk)).status_code == 404
    outsider = member(CommitteeFactory(short_name="FP"), Role.MEMBER)
    assert logged_in(outsider).get(url("inhabilitet_declare", published.pk)).status_code == 404

    type(published).objects.filter(pk=published.pk).update(status=MeetingStatus.HELD)
    response = logged_in(anna).post(
        url("inhabilitet_declare", published.pk), {"item": item.pk}, follow=True
    )
    assert "Inhabilitet erklæres på mødesiden før mødet" in response.text
    assert not Disqualification.objects.exists()


def test_a_member_cannot_withdraw_what_the_secretariat_recorded_or_anothers(
    as_secretary, published, item, anna, bo
):
    as_secretary.post(url("inhabilitet_record", item.pk), {"user_id": anna.pk})
    row = Disqualification.objects.get()
    assert not row.declared_by_member
    logged_in(anna).post(url("inhabilitet_withdraw", row.pk))
    assert logged_in(bo).post(url("inhabilitet_withdraw", row.pk)).status_code == 404
    assert Disqualification.objects.filter(pk=row.pk).exists()


def test_the_secretariat_records_it_live_and_the_minutes_say_so(
    as_secretary, dap, published, item, anna
):
    response = as_secretary.post(
        url("inhabilitet_record", item.pk), {"user_id": anna.pk}, follow=True
    )
    assert "Inhabiliteten er gemt." in response.text
    line = "Anna Andersen deltog ikke i behandlingen af punktet (inhabil)."
    assert line in response.text  # the minutes page
    viewer = Viewer.of(anna, published)
    assert line in document_html(published, viewer, DocumentKind.REFERAT)
    assert line not in document_html(published, viewer, DocumentKind.DAGSORDEN)
    assert AuditEntry.objects.filter(action="inhabilitet_recorded", item=item).exists()

    # An observer is no voting member: refused, nothing recorded.
    observer = member(dap, Role.OBSERVER)
    as_secretary.post(url("inhabilitet_record", item.pk), {"user_id": observer.pk})
    assert Disqualification.objects.count() == 1

    row = Disqualification.objects.get()
    as_secretary.post(url("inhabilitet_remove", row.pk))
    assert not Disqualification.objects.exists()
    assert line not in document_html(published, viewer, DocumentKind.REFERAT)


def test_recording_is_the_secretariats_and_locked_once_approved(
    as_secretary, published, item, anna, bo
):
    assert (
        logged_in(bo).post(url("inhabilitet_record", item.pk), {"user_id": anna.pk}).status_code
        == 404
    )
    type(published).objects.filter(pk=published.pk).update(status=MeetingStatus.MINUTES_APPROVED)
    response = as_secretary.post(
        url("inhabilitet_record", item.pk), {"user_id": anna.pk}, follow=True
    )
    assert "Referatet er godkendt" in response.text
    assert not Disqualification.objects.exists()


def test_withheld_bilag_follow_the_secretariats_choice_everywhere(
    as_secretary, published, item, anna, bo
):
    bilag = item.bilag.get()

    def anna_sees() -> dict[str, bool]:
        client = logged_in(anna)
        found = meeting_and_viewer(anna, published.pk)
        assert found is not None
        viewer = found[1]
        lines = agenda_for(published, viewer).lines
        return {
            "download": client.get(url("bilag_download", bilag.pk)).status_code == 200,
            "page": url("bilag_view", bilag.pk)
            in client.get(url("meeting_detail", published.pk)).text,
            "agenda": lines[0].bilag[0].visible,
            "viewer_of": Viewer.of(anna, published).sees_bilag(bilag, item),
            "search": bool(search(anna, "leverandørtilbudet")),
            "bilag_qs": content_visible_bilag(anna).filter(pk=bilag.pk).exists(),
        }

    everything = dict.fromkeys(
        ("download", "page", "agenda", "viewer_of", "search", "bilag_qs"), True
    )
    nothing = dict.fromkeys(everything, False)
    plain_key = source_hash(published, Viewer.of(bo, published))
    assert anna_sees() == everything

    # Inhabil, bilag not withheld: she still reads them.
    as_secretary.post(url("inhabilitet_record", item.pk), {"user_id": anna.pk})
    assert anna_sees() == everything

    as_secretary.post(
        url("inhabilitet_record", item.pk), {"user_id": anna.pk, "withhold_bilag": "on"}
    )
    assert anna_sees() == nothing
    # Her PDFs and pack are her own: not shared with those who see the bilag.
    found = meeting_and_viewer(anna, published.pk)
    assert found is not None
    assert found[1].access_level(published) != Viewer.of(bo, published).access_level(published)
    assert found[1].access_level(published) == Viewer.of(anna, published).access_level(published)
    assert source_hash(published, found[1])[0] != plain_key[0]
    # The other member, the item's content and the title: unchanged for her and for him.
    assert logged_in(bo).get(url("bilag_download", bilag.pk)).status_code == 200
    assert "Tilskud til leverandør" in logged_in(anna).get(url("meeting_detail", published.pk)).text
    entry = AuditEntry.objects.filter(action="inhabilitet_changed").get()
    assert entry.changes["withhold_bilag"] == [False, True]

    # The secretariat shows them again.
    as_secretary.post(url("inhabilitet_record", item.pk), {"user_id": anna.pk})
    assert anna_sees() == everything
