"""'Importér arkiv' writes only into committees the user runs: page, task and preview."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.archive import tasks
from meetings.archive.services import State
from meetings.editor.services import meeting_publish
from meetings.interchange.services import import_agenda
from meetings.models import (
    ArchiveBatch,
    ArchiveImport,
    AuditEntry,
    BatchStatus,
    Committee,
    Meeting,
    MeetingStatus,
    Role,
)
from tests.factories import CommitteeFactory, MembershipFactory, UserFactory

from .conftest import seed


def _other_committee() -> Committee:
    return CommitteeFactory(name="Styregruppen for Sundhedsdata", short_name="SDS")


pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    """DAP with its published meeting of 6 October 2025 (as the review found it)."""
    meeting = meeting_publish(meeting=import_agenda(seed()), actor=None)
    return meeting


@pytest.fixture
def other_secretariat():
    return MembershipFactory(committee=_other_committee(), role=Role.SECRETARIAT).user


def _counts() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        Committee.objects.count(),
        ArchiveImport.objects.count(),
        AuditEntry.objects.count(),
    )


def test_another_committees_secretariat_cannot_import_into_it_by_the_files_title(
    client, corpus, dap, other_secretariat, django_capture_on_commit_callbacks
):
    client.force_login(other_secretariat)
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:archive_start"),
            {
                "files": [
                    SimpleUploadedFile("Dagsorden.docx", corpus.docx),
                    SimpleUploadedFile("Referat 2025-10-06.docx", corpus.referat_docx),
                ]
            },
        )
    batch = ArchiveBatch.objects.get()
    assert response.url == reverse("meetings:archive_batch", args=[batch.pk])
    # The preview (read by the task, eagerly) refuses both and tells nothing of DAP's meeting.
    page = client.get(response.url).content.decode()
    assert page.count("som du ikke er sekretariat for") == 2
    for leak in ("Offentliggjort", "har allerede et møde", "tilknyttes", "6. oktober 2025"):
        assert leak not in page
    batch.refresh_from_db()
    states = [row["state"] for row in batch.entries if row.get("kind") == "file"]
    assert states == [State.REFUSED, State.REFUSED]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:archive_confirm", args=[batch.pk]))
    dap.refresh_from_db()
    assert dap.status == MeetingStatus.PUBLISHED
    assert _counts() == before


def test_the_task_imports_nothing_into_a_committee_the_uploader_does_not_run(
    corpus, dap, other_secretariat
):
    """A batch for DAP by B's secretariat (say, one who lost the role): the task refuses."""
    stored = default_storage.save("archive/batches/x/1.docx", ContentFile(corpus.referat_docx))
    row = {
        "kind": "file",
        "name": "Referat.docx",
        "upload": "Referat.docx",
        "stored": stored,
        "member": "",
        "state": State.READY,
        "message": "",
        "notes": [],
        "summary": {"kind": "referat", "date": "2025-10-06"},
        "meeting_id": dap.pk,
    }
    batch = ArchiveBatch.objects.create(
        created_by=other_secretariat,
        committee=dap.committee,
        status=BatchStatus.IMPORTING,
        entries=[{"kind": "upload", "upload": "Referat.docx", "stored": stored}, row],
    )
    before = _counts()
    tasks.import_archive_batch.delay(batch.pk)  # eager in tests
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    dap.refresh_from_db()
    assert dap.status == MeetingStatus.PUBLISHED
    assert _counts() == before
    assert not default_storage.exists(stored)


