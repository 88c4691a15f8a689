"""Private notes: kept for their author only, saved with htmx or a plain form post."""

import pytest
from django.urls import reverse

from meetings.models import PrivateNote, Role
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    MeetingFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


def test_a_note_is_shown_to_its_author_only(client, dap):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting)
    author, colleague = member(dap, Role.MEMBER), member(dap, Role.MEMBER)
    client.force_login(author)

    response = client.post(
        reverse("meetings:note_item", args=[item.pk]), {"text": "Spørg til tidsplanen"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#note-item-{item.pk}")
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    assert "Spørg til tidsplanen" in client.get(page).text
    notes_page = client.get(reverse("meetings:meeting_notes", args=[meeting.pk])).text
    assert "Spørg til tidsplanen" in notes_page

    client.force_login(colleague)
    assert "Spørg til tidsplanen" not in client.get(page).text
    assert (
        "Spørg til tidsplanen"
        not in client.get(reverse("meetings:meeting_notes", args=[meeting.pk])).text
    )


def test_htmx_save_returns_the_form_and_an_empty_note_is_deleted(client, dap):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap))
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    url = reverse("meetings:note_item", args=[item.pk])

    saved = client.post(url, {"text": "Første udgave"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    assert "Noten er gemt." in saved.text
    assert "<html" not in saved.text
    client.post(url, {"text": "Anden udgave"}, headers={"HX-Request": "true"})
    assert PrivateNote.objects.get(user=user, item=item).text == "Anden udgave"

    client.post(url, {"text": "  "}, headers={"HX-Request": "true"})
    assert not PrivateNote.objects.filter(user=user).exists()


def test_no_note_on_what_the_user_may_not_see(client, dap):
    meeting = MeetingFactory(committee=dap)
    closed = AgendaItemFactory(meeting=meeting, confidential=True)
    elsewhere = AgendaItemFactory(
        meeting=MeetingFactory(committee=CommitteeFactory(short_name="FP"))
    )
    client.force_login(member(dap, Role.OBSERVER))
    for item in (closed, elsewhere):
        response = client.post(reverse("meetings:note_item", args=[item.pk]), {"text": "x"})
        assert response.status_code == 404
    assert not PrivateNote.objects.exists()


def test_a_note_on_a_bilag_appears_in_the_meeting_list_of_notes(client, dap):
    meeting = MeetingFactory(committee=dap)
    bilag = BilagFactory(item=AgendaItemFactory(meeting=meeting), with_file=True, title="Notat")
    client.force_login(member(dap, Role.MEMBER))
    client.post(reverse("meetings:note_bilag", args=[bilag.pk]), {"text": "Se side 4"})
    text = client.get(reverse("meetings:meeting_notes", args=[meeting.pk])).text
    assert "Bilag 1.1 Notat" in text
    assert "Se side 4" in text
    assert "Se side 4" in client.get(reverse("meetings:bilag_view", args=[bilag.pk])).text


@pytest.mark.parametrize("htmx", [True, False])
def test_a_note_over_the_limit_is_refused_with_the_text_kept_in_the_form(client, dap, htmx):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap))
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    PrivateNote.objects.create(user=user, item=item, text="Den gemte note")
    text = "Lang note. " * 1000  # 11.000 characters

    response = client.post(
        reverse("meetings:note_item", args=[item.pk]),
        {"text": text},
        headers={"HX-Request": "true"} if htmx else {},
    )

    assert "Noten er for lang: 10.999 tegn. Den må højst have 10.000 tegn." in response.text
    assert text.strip() in response.text  # nothing the member wrote is lost
    assert PrivateNote.objects.get(user=user, item=item).text == "Den gemte note"


def test_the_saved_message_goes_to_the_pages_live_region(client, dap):
    """ "Noten er gemt." is marked for the live region that base.html has before any swap
    (static/js/portal.js copies it there); it is no status element inserted with the form,
    which screen readers often miss (issue 23, point 2)."""
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting)
    client.force_login(member(dap, Role.MEMBER))

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert '<div id="live-status" class="sr-only" role="status" aria-live="polite"' in page
    saved = client.post(
        reverse("meetings:note_item", args=[item.pk]),
        {"text": "Spørg til tidsplanen"},
        headers={"HX-Request": "true"},
    ).text
    assert '<span class="private-note-status" data-live-status>Noten er gemt.</span>' in saved
    assert 'role="status"' not in saved
