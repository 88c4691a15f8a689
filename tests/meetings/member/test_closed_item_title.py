"""A closed item's title can itself be confidential (issue 23, point 13): those without access
see the title the secretariat gave others ('Lukket punkt' by default), on the page, in the
agenda PDF, in the pack's bookmarks and in the editor's item form."""

import pytest
from django.urls import reverse

from meetings.access import Viewer
from meetings.agenda import agenda_for
from meetings.documents.render import DocumentKind, document_html
from meetings.editor.items import agenda_item_update
from meetings.models import Role
from tests.factories import AgendaItemFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db

SECRET = "Forhandling med leverandør om Klinikkens cockpit"


@pytest.fixture
def closed(dap):
    meeting = MeetingFactory(committee=dap)
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    return AgendaItemFactory(meeting=meeting, title=SECRET, kind="B", confidential=True)


def test_an_observer_sees_lukket_punkt_not_the_title(client, dap, closed):
    observer = member(dap, Role.OBSERVER)
    client.force_login(observer)
    page = client.get(reverse("meetings:meeting_detail", args=[closed.meeting_id]))
    text = page.content.decode()
    assert SECRET not in text
    assert "2. Lukket punkt (B)" in text
    viewer = Viewer.of(observer, closed.meeting)
    html = document_html(closed.meeting, viewer, DocumentKind.DAGSORDEN)
    assert SECRET not in html
    assert "2. Lukket punkt (B)" in html
    # The pack's bookmarks are the agenda lines' headings.
    headings = [line.heading for line in agenda_for(closed.meeting, viewer).lines]
    assert headings[1] == "2. Lukket punkt (B)"


def test_the_secretariat_gives_a_closed_item_the_title_others_see(dap, secretary, closed):
    closed = agenda_item_update(
        item=closed,
        actor=secretary,
        version=closed.version,
        title=SECRET,
        kind="B",
        duration_minutes=10,
        confidential=True,
        public_title="Forhandling om kontrakt",
    )
    observer = member(dap, Role.OBSERVER)
    chair = member(dap, Role.CHAIR)
    meeting = closed.meeting
    [_, seen] = agenda_for(meeting, Viewer.of(observer, meeting)).lines
    assert seen.heading == "2. Forhandling om kontrakt (B)"
    [_, read] = agenda_for(meeting, Viewer.of(chair, meeting)).lines
    assert read.heading == f"2. {SECRET} (B)"
    html = document_html(meeting, Viewer.of(observer, meeting), DocumentKind.DAGSORDEN)
    assert "Forhandling om kontrakt (B) (Lukket punkt)" in html
    assert SECRET not in html
