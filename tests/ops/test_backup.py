"""manage.py backup / restore: a restore into an empty database and storage gives the same
meeting back, with the same agenda PDF text and the same bilag bytes."""

import copy
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.bilag import services as bilag_services
from meetings.documents.render import DocumentKind, render_document
from meetings.editor.services import meeting_publish
from meetings.interchange.services import import_agenda
from meetings.models import Bilag, BilagVersion, Meeting, Role
from ops.backup import storage_names
from tests.factories import UserFactory
from tests.meetings.pdf_samples import pdf_with_pages
from tests.storage import new_bucket, s3_storage_setting

SEED = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "dap-2025-10-06.json").read_text("utf-8")
)
SECRETARIAT = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)


def agenda_text(meeting: Meeting) -> str:
    content = render_document(meeting, SECRETARIAT, DocumentKind.DAGSORDEN).content
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def file_hashes() -> dict[str, str]:
    """Each bilag's and bilag version's file, by the bilag's title: SHA-256 of the stored bytes."""
    hashes = {}
    for bilag in Bilag.objects.exclude(file=""):
        with default_storage.open(bilag.file.name, "rb") as handle:
            hashes[bilag.title] = hashlib.sha256(handle.read()).hexdigest()
    for version in BilagVersion.objects.select_related("bilag"):
        with default_storage.open(version.file.name, "rb") as handle:
            key = f"{version.bilag.title} v{version.number}"
            hashes[key] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


