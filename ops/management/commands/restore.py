"""manage.py restore FILE.tar: into an empty, migrated database and an empty storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Gendan en backup (fra manage.py backup) i en tom, migreret database og et tomt "
        "fillager. Kør migrate først."
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tar-filen fra manage.py backup.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            manifest = restore_backup(Path(str(options["file"])))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Gendannet fra backup taget {manifest.created}: {manifest.rows} rækker, "
            f"{len(manifest.files)} filer."
        )
