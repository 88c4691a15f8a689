"""manage.py load_demo: the demo a newcomer sees after bin/demo, and never in production."""

import datetime as dt
import hashlib
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from meetings import access
from meetings.editor.services import meeting_publish
from meetings.management import demo, demo_portfolio
from meetings.models import (
    AgendaItem,
    AuditEntry,
    Bilag,
    Meeting,
    MeetingStatus,
    Membership,
    Role,
    StandingItem,
)
from projects.models import Phase, PortfolioChange, Project, StatusReport

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.fixture
def loaded(debug_on) -> str:
    return load_demo()


def upcoming() -> Meeting:
    return Meeting.objects.exclude(date=demo.SEED_DATE).get()


def test_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG") as refused:
        load_demo()

    assert "produktionsdatabase" in str(refused.value)
    assert not get_user_model().objects.exists()
    assert not Meeting.objects.exists()


def test_creates_the_four_demo_users_with_their_roles(loaded):
    roles = {
        membership.user.username: (membership.role, membership.committee.short_name)
        for membership in Membership.objects.select_related("user", "committee")
    }

    assert roles == {
        "sekretariat": (Role.SECRETARIAT, "DAP"),
        "formand": (Role.CHAIR, "DAP"),
        "medlem": (Role.MEMBER, "DAP"),
        "observator": (Role.OBSERVER, "DAP"),
    }
    for user in get_user_model().objects.all():
        assert user.check_password("demo")
        assert user.first_name
        assert user.last_name
        assert user.email == f"{user.username}@dap.example"
        assert not user.is_superuser


def test_member_logs_in_and_sees_the_published_meeting_but_not_the_draft(loaded, client):
    member = get_user_model().objects.get(username="medlem")

    assert client.login(username="medlem", password="demo")
    assert list(access.visible_meetings(member)) == [demo.seed_meeting()]


def test_secretariat_sees_both_meetings(loaded):
    secretary = get_user_model().objects.get(username="sekretariat")

    assert access.visible_meetings(secretary).count() == 2


def test_seed_meeting_is_imported_and_published(loaded):
    meeting = demo.seed_meeting()

    assert meeting is not None
    assert meeting.title == "Styregruppemøde for Digital Almen Praksis"
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.published_at is not None
    assert meeting.items.count() == 10
    assert AuditEntry.objects.filter(meeting=meeting, action="meeting_published").exists()


def test_every_bilag_with_an_original_gets_a_one_page_stand_in_pdf(loaded):
    bilag = list(Bilag.objects.filter(item__meeting=demo.seed_meeting(), generated=""))

    assert len(bilag) == 5
    for one in bilag:
        with one.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF")
        pdf = PdfReader(BytesIO(data))
        assert len(pdf.pages) == 1
        text = " ".join(pdf.pages[0].extract_text().split())
        assert f"Bilag {one.item.position}.{one.position}" in text
        assert "Demoindhold" in text
        assert "som ikke er offentligt" in text
        assert one.content_type == "application/pdf"
        assert one.size == len(data)
        assert one.sha256 == hashlib.sha256(data).hexdigest()
        assert one.original_filename.startswith(f"Bilag {one.item.position}.{one.position} ")
        assert one.original_filename.endswith(".pdf")


def test_generated_bilag_is_left_to_the_portal(loaded):
    generated = Bilag.objects.get(item__meeting=demo.seed_meeting(), generated__gt="")

    assert not generated.file


def test_upcoming_draft_meeting_three_weeks_ahead_with_two_standing_items(loaded):
    meeting = upcoming()
    today = timezone.localdate()

    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.committee.short_name == "DAP"
    assert meeting.title == "Styregruppemøde for Digital Almen Praksis"
    assert today + dt.timedelta(days=21) <= meeting.date <= today + dt.timedelta(days=23)
    assert meeting.date.weekday() < 5
    assert (meeting.start_time, meeting.end_time) == (dt.time(13, 0), dt.time(15, 0))
    assert meeting.location == "Slotsholmsgade 12, mødesal B (fælles)"
    items = list(meeting.items.order_by("position"))
    assert [(item.title, item.duration_minutes, item.standing) for item in items] == [
        ("Meddelelser", 5, ""),
        (demo_portfolio.CLOSED_ITEM, 15, ""),
        ("Eventuelt og næste møde", 5, StandingItem.NEXT_MEETING),
    ]


def test_output_tells_where_to_go_and_how_to_log_in(loaded):
    assert "http://localhost:8000/" in loaded
    assert "demo" in loaded
    for username in ("sekretariat", "formand", "medlem", "observator"):
        assert username in loaded


def test_output_gives_the_address_the_demo_listens_on(debug_on, settings):
    """bin/demo sets DAP_BASE_URL from DAP_DEMO_ADDRESS (issue 21, point 9)."""
    settings.DAP_BASE_URL = "http://localhost:8123"
    output = load_demo()
    assert "Portalen: http://localhost:8123/" in output
    assert ":8000" not in output


