"""'Importér arkiv': upload, preview (nothing saved), confirm, progress; the meeting page."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import ArchiveBatch, ArchiveImport, BatchStatus, Meeting, MeetingStatus, Role
from tests.factories import MembershipFactory

from .corpus import dated_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    user = MembershipFactory(role=Role.SECRETARIAT).user
    client.force_login(user)
    return user


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_others_than_the_secretariat_get_404(client):
    member = MembershipFactory(role=Role.MEMBER).user
    client.force_login(member)
    assert client.get(reverse("meetings:archive_start")).status_code == 404
    batch = ArchiveBatch.objects.create(created_by=member)
    assert client.get(reverse("meetings:archive_batch", args=[batch.pk])).status_code == 404


def test_upload_shows_a_preview_saves_nothing_then_confirm_imports(
    client, secretariat, corpus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:archive_start"),
            {
                "files": [
                    upload("Dagsorden 2025-10-06.docx", corpus.docx),
                    upload("Referat 2025-10-06.docx", corpus.referat_docx),
                    upload("hemmelig.pdf", b"%PDF-1.4 not really"),
                ]
            },
        )
    batch = ArchiveBatch.objects.get()
    assert response.url == reverse("meetings:archive_batch", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "2 filer er klar til import." in page
    assert "Mandag d. 6. oktober 2025, kl. 13.00-15.00" in page
    assert "Ugedagen i kilden er »Onsdag«" in page
    assert "titlen i listen er »Budgetter 2025«" in page
    assert "Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097" in page
    assert "tilknyttes mødet fra »Dagsorden 2025-10-06.docx«" in page
    assert "Afvist" in page
    assert Meeting.objects.count() == 0  # nothing saved before confirming
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:archive_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert ArchiveImport.objects.filter(meeting=meeting).count() == 2
    page = client.get(reverse("meetings:archive_batch", args=[batch.pk])).content.decode()
    assert "2 filer er importeret." in page
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in page


def test_a_zip_of_50_agendas_is_read_and_imported_by_the_task(
    client, secretariat, corpus, django_capture_on_commit_callbacks
):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for week in range(50):
            day = dt.date(2021, 1, 4) + dt.timedelta(weeks=week)
            archive.writestr(f"arkiv/{day}.docx", dated_variant(corpus.docx, day))
        archive.writestr("arkiv/Thumbs.db", b"junk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meetings:archive_start"), {"files": [upload("arkiv.zip", out.getvalue())]}
        )
    batch = ArchiveBatch.objects.get()
    assert (batch.status, batch.progress) == (BatchStatus.READY, 100)
    page = client.get(reverse("meetings:archive_batch", args=[batch.pk])).content.decode()
    assert "50 filer er klar til import." in page
    assert "sprunget over" in page.lower()  # Thumbs.db, with the reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:archive_confirm", args=[batch.pk]))
    assert Meeting.objects.filter(status=MeetingStatus.HELD).count() == 50


def test_the_page_shows_a_progress_bar_polled_while_the_task_runs(client, secretariat):
    batch = ArchiveBatch.objects.create(
        created_by=secretariat, status=BatchStatus.READING, progress=40
    )
    url = reverse("meetings:archive_batch", args=[batch.pk])
    page = client.get(url).content.decode()
    assert '<progress id="archive-progress" max="100" value="40">' in page
    assert f'hx-get="{url}"' in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="archive-batch"')


def test_a_refused_upload_says_why_and_saves_nothing(client, secretariat, settings):
    settings.DAP_ARCHIVE_MAX_BYTES = 10
    response = client.post(
        reverse("meetings:archive_start"), {"files": [upload("stor.zip", b"x" * 100)]}
    )
    assert response.status_code == 200
    assert "kan uploades ad gangen" in response.content.decode()
    assert ArchiveBatch.objects.count() == 0
    response = client.post(
        reverse("meetings:archive_start"), {"files": [upload("noter.txt", b"hej")]}
    )
    assert "kun .docx, .pdf, .doc, .odt eller .zip kan importeres" in response.content.decode()


def test_meeting_page_lists_missing_bilag_and_the_original_for_the_secretariat_only(
    client, secretariat, corpus
):
    from meetings.archive.services import archive_import_file

    meeting = archive_import_file(content=corpus.docx, name="dagsorden.docx", actor=None).meeting
    record = meeting.archive_imports.get()
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Manglende bilag" in page
    assert "Bilag 7.2 Status på deling af journalnotater" in page
    assert "Original dagsorden" in page
    original = client.get(reverse("meetings:archive_original", args=[record.pk]))
    assert b"".join(original.streaming_content) == corpus.docx
    member = MembershipFactory(committee=meeting.committee, role=Role.MEMBER).user
    client.force_login(member)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Manglende bilag" in page
    assert "Original dagsorden" not in page
    assert client.get(reverse("meetings:archive_original", args=[record.pk])).status_code == 404
