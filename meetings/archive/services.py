"""The archive import: read a file, show what was found, and save it as a held meeting.

One engine behind `manage.py import_archive` and the secretariat's page: `preview_file` reads
and judges a file without writing anything; `archive_import_file` saves it through the
interchange import and the usual meeting services (publish, held, decisions, approval), each
with its audit entry, and keeps the original as the secretariat's copy. A file's SHA-256 makes
a second import of the same file change nothing.
"""

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dap_portal import danish

from .. import access, files
from ..access import AnyUser
from ..actions.services import action_create
from ..audit import Actor, AuditAction, record_audit
from ..editor.services import meeting_publish
from ..interchange.archive import zip_name_problem
from ..interchange.schema import InterchangeError
from ..interchange.services import import_agenda
from ..minutes.services import decision_record, meeting_mark_held, minutes_approve
from ..models import (
    MAX_ITEMS_PER_MEETING,
    AgendaItem,
    ArchiveImport,
    ArchiveKind,
    Attendance,
    AttendanceStatus,
    Committee,
    Meeting,
    MeetingStatus,
    ResponsibleKind,
    too_many_items,
)
from ..sanitize import html_to_text
from ..writes import touch
from .blocks import ReadError
from .layout import Note, Reading
from .read import (
    CONVERTED,
    READABLE,
    SkippedError,
    check_size,
    megabytes,
    original_to_keep,
    read_archive_file,
)

# A zip of a few years of agendas; more entries than this is not an archive upload.
MAX_ZIP_ENTRIES = 1000


class ArchiveError(Exception):
    """A file refused; the message (Danish) says why. Nothing was saved."""


class State:
    READY = "klar"
    REFUSED = "afvist"
    SKIPPED = "sprunget over"
    UNCHANGED = "uændret"
    IMPORTED = "importeret"


@dataclass
class Preview:
    """What one file holds and what saving it would do; nothing is written to make it."""

    name: str
    state: str
    message: str = ""
    reading: Reading | None = None
    sha256: str = ""
    target: str = ""  # "Nyt møde" or which meeting the minutes are attached to
    meeting_id: int | None = None
    notes: list[Note] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        reading = self.reading
        return {
            "name": self.name,
            "state": self.state,
            "message": self.message,
            "sha256": self.sha256,
            "target": self.target,
            "meeting_id": self.meeting_id,
            "notes": [note.as_dict() for note in self.notes],
            "summary": summary(reading) if reading is not None else None,
        }


def summary(reading: Reading) -> dict[str, Any]:
    """What the preview page lists of a reading: meeting, items, sections, bilag, decisions."""
    document = reading.document
    meeting = document["meeting"]
    day = reading.date
    items = []
    for number, item in enumerate(document["items"], start=1):
        items.append(
            {
                "number": number,
                "title": item["title"],
                "kind": item.get("kind") or "",
                "minutes": item["duration_minutes"],
                "presenters": [
                    f"{p['name']} ({p['organisation']})" if p.get("organisation") else p["name"]
                    for p in item.get("presenters", [])
                ],
                "bilag": [
                    f"Bilag {number}.{position} {a['title']}"
                    for position, a in enumerate(item.get("attachments", []), start=1)
                ],
                "sections": [
                    " – ".join(
                        filter(None, (s.get("part", ""), s["heading"] or "(uden overskrift)"))
                    )
                    for s in item["sections"]
                ],
                "decision": html_to_text(reading.decisions.get(number, ""))[:300],
            }
        )
    start, end = _time(meeting.get("start_time")), _time(meeting.get("end_time"))
    span = f", {danish.clock_span(start, end)}" if start else ""
    labels = {"present": "Deltager", "absent": "Afbud", "guest": "Gæst"}
    return {
        "kind": reading.kind,
        "kind_label": ArchiveKind(reading.kind).label,
        "committee": document["committee"]["name"],
        "title": meeting["title"],
        "date": meeting["date"],
        "when": danish.date_with_weekday(day, capitalize=True) + span,
        "location": meeting.get("location", ""),
        "items": items,
        "attendance": [
            f"{p['name']} ("
            + ", ".join(filter(None, (labels.get(p["status"], p["status"]), p.get("group"))))
            + ")"
            for p in reading.attendance
        ],
        "actions": [
            f"Punkt {a['item']}: {a['what']}"
            for a in reading.actions  # follow-up read from "Opfølgning"
        ],
    }


