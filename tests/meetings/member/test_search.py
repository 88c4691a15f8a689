"""Search finds what the user may read and nothing else; ranked and highlighted on PostgreSQL,
a plain match on SQLite. Runs on whichever database the tests use."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from meetings.member.search import Filters, search
from meetings.models import MeetingStatus, Role
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemEmbedFactory,
    ItemSectionFactory,
    MeetingFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


def titles(hits) -> set[str]:
    return {hit.title for hit in hits}


def test_finds_titles_sections_decisions_and_bilag_text(dap):
    meeting = MeetingFactory(committee=dap)
    titled = AgendaItemFactory(meeting=meeting, title="Kronikerpakker for KOL")
    section_item = AgendaItemFactory(meeting=meeting, title="Forløbsplaner")
    ItemSectionFactory(
        item=section_item, heading="Baggrund", html="<p>Om telemedicin i hjemmet</p>"
    )
    decided = AgendaItemFactory(
        meeting=meeting, title="Budget", decision_html="<p>Styregruppen godkendte rammen</p>"
    )
    BilagFactory(item=decided, title="Analyse", text="Rapporten om datadeling mellem regionerne")
    user = member(dap, Role.MEMBER)

    assert titled in [hit.item for hit in search(user, "Kronikerpakker")]
    assert [(hit.title, hit.section) for hit in search(user, "telemedicin")] == [
        ("Forløbsplaner", "Baggrund")
    ]
    assert [hit.kind for hit in search(user, "rammen")] == ["Beslutning"]
    assert [hit.kind for hit in search(user, "datadeling")] == ["Bilag"]


def test_a_confidential_item_gives_no_hit_to_a_member_without_access(dap):
    meeting = MeetingFactory(committee=dap)
    chair = member(dap, Role.CHAIR)
    other_member = member(dap, Role.MEMBER)
    observer = member(dap, Role.OBSERVER)
    closed = AgendaItemFactory(meeting=meeting, title="Leverandørforhandling", confidential=True)
    ItemSectionFactory(item=closed, html="<p>Forhandlingsoplæg hemmelighedsfuldt</p>")
    BilagFactory(item=closed, title="Tilbud", text="hemmelighedsfuldt tilbud")
    narrowed = AgendaItemFactory(meeting=meeting, title="Personalesag", confidential=True)
    narrowed.restricted_to.set([chair])
    ItemSectionFactory(item=narrowed, html="<p>Personsag hemmelighedsfuldt</p>")
    open_item = AgendaItemFactory(meeting=meeting, title="Åbent punkt")
    BilagFactory(
        item=open_item, title="Fortroligt notat", confidential=True, text="hemmelighedsfuldt"
    )

    assert search(observer, "hemmelighedsfuldt") == []
    assert search(observer, "Leverandørforhandling") == []
    member_hits = {hit.item.title for hit in search(other_member, "hemmelighedsfuldt")}
    assert member_hits == {"Leverandørforhandling", "Åbent punkt"}  # not the narrowed one
    chair_hits = {hit.item.title for hit in search(chair, "hemmelighedsfuldt")}
    assert chair_hits == {"Leverandørforhandling", "Personalesag", "Åbent punkt"}


def test_drafts_and_other_committees_are_not_searched(dap):
    draft = MeetingFactory(committee=dap, status=MeetingStatus.DRAFT)
    AgendaItemFactory(meeting=draft, title="Kladdepunkt om hjemmemonitorering")
    other = MeetingFactory(committee=CommitteeFactory(short_name="FP"))
    AgendaItemFactory(meeting=other, title="Andet udvalg om hjemmemonitorering")
    assert search(member(dap, Role.MEMBER), "hjemmemonitorering") == []
    secretary = member(dap, Role.SECRETARIAT)
    assert titles(search(secretary, "hjemmemonitorering")) == {"Kladdepunkt om hjemmemonitorering"}


def test_filters_by_committee_year_and_project(dap):
    import datetime as dt

    from tests.factories import ProjectFactory

    fp = CommitteeFactory(short_name="FP")
    user = member(dap, Role.MEMBER)
    from meetings.models import Membership

    Membership.objects.create(user=user, committee=fp, role=Role.MEMBER)
    project = ProjectFactory()
    a = AgendaItemFactory(
        meeting=MeetingFactory(committee=dap, date=dt.date(2024, 5, 1)), title="Datadeling A"
    )
    a.projects.set([project])
    AgendaItemFactory(
        meeting=MeetingFactory(committee=fp, date=dt.date(2025, 5, 1)), title="Datadeling B"
    )

    assert titles(search(user, "Datadeling")) == {"Datadeling A", "Datadeling B"}
    assert titles(search(user, "Datadeling", Filters(committee=fp.pk))) == {"Datadeling B"}
    assert titles(search(user, "Datadeling", Filters(year=2024))) == {"Datadeling A"}
    assert titles(search(user, "Datadeling", Filters(project=project.pk))) == {"Datadeling A"}


def test_the_page_escapes_the_text_and_marks_the_hit(client, dap):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap), title="Sikkerhed")
    ItemSectionFactory(
        item=item, html="<p>&lt;script&gt;alert(1)&lt;/script&gt; sårbarhed fundet</p>"
    )
    client.force_login(member(dap, Role.MEMBER))
    text = client.get(reverse("member:search"), {"q": "sårbarhed"}).text
    assert "<mark>sårbarhed</mark>" in text
    assert "<script>alert" not in text
    assert "script&gt;alert(1)&lt;/script&gt;" in text  # shown as text, escaped
    assert f"#item-{item.pk}" in text


# --- What a hit and an empty result tell the reader -------------------------------------------


def _text(response) -> str:
    body = re.sub(r"<(script|style|title)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_a_hit_names_the_meeting_date_the_item_number_and_the_section(client, dap):
    meeting = MeetingFactory(committee=dap, date=dt.date(2025, 10, 6))
    AgendaItemFactory(meeting=meeting, title="Godkendelse af dagsorden")
    item = AgendaItemFactory(meeting=meeting, title="Status for budget 2025")
    ItemSectionFactory(
        item=item, heading="Indstilling", html="<p>Budgettet tages til efterretning</p>"
    )
    client.force_login(member(dap, Role.MEMBER))

    text = _text(client.get(reverse("member:search"), {"q": "efterretning"}))

    assert "møde mandag d. 6. oktober 2025 · punkt 2" in text
    assert "2. Status for budget 2025" in text
    assert "Fundet i afsnittet »Indstilling«" in text


def test_no_results_says_what_was_searched_where_and_suggests_fewer_words(client, dap):
    MeetingFactory(committee=dap)
    MeetingFactory(committee=dap)
    client.force_login(member(dap, Role.MEMBER))

    text = _text(client.get(reverse("member:search"), {"q": "budget kvartal opfølgning"}))

    assert "0 resultater" in text
    assert "Der er ingen resultater for »budget kvartal opfølgning«" in text
    assert "Prøv med færre ord" in text
    assert "opfølgning" in text
    assert (
        "punkternes titler, tekst og beslutninger og i bilagenes titler og tekst i 2 møder" in text
    )

    filtered = _text(
        client.get(reverse("member:search"), {"q": "budget", "styregruppe": str(dap.pk)})
    )
    assert "Søg uden filtre i alle møder" in filtered


@pytest.mark.parametrize("count", [2, 12])
def test_the_search_page_makes_a_fixed_number_of_queries(
    client, dap, count, django_assert_max_num_queries
):
    for number in range(count):
        meeting = MeetingFactory(committee=dap)
        item = AgendaItemFactory(meeting=meeting, title=f"Datadeling {number}")
        ItemSectionFactory(item=item, heading="Baggrund", html="<p>Om datadeling</p>")
        BilagFactory(item=item, title=f"Datadeling bilag {number}", text="datadeling")
    client.force_login(member(dap, Role.MEMBER))

    # 15: one of them looks in the member's own highlights and notes in bilag (issue 25).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("member:search"), {"q": "datadeling"})
    assert "punkt 1" in _text(response)
    with django_assert_max_num_queries(15):
        client.get(reverse("member:search"), {"q": "findes ikke noget sted"})


def test_the_count_is_the_heading_the_hits_sit_under(client, dap):
    """Issue 23: role=status took the heading away, so the hits' h3 followed the h1."""
    AgendaItemFactory(meeting=MeetingFactory(committee=dap), title="Kronikerpakker")
    client.force_login(member(dap, Role.MEMBER))

    response = client.get(reverse("member:search"), {"q": "Kronikerpakker"})

    assertContains(response, '<h2 class="search-count">1 resultat</h2>', html=True)


def test_finds_a_project_in_an_items_budget_table_as_it_was_sent(client, dap):
    """Issue 23.16: "Intelligent indbakke" stands only in item 8's budget table."""
    meeting = MeetingFactory(committee=dap)
    budget = AgendaItemFactory(meeting=meeting, title="Økonomi")
    closed = AgendaItemFactory(meeting=meeting, title="Lukket økonomi", confidential=True)
    row = {"project_id": 1, "amounts": [100], "spent": 10, "spent_date": None}
    for item, project in ((budget, "Intelligent indbakke"), (closed, "Hemmeligt projekt")):
        ItemEmbedFactory(
            item=item,
            frozen_data={
                "table": {
                    "programme_name": "Digital Almen Praksis",
                    "rows": [row | {"project": project}],
                }
            },
        )
    user = member(dap, Role.OBSERVER)

    [hit] = search(user, "intelligent indbakke")
    assert (hit.kind, hit.item, hit.where) == ("Tabel", budget, "i punktets budgettabel")
    assert "<mark>Intelligent indbakke</mark>" in hit.snippet
    assert search(user, "Hemmeligt projekt") == []  # a closed item's table follows its access
