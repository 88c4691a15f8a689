"""Write a meeting's agenda, minutes or meeting pack as PDF: the same file the web page offers."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings import access
from meetings.access import Viewer
from meetings.documents.render import DocumentKind, render_document
from meetings.models import Meeting, Role


class Command(BaseCommand):
    help = "Skriv dagsorden, referat eller mødepakke for et møde som PDF."
    # CI runs the checks; a command that renders one PDF need not run them every time.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id", type=int)
        parser.add_argument(
            "--kind",
            choices=[*(kind.value for kind in DocumentKind), "pack"],
            default="dagsorden",
            help="dagsorden, referat eller pack (dagsorden med bilag).",
        )
        parser.add_argument("--output", required=True, help="Filen, PDF'en skrives til.")
        parser.add_argument(
            "--as",
            dest="username",
            help="Dan den udgave, denne bruger må se (uden: sekretariatets fulde udgave).",
        )
        parser.add_argument(
            "--no-cache", action="store_true", help="Dan PDF'en på ny uden at bruge cachen."
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            meeting = Meeting.objects.select_related("committee").get(pk=options["meeting_id"])
        except Meeting.DoesNotExist as exc:
            raise CommandError(f"Der findes intet møde med id {options['meeting_id']}.") from exc
        username = options["username"]
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Der findes ingen bruger med brugernavnet {username!r}.")
            if not access.visible_meetings(user).filter(pk=meeting.pk).exists():
                raise CommandError(f"{username} må ikke se dette møde.")
            viewer = Viewer.of(user, meeting)
        else:
            viewer = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)
        output = Path(str(options["output"]))
        if options["kind"] == "pack":
            from meetings.documents.pack import build_pack  # pypdf only for a pack

            # A pack is always built afresh here; the web page keeps finished ones.
            content = build_pack(meeting, viewer).content
            source = "dannet"
        else:
            rendered = render_document(
                meeting,
                viewer,
                DocumentKind(options["kind"]),
                use_cache=not options["no_cache"],
            )
            content = rendered.content
            source = "fra cachen" if rendered.from_cache else "dannet"
        output.write_bytes(content)
        size = f"{len(content):,}".replace(",", ".")
        self.stdout.write(f"{output} ({size} bytes, {source})")
