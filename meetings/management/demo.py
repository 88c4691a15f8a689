"""Demo data for the embedded demo (`manage.py load_demo`): seed agenda, stand-in PDFs, users.

Never for production: the demo users share one known password. The command refuses to run
unless DEBUG is on.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import format_html

from accounts.services import address_vouch_for
from dap_portal import danish

from ..access import Viewer
from ..agenda import BilagLine, agenda_for
from ..between import attach_waiting_actions
from ..documents.render import html_to_pdf
from ..models import (
    AgendaItem,
    Bilag,
    Committee,
    Meeting,
    MeetingStatus,
    Membership,
    Role,
    StandingItem,
)
from ..reminders.services import schedule_for_meeting

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "dap-2025-10-06.json"
SEED_COMMITTEE = "DAP"
SEED_DATE = dt.date(2025, 10, 6)
DEMO_PASSWORD = "demo"  # noqa: S105  (the demo's published password, never a real one)

UPCOMING_START = dt.time(13, 0)
UPCOMING_END = dt.time(15, 0)
UPCOMING_LOCATION = "Slotsholmsgade 12, mødesal B (fælles)"
UPCOMING_DAYS_AHEAD = 21


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role

    @property
    def email(self) -> str:
        return f"{self.username}@dap.example"


DEMO_USERS = (
    DemoUser("sekretariat", "Sofie", "Lindberg", Role.SECRETARIAT),
    DemoUser("formand", "Henrik", "Østergaard", Role.CHAIR),
    DemoUser("medlem", "Mette", "Kjærgaard", Role.MEMBER),
    DemoUser("observator", "Jonas", "Bech", Role.OBSERVER),
)


def seed_meeting() -> Meeting | None:
    """The meeting of 6 October 2025 imported from the fixture, if it is there."""
    return (
        Meeting.objects.select_related("committee")
        .filter(committee__short_name=SEED_COMMITTEE, date=SEED_DATE)
        .first()
    )


def ensure_users(committee: Committee) -> list[tuple[DemoUser, AbstractBaseUser, bool]]:
    """The four demo users with their roles in the committee; True where a user was created."""
    user_model = get_user_model()
    result = []
    for demo in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": demo.email,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        address_vouch_for(user=user)
        Membership.objects.get_or_create(
            committee=committee, user=user, defaults={"role": demo.role}
        )
        result.append((demo, user, created))
    return result


def bilag_needing_placeholder(meeting: Meeting, viewer: Viewer) -> list[BilagLine]:
    """Bilag that should have a file but have none (generated bilag are built by the portal).

    Taken from the computed agenda, so the stand-in PDF carries the number the agenda shows.
    """
    agenda = agenda_for(meeting, viewer)
    return [
        line
        for agenda_line in agenda.lines
        for line in agenda_line.bilag
        if not line.bilag.file and not line.bilag.generated
    ]


def placeholder_pdf(*, number: str, title: str, meeting: Meeting) -> bytes:
    """A one-page PDF standing in for a bilag whose original is not public."""
    html = format_html(
        """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Bilag {number}</title>
<link rel="stylesheet" href="css/print-fonts.css">
<style>
  @page {{ size: A4; margin: 25mm 22mm; }}
  body {{ font-family: "IBM Plex Sans"; font-size: 11pt;
          line-height: 1.45; color: #1a1a1a; }}
  .label {{ font-size: 11pt; font-weight: bold; color: #555; }}
  h1 {{ font-size: 20pt; margin: 4mm 0 10mm; }}
  .box {{ border: 1.5pt solid #b3261e; padding: 6mm 7mm; }}
  .meeting {{ margin-top: 12mm; color: #555; font-size: 10pt; }}
</style></head>
<body>
  <p class="label">Bilag {number}</p>
  <h1>{title}</h1>
  <div class="box">
    <p><strong>Demoindhold.</strong> Dette dokument står i stedet for det oprindelige bilag
    {number}, som ikke er offentligt.</p>
    <p>Det er dannet af DAP-portalens demodata, så bilagslisten, downloads og mødepakken
    kan afprøves. Indholdet er ikke styregruppens.</p>
  </div>
  <p class="meeting">{meeting_title}, {meeting_date}</p>
</body></html>""",
        number=number,
        title=title,
        meeting_title=meeting.title,
        meeting_date=danish.date_with_weekday(meeting.date),
    )
    # The portal's fonts and safe fetcher, tagged PDF/UA-1 as the agenda itself.
    return html_to_pdf(str(html))


def attach_placeholder(
    bilag: Bilag, *, number: str, meeting: Meeting, uploaded_by: AbstractBaseUser | None
) -> Bilag:
    """Give a bilag without a file the stand-in PDF."""
    data = placeholder_pdf(number=number, title=bilag.title, meeting=meeting)
    bilag.file.save("demo.pdf", ContentFile(data), save=False)
    bilag.original_filename = f"Bilag {number} {bilag.title}.pdf".replace("/", "-")
    bilag.content_type = "application/pdf"
    bilag.size = len(data)
    bilag.sha256 = hashlib.sha256(data).hexdigest()
    bilag.uploaded_at = timezone.now()
    bilag.uploaded_by = uploaded_by
    bilag.save()
    return bilag


def upcoming_date(today: dt.date) -> dt.date:
    """About three weeks ahead, moved forward to a weekday."""
    day = today + dt.timedelta(days=UPCOMING_DAYS_AHEAD)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def upcoming_meeting(committee: Committee, today: dt.date) -> Meeting | None:
    """A meeting of the committee from today on, other than the seed meeting."""
    return (
        Meeting.objects.filter(committee=committee, date__gte=today)
        .exclude(date=SEED_DATE)
        .order_by("date")
        .first()
    )


def create_upcoming_meeting(committee: Committee, today: dt.date) -> Meeting:
    """A draft meeting about three weeks ahead with its two standing items."""
    meeting = Meeting(
        committee=committee,
        title=f"Styregruppemøde for {committee.subject}",
        date=upcoming_date(today),
        start_time=UPCOMING_START,
        end_time=UPCOMING_END,
        location=UPCOMING_LOCATION,
        status=MeetingStatus.DRAFT,
    )
    meeting.full_clean()
    meeting.save()
    for position, title, standing in (
        (1, "Meddelelser", ""),
        (2, "Eventuelt og næste møde", StandingItem.NEXT_MEETING),
    ):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            duration_minutes=5,
            standing=standing,
        )
        item.full_clean()
        item.save()
    attach_waiting_actions(meeting)  # "til næste møde" recorded before it was scheduled
    # Its reminders (issue 6), so the secretariat's Påmindelser page has something to show.
    schedule_for_meeting(meeting)
    return meeting
