"""The portfolio pages: programmes and projects, their status, and what the group decided."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, DecisionOutcome, MeetingStatus, Role
from projects.models import Phase, PortfolioChange, Project, StatusReport, TrafficLight
from projects.services import status_report_create
from tests.budgets.helpers import import_seed, make_budget, text_of
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return import_seed()


def project_url(project: Project) -> str:
    return reverse("portfolio:project_detail", args=[project.pk])


def add_report(project, day, *, time=TrafficLight.GREEN, text="Efter planen."):
    return status_report_create(
        project=project,
        actor=None,
        date=day,
        time=time,
        economy=TrafficLight.GREEN,
        scope=TrafficLight.RED,
        text=text,
    )


# --- Overview -----------------------------------------------------------------------------


def test_overview_lists_the_programmes_of_the_users_committees(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    add_report(cockpit, dt.date(2025, 9, 30), time=TrafficLight.YELLOW)
    ProgrammeFactory(short_name="KOL", name="Et andet program")
    client.force_login(member(seed.committee, Role.OBSERVER))

    response = client.get(reverse("portfolio:overview"))

    text = text_of(response)
    assert "Digital Almen Praksis (DAP)" in text
    assert "Forløbsplaner (FP)" in text
    assert "Et andet program" not in text
    # Phase, then each light as symbol and word, readable without colour.
    assert (
        "Klinikkens cockpit Idé ▲ Gul (risiko for afvigelse) ● Grøn (efter planen) "
        "■ Rød (afviger fra planen) 30. september 2025"
    ) in text
    assert "Deling af journalnotater Idé – – – Ingen statusrapport" in text
    assert 'href="/portefoelje/budgetter/DAP/2025/"' in response.content.decode()


def test_overview_of_a_user_in_no_committee_is_empty(client, seed):
    client.force_login(UserFactory())

    response = client.get(reverse("portfolio:overview"))

    assert "Der er ingen programmer, du kan se." in text_of(response)


def test_nav_link_to_the_portfolio(client, seed):
    client.force_login(member(seed.committee))

    response = client.get(reverse("portfolio:overview"))

    assert (
        '<a href="/portefoelje/" class="nav-link" aria-current="page">' in response.content.decode()
    )


# --- Project page -------------------------------------------------------------------------


def test_project_page_shows_status_history_budget_and_the_groups_items(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    add_report(cockpit, dt.date(2025, 6, 30), text="Pilot starter.")
    add_report(cockpit, dt.date(2025, 9, 30), time=TrafficLight.YELLOW, text="Udskudt to uger.")
    client.force_login(member(seed.committee))

    response = client.get(project_url(cockpit))

    text = text_of(response)
    assert "Statusrapport 30. september 2025 Tid: ▲ Gul" in text
    assert "Udskudt to uger." in text
    assert "Tidligere statusrapporter" in text
    assert "30. juni 2025 ● Grøn" in text
    assert text.index("Udskudt to uger.") < text.index("Pilot starter.")
    assert "Budget 2025 for DAP 888.000 kr. (31/8) 460.496 kr. (31/8) 427.504 kr." in text
    # Items 2 and 4 of the seed agenda name the project, in agenda order within the meeting.
    assert text.index("Punkt 2. Kronikerpakker (O)") < text.index(
        "Punkt 4. Etablering af forvaltning af profiler i Klinikkens Cockpit (B)"
    )
    assert f'href="/moeder/{seed.pk}/#punkt-4"' in response.content.decode()
    # A member has no forms.
    assert "Ny statusrapport" not in text
    assert "Skift fase" not in text


def test_items_newest_meeting_first_with_decisions(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    later = MeetingFactory(committee=seed.committee, date=dt.date(2025, 12, 16))
    AgendaItemFactory(meeting=later, title="Første punkt")
    decided = AgendaItemFactory(
        meeting=later,
        title="Udrulning af Klinikkens cockpit",
        kind="B",
        decision_outcome=DecisionOutcome.APPROVED,
        decision_html="<p>Styregruppen godkendte udrulningen.</p>",
        decided_at=timezone.now(),
    )
    decided.projects.add(cockpit)
    client.force_login(member(seed.committee))

    text = text_of(client.get(project_url(cockpit)))

    assert text.index("Punkt 2. Udrulning af Klinikkens cockpit (B)") < text.index(
        "Punkt 2. Kronikerpakker (O)"
    )
    assert "Beslutning: Godkendt som indstillet Styregruppen godkendte udrulningen." in text


def test_closed_items_show_number_and_title_only_to_observers(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    item = AgendaItem.objects.get(meeting=seed, position=4)
    AgendaItem.objects.filter(pk=item.pk).update(
        confidential=True, decision_html="<p>Hemmelig beslutning.</p>"
    )

    client.force_login(member(seed.committee, Role.OBSERVER))
    observer = text_of(client.get(project_url(cockpit)))
    client.force_login(member(seed.committee, Role.MEMBER))
    members = text_of(client.get(project_url(cockpit)))

    # The title of a closed item is not told either (issue 23.13).
    assert "Punkt 4. Lukket punkt (B) Lukket punkt" in observer
    assert "forvaltning af profiler" not in observer
    assert "Hemmelig beslutning." not in observer
    assert "Hemmelig beslutning." in members


def test_draft_meetings_are_left_out_for_members(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    draft = MeetingFactory(committee=seed.committee, date=dt.date(2026, 1, 20), draft=True)
    AgendaItemFactory(meeting=draft, title="Udkast om cockpit").projects.add(cockpit)

    client.force_login(member(seed.committee))
    assert "Udkast om cockpit" not in text_of(client.get(project_url(cockpit)))
    client.force_login(member(seed.committee, Role.SECRETARIAT))
    assert "Udkast om cockpit" in text_of(client.get(project_url(cockpit)))


def test_a_project_of_a_programme_the_user_may_not_see_is_404(client, seed):
    other = CommitteeFactory(short_name="KOL", name="Styregruppen for KOL")
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    client.force_login(member(other, Role.SECRETARIAT))

    assert client.get(project_url(cockpit)).status_code == 404
    assert client.post(reverse("portfolio:phase_set", args=[cockpit.pk]), {}).status_code == 404


def test_anonymous_is_sent_to_log_in(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")

    response = client.get(project_url(cockpit))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- The secretariat's forms --------------------------------------------------------------


STATUS = {
    "date": "2025-09-30",
    "time": "yellow",
    "economy": "green",
    "scope": "green",
    "text": "Udrulning udskudt to uger.",
    "next_milestone": "Udrulning til alle regioner",
    "next_milestone_date": "2025-12-01",
}


def test_secretariat_adds_a_status_report_with_htmx(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    secretary = member(seed.committee, Role.SECRETARIAT, first_name="Sofie", last_name="Lindberg")
    client.force_login(secretary)

    response = client.post(
        reverse("portfolio:status_add", args=[cockpit.pk]), STATUS, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="status"')
    assert "Statusrapporten for 30. september 2025 er gemt." in text_of(response)
    assert "Næste milepæl: Udrulning til alle regioner (1. december 2025)" in text_of(response)
    report = StatusReport.objects.get()
    assert report.created_by == secretary
    assert PortfolioChange.objects.get().actor == secretary


def test_status_report_without_javascript_redirects(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    client.force_login(member(seed.committee, Role.SECRETARIAT))

    response = client.post(reverse("portfolio:status_add", args=[cockpit.pk]), STATUS)

    assert response.status_code == 302
    assert response["Location"] == project_url(cockpit) + "#status"


def test_status_report_errors_are_shown_and_nothing_saved(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    client.force_login(member(seed.committee, Role.SECRETARIAT))
    add_report(cockpit, dt.date(2025, 9, 30))

    missing = client.post(
        reverse("portfolio:status_add", args=[cockpit.pk]),
        {"date": "2025-10-01", "text": ""},
        headers={"HX-Request": "true"},
    )
    twice = client.post(
        reverse("portfolio:status_add", args=[cockpit.pk]), STATUS, headers={"HX-Request": "true"}
    )

    assert "Vælg en status for tid." in text_of(missing)
    assert "Skriv en kort status." in text_of(missing)
    assert "Projektet har allerede en statusrapport med den dato." in text_of(twice)
    assert StatusReport.objects.count() == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER])
def test_only_the_secretariat_writes(client, seed, role):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    client.force_login(member(seed.committee, role))

    status = client.post(reverse("portfolio:status_add", args=[cockpit.pk]), STATUS)
    phase = client.post(reverse("portfolio:phase_set", args=[cockpit.pk]), {"phase": "drift"})

    assert status.status_code == phase.status_code == 404
    assert not StatusReport.objects.exists()
    cockpit.refresh_from_db()
    assert cockpit.phase == Phase.IDEA


def test_secretariat_changes_the_phase(client, seed):
    cockpit = Project.objects.get(name="Klinikkens cockpit")
    client.force_login(member(seed.committee, Role.SECRETARIAT))

    response = client.post(
        reverse("portfolio:phase_set", args=[cockpit.pk]),
        {"phase": "pilotdrift"},
        headers={"HX-Request": "true"},
    )

    assert "Fasen er nu pilotdrift." in text_of(response)
    assert 'class="phase-current" aria-current="step">Pilotdrift' in response.content.decode()
    cockpit.refresh_from_db()
    assert cockpit.phase == Phase.PILOT
    bad = client.post(reverse("portfolio:phase_set", args=[cockpit.pk]), {"phase": "x"})
    assert "Vælg en fase på listen." in text_of(bad)


# --- Fixed number of queries --------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_project_page_queries_do_not_grow(client, django_assert_max_num_queries, size):
    committee = CommitteeFactory()
    budget = make_budget(committee, lines=2)
    project = budget.lines.first().project
    # The project in `size` budgets' worth of history: reports, items, meetings.
    for day in range(size):
        add_report(project, dt.date(2024, 1, 1) + dt.timedelta(days=day))
        meeting = MeetingFactory(
            committee=committee,
            date=dt.date(2023, 1, 1) + dt.timedelta(days=day),
            status=MeetingStatus.PUBLISHED,
        )
        AgendaItemFactory(meeting=meeting).projects.add(project)
    client.force_login(member(committee, Role.SECRETARIAT))

    # Session, user, project, reports, access, budget lines (4), items (4), changes, the
    # menu's "Personer" entry (meetings.people.context).
    with django_assert_max_num_queries(15):
        response = client.get(project_url(project))

    assert response.status_code == 200
    assert len(response.context["history"]) == size
    assert len(response.context["items"]) == size


@pytest.mark.parametrize("size", [3, 30])
def test_overview_queries_do_not_grow(client, django_assert_max_num_queries, size):
    committee = CommitteeFactory()
    programme = ProgrammeFactory()
    committee.programmes.add(programme)
    for index in range(size):
        project = ProjectFactory(programme=programme)
        add_report(project, dt.date(2025, 9, 1) + dt.timedelta(days=index % 3))
        add_report(project, dt.date(2025, 8, 1))
    client.force_login(member(committee))

    # Session, user, programmes, projects, latest reports (one window query), budgets, the
    # menu's "Personer" entry.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("portfolio:overview"))

    assert response.status_code == 200
