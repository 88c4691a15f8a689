"""Portfolio figures on the agenda: item 8's budget table and bilag 9.1's monitoring, live
in a draft and frozen at publication, refreshed only on purpose by the secretariat."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from budgets.models import BudgetLine
from budgets.services import spent_set
from meetings.access import Viewer
from meetings.documents.render import DocumentKind, render_document
from meetings.editor.services import meeting_publish
from meetings.models import AgendaItem, AuditEntry, Bilag, ItemEmbed, Role
from projects.models import Project, StatusReport
from tests.budgets.helpers import AUGUST, PROGRAMLEDELSE, import_seed, make_budget, row_text
from tests.budgets.helpers import text_of as page_text
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db

SECRETARIAT = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)


@pytest.fixture
def draft():
    return import_seed(published=False)


@pytest.fixture
def published(draft):
    return meeting_publish(meeting=draft, actor=None)


def page(client, meeting, role=Role.MEMBER):
    client.force_login(member(meeting.committee, role))
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response


def item_8(meeting) -> AgendaItem:
    return AgendaItem.objects.filter(meeting=meeting).order_by("position")[7]


def programledelse() -> BudgetLine:
    return BudgetLine.objects.get(project__name=PROGRAMLEDELSE)


def pdf_text(meeting) -> str:
    content = render_document(meeting, SECRETARIAT, DocumentKind.DAGSORDEN).content
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# --- Item 8 of the seed -----------------------------------------------------------------------


def test_item_8_shows_the_computed_budget_table_on_the_meeting_page(client, published):
    response = page(client, published)

    assert row_text(response, PROGRAMLEDELSE).endswith("909.784 kr. 940.216 kr.")
    assert row_text(response, "Udisponerede midler") == (
        "Udisponerede midler -87.000 kr. 170.000 kr. 170.000 kr."
    )
    assert "vises her fra porteføljens data" not in page_text(response)


def test_item_8_in_the_pdf_has_the_same_figures(published):
    text = pdf_text(published)

    assert "940.216 kr." in text
    assert "170.000 kr." in text
    assert "-87.000 kr." in text


# --- Freezing at publication -------------------------------------------------------------------


def test_publishing_freezes_every_embed_and_the_monitoring_bilag(published):
    embed = ItemEmbed.objects.get(item__meeting=published)
    bilag = Bilag.objects.get(item__meeting=published, generated="project_monitoring")

    assert embed.frozen_at == published.published_at
    assert bilag.frozen_at == published.published_at
    assert embed.frozen_data["table"]["rows"][0]["project"]
    assert bilag.frozen_data["table"]["rows"]


def test_a_draft_shows_live_figures(client, draft):
    spent_set(line=programledelse(), date=AUGUST, amount=1_234_567, actor=None)

    response = page(client, draft, Role.SECRETARIAT)

    assert row_text(response, PROGRAMLEDELSE).endswith("1.234.567 kr. 615.433 kr.")


def test_members_keep_the_figures_they_were_sent_until_the_secretariat_refreshes(client, published):
    spent_set(line=programledelse(), date=AUGUST, amount=1_234_567, actor=None)

    # Members, and the PDF, keep the figure that was sent out.
    assert row_text(page(client, published), PROGRAMLEDELSE).endswith("940.216 kr.")
    assert "940.216 kr." in pdf_text(published)
    assert "615.433 kr." not in pdf_text(published)

    # The secretariat is told that newer figures exist, and refreshes them on purpose.
    secretariat = member(published.committee, Role.SECRETARIAT)
    client.force_login(secretariat)
    response = client.get(reverse("meetings:meeting_detail", args=[published.pk]))
    assert "Der findes nyere tal (ændret" in page_text(response)
    # The refresh form is on the page shared by the committee's secretariat: no CSRF token
    # in it (htmx posts it with the token of <body>'s hx-headers).
    shared = response.context["page"]
    assert "figures-refresh-form" in "".join(block.top for block in shared.blocks)
    assert "csrfmiddlewaretoken" not in "".join(block.top for block in shared.blocks)
    response = client.post(reverse("meetings:figures_refresh", args=[item_8(published).pk]))
    assert response.status_code == 302

    entry = AuditEntry.objects.get(meeting=published, action="figures_refreshed")
    assert entry.summary == "Tal opdateret i punkt 8"
    assert entry.actor == secretariat
    response = page(client, published)
    assert row_text(response, PROGRAMLEDELSE).endswith("1.234.567 kr. 615.433 kr.")
    # Members see the refresh as a change since publication.
    assert "Tallene er opdateret siden udsendelsen" in page_text(response)
    assert "615.433 kr." in pdf_text(published)
    # Nothing newer any more.
    client.force_login(secretariat)
    response = client.get(reverse("meetings:meeting_detail", args=[published.pk]))
    assert "Der findes nyere tal" not in page_text(response)


def test_the_editor_tells_the_secretariat_of_newer_figures(client, published):
    spent_set(line=programledelse(), date=AUGUST, amount=1_234_567, actor=None)
    client.force_login(member(published.committee, Role.SECRETARIAT))

    response = client.get(reverse("meetings:meeting_edit", args=[published.pk]))

    assert "Der findes nyere tal (ændret" in page_text(response)
    assert "Tal og budgetforslag" in page_text(response)


def test_an_agenda_published_before_freezing_shows_live_figures_until_saved(client, published):
    ItemEmbed.objects.filter(item__meeting=published).update(frozen_data=None, frozen_at=None)
    spent_set(line=programledelse(), date=AUGUST, amount=1_234_567, actor=None)

    assert row_text(page(client, published), PROGRAMLEDELSE).endswith("615.433 kr.")
    client.force_login(member(published.committee, Role.SECRETARIAT))
    response = client.get(reverse("meetings:meeting_detail", args=[published.pk]))
    assert "Tallene blev ikke gemt ved udsendelsen" in page_text(response)

    client.post(reverse("meetings:figures_refresh", args=[item_8(published).pk]))
    assert ItemEmbed.objects.get(item__meeting=published).frozen_data is not None


# --- The monitoring bilag ------------------------------------------------------------------


def monitoring_url(meeting) -> str:
    bilag = Bilag.objects.get(item__meeting=meeting, generated="project_monitoring")
    return reverse("meetings:monitoring_bilag", args=[bilag.pk])


def test_the_meeting_page_links_to_the_monitoring_bilag(client, published):
    response = page(client, published)

    assert monitoring_url(published) in response.text


def test_monitoring_shows_projects_with_lights_in_symbol_and_word(client, published):
    client.force_login(member(published.committee))
    project = Project.objects.filter(programme__committees=published.committee).first()

    response = client.get(monitoring_url(published))

    text = page_text(response)
    assert response.status_code == 200
    assert "Bilag 9.1 Monitorering" in text
    assert project.name in text
    for area in ("Tid", "Økonomi", "Omfang"):
        assert area in text


def test_monitoring_is_frozen_at_publication(client, published):
    project = Project.objects.filter(programme__committees=published.committee).first()
    StatusReport.objects.create(
        project=project,
        date=dt.date(2030, 1, 1),
        time="red",
        economy="red",
        scope="red",
        text="Alt er forsinket efter udsendelsen",
    )
    client.force_login(member(published.committee))
    assert "Alt er forsinket" not in page_text(client.get(monitoring_url(published)))

    client.force_login(member(published.committee, Role.SECRETARIAT))
    client.post(reverse("meetings:figures_refresh", args=[item_9(published).pk]))
    text = page_text(client.get(monitoring_url(published)))
    assert "Alt er forsinket efter udsendelsen" in text
    assert "■ Rød" in text


def item_9(meeting) -> AgendaItem:
    return AgendaItem.objects.filter(meeting=meeting).order_by("position")[8]


def test_monitoring_pdf_renders_the_table(client, published):
    client.force_login(member(published.committee))
    bilag = Bilag.objects.get(item__meeting=published, generated="project_monitoring")

    response = client.get(reverse("meetings:monitoring_pdf", args=[bilag.pk]))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "Projektmonitorering" in (reader.pages[0].extract_text() or "")


# --- The secretariat chooses embeds ----------------------------------------------------------


def test_the_secretariat_adds_and_removes_a_budget_table(client, draft):
    item = AgendaItemFactory(meeting=draft, title="Budget igen", kind="O")
    client.force_login(member(draft.committee, Role.SECRETARIAT))
    page_url = reverse("meetings:item_portfolio", args=[item.pk])
    budget = BudgetLine.objects.get(project__name=PROGRAMLEDELSE).budget

    assert client.get(page_url).status_code == 200
    response = client.post(
        reverse("meetings:embed_add", args=[item.pk]),
        {"budget": f"{budget.programme_id}:{budget.year}", "part": ""},
    )
    assert response.status_code == 302
    embed = ItemEmbed.objects.get(item=item)
    assert "940.216 kr." in client.get(page_url).text

    client.post(reverse("meetings:embed_remove", args=[embed.pk]))
    assert not ItemEmbed.objects.filter(item=item).exists()
    assert AuditEntry.objects.filter(action="embed_removed", item=item).exists()


def test_a_table_added_after_publication_is_frozen_at_once(client, published):
    item = AgendaItemFactory(meeting=published, title="Budget igen", kind="O")
    client.force_login(member(published.committee, Role.SECRETARIAT))
    budget = BudgetLine.objects.get(project__name=PROGRAMLEDELSE).budget

    client.post(
        reverse("meetings:embed_add", args=[item.pk]),
        {"budget": f"{budget.programme_id}:{budget.year}"},
    )

    assert ItemEmbed.objects.get(item=item).frozen_data is not None
    assert "Budgettabel tilføjet" in page_text(page(client, published))


def test_the_secretariat_adds_a_monitoring_bilag(client, draft):
    item = AgendaItemFactory(meeting=draft, title="Projekter", kind="O")
    client.force_login(member(draft.committee, Role.SECRETARIAT))

    client.post(reverse("meetings:monitoring_add", args=[item.pk]))

    bilag = Bilag.objects.get(item=item)
    assert bilag.generated == "project_monitoring"
    assert client.get(reverse("meetings:monitoring_bilag", args=[bilag.pk])).status_code == 200


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, Role.CHAIR])
def test_only_the_secretariat_edits_embeds(client, published, role):
    item = item_8(published)
    embed = ItemEmbed.objects.get(item=item)
    client.force_login(member(published.committee, role))

    assert client.get(reverse("meetings:item_portfolio", args=[item.pk])).status_code == 404
    for url in (
        reverse("meetings:figures_refresh", args=[item.pk]),
        reverse("meetings:embed_add", args=[item.pk]),
        reverse("meetings:embed_remove", args=[embed.pk]),
        reverse("meetings:monitoring_add", args=[item.pk]),
    ):
        assert client.post(url).status_code == 404
    assert ItemEmbed.objects.filter(pk=embed.pk).exists()
    # They read the figures, though.
    assert client.get(monitoring_url(published)).status_code == 200


def test_outsiders_get_404_for_the_monitoring_bilag(client, published):
    client.force_login(member(CommitteeFactory(short_name="ANDEN")))

    assert client.get(monitoring_url(published)).status_code == 404
    bilag = Bilag.objects.get(item__meeting=published, generated="project_monitoring")
    assert client.get(reverse("meetings:monitoring_pdf", args=[bilag.pk])).status_code == 404


def test_members_do_not_see_a_draft_monitoring_bilag(client, draft):
    client.force_login(member(draft.committee))

    assert client.get(monitoring_url(draft)).status_code == 404


# --- Queries ---------------------------------------------------------------------------------


def _meeting_with_embeds(committee, short_name: str, lines: int, embeds: int):
    make_budget(committee, short_name=short_name, lines=lines)
    meeting = MeetingFactory(committee=committee, title=f"Møde {short_name}", status="draft")
    programme = committee.programmes.get(short_name=short_name)
    for _ in range(embeds):
        item = AgendaItemFactory(meeting=meeting, title="Budget", kind="O")
        ItemEmbed.objects.create(
            item=item, position=1, type="budget_table", programme=programme, year=2025
        )
    return meeting


@pytest.mark.parametrize(
    ("role", "publish"),
    [(Role.MEMBER, True), (Role.SECRETARIAT, True), (Role.SECRETARIAT, False)],
)
def test_meeting_page_queries_do_not_grow_with_embeds(client, role, publish):
    committee = CommitteeFactory(short_name="Q")
    small = _meeting_with_embeds(committee, "SM", lines=2, embeds=1)
    large = _meeting_with_embeds(committee, "LG", lines=25, embeds=6)
    if publish:
        small = meeting_publish(meeting=small, actor=None)
        large = meeting_publish(meeting=large, actor=None)
    client.force_login(member(committee, role))

    counts = []
    for meeting in (small, large):
        # A first visit records it; count a later one, as members mostly make.
        client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert "Udisponerede midler" in response.text