def _time(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _committee_for(reading: Reading, committee: Committee | None) -> Committee | None:
    """The chosen committee, else the one the title names (by name, or by the short name the
    interchange import would use), else None (a new one)."""
    if committee is not None:
        return committee
    named = reading.document["committee"]
    return (
        Committee.objects.filter(name__iexact=named["name"]).first()
        or Committee.objects.filter(short_name=named.get("short_name") or "").first()
    )


def _not_run_by(user: AnyUser | None, committee: Committee | None) -> str:
    """Why the user may not write into the committee ('' if they may): only its secretariat
    imports into an existing committee. `user` None is the operator on the command line."""
    if user is None or committee is None or access.runs_committee(user, committee):
        return ""
    return (
        f"Filen er fra »{committee.name}«, som du ikke er sekretariat for; den er ikke "
        "importeret. Bed styregruppens sekretariat om at importere den."
    )


def _use_committee(reading: Reading, committee: Committee | None) -> None:
    if committee is not None:
        reading.document["committee"] = {
            "name": committee.name,
            "short_name": committee.short_name,
            **({"secretariat": committee.secretariat} if committee.secretariat else {}),
        }


def _same_day(committee: Committee | None, day: dt.date) -> Meeting | None:
    if committee is None:
        return None
    return (
        Meeting.objects.filter(committee=committee, date=day)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("pk")
        .first()
    )


def _meeting_words(meeting: Meeting) -> str:
    return f"mødet {danish.date_with_weekday(meeting.date)} ({meeting.get_status_display()})"


def _judge(reading: Reading, committee: Committee | None) -> tuple[str, Meeting | None]:
    """What saving would do: a new meeting, or the meeting the minutes belong to; or refuse."""
    existing = _same_day(committee, reading.date)
    if reading.kind == ArchiveKind.AGENDA:
        if existing is not None:
            raise ArchiveError(
                f"{committee.name} har allerede et møde {danish.date_with_weekday(reading.date)}; "
                "dagsordenen er ikke importeret igen. Slet eller aflys det møde først, hvis "
                "filen skal erstatte det."
            )
        return "Nyt møde (afholdt)", None
    if existing is None:
        return "Nyt møde ud fra referatet (referat godkendt)", None
    if existing.status == MeetingStatus.MINUTES_APPROVED:
        raise ArchiveError(
            f"Referatet af {_meeting_words(existing)} er allerede godkendt; filen er ikke "
            "importeret. Genåbn referatet, hvis det skal erstattes."
        )
    return f"Beslutninger og fremmøde tilknyttes {_meeting_words(existing)}", existing


def preview_file(
    *,
    content: bytes,
    name: str,
    committee: Committee | None = None,
    user: AnyUser | None = None,
) -> Preview:
    """Read one file and say what saving it would do; writes nothing.

    `user` is whom the import is for: only the committees they run are written to, and the
    preview tells nothing of other committees' meetings. None on the command line.
    """
    digest = _sha256(content)
    done = ArchiveImport.objects.filter(sha256=digest).select_related("meeting").first()
    if (
        done is not None
        and user is not None
        and not access.runs_committee(user, done.meeting.committee_id)
    ):
        # Imported into a committee the user does not run: say nothing about its meeting.
        return Preview(
            name=name,
            state=State.UNCHANGED,
            sha256=digest,
            message="Filen er allerede importeret; intet ændres.",
        )
    if done is not None:
        return Preview(
            name=name,
            state=State.UNCHANGED,
            sha256=digest,
            meeting_id=done.meeting_id,
            message=f"Filen er allerede importeret ({_meeting_words(done.meeting)}); intet ændres.",
        )
    try:
        reading = read_archive_file(content, name)
    except SkippedError as exc:
        return Preview(name=name, state=State.SKIPPED, message=str(exc), sha256=digest)
    except ReadError as exc:
        return Preview(name=name, state=State.REFUSED, message=str(exc), sha256=digest)
    if len(reading.document["items"]) > MAX_ITEMS_PER_MEETING:
        message = too_many_items(len(reading.document["items"]))
        return Preview(name=name, state=State.REFUSED, message=message, sha256=digest)
    target_committee = _committee_for(reading, committee)
    refused = _not_run_by(user, target_committee)
    if refused:
        return Preview(name=name, state=State.REFUSED, message=refused, sha256=digest)
    _use_committee(reading, target_committee)
    try:
        target, meeting = _judge(reading, target_committee)
    except ArchiveError as exc:
        return Preview(
            name=name, state=State.REFUSED, message=str(exc), sha256=digest, reading=reading
        )
    notes = list(reading.notes)
    missing = [
        f"Bilag {number}.{position} {attachment['title']}"
        for number, item in enumerate(reading.document["items"], start=1)
        for position, attachment in enumerate(item.get("attachments", []), start=1)
    ]
    if missing and reading.kind == ArchiveKind.AGENDA:
        notes.append(
            Note(
                "se efter",
                f"{len(missing)} bilag er nævnt, men ikke med i filen; de vises som manglende "
                "på mødesiden: " + "; ".join(missing) + ".",
            )
        )
    return Preview(
        name=name,
        state=State.READY,
        reading=reading,
        sha256=digest,
        target=target,
        meeting_id=meeting.pk if meeting else None,
        notes=notes,
    )


def _record_attendance(meeting: Meeting, people: list[dict[str, str]], actor: Actor) -> None:
    """The minutes' Deltagere/Afbud as attendance rows (names as written, no user accounts)."""
    members = {
        (membership.user.get_full_name() or membership.user.get_username()).lower(): membership
        for membership in meeting.committee.memberships.select_related("user")
    }
    known = {row.name.lower() for row in meeting.attendance.all()}
    added = []
    for person in people:
        if person["name"].lower() in known:
            continue
        membership = members.get(person["name"].lower())
        row = Attendance(
            meeting=meeting,
            user=membership.user if membership else None,
            name=person["name"][:200],
            organisation=person.get("organisation", "")[:200],
            status=(
                AttendanceStatus.ABSENT
                if person["status"] == "absent"
                else AttendanceStatus.PRESENT
            ),
            guest=person["status"] == "guest",
            group=person.get("group", "")[:200],
        )
        row.full_clean()
        row.save()
        added.append(f"{row.name} ({row.get_status_display()})")
    if added:
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.ATTENDANCE_RECORDED,
            summary="Fremmøde fra arkivets referat: " + ", ".join(added),
            target=meeting,
            changes={"archive_attendance": added},
        )


