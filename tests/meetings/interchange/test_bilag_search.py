"""An imported bilag is stored like an upload: its PDF text is extracted and search finds it."""

import pytest

from meetings.interchange.services import import_agenda_file
from meetings.member.search import search
from meetings.models import Bilag, Meeting, MeetingStatus, Role
from tests.factories import member
from tests.meetings.pdf_samples import pdf_with_pages

from .helpers import seed_with_file, write_file, zip_of

pytestmark = pytest.mark.django_db

WORD = "Skildpaddesuppe"


def test_the_text_of_an_imported_pdf_is_found_by_search(tmp_path):
    pdf = pdf_with_pages(1, f"Kommissorium om {WORD}")
    file = write_file(
        tmp_path, "dagsorden.zip", zip_of(seed_with_file(), {"bilag/kommissorium.pdf": pdf})
    )

    meeting = import_agenda_file(file)

    bilag = Bilag.objects.get(item__meeting=meeting, item__position=3)
    assert WORD in bilag.text
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PUBLISHED)
    hits = search(member(meeting.committee, Role.MEMBER), WORD)
    assert [(hit.kind, hit.bilag) for hit in hits] == [("Bilag", bilag)]
