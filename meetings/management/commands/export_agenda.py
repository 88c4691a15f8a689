"""Export a meeting's agenda in the interchange format (`dap-agenda/1`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.interchange.export import dumps_agenda, export_agenda, export_agenda_zip
from meetings.interchange.schema import InterchangeError
from meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Eksportér et mødes dagsorden i formatet dap-agenda/1: som JSON til stdout, eller til "
        "--output FIL (.json, eller .zip med agenda.json og bilagsfilerne)."
    )
    # CI runs the checks; a command need not run them every time it starts.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id", type=int)
        parser.add_argument(
            "--output",
            type=Path,
            help="Filen, der skrives (.json eller .zip). Uden: JSON til stdout.",
        )

    def handle(self, *args: object, **options: object) -> None:
        """Write the agenda as JSON to stdout, or as .json or .zip to the output file."""
        meeting = (
            Meeting.objects.select_related("committee").filter(pk=options["meeting_id"]).first()
        )
        if meeting is None:
            raise CommandError(f"Der findes intet møde med id {options['meeting_id']}.")
        output = options["output"]
        try:
            if output is None:
                self.stdout.write(dumps_agenda(export_agenda(meeting)), ending="")
                return
            output = Path(str(output))
            suffix = output.suffix.lower()
            if suffix == ".zip":
                content = export_agenda_zip(meeting)
            elif suffix == ".json":
                content = dumps_agenda(export_agenda(meeting)).encode("utf-8")
            else:
                raise CommandError(
                    f"Outputfilen skal ende på .json eller .zip, ikke »{output.name}«."
                )
        except InterchangeError as exc:
            raise CommandError(f"Fejl i {exc.path}: {exc.message}") from exc
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan ikke skrive {output}: {exc.strerror}.") from exc
        self.stdout.write(f"Eksporteret: møde {meeting.pk} til {output}")