def _to_held(meeting: Meeting, actor: Actor) -> Meeting:
    if meeting.status == MeetingStatus.DRAFT:
        meeting = meeting_publish(meeting=meeting, actor=actor)
    if meeting.status == MeetingStatus.PUBLISHED:
        meeting = meeting_mark_held(meeting=meeting, actor=actor)
    return meeting


def _attach_minutes(meeting: Meeting, reading: Reading, actor: Actor) -> list[Note]:
    notes: list[Note] = []
    items = {item.position: item for item in AgendaItem.objects.filter(meeting=meeting)}
    numbers = sorted(items)
    for number, decision in sorted(reading.decisions.items()):
        if number > len(numbers):
            notes.append(
                Note("se efter", f"Referatets punkt {number} findes ikke på mødet; udeladt.")
            )
            continue
        item = items[numbers[number - 1]]
        written = reading.document["items"][number - 1]["title"]
        if written.lower() != item.title.lower():
            notes.append(
                Note(
                    "se efter",
                    f"Punkt {number}: referatet kalder punktet »{written}«, mødet »{item.title}«; "
                    "beslutningen er sat på mødets punkt.",
                )
            )
        if html_to_text(decision).strip().rstrip(".") == "Ingen beslutning registreret":
            continue
        decision_record(item=item, actor=actor, outcome="", html=decision)
    _record_attendance(meeting, reading.attendance, actor)
    notes += _record_actions(items, numbers, reading, actor)
    return notes


def _record_actions(
    items: dict[int, AgendaItem], numbers: list[int], reading: Reading, actor: Actor
) -> list[Note]:
    """The referat's follow-up that names who and when, as follow-up actions. They are
    history: saved as closed, so no reminder is sent for a deadline years ago."""
    notes: list[Note] = []
    for action in reading.actions:
        number = action["item"]
        if number > len(numbers):
            continue
        item = AgendaItem.objects.get(pk=items[numbers[number - 1]].pk)
        secretariat = action["who"].lower().startswith("sekretariat")
        try:
            action_create(
                actor=actor,
                item=item,
                what=action["what"],
                responsible_kind=(
                    ResponsibleKind.SECRETARIAT if secretariat else ResponsibleKind.ORGANISATION
                ),
                responsible_organisation="" if secretariat else action["who"],
                due_date=(
                    dt.date.fromisoformat(action["due_date"]) if action["due_date"] else None
                ),
                until_next_meeting=action["until_next_meeting"],
                closed_at=timezone.now(),
                close_note="Fra arkivets referat",
            )
        except ValidationError as exc:
            notes.append(
                Note(
                    "se efter",
                    f"Punkt {number}: opfølgningen »{action['what'][:120]}« er ikke oprettet: "
                    + " ".join(exc.messages),
                )
            )
    return notes


@dataclass
class Outcome:
    name: str
    state: str
    message: str
    meeting: Meeting | None = None


