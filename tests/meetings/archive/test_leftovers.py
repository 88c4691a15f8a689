"""A refused or never confirmed archive upload leaves nothing in archive/batches/."""

import datetime as dt

import pytest
from celery import current_app
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.archive import tasks
from meetings.models import ArchiveBatch, BatchStatus, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def staged_files(folder: str = "archive/batches") -> list[str]:
    """Every file under the folder, on disk or in the bucket."""
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" for name in names]
    for sub in folders:
        found += staged_files(f"{folder}/{sub}")
    return found


@pytest.fixture(params=["disk", "bucket"])
def storage(request):
    if request.param == "bucket":
        request.getfixturevalue("s3_storage")
    return default_storage


@pytest.fixture
def secretariat(client):
    user = MembershipFactory(role=Role.SECRETARIAT).user
    client.force_login(user)
    return user


def _upload(client, django_capture_on_commit_callbacks, *files) -> ArchiveBatch:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:archive_start"), {"files": list(files)})
    return ArchiveBatch.objects.get()


def test_a_refused_upload_leaves_no_staged_file(
    client, secretariat, storage, django_capture_on_commit_callbacks
):
    batch = _upload(
        client,
        django_capture_on_commit_callbacks,
        SimpleUploadedFile("arkiv.zip", b"PK\x03\x04 not a zip"),
        SimpleUploadedFile("hemmelig.pdf", b"%PDF-1.4 not really"),
    )
    page = client.get(reverse("meetings:archive_batch", args=[batch.pk])).content.decode()
    assert "ikke en gyldig zip-fil" in page
    assert staged_files() == []


def test_a_batch_whose_reading_fails_leaves_no_staged_file(
    client, secretariat, storage, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "batch_read", broken)
    batch = _upload(
        client, django_capture_on_commit_callbacks, SimpleUploadedFile("a.docx", b"PK junk")
    )
    assert batch.status == BatchStatus.FAILED
    assert staged_files() == []


def test_a_batch_never_confirmed_is_removed_after_a_day_by_the_beat_scan(
    client, secretariat, storage, django_capture_on_commit_callbacks, monkeypatch, corpus
):
    batch = _upload(
        client, django_capture_on_commit_callbacks, SimpleUploadedFile("a.docx", corpus.docx)
    )
    assert batch.status == BatchStatus.READY
    assert len(staged_files()) == 1  # kept for the secretariat to confirm
    entry = settings.CELERY_BEAT_SCHEDULE["expire-archive-batches"]
    task = current_app.tasks[entry["task"]]
    task.delay()
    assert ArchiveBatch.objects.filter(pk=batch.pk).exists()  # not yet a day
    ArchiveBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    task.delay()
    assert not ArchiveBatch.objects.filter(pk=batch.pk).exists()
    assert staged_files() == []
