"""Portfolio figures on the agenda: budget tables embedded in items and the generated
project-monitoring bilag.

One resolver serves the meeting page, the editor, the PDF and the meeting pack: while the
meeting is a draft the figures are live; from publication on they are the copy frozen by
`meeting_publish` (house rule 3), so members keep reading what they were sent. A published
embed without a frozen copy (agendas published before freezing existed) shows live figures
and is marked as not frozen; nothing is written on a read, the secretariat freezes it with
"Opdater tal", which is the same deliberate, audited refresh as for newer figures.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Q

from budgets.selectors import BudgetTable, budget_table, budgets_with_figures
from dap_portal import danish
from projects.models import Light, Phase, PortfolioChange, Programme
from projects.selectors import latest_report, programmes_with_projects

from ..agenda import Agenda
from ..models import Bilag, Committee, EmbedType, GeneratedBilag, ItemEmbed, Meeting

# --- The monitoring table ------------------------------------------------------------------


@dataclass(frozen=True)
class MonitoringRow:
    """One project as the monitoring bilag lists it (from its latest status report)."""

    programme: str
    project: str
    phase: str  # the phase's Danish label
    lights: tuple[tuple[str, str], ...]  # (area, value) for time, economy and scope
    text: str
    next_milestone: str
    next_milestone_date: dt.date | None
    report_date: dt.date | None  # None: the project has no status report yet

    @property
    def light_list(self) -> list[Light]:
        return [Light(area, value) for area, value in self.lights]


@dataclass(frozen=True)
class MonitoringTable:
    """The project monitoring of the programmes a committee oversees."""

    programmes: tuple[str, ...]
    rows: tuple[MonitoringRow, ...]

    def to_data(self) -> dict:
        return {
            "programmes": list(self.programmes),
            "rows": [
                {
                    "programme": row.programme,
                    "project": row.project,
                    "phase": row.phase,
                    "lights": [list(light) for light in row.lights],
                    "text": row.text,
                    "next_milestone": row.next_milestone,
                    "next_milestone_date": _iso(row.next_milestone_date),
                    "report_date": _iso(row.report_date),
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_data(cls, data: dict) -> "MonitoringTable":
        return cls(
            programmes=tuple(data["programmes"]),
            rows=tuple(
                MonitoringRow(
                    programme=row["programme"],
                    project=row["project"],
                    phase=row["phase"],
                    lights=tuple((area, value) for area, value in row["lights"]),
                    text=row["text"],
                    next_milestone=row["next_milestone"],
                    next_milestone_date=_day(row["next_milestone_date"]),
                    report_date=_day(row["report_date"]),
                )
                for row in data["rows"]
            ),
        )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def monitoring_table(committee: Committee | int) -> MonitoringTable:
    """The live monitoring table: every project not closed, with its latest status report."""
    committee_id = committee if isinstance(committee, int) else committee.pk
    programmes = programmes_with_projects(
        Programme.objects.filter(committees=committee_id).order_by("short_name")
    )
    rows = []
    names = []
    for programme in programmes:
        names.append(programme.short_name)
        for project in programme.projects.all():
            if project.phase == Phase.CLOSED:
                continue  # a closed project has nothing left to monitor
            report = latest_report(project)
            rows.append(
                MonitoringRow(
                    programme=programme.short_name,
                    project=project.name,
                    phase=project.get_phase_display(),
                    lights=tuple((light.area, light.value) for light in report.lights)
                    if report
                    else (),
                    text=report.text if report else "",
                    next_milestone=report.next_milestone if report else "",
                    next_milestone_date=report.next_milestone_date if report else None,
                    report_date=report.date if report else None,
                )
            )
    return MonitoringTable(programmes=tuple(names), rows=tuple(rows))


# --- Resolving live or frozen figures -------------------------------------------------------


@dataclass(frozen=True)
class Figures[T]:
    """The figures an embed or generated bilag shows, and how they relate to the live data."""

    table: T | None  # None: there is no budget for the programme and year
    frozen_at: dt.datetime | None  # None: live figures
    newer: bool = False  # the secretariat's hint: live figures differ from the frozen ones
    changed_at: dt.datetime | None = None  # the portfolio's last change, when newer

    @property
    def live(self) -> bool:
        return self.frozen_at is None

    @property
    def frozen_when(self) -> str:
        return danish.moment(self.frozen_at)

    @property
    def changed_when(self) -> str:
        return danish.moment(self.changed_at)


def _frozen_shown(meeting: Meeting) -> bool:
    """Whether the meeting shows frozen figures: from publication on."""
    return not meeting.is_draft


def _live_tables(embeds: Iterable[ItemEmbed]) -> dict[tuple[int, int], BudgetTable]:
    """The live budget tables of the embeds' (programme, year), in one batch of queries."""
    wanted = Q()
    keys = set()
    for embed in embeds:
        keys.add((embed.programme_id, embed.year))
        wanted |= Q(programme_id=embed.programme_id, year=embed.year)
    if not keys:
        return {}
    return {
        (budget.programme_id, budget.year): budget_table(budget)
        for budget in budgets_with_figures().filter(wanted)
    }


