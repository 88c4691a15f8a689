"""Import years of past agendas and minutes (.docx, .pdf; .doc/.odt via LibreOffice)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.archive.services import (
    ArchiveError,
    State,
    archive_import_file,
    expand_upload,
    preview_file,
    readable,
)
from meetings.models import Committee


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and readable(p.name))
        else:
            found.append(path)
    return found


class Command(BaseCommand):
    help = (
        "Importér gamle dagsordener og referater (.docx, .pdf, .zip; .doc og .odt gennem "
        "LibreOffice) som afholdte møder. Samme fil to gange ændrer intet."
    )
    # CI runs the checks; a command need not run them every time it starts.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="Filer eller mapper.")
        parser.add_argument(
            "--committee", help="Styregruppens korte navn (fx DAP); ellers ud fra titlen."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis kun, hvad der ville blive importeret."
        )
        parser.add_argument("--as", dest="username", help="Bruger, der står som importør.")

    def handle(self, *args: object, **options: object) -> None:
        committee = None
        if options["committee"]:
            committee = Committee.objects.filter(short_name=options["committee"]).first()
            if committee is None:
                raise CommandError(f"Ingen styregruppe med det korte navn {options['committee']}.")
        actor = None
        if options["username"]:
            actor = get_user_model().objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(f"Ingen bruger ved navn {options['username']}.")
        counts = {state: 0 for state in (State.IMPORTED, State.UNCHANGED, State.SKIPPED)}
        counts[State.REFUSED] = 0
        counts[State.READY] = 0
        for path in _files([Path(str(p)) for p in options["paths"]]):
            try:
                uploads = expand_upload(path.name, path.read_bytes())
            except OSError as exc:
                self._line(path.name, State.REFUSED, f"Filen kan ikke læses: {exc.strerror}.")
                counts[State.REFUSED] += 1
                continue
            except ArchiveError as exc:
                self._line(path.name, State.REFUSED, str(exc))
                counts[State.REFUSED] += 1
                continue
            for upload in uploads:
                name = upload.name if upload.name == path.name else f"{path.name}:{upload.name}"
                state = self._one(name, upload, committee, actor, dry_run=options["dry_run"])
                counts[state] += 1
        self.stdout.write(
            "I alt: " + ", ".join(f"{number} {state}" for state, number in counts.items() if number)
        )
        if counts[State.REFUSED]:
            raise CommandError(f"{counts[State.REFUSED]} fil(er) afvist; se ovenfor.")

    def _line(self, name: str, state: str, message: str) -> None:
        stream = self.stderr if state == State.REFUSED else self.stdout
        stream.write(f"{name}: {state}. {message}".rstrip())

    def _one(self, name, upload, committee, actor, *, dry_run: bool) -> str:
        if upload.refused:
            self._line(name, State.REFUSED, upload.refused)
            return State.REFUSED
        if not readable(upload.name):
            self._line(name, State.SKIPPED, "Kun .docx, .pdf, .doc og .odt læses.")
            return State.SKIPPED
        preview = preview_file(content=upload.content, name=upload.name, committee=committee)
        if dry_run or preview.state != State.READY:
            self._line(name, preview.state, preview.message or preview.target)
            for note in preview.notes:
                self.stdout.write(f"  {note.level}: {note.text}")
            return preview.state
        try:
            outcome = archive_import_file(
                content=upload.content, name=upload.name, actor=actor, committee=committee
            )
        except ArchiveError as exc:
            self._line(name, State.REFUSED, str(exc))
            return State.REFUSED
        meeting = outcome.meeting
        self._line(name, outcome.state, f"Møde {meeting.pk}: {outcome.message}.")
        for note in preview.notes:
            self.stdout.write(f"  {note.level}: {note.text}")
        return outcome.state
