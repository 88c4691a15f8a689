"""Writes of bilag: upload, new versions, renaming, order, copies (renditions: renditions.py).

`bilag_file_store` is the one way a file becomes a bilag's content (upload, replace, copy from
an earlier meeting, agenda import): it records what the file is, extracts its words for search
and resets the rendition, which a background task makes again for an Office file.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dap_portal.danish import megabytes

from .. import files
from ..audit import Actor, AuditAction, record_audit, user_of
from ..models import AgendaItem, Bilag, BilagVersion, ProcedureBilag
from ..writes import (
    check_order,
    diff,
    ensure_agenda_editable,
    locked_bilag,
    locked_item,
    next_position,
    set_order,
    shifted,
    touch,
)
from . import tasks
from .active_content import strip_active_content
from .text import extract_pdf_text


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the size and content checks."""

    data: bytes
    kind: files.FileKind
    name: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Read an upload (never more than the limit) and decide by its content what it is."""
    limit = settings.DAP_BILAG_MAX_BYTES
    too_large = (
        f"Filen er for stor: {{size}}. Den største tilladte størrelse er {megabytes(limit)}."
    )
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_large.format(size=megabytes(upload.size)))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_large.format(size=megabytes(max(upload.size or 0, len(data)))))
    try:
        kind = files.check_file(data)
    except files.FileRefused as refused:
        raise ValidationError(refused.message) from None
    return CheckedFile(data=data, kind=kind, name=plain_name(upload.name or ""))


def plain_name(name: str) -> str:
    """A file name as the uploader gave it, without folders or control characters (a NUL
    cannot even be stored in PostgreSQL), at most 255 characters."""
    name = PurePath(name).name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(character for character in name if character.isprintable())[:255]


def removed_note(removed: list[str]) -> str:
    return f" Aktivt indhold fjernet: {', '.join(removed)}." if removed else ""


def title_from_filename(name: str) -> str:
    """`Kommissorium v0 97` for `Kommissorium_v0_97.pdf`."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(stem.replace("_", " ").split())[:300] or "Bilag"


def store_file(
    *,
    record: Bilag | ProcedureBilag,
    data: bytes,
    kind: files.FileKind,
    name: str,
    actor: Actor,
    uploaded_at=None,
) -> list[str]:
    """Make `data` the file of a bilag (of an item or a written procedure): stored, described,
    searchable. The caller saves the row.

    A PDF is stored without active content (scripts, launch actions, embedded files; see
    `active_content`); what was removed is returned, in Danish, for the audit trail.
    """
    removed: list[str] = []
    if kind == files.PDF:
        data, removed = strip_active_content(data)
    # The stored name's suffix follows the content, never the name the uploader gave it.
    record.file.save(f"bilag.{kind.extension}", ContentFile(data), save=False)
    record.original_filename = name[:255]
    record.content_type = kind.content_type
    record.size = len(data)
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.uploaded_at = uploaded_at or timezone.now()
    record.uploaded_by = user_of(actor)
    # The words inside a PDF, for search (bounded; Office files get theirs from the rendition).
    record.text = extract_pdf_text(data) if kind == files.PDF else ""
    return removed


def bilag_file_store(
    *,
    bilag: Bilag,
    data: bytes,
    kind: files.FileKind,
    name: str,
    actor: Actor,
    uploaded_at=None,
) -> list[str]:
    """`store_file` for an item's bilag, whose PDF rendition is made anew.

    The caller saves the row (inside its transaction); an Office file's PDF rendition is
    queued once that transaction commits.
    """
    replaced = bilag.pk is not None
    removed = store_file(
        record=bilag, data=data, kind=kind, name=name, actor=actor, uploaded_at=uploaded_at
    )
    bilag.pdf_rendition = ""
    bilag.rendition_error = ""
    if files.is_office(kind):
        # Office files get a PDF copy for previews and the meeting pack, made in the background
        # (the readers' annotations are placed on it then).
        transaction.on_commit(lambda: bilag.pk and tasks.convert_bilag_to_pdf.delay(bilag.pk))
    elif replaced:
        # A new file of a bilag readers may have marked: their marks follow the text.
        transaction.on_commit(lambda: tasks.reanchor_annotations.delay(bilag.pk))
    return removed