@transaction.atomic
def archive_import_file(
    *,
    content: bytes,
    name: str,
    actor: Actor,
    committee: Committee | None = None,
    user: AnyUser | None = None,
) -> Outcome:
    """Save one archive file as a held meeting (or attach minutes); all or nothing.

    `user` as for `preview_file` (the page's and the task's import: the user who uploaded).
    Raises ArchiveError (Danish) for a file that cannot be read or saved; the database and
    storage are then unchanged.
    """
    preview = preview_file(content=content, name=name, committee=committee, user=user)
    if preview.state == State.UNCHANGED:
        meeting = (
            Meeting.objects.filter(pk=preview.meeting_id).first() if preview.meeting_id else None
        )
        return Outcome(name, State.UNCHANGED, preview.message, meeting)
    if preview.state != State.READY or preview.reading is None:
        raise ArchiveError(preview.message)
    reading = preview.reading
    notes = list(preview.notes)
    try:
        if preview.meeting_id is not None:
            meeting = Meeting.objects.get(pk=preview.meeting_id)
        else:
            meeting = import_agenda(reading.document, actor=actor, history=True)
        meeting = _to_held(meeting, actor)
        if reading.kind == ArchiveKind.MINUTES:
            notes += _attach_minutes(meeting, reading, actor)
            meeting = minutes_approve(meeting=meeting, actor=actor)
    except InterchangeError as exc:
        raise ArchiveError(f"Dagsordenen kunne ikke gemmes: {exc.message}") from exc
    except ValidationError as exc:
        raise ArchiveError("Dagsordenen kunne ikke gemmes: " + " ".join(exc.messages)) from exc
    kind = files.sniff_bytes(content)
    record = ArchiveImport(
        meeting=meeting,
        kind=reading.kind,
        sha256=preview.sha256,
        original_filename=PurePosixPath(name).name[:255],
        content_type=kind.content_type if kind else "application/octet-stream",
        size=len(content),
        notes=[note.as_dict() for note in notes],
        imported_by=actor if actor is not None and actor.is_authenticated else None,
    )
    keep = ContentFile(original_to_keep(content))  # a PDF without its active content
    record.original.save(PurePosixPath(name).name, keep, save=False)
    stored = record.original.name
    try:
        record.full_clean(exclude=["original"])
        record.save()
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.ARCHIVE_IMPORTED,
            summary=f"{ArchiveKind(reading.kind).label} importeret fra arkivet: {name}"[:500],
            target=record,
            changes={"file": PurePosixPath(name).name, "sha256": preview.sha256},
        )
        # The meeting page shows the originals and missing bilag: a new cached version.
        touch(meeting)
    except BaseException:
        record.original.storage.delete(stored)
        raise
    return Outcome(name, State.IMPORTED, preview.target, meeting)


# --- Uploads: several files, folders and zips ------------------------------------------------


def _zip_members(content: bytes, name: str) -> Iterator[tuple[str, bytes | None]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, OSError):
        raise ArchiveError(f"{name}: filen er ikke en gyldig zip-fil.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ArchiveError(
                f"{name}: zip-filen har {len(infos)} filer; højst {MAX_ZIP_ENTRIES} er tilladt."
            )
        # Every name is checked before anything is read: one bad path refuses the whole zip.
        for info in infos:
            problem = zip_name_problem(info.filename)
            if problem:
                raise ArchiveError(
                    f"{name}: filnavnet »{info.filename}« i zip-filen {problem}. Zip-filen er "
                    "afvist, og intet er gemt."
                )
        for info in infos:
            if info.is_dir() or PurePosixPath(info.filename).name.startswith((".", "~$")):
                continue
            if info.file_size > settings.DAP_BILAG_MAX_BYTES:
                yield info.filename, None  # refused for its size, never read
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(settings.DAP_BILAG_MAX_BYTES + 1)
            except RuntimeError:
                raise ArchiveError(
                    f"{name}: »{info.filename}« er krypteret i zip-filen. Lav zip-filen uden "
                    "adgangskode."
                ) from None
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError):
                raise ArchiveError(f"{name}: zip-filen er beskadiget.") from None
            yield info.filename, data


@dataclass
class Upload:
    """One file to consider: its name (inside a zip: the path there) and bytes."""

    name: str
    content: bytes
    refused: str = ""  # set when the file is refused before reading (too large)


def expand_upload(name: str, content: bytes) -> list[Upload]:
    """A file, or the files of a zip; ArchiveError for a zip that is refused as a whole."""
    limit = settings.DAP_ARCHIVE_MAX_BYTES
    if len(content) > limit:
        raise ArchiveError(
            f"{name}: filen fylder {megabytes(len(content))}; højst {megabytes(limit)} kan "
            "uploades ad gangen. Del arkivet op i flere zip-filer."
        )
    if PurePosixPath(name).suffix.lower() != ".zip":
        return [_upload(name, content)]
    return [_upload(member, data) for member, data in _zip_members(content, name)]


def _upload(name: str, content: bytes | None) -> Upload:
    try:
        check_size(name, len(content) if content is not None else settings.DAP_BILAG_MAX_BYTES + 1)
    except ReadError as exc:
        return Upload(name, b"", refused=str(exc))
    return Upload(name, content)


def readable(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in (*READABLE, *CONVERTED, ".zip")
