"""The member's overview and meeting page: what is new since their last visit, folded
sections, and a fixed number of queries whatever the size."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.member.pagecache import micros
from meetings.models import AuditEntry, MeetingStatus, MeetingVisit, Role
from meetings.writes import touch
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def build(meeting, items: int) -> None:
    for n in range(items):
        item = AgendaItemFactory(meeting=meeting, confidential=n % 5 == 0)
        ItemSectionFactory(item=item, heading="Indstilling")
        ItemSectionFactory(item=item, heading="Baggrund", html="<p>Baggrundstekst</p>")
        BilagFactory(item=item, with_file=True)


def test_overview_shows_agenda_bilag_and_what_is_new_since_the_last_visit(client, dap):
    today = timezone.localdate()
    upcoming = MeetingFactory(
        committee=dap, date=today + dt.timedelta(days=10), published_at=timezone.now()
    )
    item = AgendaItemFactory(meeting=upcoming)
    BilagFactory(item=item, with_file=True)
    BilagFactory(item=item, with_file=True)
    BilagFactory(item=AgendaItemFactory(meeting=upcoming, confidential=True), with_file=True)
    observer = member(dap, Role.OBSERVER)
    client.force_login(observer)

    first = client.get(reverse("meetings:meeting_list")).text
    assert "Dagsorden udsendt, 2 bilag" in first  # the closed item's bilag is not counted
    assert "Ikke set" in first

    client.get(reverse("meetings:meeting_detail", args=[upcoming.pk]))
    assert MeetingVisit.objects.filter(user=observer, meeting=upcoming).exists()
    assert "Intet nyt" in client.get(reverse("meetings:meeting_list")).text

    AuditEntry.objects.create(
        meeting=upcoming, item=item, action="section_updated", summary="Tekst ændret"
    )
    touch(upcoming)  # as the service that changed the section does
    assert "1 ændring" in client.get(reverse("meetings:meeting_list")).text


def test_overview_links_the_minutes_of_past_meetings_once_approved(client, dap):
    past = MeetingFactory(
        committee=dap, date=dt.date(2024, 3, 1), status=MeetingStatus.MINUTES_APPROVED
    )
    client.force_login(member(dap, Role.MEMBER))
    text = client.get(reverse("meetings:meeting_list")).text
    assert reverse("meetings:minutes_pdf", args=[past.pk]) in text


def test_overview_has_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small, large = CommitteeFactory(short_name="LI"), CommitteeFactory(short_name="ST")
    for committee, count in ((small, 3), (large, 30)):
        for n in range(count):
            meeting = MeetingFactory(
                committee=committee,
                date=dt.date(2025, 1, 1) + dt.timedelta(days=n * 7),
                published_at=timezone.now(),
            )
            build(meeting, 2)
    client.force_login(member(small, Role.MEMBER, username="lille"))
    few = count_queries(client, reverse("meetings:meeting_list"))
    client.force_login(member(large, Role.MEMBER, username="stor"))
    with django_assert_max_num_queries(few):
        response = client.get(reverse("meetings:meeting_list"))
    assert response.text.count("<tr>") == 30 + 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER])
def test_meeting_page_has_a_fixed_number_of_queries(
    client, dap, role, django_assert_max_num_queries
):
    small = MeetingFactory(committee=dap, title="Lille møde", published_at=timezone.now())
    large = MeetingFactory(committee=dap, title="Stort møde", published_at=timezone.now())
    build(small, 4)
    build(large, 40)
    client.force_login(member(dap, role))
    count_queries(client, reverse("meetings:meeting_detail", args=[small.pk]))  # first visit
    count_queries(client, reverse("meetings:meeting_detail", args=[large.pk]))
    few = count_queries(client, reverse("meetings:meeting_detail", args=[small.pk]))
    with django_assert_max_num_queries(few):
        client.get(reverse("meetings:meeting_detail", args=[large.pk]))


def test_meeting_page_shows_indstilling_and_folds_the_rest(client, dap):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting, kind="B", duration_minutes=15)
    ItemSectionFactory(item=item, heading="Indstilling", html="<p>Det indstilles at godkende.</p>")
    ItemSectionFactory(item=item, heading="Baggrund", html="<p>Lang baggrund.</p>")
    client.force_login(member(dap, Role.MEMBER))
    text = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    indstilling = text.index("Det indstilles at godkende.")
    fold = text.index('<details class="section-fold">')
    assert indstilling < fold < text.index("Lang baggrund.")
    assert "15 min." in text
    assert "kl. 13.00-13.15" in text


def test_changes_since_the_last_visit_are_marked_on_the_item(client, dap):
    meeting = MeetingFactory(committee=dap, published_at=timezone.now() - dt.timedelta(days=2))
    item = AgendaItemFactory(meeting=meeting)
    secretary = member(dap, Role.SECRETARIAT)
    reader = member(dap, Role.MEMBER)
    MeetingVisit.objects.create(
        user=reader, meeting=meeting, last_seen_at=timezone.now() - dt.timedelta(days=1)
    )
    AuditEntry.objects.create(
        meeting=meeting, actor=secretary, item=item, action="bilag_uploaded", summary="Bilag"
    )
    client.force_login(reader)
    text = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert "1 ændring siden dit sidste besøg" in text
    again = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).text
    assert "siden dit sidste besøg" not in again


class Marks(HTMLParser):
    """The page's last visit and each item's change times, as since-visit.js reads them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.last_visit: int | None = None
        self.changed_at: dict[str, list[int]] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("data-last-visit"):
            self.last_visit = int(found["data-last-visit"])
        if found.get("data-changed-at"):
            self.changed_at[found["id"]] = [int(at) for at in found["data-changed-at"].split()]

    def fresh(self, item) -> int:
        """How many changes since the last visit the item is marked with in the browser."""
        moments = self.changed_at.get(f"item-{item.pk}", [])
        return sum(at > self.last_visit for at in moments) if self.last_visit else 0


def test_a_member_who_visited_gets_the_page_after_the_secretariat_edits_it(client, dap):
    """Issue 20: on SQLite the last visit came back naive and the second visit was a 500."""
    meeting = MeetingFactory(committee=dap, published_at=timezone.now() - dt.timedelta(days=2))
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    untouched = AgendaItemFactory(meeting=meeting, title="Eventuelt")
    section = ItemSectionFactory(item=item, heading="Indstilling", html="<p>Første tekst.</p>")
    reader, secretary = member(dap, Role.MEMBER), member(dap, Role.SECRETARIAT)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    client.force_login(reader)
    assert client.get(url).status_code == 200

    client.force_login(secretary)
    edited = client.post(
        reverse("meetings:section_edit", args=[section.pk]),
        {
            "heading": "Indstilling",
            "part": section.part,
            "html": "<p>Ny tekst.</p>",
            "version": section.version,
        },
    )
    assert edited.status_code in (200, 302)
    client.force_login(reader)
    response = client.get(url)

    assert response.status_code == 200
    assert "Ny tekst." in response.text
    assert "1 ændring siden dit sidste besøg" in response.text
    marks = Marks(response.text)
    assert marks.fresh(item) == 1
    assert marks.fresh(untouched) == 0
    seen = MeetingVisit.objects.get(user=reader, meeting=meeting).last_seen_at
    assert marks.last_visit < micros(seen)  # the visit before this one, now recorded anew
