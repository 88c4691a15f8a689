"""A bilag copied from an earlier meeting gets its own searchable text, like an upload."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from meetings.editor.services import meeting_copy_items, meeting_create
from meetings.member.search import search
from meetings.models import Meeting, MeetingStatus, Role
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    MeetingFactory,
    member,
)
from tests.meetings.pdf_samples import pdf_with_pages

pytestmark = pytest.mark.django_db

WORD = "Skildpaddesuppe"


def test_a_copied_pdf_is_found_by_search_on_the_new_meeting():
    dap = CommitteeFactory()
    secretary = member(dap, Role.SECRETARIAT)
    earlier = MeetingFactory(committee=dap, date=dt.date(2025, 6, 2))
    source = AgendaItemFactory(meeting=earlier, title="Budget")
    pdf = pdf_with_pages(1, f"Notat om {WORD}")
    # Stored before text was extracted: the copy must read its file, not trust the row.
    BilagFactory(item=source, title="Notat", file=ContentFile(pdf, name="notat.pdf"), text="")
    target = meeting_create(committee=dap, actor=secretary, date=dt.date(2026, 1, 5))

    [copy] = meeting_copy_items(meeting=target, actor=secretary, items=[source], include_bilag=True)

    copied = copy.bilag.get()
    assert WORD in copied.text
    Meeting.objects.filter(pk=target.pk).update(status=MeetingStatus.PUBLISHED)
    hits = search(member(dap, Role.MEMBER), WORD)
    assert [(hit.kind, hit.bilag) for hit in hits] == [("Bilag", copied)]