@transaction.atomic
def bilag_upload(
    *,
    item: AgendaItem,
    actor: Actor,
    upload: UploadedFile,
    title: str = "",
    confidential: bool = False,
) -> Bilag:
    """Attach a file to an item as its next bilag, after checking its size and content."""
    checked = check_upload(upload)
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    bilag = Bilag(
        item=item,
        position=next_position(item.bilag.all()),
        title=title.strip() or title_from_filename(checked.name),
        confidential=confidential,
    )
    removed = bilag_file_store(
        bilag=bilag, data=checked.data, kind=checked.kind, name=checked.name, actor=actor
    )
    bilag.full_clean()
    bilag.save()
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.BILAG_UPLOADED,
        summary=f"Bilag tilføjet til »{item.title}«: {bilag.title} ({checked.kind.label})"
        + removed_note(removed),
        target=bilag,
        item=item,
        changes={
            "title": [None, bilag.title],
            "file": [None, checked.name],
            "confidential": [None, bilag.confidential],
        },
    )
    return bilag


@transaction.atomic
def bilag_replace(*, bilag: Bilag, actor: Actor, upload: UploadedFile) -> Bilag:
    """Give a bilag a new file; the earlier file is kept as a version of it."""
    checked = check_upload(upload)
    bilag = locked_bilag(bilag)
    ensure_agenda_editable(bilag.item.meeting)
    old_name = bilag.original_filename
    if bilag.file:
        BilagVersion.objects.create(
            bilag=bilag,
            number=bilag.version,
            file=bilag.file.name,
            original_filename=bilag.original_filename,
            content_type=bilag.content_type,
            size=bilag.size,
            sha256=bilag.sha256,
            uploaded_at=bilag.uploaded_at,
            uploaded_by=bilag.uploaded_by,
        )
    old_version = bilag.version
    removed = bilag_file_store(
        bilag=bilag, data=checked.data, kind=checked.kind, name=checked.name, actor=actor
    )
    bilag.version = old_version + 1
    bilag.full_clean()
    bilag.save()
    touch(bilag.item.meeting_id)
    record_audit(
        meeting=bilag.item.meeting,
        actor=actor,
        action=AuditAction.BILAG_REPLACED,
        summary=f"Ny udgave af bilag i »{bilag.item.title}«: {bilag.title}" + removed_note(removed),
        target=bilag,
        item=bilag.item,
        changes={
            "title": [bilag.title, bilag.title],
            "file": [old_name, checked.name],
            "version": [old_version, bilag.version],
            "confidential": [bilag.confidential, bilag.confidential],
        },
    )
    return bilag


@transaction.atomic
def bilag_rename(*, bilag: Bilag, actor: Actor, title: str, confidential: bool) -> Bilag:
    """Change a bilag's title (and whether it is confidential)."""
    bilag = locked_bilag(bilag)
    ensure_agenda_editable(bilag.item.meeting)
    before = {"title": bilag.title, "confidential": bilag.confidential}
    bilag.title = title.strip()
    bilag.confidential = confidential
    changes = diff(before, {"title": bilag.title, "confidential": bilag.confidential})
    if not changes:
        return bilag
    bilag.full_clean()
    bilag.save(update_fields=["title", "confidential"])
    touch(bilag.item.meeting_id)
    record_audit(
        meeting=bilag.item.meeting,
        actor=actor,
        action=AuditAction.BILAG_RENAMED,
        summary=f"Bilag omdøbt i »{bilag.item.title}«: {before['title']} → {bilag.title}"
        if "title" in changes
        else f"Bilag ændret i »{bilag.item.title}«: {bilag.title}",
        target=bilag,
        item=bilag.item,
        changes={"title": [before["title"], bilag.title], **changes},
    )
    return bilag


@transaction.atomic
def bilag_delete(*, bilag: Bilag, actor: Actor) -> None:
    """Remove a bilag from its item (its files stay in storage, named in the history)."""
    bilag = locked_bilag(bilag)
    item = bilag.item
    ensure_agenda_editable(item.meeting)
    title, confidential, name = bilag.title, bilag.confidential, bilag.original_filename
    bilag.delete()
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.BILAG_DELETED,
        summary=f"Bilag slettet fra »{item.title}«: {title}",
        item=item,
        changes={
            "title": [title, None],
            "file": [name, None],
            "confidential": [confidential, None],
        },
    )


