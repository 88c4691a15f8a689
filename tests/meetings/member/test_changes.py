"""What members are told changed since publication, worded without leaking closed items."""

import pytest

from meetings.access import Viewer
from meetings.agenda import agenda_for
from meetings.bilag import services as bilag_services
from meetings.editor import items as item_services
from meetings.editor import services as editor_services
from meetings.member.selectors import changes_since_publication
from meetings.models import (
    Meeting,
    Role,
)
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    MeetingFactory,
    member,
)
from tests.meetings.editing import pdf

pytestmark = pytest.mark.django_db


def test_changes_after_publication_are_worded_per_item(dap, secretary):
    meeting = MeetingFactory(committee=dap, draft=True)
    kept = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    BilagFactory(item=kept, with_file=True, title="Analyse")
    item_services.section_create(item=kept, actor=secretary, heading="Resumé", html="<p>før</p>")
    editor_services.meeting_publish(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()

    added = item_services.agenda_item_create(meeting=meeting, actor=secretary, title="Nyt punkt")
    bilag_services.bilag_replace(bilag=kept.bilag.get(), actor=secretary, upload=pdf("v2.pdf"))
    section = kept.sections.get()
    item_services.section_update(
        section=section, actor=secretary, version=section.version, heading="Resumé", html="<p>x</p>"
    )

    reader = member(dap, Role.MEMBER)
    agenda = agenda_for(meeting, Viewer.of(reader, meeting))
    changes = changes_since_publication(meeting, agenda)

    assert [c.text for c in changes.for_item(kept.pk)] == [
        "Teksten er ændret",
        "Ny udgave af bilag: Analyse",
    ]
    assert [c.text for c in changes.for_item(added.pk)] == ["Punktet er tilføjet"]
    assert len(changes.changes) == 3
    assert " kl. " in changes.changes[0].when


def test_changes_to_a_closed_item_do_not_leak_to_observers(dap, secretary):
    meeting = MeetingFactory(committee=dap, draft=True)
    closed = AgendaItemFactory(meeting=meeting, confidential=True)
    editor_services.meeting_publish(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()
    bilag_services.bilag_upload(item=closed, actor=secretary, upload=pdf("Hemmeligt notat.pdf"))

    observer = member(dap, Role.OBSERVER)
    changes = changes_since_publication(meeting, agenda_for(meeting, Viewer.of(observer, meeting)))

    assert [c.text for c in changes.for_item(closed.pk)] == ["Punktet er ændret"]
    assert "Hemmeligt" not in str([c.text for c in changes.changes])


def test_no_changes_shown_for_a_meeting_never_published(meeting, secretary):
    AgendaItemFactory(meeting=meeting)
    changes = changes_since_publication(
        meeting, agenda_for(meeting, Viewer(user=secretary, role=Role.SECRETARIAT))
    )

    assert not changes
    assert Meeting.objects.get(pk=meeting.pk).published_at is None
