"""Pages that cost what they show: the meeting page, the overview and the agenda PDF are
served from the shared cache until a write changes what they show, and nobody's own parts
(notes, what is new since their visit, CSRF tokens) leak into another's page."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.changes import page_versions
from meetings.documents import render
from meetings.editor.items import section_update
from meetings.member import services as notes
from meetings.models import AgendaItem, Committee, Meeting, Role
from projects.services import record_change
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    ProgrammeFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def meeting(dap):
    meeting = MeetingFactory(committee=dap, published_at=timezone.now())
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    ItemSectionFactory(item=item, heading="Indstilling", html="<p>Første tekst.</p>")
    BilagFactory(item=item, with_file=True)
    return meeting


def page(client, meeting) -> str:
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.text


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_second_member_gets_the_page_without_the_agenda_queries(client, dap, meeting):
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    client.force_login(member(dap, Role.MEMBER))
    first = queries(client, url)
    client.force_login(member(dap, Role.MEMBER))

    second = queries(client, url)

    assert second < first
    assert "Første tekst." in page(client, meeting)


def test_a_write_through_a_service_shows_at_once(client, dap, meeting):
    secretary = member(dap, Role.SECRETARIAT)
    client.force_login(member(dap, Role.MEMBER))
    assert "Første tekst." in page(client, meeting)
    section = meeting.items.get().sections.get()

    section_update(
        section=section,
        actor=secretary,
        version=section.version,
        heading="Indstilling",
        html="<p>Ny tekst.</p>",
    )

    text = page(client, meeting)
    assert "Ny tekst." in text
    assert "Første tekst." not in text


def test_an_admin_write_shows_at_once(client, dap, meeting):
    client.force_login(member(dap, Role.MEMBER))
    assert "Kronikerpakker" in page(client, meeting)
    item = meeting.items.get()
    item.title = "Kronikerpakker (rettet i admin)"
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)

    admin.site._registry[AgendaItem].save_model(request, item, form=None, change=True)

    assert "Kronikerpakker (rettet i admin)" in page(client, meeting)


def test_an_admin_rename_of_the_committee_shows_on_its_meetings(
    client, dap, meeting, django_capture_on_commit_callbacks
):
    client.force_login(member(dap, Role.MEMBER))
    page(client, meeting)
    dap.name = "Styregruppen (nyt navn)"
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)

    # The committee's token changes when the admin's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Committee].save_model(request, dap, form=None, change=True)

    assert "Styregruppen (nyt navn)" in page(client, meeting)


def test_notes_and_csrf_tokens_are_each_users_own(client, dap, meeting):
    anne, bo = member(dap, Role.MEMBER), member(dap, Role.MEMBER)
    notes.note_save(user=anne, item=meeting.items.get(), text="Annes hemmelige note")
    client.force_login(anne)
    annes = page(client, meeting)
    client.force_login(bo)

    bos = page(client, meeting)

    assert "Annes hemmelige note" in annes
    assert "Annes hemmelige note" not in bos
    assert "Kronikerpakker" in bos
    assert "<!--dap:" not in bos
    assert bos.count('name="csrfmiddlewaretoken"') == annes.count('name="csrfmiddlewaretoken"')


class NoteTokens(HTMLParser):
    """The CSRF token of each note form on a page, by the form's id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.form: str | None = None
        self.tokens: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.form = found.get("id")
        elif tag == "input" and found.get("name") == "csrfmiddlewaretoken" and self.form:
            self.tokens[self.form] = found["value"]


def shared_html(response) -> str:
    shared = response.context["page"]
    return shared.head + shared.intro + "".join(b.top + b.decision for b in shared.blocks)


def test_members_with_the_same_access_share_one_cached_page(client, dap, meeting):
    secretary = member(dap, Role.SECRETARIAT)
    anne, bo = member(dap, Role.MEMBER), member(dap, Role.MEMBER)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    client.force_login(anne)
    client.get(url)  # Anne has been here; Bo has not
    item = meeting.items.get()
    notes.note_save(user=anne, item=item, text="Annes hemmelige note")
    section = item.sections.get()
    section_update(
        section=section,
        actor=secretary,
        version=section.version,
        heading="Indstilling",
        html="<p>Ny tekst.</p>",
    )

    annes = client.get(url)
    client.force_login(bo)
    bos = client.get(url)

    # One shared page, with nothing of Anne's own in it: her note, her token, her news.
    assert annes.context["page"] == bos.context["page"]
    shared = shared_html(annes)
    assert "Ny tekst." in shared
    assert "Annes hemmelige note" not in shared
    assert "csrfmiddlewaretoken" not in shared
    assert "siden dit sidste besøg" not in shared
    # Around it, each member's own.
    assert "Annes hemmelige note" in annes.text
    assert "1 ændring siden dit sidste besøg" in annes.text
    assert "Annes hemmelige note" not in bos.text
    assert "siden dit sidste besøg" not in bos.text


