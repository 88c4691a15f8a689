"""The secretariat keeps the committee's standing items on a page of its own (issue 11,
point 12): list, add, rename, reorder, remove, which one has the next meeting; plain form posts
that come back with "Gemt"; audited; 404 for anyone else."""

import datetime as dt

import pytest
from django.test import Client

from meetings.editor import services as editor_services
from meetings.models import AuditEntry, Role, StandingItem, StandingItemTemplate
from tests.factories import CommitteeFactory, member
from tests.meetings.editing import url

pytestmark = pytest.mark.django_db


def titles(committee):
    return list(
        StandingItemTemplate.objects.filter(committee=committee)
        .order_by("position")
        .values_list("title", flat=True)
    )


def standing_url(committee):
    return url("standing_items", committee.pk)


def test_the_page_lists_the_committees_standing_items(as_secretary, dap):
    page = as_secretary.get(standing_url(dap))
    assert page.status_code == 200
    assert "Stående punkter for" in page.text
    assert titles(dap) == ["Meddelelser", "Eventuelt og næste møde"]  # the defaults
    assert "1. Meddelelser" in page.text


def test_the_secretariat_adds_renames_reorders_and_removes_standing_items(
    as_secretary, secretary, dap
):
    as_secretary.get(standing_url(dap))
    response = as_secretary.post(
        url("standing_item_add", dap.pk),
        {"new-title": "Godkendelse af referat", "new-kind": "B", "new-duration_minutes": "5"},
        follow=True,
    )
    assert "Gemt: »Godkendelse af referat« er tilføjet." in response.text
    assert titles(dap) == ["Meddelelser", "Eventuelt og næste møde", "Godkendelse af referat"]

    new = StandingItemTemplate.objects.get(committee=dap, title="Godkendelse af referat")
    for _ in range(2):
        as_secretary.post(url("standing_item_move", new.pk), {"direction": "up"})
    assert titles(dap) == ["Godkendelse af referat", "Meddelelser", "Eventuelt og næste møde"]

    response = as_secretary.post(
        url("standing_item_edit", new.pk),
        {
            f"s{new.pk}-title": "Godkendelse af sidste referat",
            f"s{new.pk}-kind": "B",
            f"s{new.pk}-duration_minutes": "10",
        },
        follow=True,
    )
    assert "Gemt." in response.text
    new.refresh_from_db()
    assert (new.title, new.duration_minutes) == ("Godkendelse af sidste referat", 10)

    messages_item = StandingItemTemplate.objects.get(committee=dap, title="Meddelelser")
    response = as_secretary.post(url("standing_item_delete", messages_item.pk), follow=True)
    assert "Gemt: »Meddelelser« er fjernet." in response.text
    assert titles(dap) == ["Godkendelse af sidste referat", "Eventuelt og næste møde"]

    # A new meeting starts with them; every change is in the audit trail.
    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2030, 3, 5), start_time=dt.time(13, 0)
    )
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Godkendelse af sidste referat",
        "Eventuelt og næste møde",
    ]
    assert list(
        AuditEntry.objects.filter(action__startswith="standing_item")
        .order_by("at", "id")
        .values_list("action", flat=True)
    ) == [
        "standing_item_added",
        "standing_item_moved",
        "standing_item_moved",
        "standing_item_updated",
        "standing_item_deleted",
    ]


def test_a_bad_title_says_so_and_changes_nothing(as_secretary, dap):
    as_secretary.get(standing_url(dap))
    first = StandingItemTemplate.objects.filter(committee=dap).order_by("position")[0]
    response = as_secretary.post(
        url("standing_item_edit", first.pk),
        {f"s{first.pk}-title": "", f"s{first.pk}-duration_minutes": "5"},
    )
    assert response.status_code == 400
    assert "Dette felt er påkrævet" in response.text or "påkrævet" in response.text
    assert titles(dap) == ["Meddelelser", "Eventuelt og næste møde"]


def test_the_last_standing_item_cannot_be_removed(as_secretary, dap):
    as_secretary.get(standing_url(dap))
    first, last = StandingItemTemplate.objects.filter(committee=dap).order_by("position")
    as_secretary.post(url("standing_item_delete", first.pk))
    response = as_secretary.post(url("standing_item_delete", last.pk), follow=True)
    assert "Det sidste stående punkt kan ikke fjernes" in response.text
    assert titles(dap) == ["Eventuelt og næste møde"]


def test_the_secretariat_chooses_the_next_meeting_item(as_secretary, secretary, dap):
    as_secretary.get(standing_url(dap))
    first, last = StandingItemTemplate.objects.filter(committee=dap).order_by("position")
    assert last.standing == StandingItem.NEXT_MEETING
    response = as_secretary.post(
        url("standing_item_next_meeting", dap.pk), {"next_meeting": first.pk}, follow=True
    )
    assert "Gemt." in response.text
    first.refresh_from_db()
    last.refresh_from_db()
    assert (first.standing, last.standing) == (StandingItem.NEXT_MEETING, "")
    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2030, 3, 5), start_time=dt.time(13, 0)
    )
    assert [item.standing for item in meeting.items.order_by("position")] == [
        StandingItem.NEXT_MEETING,
        "",
    ]
    entry = AuditEntry.objects.get(action="standing_item_next_meeting")
    assert entry.changes["next_meeting"] == ["Eventuelt og næste møde", "Meddelelser"]

    as_secretary.post(url("standing_item_next_meeting", dap.pk), {"next_meeting": ""})
    assert not StandingItemTemplate.objects.filter(committee=dap, standing__gt="").exists()


@pytest.mark.parametrize("role", [Role.CHAIR, Role.MEMBER, Role.OBSERVER, None])
def test_anyone_but_the_committees_secretariat_gets_404(client, dap, secretary, role):
    Client().force_login(secretary)
    editor_services.standing_items_ensure(committee=dap)
    template = StandingItemTemplate.objects.filter(committee=dap).first()
    other = CommitteeFactory(short_name="FP", name="Styregruppen for FP")
    user = member(dap, role) if role else member(other, Role.SECRETARIAT)
    client.force_login(user)
    assert client.get(standing_url(dap)).status_code == 404
    assert client.post(url("standing_item_delete", template.pk)).status_code == 404
    assert (
        client.post(
            url("standing_item_add", dap.pk),
            {"new-title": "X", "new-duration_minutes": "5"},
        ).status_code
        == 404
    )
    assert StandingItemTemplate.objects.filter(committee=dap).count() == 2