def test_the_preview_task_reads_nothing_for_a_committee_the_uploader_does_not_run(
    client, corpus, dap, other_secretariat
):
    stored = default_storage.save("archive/batches/y/1.docx", ContentFile(corpus.referat_docx))
    batch = ArchiveBatch.objects.create(
        created_by=other_secretariat,
        committee=dap.committee,
        entries=[{"upload": "Referat.docx", "stored": stored}],
    )
    tasks.read_archive_batch.delay(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert "6. oktober" not in str(batch.entries)
    client.force_login(other_secretariat)
    assert client.get(reverse("meetings:archive_batch", args=[batch.pk])).status_code == 404


def test_choosing_a_committee_one_does_not_run_answers_404(client, corpus, dap, other_secretariat):
    client.force_login(other_secretariat)
    response = client.post(
        reverse("meetings:archive_start"),
        {"committee": dap.committee_id, "files": [SimpleUploadedFile("a.docx", corpus.docx)]},
    )
    assert response.status_code == 404
    assert ArchiveBatch.objects.count() == 0


# --- Every URL of archive/ as each of the ten principals -----------------------------------

PRINCIPALS = (
    "anonymous",
    "no committee",
    "observer",
    "member",
    "member of another committee",
    "chair",
    "secretariat",
    "another committee's secretariat",
    "mixed role",
    "staff",
)
RUNS_DAP = {"secretariat"}  # anonymous is sent to sign in
RUNS_SOME = {"secretariat", "another committee's secretariat", "mixed role"}


def _principal(name: str, committee: Committee):
    other = _other_committee()
    roles = {
        "observer": [(committee, Role.OBSERVER)],
        "member": [(committee, Role.MEMBER)],
        "member of another committee": [(other, Role.MEMBER)],
        "chair": [(committee, Role.CHAIR)],
        "secretariat": [(committee, Role.SECRETARIAT)],
        "another committee's secretariat": [(other, Role.SECRETARIAT)],
        "mixed role": [(other, Role.SECRETARIAT), (committee, Role.MEMBER)],
    }
    if name == "anonymous":
        return None
    user = UserFactory(is_staff=name == "staff")
    for place, role in roles.get(name, []):
        MembershipFactory(user=user, committee=place, role=role)
    return user


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_archive_url_answers_404_for_a_committee_one_does_not_run(client, principal, corpus):
    from meetings.archive.services import archive_import_file

    meeting = archive_import_file(content=corpus.docx, name="dagsorden.docx", actor=None).meeting
    committee = meeting.committee
    record = meeting.archive_imports.get()
    owner = MembershipFactory(committee=committee, role=Role.SECRETARIAT).user
    stored = default_storage.save("archive/batches/z/1.docx", ContentFile(corpus.referat_docx))
    batch = ArchiveBatch.objects.create(
        created_by=owner,
        committee=committee,
        status=BatchStatus.READY,
        entries=[{"kind": "upload", "upload": "Referat.docx", "stored": stored}],
    )
    user = _principal(principal, committee)
    if principal == "secretariat":
        user = owner  # the batch is the uploader's own
    if user is not None:
        client.force_login(user)
    before = _counts()
    start = reverse("meetings:archive_start")
    answers = {
        "start": client.get(start).status_code,
        "start for DAP": client.post(
            start, {"committee": committee.pk, "files": [SimpleUploadedFile("a.pdf", b"x")]}
        ).status_code,
        "preview": client.get(reverse("meetings:archive_batch", args=[batch.pk])).status_code,
        "confirm": client.post(reverse("meetings:archive_confirm", args=[batch.pk])).status_code,
        "original": client.get(reverse("meetings:archive_original", args=[record.pk])).status_code,
    }
    runs_dap, runs_some = principal in RUNS_DAP, principal in RUNS_SOME
    if user is None:
        assert set(answers.values()) == {302}
        assert client.get(start)["Location"].startswith(reverse("login"))
    else:
        assert answers == {
            "start": 200 if runs_some else 404,
            "start for DAP": 302 if runs_dap else 404,
            "preview": 200 if runs_dap else 404,
            "confirm": 302 if runs_dap else 404,
            "original": 200 if runs_dap else 404,
        }
    if not runs_dap:
        assert _counts() == before
        assert ArchiveBatch.objects.count() == 1
