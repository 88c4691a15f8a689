"""Backup and restore of the whole portal: the database as Django's JSON, and every file.

A backup is one tar file (`dap-backup/1`):

    manifest.json    format, time, the migrations it was taken at, each file's size and SHA-256
    database.json    every row (dumpdata with natural foreign keys; no sessions, content types
                     or permissions: `migrate` makes those)
    files/<name>     every file of the default storage under its storage name (file system or
                     bucket alike); cached PDFs (`cache/`) only with include_cache, they are
                     made again on demand

Restore goes into an empty, migrated database and an empty storage, checks every file's hash
on the way, and loads the rows in one transaction.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.module_loading import import_string

FORMAT = "dap-backup/1"
CACHE_PREFIX = "cache/"
# Made by `migrate` in the target, or short-lived: never copied. Sessions (and allauth's
# record of them, which holds their keys) would let whoever reads a backup sign in as anyone.
EXCLUDED_MODELS = (
    "contenttypes",
    "auth.permission",
    "sessions.session",
    "usersessions.usersession",
)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message is Danish and says why."""


@dataclass
class Manifest:
    created: str
    migrations: dict[str, list[str]]
    files: dict[str, dict[str, object]] = field(default_factory=dict)
    rows: int = 0
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True).encode()


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, folders walked depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}{sub}/")


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


class _HashingReader(io.RawIOBase):
    """Reads a storage file for tarfile while computing its SHA-256 (one pass, no copy)."""

    def __init__(self, handle: File) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


@contextmanager
def _snapshot() -> Iterator[None]:
    """All rows as of one moment: dumpdata reads table after table, and a bilag saved between
    its item's table and its own would otherwise be in the dump without its item (and the
    restore would fail on it). One transaction, REPEATABLE READ on PostgreSQL (a snapshot);
    inside a transaction already (tests), that one is used as it is."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Django sets an isolation level only per connection (OPTIONS), never for one
            # transaction: this one statement is the plain way to a snapshot here.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


@contextmanager
def _private_file(path: Path) -> Iterator[BinaryIO]:
    """The backup file, readable and writable by its owner only (0600): it holds every row,
    password hashes and second-factor secrets included."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file was there already
    with os.fdopen(descriptor, "wb") as handle:
        yield handle


def write_backup(
    path: Path, *, storage: Storage | None = None, include_cache: bool = False
) -> Manifest:
    """Write the database and the files to the tar file `path`; returns what it holds."""
    storage = storage or default_storage
    manifest = Manifest(
        created=datetime.now(tz=UTC).isoformat(timespec="seconds"),
        migrations=applied_migrations(),
    )
    with tempfile.TemporaryDirectory(prefix="dap-backup-") as work:
        dump = Path(work) / "database.json"
        with _snapshot():
            call_command(
                "dumpdata",
                exclude=list(EXCLUDED_MODELS),
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
            # Listed right after the rows, so that a file is not missed that a row names.
            names = [
                name
                for name in storage_names(storage)
                if include_cache or not name.startswith(CACHE_PREFIX)
            ]
        manifest.rows = len(json.loads(dump.read_bytes()))
        with _private_file(path) as target, tarfile.open(fileobj=target, mode="w") as archive:
            archive.add(dump, arcname="database.json")
            for name in names:
                info = tarfile.TarInfo(f"files/{name}")
                info.size = storage.size(name)
                info.mtime = int(datetime.now(tz=UTC).timestamp())
                with storage.open(name, "rb") as handle:
                    reader = _HashingReader(handle)
                    archive.addfile(info, reader)
                manifest.files[name] = {"size": info.size, "sha256": reader.digest.hexdigest()}
            _add_bytes(archive, "manifest.json", manifest.to_json())
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.getmember("manifest.json")
    except KeyError as exc:
        raise BackupError(
            "Filen er ikke en backup fra DAP-portalen (manifest.json mangler)."
        ) from exc
    data = json.loads(archive.extractfile(member).read())
    if data.get("format") != FORMAT:
        raise BackupError(f"Ukendt backupformat {data.get('format')!r}; forventede {FORMAT}.")
    manifest = Manifest(**data)
    for name in manifest.files:
        if not _storage_name(name):
            raise BackupError(
                f"Backuppen er afvist: filnavnet {name!r} peger uden for fillageret eller er "
                "ugyldigt. Intet er gendannet."
            )
    return manifest


def _storage_name(name: object) -> bool:
    """Whether a file name from a backup is a plain relative name inside the storage, as the
    backup writes them (a crafted one could say `../` or `/etc/...`)."""
    if not isinstance(name, str) or not name or len(name) > 1000:
        return False
    if "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    parts = PurePosixPath(name).parts
    return all(part not in ("", ".", "..") for part in parts) and "/".join(parts) == name


def _excluded(label: str) -> bool:
    """Whether a model (`app.model`) is one the backup leaves out (by app or by model)."""
    app = label.split(".", 1)[0]
    return label in EXCLUDED_MODELS or app in EXCLUDED_MODELS


def _user_rows() -> list[str]:
    """Models that already hold rows (what the backup leaves out does not count)."""
    return [
        model._meta.label_lower
        for model in apps.get_models()
        if not _excluded(model._meta.label_lower)
        and model._meta.managed
        and not model._meta.proxy
        and model._default_manager.exists()
    ]


def check_target(manifest: Manifest, storage: Storage) -> None:
    if rows := _user_rows():
        raise BackupError(
            "Databasen er ikke tom (der er rækker i " + ", ".join(sorted(rows)[:5]) + "). "
            "Gendan kun i en ny, migreret database."
        )
    if next(storage_names(storage), None) is not None:
        raise BackupError("Fillageret er ikke tomt. Gendan kun i et tomt fillager (eller bucket).")
    target = applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if name not in target.get(app, [])
    ]
    if missing:
        raise BackupError(
            "Backuppen er taget med migrationer, som denne database ikke har: "
            + ", ".join(missing[:5])
            + ". Opdatér portalen og kør migrate først."
        )


def restore_backup(path: Path, *, storage: Storage | None = None) -> Manifest:
    """Load the backup at `path` into this empty database and empty storage."""
    storage = storage or default_storage
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115  (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"Kan ikke læse backupfilen {path}: {exc}") from exc
    with archive, tempfile.TemporaryDirectory(prefix="dap-restore-") as work:
        manifest = _read_manifest(archive)
        check_target(manifest, storage)
        written: list[str] = []
        try:
            for name, expected in manifest.files.items():
                _restore_file(archive, storage, name, expected)
                written.append(name)
            dump = Path(work) / "database.json"
            with archive.extractfile("database.json") as source, dump.open("wb") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
            with transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
        except BaseException:
            for name in written:  # leave the storage as empty as it was
                storage.delete(name)
            raise
    return manifest


def _restore_file(
    archive: tarfile.TarFile, storage: Storage, name: str, expected: dict[str, object]
) -> None:
    member = archive.extractfile(f"files/{name}")
    if member is None:
        raise BackupError(f"Filen {name} mangler i backuppen.")
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        digest = hashlib.sha256()
        while chunk := member.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        if digest.hexdigest() != expected["sha256"]:
            raise BackupError(f"Filen {name} i backuppen er beskadiget (forkert SHA-256).")
        spool.seek(0)
        if problem := import_string(settings.DAP_RESTORE_FILE_CHECK)(name, spool):
            raise BackupError(f"Filen {name} i backuppen er afvist: {problem}")
        spool.seek(0)
        saved = storage.save(name, File(spool, name=name))
    if saved != name:
        raise BackupError(f"Filen {name} blev gemt som {saved}; fillageret var ikke tomt.")