def test_running_it_twice_changes_nothing(loaded):
    def snapshot() -> dict[str, object]:
        return {
            "users": get_user_model().objects.count(),
            "memberships": Membership.objects.count(),
            "meetings": list(Meeting.objects.values_list("date", "status", "published_at")),
            "items": AgendaItem.objects.count(),
            "bilag files": sorted(Bilag.objects.values_list("file", "sha256")),
            "audit": AuditEntry.objects.count(),
            "reports": StatusReport.objects.count(),
            "changes": PortfolioChange.objects.count(),
            "frozen": sorted(
                str(value) for value in Bilag.objects.values_list("frozen_at", flat=True)
            ),
        }

    before = snapshot()
    second = load_demo()

    assert snapshot() == before
    assert "findes allerede" in second


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2025, 10, 6), dt.date(2025, 10, 27)),  # Monday + 21 days: a Monday
        (dt.date(2025, 10, 4), dt.date(2025, 10, 27)),  # Saturday + 21: moved to Monday
        (dt.date(2025, 10, 5), dt.date(2025, 10, 27)),  # Sunday + 21: moved to Monday
        (dt.date(2025, 10, 10), dt.date(2025, 10, 31)),  # Friday + 21: a Friday
    ],
)
def test_upcoming_date_is_three_weeks_ahead_on_a_weekday(today, expected):
    assert demo.upcoming_date(today) == expected


# --- Demo data that shows the product (issue 11, point 18) -----------------------------------


def test_the_projects_have_phases_and_status_reports_from_before_the_meeting(loaded):
    projects = list(Project.objects.prefetch_related("status_reports"))

    assert len(projects) == 11
    assert {project.phase for project in projects} != {Phase.IDEA}
    for project in projects:
        reports = list(project.status_reports.all())
        assert reports, project.name
        assert all(report.date < demo.SEED_DATE for report in reports)


def test_bilag_9_1_is_the_filled_monitoring_table_frozen_at_publication(loaded, client):
    meeting = demo.seed_meeting()
    monitoring = Bilag.objects.get(item__meeting=meeting, generated__gt="")
    rows = str(monitoring.frozen_data)

    assert "Klinikkens cockpit" in rows
    assert "Udviklingen er tre uger bagud" in rows
    assert monitoring.frozen_at == demo_portfolio.SEED_PUBLISHED_AT
    assert meeting.published_at == demo_portfolio.SEED_PUBLISHED_AT
    assert meeting.published_at.date() < meeting.date


def test_the_budget_figures_say_tal_pr_a_date_before_the_meeting(loaded, client):
    client.login(username="medlem", password="demo")

    page = client.get(f"/moeder/{demo.seed_meeting().pk}/").content.decode()

    assert "Tal pr. 29. september 2025 kl. 10.00, som udsendt." in page


def test_the_coming_meeting_has_a_closed_item_an_observer_sees_closed(loaded, client):
    meeting = upcoming()
    item = meeting.items.get(confidential=True)
    bilag = item.bilag.get()
    assert bilag.confidential
    assert bilag.file
    meeting_publish(meeting=meeting, actor=None)  # what the secretariat does in the demo

    client.login(username="observator", password="demo")
    page = client.get(f"/moeder/{meeting.pk}/").content.decode()

    assert demo_portfolio.CLOSED_ITEM not in page  # not even its title (issue 23.13)
    assert "Lukket punkt" in page
    assert demo_portfolio.CLOSED_BILAG not in page
    assert client.get(f"/moeder/bilag/{bilag.pk}/fil/").status_code == 404
    client.login(username="medlem", password="demo")
    page = client.get(f"/moeder/{meeting.pk}/").content.decode()
    assert demo_portfolio.CLOSED_BILAG in page
    assert demo_portfolio.CLOSED_ITEM in page


def test_an_older_demo_database_gets_the_reports_and_a_fresh_frozen_copy(debug_on):
    load_demo()
    StatusReport.objects.all().delete()
    meeting = demo.seed_meeting()
    Bilag.objects.filter(item__meeting=meeting, generated__gt="").update(frozen_data=None)

    load_demo()

    monitoring = Bilag.objects.get(item__meeting=meeting, generated__gt="")
    assert "Klinikkens cockpit" in str(monitoring.frozen_data)
    assert StatusReport.objects.exists()


def test_the_demo_has_a_concluded_and_an_open_written_procedure(loaded, client):
    from meetings.management import demo_between
    from meetings.models import FollowUpAction, ProcedureStatus, WrittenProcedure

    concluded = WrittenProcedure.objects.get(title=demo_between.CONCLUDED_TITLE)
    still_open = WrittenProcedure.objects.get(title=demo_between.OPEN_TITLE)
    assert concluded.status == ProcedureStatus.CLOSED
    assert concluded.decision_html
    assert still_open.status == ProcedureStatus.SENT
    assert FollowUpAction.objects.filter(procedure=concluded).count() == 1

    client.force_login(get_user_model().objects.get(username="medlem"))
    overview = client.get("/moeder/").content.decode()
    assert escape(demo_between.OPEN_TITLE) in overview  # "Afventer dit svar"
    client.force_login(get_user_model().objects.get(username="sekretariat"))
    page = client.get(f"/moeder/{upcoming().pk}/").content.decode()
    told = f"{demo_between.CONCLUDED_TITLE} blev godkendt i skriftlig proces"
    assert escape(told) in page
    assert "Projektgruppen sender den opdaterede mini PID" in page

    assert "findes allerede" in load_demo()
    assert WrittenProcedure.objects.count() == 2