def _reorder_bilag(item: AgendaItem, actor: Actor, order: Sequence[int]) -> None:
    rows = list(item.bilag.order_by("position").values_list("pk", "title"))
    before = [pk for pk, _ in rows]
    check_order(before, order, "Bilagene")
    if list(order) == before:
        return
    set_order(Bilag.objects.filter(item=item), order)
    touch(item.meeting_id)
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.BILAG_MOVED,
        summary=f"Bilagenes rækkefølge ændret i »{item.title}«",
        target=item,
        item=item,
        changes={"order": [[dict(rows)[pk] for pk in before], [dict(rows)[pk] for pk in order]]},
    )


@transaction.atomic
def bilag_reorder(*, item: AgendaItem, actor: Actor, order: Sequence[int]) -> None:
    """Put an item's bilag in this order (all its bilag ids); their numbers follow."""
    item = locked_item(item)
    ensure_agenda_editable(item.meeting)
    _reorder_bilag(item, actor, order)


@transaction.atomic
def bilag_move(*, bilag: Bilag, actor: Actor, offset: int) -> None:
    """Move a bilag up (-1) or down (+1) within its item."""
    item = locked_item(bilag.item_id)
    ensure_agenda_editable(item.meeting)
    move = shifted(item.bilag.all(), bilag.pk, offset)
    if move is not None:
        _reorder_bilag(item, actor, move[0])


@transaction.atomic
def bilag_copy(*, bilag: Bilag, item: AgendaItem, actor: Actor) -> Bilag:
    """A copy of a bilag on another item, with a file of its own (searchable like an upload).

    A file of its own, so that replacing or deleting one copy leaves the other alone.
    """
    copy = Bilag(
        item=item,
        position=bilag.position,
        title=bilag.title,
        confidential=bilag.confidential,
        generated=bilag.generated,
    )
    if bilag.file:
        with bilag.file.open("rb") as handle:
            data = handle.read()
        kind = files.sniff_bytes(data)
        if kind is not None:
            bilag_file_store(
                bilag=copy,
                data=data,
                kind=kind,
                name=bilag.original_filename,
                actor=actor,
                uploaded_at=bilag.uploaded_at,
            )
            copy.uploaded_by = bilag.uploaded_by
        else:  # stored before content checks existed: copied as it is
            extension = bilag.file.name.rsplit(".", 1)[-1]
            copy.file.save(f"bilag.{extension}", ContentFile(data), save=False)
            copy.original_filename = bilag.original_filename
            copy.content_type = bilag.content_type
            copy.size = bilag.size
            copy.sha256 = bilag.sha256
    copy.full_clean()
    copy.save()
    return copy


# Files restored from a backup (named in settings.DAP_RESTORE_FILE_CHECK for `ops.backup`).
_CHECKED_ON_RESTORE = ("bilag/", "procedures/", "archive/originals/", "packs/", "cache/")


def restored_file_problem(name: str, handle: IO[bytes]) -> str:
    """Why a file in a backup may not be restored (Danish), or '' when it may.

    A backup is a file like any other that comes in: what members are served (bilag, their
    versions and renditions, procedure bilag, packs) passes the upload's check, and a PDF has
    no active content (its hash is in the backup's rows, so it is refused, not cleaned).
    Staged archive uploads (`archive/batches/`) are checked when they are imported.
    """
    if not name.startswith(_CHECKED_ON_RESTORE):
        return ""
    data = handle.read(settings.DAP_ARCHIVE_MAX_BYTES + 1)
    try:
        if name.startswith(("bilag/", "procedures/")):
            kind = files.check_file(data)
        else:
            kind = files.sniff_bytes(data)
            if kind in (files.DOCX, files.XLSX, files.PPTX):
                files.check_package(data, kind.label)
        if kind == files.PDF:
            files.check_pdf(data)
            _, removed = strip_active_content(data)
            if removed:
                return (
                    f"PDF-filen har aktivt indhold ({', '.join(removed)}), som portalen aldrig "
                    "gemmer."
                )
    except files.FileRefused as refused:
        return refused.message
    return ""