def test_each_members_note_form_carries_their_own_csrf_token(dap, meeting):
    """The note form works without JavaScript (a plain POST) for its member only."""
    item = meeting.items.get()
    form = f"note-item-{item.pk}"
    url = reverse("meetings:note_item", args=[item.pk])
    clients, tokens = {}, {}
    for name in ("anne", "bo"):
        clients[name] = Client(enforce_csrf_checks=True)
        clients[name].force_login(member(dap, Role.MEMBER))
        tokens[name] = NoteTokens(page(clients[name], meeting)).tokens[form]

    refused = clients["bo"].post(url, {"text": "Bos note", "csrfmiddlewaretoken": tokens["anne"]})
    saved = clients["bo"].post(url, {"text": "Bos note", "csrfmiddlewaretoken": tokens["bo"]})

    assert refused.status_code == 403
    assert saved.status_code == 302
    assert "Bos note" in page(clients["bo"], meeting)
    assert "Bos note" not in page(clients["anne"], meeting)


def test_an_empty_note_form_comes_from_the_shared_page_around_the_members_token(dap, meeting):
    """A member without a note on an item gets its note form from the cached page, with their
    own CSRF token in it; a member with a note gets their own form rendered for them."""
    item = meeting.items.get()
    form = f"note-item-{item.pk}"
    note_form = "meetings/member/_note_form.html"
    anne, bo = member(dap, Role.MEMBER), member(dap, Role.MEMBER)
    notes.note_save(user=anne, item=item, text="Annes note")
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    clients = {}
    for name, user in (("anne", anne), ("bo", bo)):
        clients[name] = Client()
        clients[name].force_login(user)
    clients["bo"].get(url)  # the shared page is built and kept

    bos = clients["bo"].get(url)
    annes = clients["anne"].get(url)

    assert note_form not in [template.name for template in bos.templates]
    assert note_form in [template.name for template in annes.templates]
    assert NoteTokens(bos.text).tokens[form] != NoteTokens(annes.text).tokens[form]
    assert f'id="{form}"' in bos.text
    assert "Skriv en note" in bos.text
    assert "Annes note" in annes.text
    assert "Annes note" not in bos.text


def test_what_is_new_since_the_last_visit_is_each_users_own(client, dap, meeting):
    secretary = member(dap, Role.SECRETARIAT)
    anne, bo = member(dap, Role.MEMBER), member(dap, Role.MEMBER)
    client.force_login(anne)
    page(client, meeting)  # Anne has seen the agenda; Bo has not
    section = meeting.items.get().sections.get()
    section_update(
        section=section,
        actor=secretary,
        version=section.version,
        heading="Indstilling",
        html="<p>Ny tekst.</p>",
    )

    annes = page(client, meeting)
    client.force_login(bo)
    bos = page(client, meeting)

    assert "1 ændring siden dit sidste besøg" in annes
    assert "siden dit sidste besøg" not in bos


def test_a_closed_item_is_not_served_from_a_members_cache_to_an_observer(client, dap, meeting):
    item = AgendaItemFactory(meeting=meeting, confidential=True, title="Lukket sag")
    ItemSectionFactory(item=item, html="<p>Fortroligt indhold</p>")
    client.force_login(member(dap, Role.MEMBER))
    assert "Fortroligt indhold" in page(client, meeting)
    client.force_login(member(dap, Role.OBSERVER))

    assert "Fortroligt indhold" not in page(client, meeting)


def test_an_item_restricted_to_named_members_stays_theirs(client, dap, meeting):
    named = member(dap, Role.MEMBER)
    item = AgendaItemFactory(meeting=meeting, confidential=True, restricted_to=[named])
    ItemSectionFactory(item=item, html="<p>Kun for de navngivne</p>")
    client.force_login(named)
    assert "Kun for de navngivne" in page(client, meeting)
    client.force_login(member(dap, Role.MEMBER))

    assert "Kun for de navngivne" not in page(client, meeting)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, Role.SECRETARIAT])
