"""Status reports and phases: validated, and recorded with who and when."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from projects.models import Phase, PortfolioChange, StatusReport, TrafficLight
from projects.selectors import latest_report, programmes_with_projects
from projects.services import project_update, status_report_create
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory(name="Klinikkens cockpit")


@pytest.fixture
def secretary():
    return UserFactory(first_name="Sofie", last_name="Lindberg")


def report(project, secretary, day, **lights):
    return status_report_create(
        project=project,
        actor=secretary,
        date=day,
        time=lights.get("time", TrafficLight.GREEN),
        economy=lights.get("economy", TrafficLight.GREEN),
        scope=lights.get("scope", TrafficLight.GREEN),
        text="  Pilot i tre klinikker.  ",
        next_milestone="Udrulning",
        next_milestone_date=dt.date(2025, 12, 1),
    )


def test_a_new_project_starts_as_an_idea(project):
    assert project.phase == Phase.IDEA
    assert project.get_phase_display() == "Idé"


def test_status_report_is_stored_and_recorded(project, secretary):
    created = report(project, secretary, dt.date(2025, 9, 30), time=TrafficLight.YELLOW)

    assert created.text == "Pilot i tre klinikker."
    assert created.created_by == secretary
    assert [(light.area, light.label, light.symbol) for light in created.lights] == [
        ("Tid", "Gul", "▲"),
        ("Økonomi", "Grøn", "●"),
        ("Omfang", "Grøn", "●"),
    ]
    change = PortfolioChange.objects.get()
    assert change.actor == secretary
    assert (change.subject_type, change.subject_id) == ("project", project.pk)
    assert change.summary == (
        "Statusrapport 30. september 2025 for Klinikkens cockpit: "
        "tid gul, økonomi grøn, omfang grøn"
    )


def test_one_status_report_per_project_and_day(project, secretary):
    report(project, secretary, dt.date(2025, 9, 30))

    with pytest.raises(ValidationError) as error:
        report(project, secretary, dt.date(2025, 9, 30))

    assert "Projektet har allerede en statusrapport med den dato." in error.value.messages
    assert StatusReport.objects.count() == 1
    assert PortfolioChange.objects.count() == 1


def test_a_light_must_be_green_yellow_or_red(project, secretary):
    with pytest.raises(ValidationError) as error:
        report(project, secretary, dt.date(2025, 9, 30), scope="blue")

    assert "scope" in error.value.message_dict
    assert not StatusReport.objects.exists()


def test_latest_report_of_each_project_in_one_query(secretary, django_assert_num_queries):
    first = ProjectFactory(name="A")
    second = ProjectFactory(name="B", programme=first.programme)
    for day in (1, 15, 30):
        report(first, secretary, dt.date(2025, 9, day))
    report(second, secretary, dt.date(2025, 6, 30))

    with django_assert_num_queries(3):
        programme = programmes_with_projects(type(first.programme).objects.all()).get()
        latest = {p.name: latest_report(p).date for p in programme.projects.all()}

    assert latest == {"A": dt.date(2025, 9, 30), "B": dt.date(2025, 6, 30)}


def test_project_update_changes_the_phase_and_records_it(project, secretary):
    project_update(project=project, actor=secretary, phase=Phase.PILOT)

    project.refresh_from_db()
    assert project.phase == Phase.PILOT
    change = PortfolioChange.objects.get()
    assert change.summary == "Fase for Klinikkens cockpit ændret fra Idé til Pilotdrift"
    assert change.changes == {"phase": ["ide", "pilotdrift"]}


def test_project_update_refuses_an_unknown_phase_and_ignores_no_change(project, secretary):
    with pytest.raises(ValidationError, match="Vælg en af faserne"):
        project_update(project=project, actor=secretary, phase="færdig")
    project_update(project=project, actor=secretary, phase=Phase.IDEA)

    assert not PortfolioChange.objects.exists()


def test_project_update_of_other_fields(project, secretary):
    project_update(project=project, actor=secretary, project_lead="Rikke Viggers", owner="PLO")

    change = PortfolioChange.objects.get()
    assert change.summary == "Klinikkens cockpit: projektleder ændret"
    assert change.changes == {"project_lead": ["", "Rikke Viggers"]}


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x.invalid","Klik")', "+45", "-x", "@x", "a\tb", "a\rb"]
)
def test_a_project_name_a_spreadsheet_reads_as_formula_is_refused(project, secretary, name):
    with pytest.raises(ValidationError) as refused:
        project_update(project=project, actor=secretary, name=name)

    assert "Navnet må ikke" in " ".join(refused.value.messages)
    project.refresh_from_db()
    assert project.name == "Klinikkens cockpit"
