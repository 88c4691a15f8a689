"""The work of the archive batch tasks: reading a batch's files for the preview, importing them.

Below `batch_services` (which queues the tasks), so that `tasks` can run it without a cycle.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from .. import access
from ..models import ArchiveBatch, ArchiveKind, BatchStatus
from .services import (
    ArchiveError,
    State,
    Upload,
    archive_import_file,
    expand_upload,
    preview_file,
    readable,
)


def _uploads_of(entry: dict[str, Any]) -> list[Upload]:
    with default_storage.open(entry["stored"], "rb") as handle:
        content = handle.read()
    return expand_upload(entry["upload"], content)


def _progress(batch_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        ArchiveBatch.objects.filter(pk=batch_id).update(
            progress=min(99, int(100 * done / max(total, 1)))
        )

    return report


def batch_read(*, batch_id: int) -> None:
    """Read every file of a batch for its preview (the task's work); writes only the batch."""
    batch = ArchiveBatch.objects.select_related("committee", "created_by").get(pk=batch_id)
    if _not_allowed(batch):
        return
    report = _progress(batch_id)
    files: list[dict[str, Any]] = []
    groups: list[tuple[dict[str, Any], list[Upload] | None, str]] = []
    for entry in batch.entries:
        try:
            groups.append((entry, _uploads_of(entry), ""))
        except ArchiveError as exc:
            groups.append((entry, None, str(exc)))
    total = sum(len(uploads) if uploads is not None else 1 for _, uploads, _ in groups)
    done = 0
    for entry, uploads, problem in groups:
        if uploads is None:
            files.append(_file(entry, "", State.REFUSED, problem))
            done += 1
            continue
        for upload in uploads:
            member = upload.name if upload.name != entry["upload"] else ""
            if upload.refused:
                files.append(_file(entry, member, State.REFUSED, upload.refused))
            elif not readable(upload.name) or upload.name.lower().endswith(".zip"):
                files.append(
                    _file(entry, member, State.SKIPPED, "Kun .docx, .pdf, .doc og .odt læses.")
                )
            else:
                preview = preview_file(
                    content=upload.content,
                    name=upload.name,
                    committee=batch.committee,
                    user=batch.created_by,
                )
                files.append({**_file(entry, member, preview.state, ""), **preview.as_dict()})
                files[-1]["name"] = member or entry["upload"]
            done += 1
            report(done, total)
    _pair_minutes(files)
    ArchiveBatch.objects.filter(pk=batch_id).update(
        entries=_with_files(batch.entries, files),
        status=BatchStatus.READY,
        progress=100,
    )
    if not any(row["state"] == State.READY for row in files):
        remove_uploads(batch)  # every file refused or skipped: nothing to keep for an import


def remove_uploads(batch: ArchiveBatch) -> None:
    """Delete the batch's staged files from archive/batches/ (disk or bucket)."""
    for entry in batch.entries:
        if entry.get("kind") != "file" and entry.get("stored"):
            default_storage.delete(entry["stored"])


# A batch not confirmed within a day is given up: its files and row are removed.
UNCONFIRMED_FOR = dt.timedelta(days=1)


def batches_expire() -> int:
    """Remove batches never confirmed, a day after their upload (the beat scan); how many."""
    stale = ArchiveBatch.objects.filter(
        created_at__lt=timezone.now() - UNCONFIRMED_FOR,
        status__in=[BatchStatus.READING, BatchStatus.READY, BatchStatus.FAILED],
    )
    removed = 0
    for batch in stale:
        remove_uploads(batch)
        batch.delete()
        removed += 1
    return removed


def _with_files(uploads: list[dict[str, Any]], files: list[dict[str, Any]]) -> list[dict]:
    """The batch's entries: the uploads (kept for the import) and one row per file read."""
    return [{**entry, "kind": "upload"} for entry in uploads if entry.get("kind") != "file"] + [
        {**row, "kind": "file"} for row in files
    ]


def _file(entry: dict[str, Any], member: str, state: str, message: str) -> dict[str, Any]:
    return {
        "name": member or entry["upload"],
        "upload": entry["upload"],
        "stored": entry["stored"],
        "member": member,
        "state": state,
        "message": message,
        "notes": [],
        "summary": None,
    }


def _pair_minutes(files: list[dict[str, Any]]) -> None:
    """Minutes whose agenda is in the same batch are attached to that meeting on import."""
    agendas = {
        row["summary"]["date"]: row["name"]
        for row in files
        if row["state"] == State.READY and row["summary"]["kind"] == ArchiveKind.AGENDA
    }
    for row in files:
        summary = row.get("summary")
        if row["state"] == State.READY and summary and summary["kind"] == ArchiveKind.MINUTES:
            agenda = agendas.get(summary["date"])
            if agenda and row["meeting_id"] is None:
                row["target"] = f"Beslutninger og fremmøde tilknyttes mødet fra »{agenda}«"


def _not_allowed(batch: ArchiveBatch) -> bool:
    """A batch for a committee its uploader no longer runs is stopped, its files removed;
    nothing is read into or written to that committee."""
    if batch.committee is None or access.runs_committee(batch.created_by, batch.committee):
        return False
    ArchiveBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED,
        error="Du er ikke sekretariat for styregruppen; intet er importeret.",
        finished_at=timezone.now(),
    )
    remove_uploads(batch)
    return True


def batch_files(batch: ArchiveBatch) -> list[dict[str, Any]]:
    return [entry for entry in batch.entries if entry.get("kind") == "file"]


def batch_import(*, batch_id: int) -> None:
    """Import the ready files of a confirmed batch, agendas before minutes (the task's work)."""
    batch = ArchiveBatch.objects.select_related("committee", "created_by").get(pk=batch_id)
    if batch.status != BatchStatus.IMPORTING or _not_allowed(batch):
        return
    rows = batch_files(batch)
    ready = [row for row in rows if row["state"] == State.READY]
    ready.sort(key=lambda row: row["summary"]["kind"] != ArchiveKind.AGENDA)
    report = _progress(batch_id)
    contents: dict[str, dict[str, bytes]] = {}
    for done, row in enumerate(ready, start=1):
        if row["stored"] not in contents:
            uploads = _uploads_of({"upload": row["upload"], "stored": row["stored"]})
            contents = {row["stored"]: {u.name: u.content for u in uploads}}
        content = contents[row["stored"]][row["member"] or row["upload"]]
        try:
            outcome = archive_import_file(
                content=content,
                name=row["name"],
                actor=batch.created_by,
                committee=batch.committee,
                user=batch.created_by,
            )
        except ArchiveError as exc:
            row.update(state=State.REFUSED, message=str(exc))
        else:
            row.update(
                state=outcome.state,
                message=outcome.message,
                meeting_id=outcome.meeting.pk if outcome.meeting else None,
            )
        report(done, len(ready))
    uploads = [entry for entry in batch.entries if entry.get("kind") != "file"]
    ArchiveBatch.objects.filter(pk=batch_id).update(
        entries=_with_files(uploads, rows),
        status=BatchStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    for entry in uploads:
        default_storage.delete(entry["stored"])