def _table_data(table: BudgetTable | None) -> dict | None:
    return table.to_data() if table is not None else None


def _last_changes(programme_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """When each programme's portfolio last changed (one query)."""
    ids = set(programme_ids)
    if not ids:
        return {}
    return dict(
        PortfolioChange.objects.filter(programme_id__in=ids)
        .values("programme_id")
        .annotate(last=Max("at"))
        .values_list("programme_id", "last")
    )


def agenda_embeds(agenda: Agenda) -> list[ItemEmbed]:
    """The embeds of the items the viewer may see."""
    return [
        embed
        for line in agenda.lines
        if line.visible
        for part in line.parts
        for embed in part.embeds
        if embed.type == EmbedType.BUDGET_TABLE
    ]


def embed_figures(agenda: Agenda, *, compare: bool = False) -> dict[int, Figures[BudgetTable]]:
    """The table of every visible embed, live or frozen as the meeting's state says.

    `compare` (the secretariat's pages) also tells whether newer figures exist than the
    frozen ones. A fixed number of queries whatever the number of embeds.
    """
    embeds = agenda_embeds(agenda)
    frozen = _frozen_shown(agenda.meeting)
    need_live = [embed for embed in embeds if not frozen or compare or embed.frozen_data is None]
    live = _live_tables(need_live)
    last = _last_changes(embed.programme_id for embed in embeds) if frozen and compare else {}
    result: dict[int, Figures[BudgetTable]] = {}
    for embed in embeds:
        current = live.get((embed.programme_id, embed.year))
        if not frozen or embed.frozen_data is None:
            result[embed.pk] = Figures(current, None, newer=frozen and compare)
            continue
        data = embed.frozen_data.get("table")
        table = BudgetTable.from_data(data) if data else None
        newer = compare and _table_data(current) != data
        result[embed.pk] = Figures(
            table,
            embed.frozen_at,
            newer=newer,
            changed_at=last.get(embed.programme_id) if newer else None,
        )
    return result


def embed_tables(agenda: Agenda) -> dict[int, BudgetTable]:
    """Only the tables (for the PDF): frozen once published, live in a draft."""
    return {
        pk: figures.table
        for pk, figures in embed_figures(agenda).items()
        if figures.table is not None
    }


def monitoring_figures(bilag: Bilag, meeting: Meeting, *, compare: bool = False) -> Figures:
    """The monitoring table of a generated bilag, live or frozen as the meeting's state says."""
    frozen = _frozen_shown(meeting)
    if not frozen or bilag.frozen_data is None:
        return Figures(monitoring_table(meeting.committee_id), None, newer=frozen and compare)
    table = MonitoringTable.from_data(bilag.frozen_data["table"])
    if not compare:
        return Figures(table, bilag.frozen_at)
    newer = monitoring_table(meeting.committee_id).to_data() != bilag.frozen_data["table"]
    changed_at = None
    if newer:
        programmes = Programme.objects.filter(committees=meeting.committee_id)
        changed_at = (
            PortfolioChange.objects.filter(programme__in=programmes)
            .aggregate(last=Max("at"))
            .get("last")
        )
    return Figures(table, bilag.frozen_at, newer=newer, changed_at=changed_at)


def monitoring_bilag(agenda: Agenda) -> list[tuple[int, Bilag]]:
    """(item number, bilag) of the visible monitoring bilag: what the pack renders."""
    return [
        (line.number, entry.bilag)
        for line in agenda.lines
        if line.visible
        for entry in line.bilag
        if entry.visible and entry.bilag.generated == GeneratedBilag.PROJECT_MONITORING
    ]


# --- Freezing ---------------------------------------------------------------------------


def freeze(
    embeds: list[ItemEmbed], bilag: list[Bilag], committee_id: int, now: dt.datetime
) -> tuple[list[ItemEmbed], list[Bilag]]:
    """Store the live figures as the frozen copy; the embeds and bilag whose copy changed."""
    live = _live_tables(embeds)
    changed_embeds = []
    for embed in embeds:
        data = {"table": _table_data(live.get((embed.programme_id, embed.year)))}
        if embed.frozen_data != data:
            embed.frozen_data = data
            embed.frozen_at = now
            changed_embeds.append(embed)
    ItemEmbed.objects.bulk_update(changed_embeds, ["frozen_data", "frozen_at"])
    changed_bilag = []
    if bilag:
        data = {"table": monitoring_table(committee_id).to_data()}
        for entry in bilag:
            if entry.frozen_data != data:
                entry.frozen_data = data
                entry.frozen_at = now
                changed_bilag.append(entry)
        Bilag.objects.bulk_update(changed_bilag, ["frozen_data", "frozen_at"])
    return changed_embeds, changed_bilag


def freeze_meeting(*, meeting: Meeting, now: dt.datetime) -> None:
    """Freeze every embed and generated bilag of a meeting (inside `meeting_publish`)."""
    embeds = list(ItemEmbed.objects.filter(item__meeting=meeting))
    bilag = list(Bilag.objects.filter(item__meeting=meeting).exclude(generated=""))
    freeze(embeds, bilag, meeting.committee_id, now)
