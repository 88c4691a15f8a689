"""manage.py load_demo: the steering group's agenda of 6 October 2025, a coming meeting and
four demo users with the password `demo`. Runs only with DEBUG on; running it again changes
nothing."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dap_portal import danish
from meetings.access import Viewer
from meetings.editor.services import meeting_publish
from meetings.interchange.services import import_agenda_file
from meetings.management import demo, demo_between, demo_portfolio
from meetings.models import MeetingStatus, Role


class Command(BaseCommand):
    help = (
        "Indlæser demodata til den lokale demo: dagsordenen fra 6. oktober 2025, et kommende "
        "møde og fire demobrugere med adgangskoden 'demo'. Kun med DEBUG slået til."
    )
    # CI runs the checks; a command need not run them every time it starts.
    requires_system_checks = []

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo kører kun med DEBUG slået til (DJANGO_DEBUG=true): demobrugernes "
                "adgangskoder må aldrig havne i en produktionsdatabase."
            )
        with transaction.atomic():
            done = self._load()
        if done:
            for line in done:
                self.stdout.write(f"  {line}")
            self.stdout.write(self.style.SUCCESS("Demodata er indlæst."))
        else:
            self.stdout.write("Demodata findes allerede; intet er ændret.")
        self._print_access()

    def _load(self) -> list[str]:
        done: list[str] = []

        meeting = demo.seed_meeting()
        if meeting is None:
            meeting = import_agenda_file(demo.SEED_FIXTURE)
            done.append(
                f"Importerede {meeting.title} "
                f"{danish.date_with_weekday(meeting.date)} fra {demo.SEED_FIXTURE.name}."
            )
        committee = meeting.committee

        secretary = None
        users: dict[Role, object] = {}
        for demo_user, user, created in demo.ensure_users(committee):
            users[demo_user.role] = user
            if demo_user.role == Role.SECRETARIAT:
                secretary = user
            if created:
                done.append(
                    f"Oprettede brugeren {demo_user.username} "
                    f"({demo_user.first_name} {demo_user.last_name}, "
                    f"{demo_user.role.label.lower()} i {committee.short_name})."
                )

        lines = demo.bilag_needing_placeholder(
            meeting, Viewer(user=secretary, role=Role.SECRETARIAT)
        )
        for line in lines:
            demo.attach_placeholder(
                line.bilag, number=line.number, meeting=meeting, uploaded_by=secretary
            )
        if lines:
            numbers = ", ".join(line.number for line in lines)
            done.append(f"Dannede demo-PDF'er for bilag {numbers}.")

        # Before publication, so the monitoring bilag is frozen with them.
        reported = demo_portfolio.ensure_project_status(secretary)
        if reported:
            done.append(f"Gav {len(reported)} projekter fase og statusrapporter.")

        refreeze = bool(reported) and meeting.status != MeetingStatus.DRAFT
        if meeting.status == MeetingStatus.DRAFT:
            meeting_publish(meeting=meeting, actor=secretary)
            done.append(f"Udsendte dagsordenen til mødet {danish.date_long(meeting.date)}.")
        if demo_portfolio.date_publication(meeting, refreeze=refreeze):
            done.append(
                "Daterede udsendelsen og tallene i dagsordenen til "
                f"{danish.moment(demo_portfolio.SEED_PUBLISHED_AT)}."
            )

        today = timezone.localdate()
        if demo.upcoming_meeting(committee, today) is None:
            upcoming = demo.create_upcoming_meeting(committee, today)
            done.append(
                f"Oprettede et kommende møde (kladde) "
                f"{danish.date_with_weekday(upcoming.date)} "
                f"{danish.clock_span(upcoming.start_time, upcoming.end_time)}."
            )
        upcoming = demo.upcoming_meeting(committee, today)
        closed = demo_portfolio.ensure_closed_item(upcoming)
        if closed is not None:
            bilag = closed.bilag.get()
            demo.attach_placeholder(
                bilag, number=f"{closed.position}.1", meeting=upcoming, uploaded_by=secretary
            )
            done.append(
                "Tilføjede et lukket punkt med et lukket bilag til mødet "
                f"{danish.date_long(upcoming.date)}."
            )
        # After the seed meeting: the coming agenda's Meddelelser tells the concluded one.
        done += demo_between.ensure_between(
            committee, secretary, users[Role.CHAIR], users[Role.MEMBER]
        )
        return done

    def _print_access(self) -> None:
        self.stdout.write(f"\nPortalen: {settings.DAP_BASE_URL}/")
        self.stdout.write(f"Demobrugere (adgangskode: {demo.DEMO_PASSWORD}):")
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.username:<12} {user.role.label}")
        if not settings.DAP_REQUIRE_SECOND_FACTOR:
            self.stdout.write("Totrinsbekræftelse kræves ikke i demoen (DEBUG er slået til).")
