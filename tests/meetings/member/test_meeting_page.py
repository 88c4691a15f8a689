"""The pages as a reader meets them: the log-in, the meeting list and the meeting's agenda."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import BudgetProposal, BudgetProposalLine, MeetingStatus, Role
from tests.budgets.helpers import make_budget
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemEmbedFactory,
    ItemSectionFactory,
    MeetingFactory,
    PresenterFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def meeting(dap):
    return MeetingFactory(committee=dap, with_next=True)


def text_of(response) -> str:
    """The page's visible text on one line, so assertions read like what a person sees."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def page(client, meeting, role=Role.MEMBER, **user_fields):
    client.force_login(member(meeting.committee, role, **user_fields))
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response


# --- Log-in -------------------------------------------------------------------------------


def test_log_in_page_is_danish(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    text = text_of(response)
    assert "Brugernavn" in text
    assert "Adgangskode" in text
    assert "Log ind" in text


def test_log_in_with_the_right_password_leads_to_the_meetings(client, dap):
    member(dap, username="anne", first_name="Anne", last_name="Hansen")

    response = client.post(reverse("login"), {"login": "anne", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting_list")
    listing = client.get(response["Location"])
    assert listing.status_code == 200
    assert "Anne Hansen" in text_of(listing)


def test_log_in_follows_next(client, meeting):
    member(meeting.committee, username="anne")
    target = reverse("meetings:meeting_detail", args=[meeting.pk])

    response = client.post(
        reverse("login") + f"?next={target}",
        {"login": "anne", "password": PASSWORD, "next": target},
    )

    assert response["Location"] == target


def test_log_in_with_a_wrong_password_shows_a_danish_error(client, dap):
    member(dap, username="anne")

    response = client.post(reverse("login"), {"login": "anne", "password": "forkert"})

    assert response.status_code == 200
    text = text_of(response)
    assert "Brugernavnet eller adgangskoden er forkert" in text
    assert "Du blev ikke logget ind" in text
    assert "_auth_user_id" not in client.session


def test_log_out_is_a_post_button_and_logs_out(client, dap):
    client.force_login(member(dap))
    listing = client.get(reverse("meetings:meeting_list"))
    assert f'action="{reverse("logout")}"' in listing.text
    assert "Log ud" in listing.text

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("meetings:meeting_list")).status_code == 302


# --- The meeting list -----------------------------------------------------------------------


def test_list_shows_upcoming_meetings_first_then_past_ones(client, dap):
    today = timezone.localdate()
    MeetingFactory(committee=dap, title="Sidste år", date=today - dt.timedelta(days=365))
    MeetingFactory(committee=dap, title="Sidste måned", date=today - dt.timedelta(days=30))
    MeetingFactory(committee=dap, title="Om to måneder", date=today + dt.timedelta(days=60))
    MeetingFactory(committee=dap, title="I dag", date=today)
    client.force_login(member(dap))

    text = text_of(client.get(reverse("meetings:meeting_list")))

    order = [text.index(title) for title in ("I dag", "Om to måneder", "Sidste måned", "Sidste år")]
    assert order == sorted(order)
    assert text.index("Kommende møder") < text.index("I dag") < text.index("Tidligere møder")
    assert text.index("Tidligere møder") < text.index("Sidste måned")


def test_list_row_has_weekday_date_time_place_committee_and_status(client, dap, meeting):
    client.force_login(member(dap))

    text = text_of(client.get(reverse("meetings:meeting_list")))

    assert "Styregruppemøde for Digital Almen Praksis" in text
    assert "mandag d. 6. oktober 2025" in text
    assert "kl. 13.00-15.00" in text
    assert "Slotsholmsgade 12, mødesal B (fælles)" in text
    assert "DAP" in text
    assert "Udsendt" in text


def test_list_links_to_the_meeting_page(client, dap, meeting):
    client.force_login(member(dap))
    listing = client.get(reverse("meetings:meeting_list"))
    assert f'href="{reverse("meetings:meeting_detail", args=[meeting.pk])}"' in listing.text


def make_meetings(committee, count):
    for index in range(count):
        MeetingFactory(
            committee=committee,
            date=dt.date(2025, 1, 1) + dt.timedelta(days=7 * index),
            status=MeetingStatus.DRAFT if index % 4 == 0 else MeetingStatus.PUBLISHED,
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_meeting_list_has_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small = CommitteeFactory(name="Styregruppen for Lille", short_name="LI")
    large = CommitteeFactory(name="Styregruppen for Stor", short_name="ST")
    make_meetings(small, 3)
    make_meetings(large, 40)
    url = reverse("meetings:meeting_list")

    client.force_login(member(small, Role.SECRETARIAT, username="lille"))
    few = count_queries(client, url)
    client.force_login(member(large, Role.SECRETARIAT, username="stor"))
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.text.count("<tr>") == 40 + 1


# --- The meeting page -----------------------------------------------------------------------


def test_page_reads_like_the_agenda(client, meeting):
    AgendaItemFactory(meeting=meeting, title="Meddelelser", kind="", duration_minutes=5)
    AgendaItemFactory(meeting=meeting, title="Kronikerpakker", kind="O", duration_minutes=10)
    AgendaItemFactory(
        meeting=meeting,
        title="Revideret KOL-forløbsplan afventer kronikerpakke for KOL",
        kind="B",
        duration_minutes=10,
    )

    response = page(client, meeting)
    text = text_of(response)

    assert "Dagsorden til styregruppemøde for Digital Almen Praksis" in text
    assert (
        "Dato og sted for møde Mandag d. 6. oktober 2025, kl. 13.00-15.00, "
        "Slotsholmsgade 12, mødesal B (fælles)"
    ) in text
    assert "Dagsorden for møde" in text
    assert "13.00 1. Meddelelser (5 min.)" in text
    assert "13.05 2. Kronikerpakker (O) (10 min.)" in text
    assert "13.15 3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B) (10 min.)" in text
    assert "Punkterne varer i alt 25 min." in text
    assert "længere end mødet" not in text
    # The list links to the item headings in the body.
    assert 'href="#punkt-2"' in response.text
    assert 'id="punkt-2"' in response.text
    assert "2. Kronikerpakker (O)" in text.split("Dagsorden for møde", 1)[1]


def test_page_warns_when_the_items_run_past_the_end_time(client, meeting):
    for _ in range(9):
        AgendaItemFactory(meeting=meeting, duration_minutes=15)

    text = text_of(page(client, meeting))

    assert "Punkterne varer i alt 135 min." in text
    assert "Punkterne varer 15 min. længere end mødet" in text
    assert "slutter sidste punkt kl. 15.15, men mødet slutter kl. 15.00" in text


def test_item_shows_bilag_presenters_and_sections(client, meeting):
    AgendaItemFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, title="Revideret KOL-forløbsplan", kind="B")
    with_file = BilagFactory(
        item=item, title="Kronikerpakker-analyse-Kommissorium-v097", with_file=True
    )
    BilagFactory(item=item, title="Notat uden fil")
    PresenterFactory(item=item, name="Anne Hansen", organisation="PLO")
    ItemSectionFactory(item=item, heading="Indstilling", html="<p>Det indstilles, at …</p>")
    ItemSectionFactory(item=item, heading="", html="<p>Tekst uden overskrift</p>")

    response = page(client, meeting)
    text = text_of(response)

    assert "Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097" in text
    assert f'href="{reverse("meetings:bilag_download", args=[with_file.pk])}"' in response.text
    assert "Bilag 3.2 Notat uden fil" in text
    assert response.text.count('class="bilag-link"') == 1
    assert "Fremlægges af Anne Hansen (PLO)" in text
    assert "Indstilling Det indstilles, at …" in text
    assert "Tekst uden overskrift" in text
    # An empty heading is left out, not rendered as an empty element.
    assert '<h3 class="section-heading"></h3>' not in response.text


def test_parts_are_headings_above_their_sections(client, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Status på projekterne")
    ItemSectionFactory(item=item, part="", heading="Resumé", html="<p>Kort</p>")
    ItemSectionFactory(item=item, part="Deling af lokale laboratoriesvar", heading="Indstilling")
    ItemSectionFactory(item=item, part="Deling af journalnotater", heading="Problem")

    response = page(client, meeting)

    assert '<h3 class="section-heading">Resumé</h3>' in response.text
    assert '<h3 class="item-part-heading">Deling af lokale laboratoriesvar</h3>' in response.text
    assert '<h4 class="section-heading">Indstilling</h4>' in response.text
    text = text_of(response)
    assert text.index("Deling af lokale laboratoriesvar") < text.index("Deling af journalnotater")


def test_embed_without_a_budget_says_so(client, meeting):
    # The table itself is tested from the seed in tests/meetings/test_portfolio_embeds.py.
    item = AgendaItemFactory(meeting=meeting, title="Status for budget 2025")
    ItemSectionFactory(item=item, part="Digital Almen Praksis", heading="Løsning")
    ItemEmbedFactory(item=item, part="Digital Almen Praksis", year=2025)

    text = text_of(page(client, meeting))

    assert "Budgettabel for DAP 2025: der findes endnu ikke et budget." in text


def test_generated_bilag_is_listed_with_a_note(client, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Status på øvrige projekter")
    BilagFactory(item=item, title="Monitorering", generated="project_monitoring")

    text = text_of(page(client, meeting))

    assert "Bilag 1.1 Monitorering (dannes af portalen ud fra projektdata)" in text


def test_standing_item_ends_with_the_next_meeting_sentence(client, meeting):
    AgendaItemFactory(
        meeting=meeting, title="Eventuelt og næste møde", kind="", standing="next_meeting"
    )

    text = text_of(page(client, meeting))

    assert (
        "Næste møde afholdes tirsdag d. 16. december 2025 kl. 13.00-15.00 "
        "i Indenrigs- og Sundhedsministeriet."
    ) in text


def test_decision_is_shown_under_beslutning(client, meeting):
    AgendaItemFactory(meeting=meeting, decision_html="<p>Godkendt som indstillet.</p>")
    AgendaItemFactory(meeting=meeting)

    text = text_of(page(client, meeting))

    assert "Beslutning Godkendt som indstillet." in text
    assert text.count("Beslutning") == 1


def test_secretariat_gets_a_link_to_the_editor_and_members_do_not(client, meeting):
    editor_url = reverse("meetings:meeting_edit", args=[meeting.pk])

    assert editor_url not in page(client, meeting, Role.MEMBER).text
    secretariat = page(client, meeting, Role.SECRETARIAT, username="sekretaer")
    assert editor_url in secretariat.text
    assert "Redigér dagsorden" in text_of(secretariat)
    assert reverse("meetings:meeting_history", args=[meeting.pk]) in secretariat.text
    assert reverse("meetings:meeting_minutes", args=[meeting.pk]) in secretariat.text


def assert_no_inline_script_or_style(response):
    assert " style=" not in response.text
    assert "<style" not in response.text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_pages_have_no_inline_script_or_style(client, meeting):
    """The CSP allows scripts and styles from files only; inline ones would be blocked."""
    item = AgendaItemFactory(meeting=meeting, confidential=True)
    ItemSectionFactory(item=item)
    BilagFactory(item=item, with_file=True)
    ItemEmbedFactory(item=item)

    assert_no_inline_script_or_style(client.get(reverse("login")))
    assert_no_inline_script_or_style(page(client, meeting))
    assert_no_inline_script_or_style(client.get(reverse("meetings:meeting_list")))


def build_agenda(meeting, items):
    budget = make_budget(meeting.committee, short_name=f"P{meeting.pk}", lines=4)
    budget_lines = list(budget.lines.all())
    for index in range(items):
        item = AgendaItemFactory(meeting=meeting, confidential=index % 5 == 0)
        ItemSectionFactory(item=item, heading="Indstilling")
        ItemSectionFactory(item=item, part="Del", heading="Baggrund")
        PresenterFactory(item=item)
        BilagFactory(item=item, with_file=index % 2 == 0)
        if index % 10 == 0:
            ItemEmbedFactory(item=item)
        if index % 10 == 1:  # a budget proposal with its lines, shown with the item
            proposal = BudgetProposal.objects.create(item=item, budget=budget, note="Flyt")
            for budget_line in budget_lines[:2]:
                BudgetProposalLine.objects.create(proposal=proposal, line=budget_line, amount=5)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, Role.SECRETARIAT])
def test_meeting_page_has_the_same_number_of_queries_for_10_and_60_items(
    client, dap, role, django_assert_max_num_queries
):
    small = MeetingFactory(committee=dap, title="Lille møde")
    large = MeetingFactory(committee=dap, title="Stort møde")
    build_agenda(small, 10)
    build_agenda(large, 60)
    client.force_login(member(dap, role))

    ten = count_queries(client, reverse("meetings:meeting_detail", args=[small.pk]))
    sixty = count_queries(client, reverse("meetings:meeting_detail", args=[large.pk]))

    assert sixty == ten
    with django_assert_max_num_queries(ten):
        client.get(reverse("meetings:meeting_detail", args=[large.pk]))


def test_superuser_sees_everything(client, meeting):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    item = AgendaItemFactory(meeting=meeting, confidential=True)
    ItemSectionFactory(item=item, html="<p>Hemmeligt</p>")
    client.force_login(admin)

    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))

    assert "Hemmeligt" in response.text


def test_the_meeting_heading_names_a_meeting_with_its_own_title(client):
    meeting = MeetingFactory(title="Ekstraordinært styregruppemøde")
    user = member(meeting.committee, Role.MEMBER)
    client.force_login(user)

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()

    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "Ekstraordinært styregruppemøde" in heading
    assert heading.startswith("Dagsorden til styregruppemøde for")