def empty_storage(settings, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Point the default storage at a new, empty place of the same kind."""
    if settings.DAP_STORAGE == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage_setting(endpoint, new_bucket(endpoint)),
        }
    else:
        settings.MEDIA_ROOT = tmp_path / "restored-media"


@pytest.fixture
def meeting_with_bilag():
    secretary = UserFactory(username="sekretaer")
    meeting = import_agenda(copy.deepcopy(SEED))
    item = meeting.items.order_by("position")[2]
    first = bilag_services.bilag_upload(
        item=item,
        actor=secretary,
        upload=SimpleUploadedFile("analyse.pdf", pdf_with_pages(3, "Analyse"), "application/pdf"),
        title="Analyse",
    )
    bilag_services.bilag_replace(
        bilag=first,
        actor=secretary,
        upload=SimpleUploadedFile("analyse-v2.pdf", pdf_with_pages(2, "Ny"), "application/pdf"),
    )
    bilag_services.bilag_upload(
        item=item,
        actor=secretary,
        upload=SimpleUploadedFile("plan.pdf", pdf_with_pages(1, "Plan"), "application/pdf"),
        title="Plan",
        confidential=True,
    )
    meeting_publish(meeting=meeting, actor=secretary)
    return meeting


@pytest.mark.django_db(transaction=True)
def test_restore_into_empty_database_and_storage_gives_the_same_meeting(
    meeting_with_bilag, settings, tmp_path, request
):
    meeting = meeting_with_bilag
    text_before = agenda_text(meeting)
    hashes_before = file_hashes()
    assert len(hashes_before) == 3  # two bilag and the first file of one as a version
    backup = tmp_path / "dap.tar"

    call_command("backup", output=str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    empty_storage(settings, tmp_path, request)
    assert not Meeting.objects.exists()
    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    restored = Meeting.objects.get(pk=meeting.pk)
    assert "Gendannet fra backup" in out.getvalue()
    assert restored.title == meeting.title
    assert agenda_text(restored) == text_before
    assert "Analyse" in " ".join(text_before.split())  # the uploaded bilag is listed
    assert file_hashes() == hashes_before
    assert {b.sha256 for b in Bilag.objects.exclude(file="")} <= set(hashes_before.values())


@pytest.mark.django_db(transaction=True)
def test_backup_lists_every_file_with_its_hash_and_leaves_the_pdf_cache_out(
    meeting_with_bilag, tmp_path
):
    agenda_text(meeting_with_bilag)  # puts a PDF in the cache
    backup = tmp_path / "dap.tar"

    call_command("backup", output=str(backup), stdout=io.StringIO())

    with tarfile.open(backup) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
    assert manifest["format"] == "dap-backup/1"
    assert "0001_initial" in manifest["migrations"]["meetings"]
    assert not any(name.startswith("files/cache/") for name in names)
    assert sorted(f"files/{name}" for name in manifest["files"]) == sorted(
        name for name in names if name.startswith("files/")
    )
    assert {entry["sha256"] for entry in manifest["files"].values()} == set(file_hashes().values())


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(
    meeting_with_bilag, settings, tmp_path, request
):
    backup = tmp_path / "dap.tar"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    empty_storage(settings, tmp_path, request)

    with pytest.raises(CommandError, match="Databasen er ikke tom"):
        call_command("restore", str(backup))

    assert Meeting.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_file_and_leaves_the_storage_empty(
    meeting_with_bilag, settings, tmp_path, request
):
    backup = tmp_path / "dap.tar"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(backup) as source, tarfile.open(damaged, "w") as target:
        # The last file: the ones before it are written first and must be taken away again.
        last_file = [name for name in source.getnames() if name.startswith("files/")][-1]
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == last_file:
                data = data.replace(b"%PDF", b"%XDF", 1)
            target.addfile(member, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    empty_storage(settings, tmp_path, request)

    with pytest.raises(CommandError, match="beskadiget"):
        call_command("restore", str(damaged))

    assert not Meeting.objects.exists()
    assert list(storage_names(default_storage)) == []


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as archive:
        archive.addfile(tarfile.TarInfo("x.txt"), io.BytesIO(b""))

    with pytest.raises(CommandError, match="ikke en backup"):
        call_command("restore", str(other))


@pytest.mark.django_db(transaction=True)
def test_the_backup_is_private_to_its_owner_and_holds_no_session_keys(client, tmp_path):
    """It holds password hashes and second-factor secrets: mode 0600. Sessions, and allauth's
    record of them with their keys, stay out: a backup must not sign anyone in."""
    from allauth.usersessions.models import UserSession

    user = UserFactory(username="medlem")
    client.force_login(user)
    UserSession.objects.create(user=user, ip="127.0.0.1", session_key="hemmelig-nøgle")
    backup = tmp_path / "dap.tar"

    call_command("backup", output=str(backup), stdout=io.StringIO())

    assert backup.stat().st_mode & 0o777 == 0o600
    with tarfile.open(backup) as archive:
        rows = json.loads(archive.extractfile("database.json").read())
    models = {row["model"] for row in rows}
    assert "auth.user" in models or any(model.endswith(".user") for model in models)
    assert "usersessions.usersession" not in models
    assert "sessions.session" not in models
    assert b"hemmelig" not in json.dumps(rows).encode()


@pytest.mark.django_db(transaction=True)
def test_the_rows_are_read_in_one_snapshot(meeting_with_bilag, tmp_path, monkeypatch):
    """dumpdata reads table after table: all of it inside one transaction, so a row written
    meanwhile cannot be in the dump without what it points at."""
    from django.db import connection

    from ops import backup as backup_module

    seen = []
    real = backup_module.call_command

    def dumpdata(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                seen.append(cursor.fetchone()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_module, "call_command", dumpdata)
    backup_module.write_backup(tmp_path / "dap.tar")

    assert seen[0] is True
    if connection.vendor == "postgresql":
        assert seen[1] == "repeatable read"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../udenfor.txt", "bilag/../../udenfor.txt", "/etc/passwd"])
def test_restore_refuses_a_crafted_file_name_in_danish(tmp_path, name):
    data = b"ondsindet"
    manifest = {
        "format": "dap-backup/1",
        "created": "2026-01-01T00:00:00+00:00",
        "migrations": {},
        "files": {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}},
    }
    crafted = tmp_path / "crafted.tar"
    with tarfile.open(crafted, "w") as archive:
        for member, content in (
            ("manifest.json", json.dumps(manifest).encode()),
            (f"files/{name}", data),
            ("database.json", b"[]"),
        ):
            info = tarfile.TarInfo(member)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))

    with pytest.raises(CommandError, match="peger uden for fillageret"):
        call_command("restore", str(crafted))

    assert list(storage_names(default_storage)) == []
    assert not (tmp_path / "udenfor.txt").exists()
