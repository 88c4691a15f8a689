"""Import an agenda in the interchange format (`dap-agenda/1`) as a new draft meeting."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dap_portal import danish
from meetings.interchange.schema import InterchangeError
from meetings.interchange.services import import_agenda_file
from meetings.models import Bilag


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


class Command(BaseCommand):
    help = (
        "Importér en dagsorden i formatet dap-agenda/1 (.json, eller .zip med agenda.json og "
        "bilagsfiler) som et nyt mødeudkast."
    )
    # CI runs the checks; a command need not run them every time it starts.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Filen, der importeres (.json eller .zip).")

    def handle(self, *args: object, **options: object) -> None:
        """Import the file and print the new meeting's id with a one-line summary."""
        path = Path(str(options["file"]))
        try:
            meeting = import_agenda_file(path)
        except InterchangeError as exc:
            # The user gets the path and what to fix, never a stack trace.
            raise CommandError(f"Fejl i {exc.path or path.name}: {exc.message}") from exc
        items = meeting.items.count()
        bilag = Bilag.objects.filter(item__meeting=meeting).count()
        self.stdout.write(
            f'Importeret: møde {meeting.pk} "{meeting.title}" '
            f"{danish.date_with_weekday(meeting.date)}, "
            f"{_count(items, 'punkt', 'punkter')}, {_count(bilag, 'bilag', 'bilag')}"
        )
