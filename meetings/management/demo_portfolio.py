"""Demo data that shows the product: the demo projects' phases and status reports, a
publication date before the seed meeting, and a closed item on the coming meeting.

All dated before the seed meeting of 6 October 2025, so bilag 9.1 (the monitoring table) is
filled and frozen at publication, and the budget tables say "Tal pr. 29. september 2025".
Every function does its part only once: `load_demo` run again changes nothing.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser

from projects.models import Phase, Project, TrafficLight
from projects.services import project_update, status_report_create

from ..models import AgendaItem, Bilag, ItemEmbed, Meeting
from ..portfolio.embeds import freeze_meeting

# A week before the meeting, as MedCom sends the agenda out.
SEED_PUBLISHED_AT = dt.datetime(2025, 9, 29, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))

G, Y, R = TrafficLight.GREEN, TrafficLight.YELLOW, TrafficLight.RED


@dataclass(frozen=True)
class Report:
    date: dt.date
    lights: tuple[str, str, str]  # time, economy, scope
    text: str
    milestone: str = ""
    milestone_date: dt.date | None = None


# Realistic, invented: phases and reports of the eleven projects of the seed agenda.
PROJECTS: dict[str, tuple[Phase, tuple[Report, ...]]] = {
    "Programledelse inkl. test og certificering": (
        Phase.OPERATION,
        (
            Report(dt.date(2025, 6, 16), (G, G, G), "Programmet følger planen for 2025."),
            Report(
                dt.date(2025, 9, 15),
                (G, Y, G),
                "Testmiljøet er udvidet; certificeringen af to leverandører er forsinket.",
                "Certificering af leverandør 3",
                dt.date(2025, 11, 14),
            ),
        ),
    ),
    "Klinikkens cockpit": (
        Phase.DEVELOPMENT,
        (
            Report(dt.date(2025, 6, 16), (G, G, G), "Designfasen er afsluttet."),
            Report(
                dt.date(2025, 9, 15),
                (Y, G, G),
                "Udviklingen er tre uger bagud på grund af ventetid på profildata.",
                "Første version til pilotklinikker",
                dt.date(2025, 12, 1),
            ),
        ),
    ),
    "Intelligent indbakke": (
        Phase.PILOT,
        (
            Report(
                dt.date(2025, 9, 12),
                (G, G, Y),
                "Pilotdrift i 12 klinikker; ønske om flere kategorier af beskeder.",
                "Evaluering af pilotdriften",
                dt.date(2025, 11, 28),
            ),
        ),
    ),
    "Kommunale prøvesvar": (
        Phase.ANALYSIS,
        (
            Report(
                dt.date(2025, 9, 10),
                (Y, G, G),
                "Afklaring med KL om dataansvar pågår.",
                "Aftale om dataansvar",
                dt.date(2025, 10, 31),
            ),
        ),
    ),
    "Diagnosekort i almen praksis": (
        Phase.IDEA,
        (Report(dt.date(2025, 9, 8), (G, G, G), "Idéoplæg drøftet med PLO's IT-udvalg."),),
    ),
    "Lokale laboratorieanalyser": (
        Phase.DEVELOPMENT,
        (
            Report(
                dt.date(2025, 9, 15),
                (R, Y, G),
                "Integrationen med laboratoriesystemerne er forsinket to måneder.",
                "Revideret tidsplan",
                dt.date(2025, 10, 20),
            ),
        ),
    ),
    "MinLæge drift og vedligehold": (
        Phase.OPERATION,
        (Report(dt.date(2025, 9, 1), (G, G, G), "Stabil drift; 99,9 % oppetid i august."),),
    ),
    "MinLæge videreudvikling": (
        Phase.DEVELOPMENT,
        (
            Report(
                dt.date(2025, 9, 15),
                (G, G, Y),
                "Ny funktion til videokonsultation er i test; omfanget udvides med booking.",
                "Release 4.2",
                dt.date(2025, 11, 3),
            ),
        ),
    ),
    "Graviditetsløsning i almen praksis": (
        Phase.ANALYSIS,
        (Report(dt.date(2025, 8, 29), (G, G, G), "Behovsanalyse gennemført i fem regioner."),),
    ),
    "Deling af journalnotater": (
        Phase.PILOT,
        (
            Report(
                dt.date(2025, 9, 15),
                (G, Y, G),
                "Pilot i to regioner; økonomien presses af ekstra sikkerhedstest.",
                "Beslutning om udbredelse",
                dt.date(2025, 12, 15),
            ),
        ),
    ),
    "Forløbsplaner": (
        Phase.ANALYSIS,
        (
            Report(
                dt.date(2025, 9, 22),
                (G, G, G),
                "Forretningsmålbillede Del II er klar til styregruppen.",
                "Kommissorium godkendt",
                dt.date(2025, 10, 6),
            ),
        ),
    ),
}


def ensure_project_status(actor: AbstractBaseUser | None) -> list[str]:
    """Phases and status reports of the demo projects that have none yet; their names."""
    done = []
    projects = Project.objects.filter(name__in=PROJECTS).prefetch_related("status_reports")
    for project in projects:
        if project.status_reports.all():
            continue
        phase, reports = PROJECTS[project.name]
        project_update(project=project, actor=actor, phase=phase)
        for report in reports:
            time, economy, scope = report.lights
            status_report_create(
                project=project,
                actor=actor,
                date=report.date,
                time=time,
                economy=economy,
                scope=scope,
                text=report.text,
                next_milestone=report.milestone,
                next_milestone_date=report.milestone_date,
            )
        done.append(project.name)
    return done


def date_publication(meeting: Meeting, *, refreeze: bool) -> bool:
    """Date the seed meeting's publication and frozen figures to SEED_PUBLISHED_AT (once).

    `refreeze`: the portfolio changed after an earlier publication (a demo database from
    before the status reports): take the frozen copy again.
    """
    if meeting.published_at == SEED_PUBLISHED_AT and not refreeze:
        return False
    if refreeze:
        freeze_meeting(meeting=meeting, now=SEED_PUBLISHED_AT)
    Meeting.objects.filter(pk=meeting.pk).update(published_at=SEED_PUBLISHED_AT)
    ItemEmbed.objects.filter(item__meeting=meeting).update(frozen_at=SEED_PUBLISHED_AT)
    Bilag.objects.filter(item__meeting=meeting).exclude(generated="").update(
        frozen_at=SEED_PUBLISHED_AT
    )
    meeting.published_at = SEED_PUBLISHED_AT
    return True


CLOSED_ITEM = "Forhandling med leverandør om Klinikkens cockpit"
CLOSED_BILAG = "Tilbud fra leverandøren (fortroligt)"


def ensure_closed_item(meeting: Meeting) -> AgendaItem | None:
    """A closed item with a closed bilag before 'Eventuelt og næste møde' (once): what an
    observer sees of such an item can be tried. The bilag's file is attached by the caller."""
    if meeting.items.filter(confidential=True).exists():
        return None
    items = list(meeting.items.order_by("position"))
    last = items[-1]
    position = last.position
    AgendaItem.objects.filter(pk=last.pk).update(position=position + 1)
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=CLOSED_ITEM,
        kind="B",
        duration_minutes=15,
        confidential=True,
    )
    item.full_clean()
    item.save()
    bilag = Bilag(item=item, position=1, title=CLOSED_BILAG, confidential=True)
    bilag.full_clean(exclude=["file"])
    bilag.save()
    return item