def test_a_cached_meeting_page_has_the_same_queries_at_two_sizes(client, dap, role):
    small = MeetingFactory(committee=dap, title="Lille", published_at=timezone.now())
    large = MeetingFactory(committee=dap, title="Stort", published_at=timezone.now())
    for meeting, count in ((small, 3), (large, 30)):
        for n in range(count):
            item = AgendaItemFactory(meeting=meeting, confidential=n % 4 == 0)
            ItemSectionFactory(item=item)
            BilagFactory(item=item, with_file=True)
    client.force_login(member(dap, role))
    counts = {}
    for meeting in (small, large):
        url = reverse("meetings:meeting_detail", args=[meeting.pk])
        queries(client, url)  # fills the cache and records the first visit
        counts[meeting.title] = queries(client, url)

    assert counts["Lille"] == counts["Stort"]


def test_the_overview_is_cached_per_user_until_their_meetings_change(client, dap, meeting):
    url = reverse("meetings:meeting_list")
    client.force_login(member(dap, Role.MEMBER))
    assert "Ikke set" in client.get(url).text
    first = queries(client, url)

    page(client, meeting)  # the visit changes what the overview says
    assert "Ikke set" not in client.get(url).text
    later = MeetingFactory(
        committee=dap,
        title="Ekstraordinært møde",
        date=timezone.localdate() + dt.timedelta(days=3),
        published_at=timezone.now(),
    )
    assert "Ekstraordinært møde" in client.get(url).text
    assert later.pk
    assert queries(client, url) <= first


# --- The agenda PDF: found by its fingerprint before any HTML is built ---------------------


def test_cached_agenda_pdf_is_found_without_building_its_html(client, dap, meeting, monkeypatch):
    url = reverse("meetings:agenda_pdf", args=[meeting.pk])
    client.force_login(member(dap, Role.MEMBER))
    first = client.get(url)
    content = b"".join(first.streaming_content)

    def no_html(*args, **kwargs):
        raise AssertionError("the HTML was built for a PDF that was in the cache")

    monkeypatch.setattr(render, "document_html", no_html)
    client.force_login(member(dap, Role.MEMBER))  # another member, same access level
    second = client.get(url)

    assert second.status_code == 200
    assert second.streaming
    assert b"".join(second.streaming_content) == content
    assert content.startswith(b"%PDF")


def test_a_changed_agenda_gets_a_new_pdf(client, dap, meeting):
    url = reverse("meetings:agenda_pdf", args=[meeting.pk])
    client.force_login(member(dap, Role.MEMBER))
    before = b"".join(client.get(url).streaming_content)
    item = meeting.items.get()
    item.title = "Kronikerpakker, ny titel"
    item.save()
    before_touch = b"".join(client.get(url).streaming_content)
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 5)

    after = b"".join(client.get(url).streaming_content)

    assert before_touch == before  # nothing bumped the version: the fingerprint still holds
    assert after != before


def test_a_portfolio_write_changes_the_portfolio_version(django_capture_on_commit_callbacks):
    before = page_versions([])[1]

    with django_capture_on_commit_callbacks(execute=True):
        record_change(
            actor=None,
            programme=ProgrammeFactory(),
            subject_type="budget",
            subject_id=1,
            action="budget_total_set",
            summary="Total ændret",
        )

    assert page_versions([])[1] != before


def test_the_observer_and_the_member_get_different_pdfs(client, dap, meeting):
    item = AgendaItemFactory(meeting=meeting, confidential=True, title="Lukket punkt i PDF")
    ItemSectionFactory(item=item, html="<p>Fortroligt i PDF</p>")
    url = reverse("meetings:agenda_pdf", args=[meeting.pk])
    client.force_login(member(dap, Role.MEMBER))
    members = b"".join(client.get(url).streaming_content)
    client.force_login(member(dap, Role.OBSERVER))

    observers = b"".join(client.get(url).streaming_content)

    assert members != observers


def test_a_visit_is_written_only_when_it_changes_what_is_new(client, dap, meeting):
    from meetings.models import MeetingVisit

    secretary = member(dap, Role.SECRETARIAT)
    anne = member(dap, Role.MEMBER)
    client.force_login(anne)
    page(client, meeting)
    first = MeetingVisit.objects.get(user=anne).last_seen_at

    page(client, meeting)  # nothing new since: the visit recorded stays as it is
    assert MeetingVisit.objects.get(user=anne).last_seen_at == first
    assert "Intet nyt" in client.get(reverse("meetings:meeting_list")).text

    section = meeting.items.get().sections.get()
    section_update(
        section=section,
        actor=secretary,
        version=section.version,
        heading="Indstilling",
        html="<p>Ny tekst.</p>",
    )
    assert "1 ændring siden dit sidste besøg" in page(client, meeting)
    assert MeetingVisit.objects.get(user=anne).last_seen_at > first
    assert "siden dit sidste besøg" not in page(client, meeting)
