"""manage.py backup --output FILE.tar: the database and every file, in one tar file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Tag en backup af databasen og alle filer (bilag, PDF'er, mødepakker) til én tar-fil."
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="Tar-filen, der skrives.")
        parser.add_argument(
            "--include-cache",
            action="store_true",
            help="Tag også de cachede PDF'er med (de dannes ellers igen ved behov).",
        )

    def handle(self, *args: object, **options: object) -> None:
        output = Path(str(options["output"]))
        if output.exists():
            raise CommandError(f"{output} findes allerede; vælg et nyt filnavn.")
        try:
            manifest = write_backup(output, include_cache=bool(options["include_cache"]))
        except BackupError as exc:
            output.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        size = sum(int(entry["size"]) for entry in manifest.files.values())
        self.stdout.write(
            f"Backup skrevet til {output}: {manifest.rows} rækker, "
            f"{len(manifest.files)} filer ({size / 1_000_000:.1f} MB)."
        )
