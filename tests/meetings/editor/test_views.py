"""The secretariat's agenda editor as it answers in the browser: htmx partials, plain fallbacks,
access (404 for everyone else), messages a person reads, and fixed numbers of queries."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings.editor import items as item_services
from meetings.editor import services as editor_services
from meetings.models import (
    AgendaItem,
    AuditEntry,
    Meeting,
    MeetingStatus,
    Role,
)
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    PresenterFactory,
    member,
)
from tests.meetings.editing import (
    HTMX,
    build_agenda,
    count_queries,
    editing_urls,
    url,
)
from tests.meetings.member.test_meeting_page import assert_no_inline_script_or_style, text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CHAIR, Role.MEMBER, Role.OBSERVER, "other_secretariat"])
def test_no_one_but_the_secretariat_reaches_an_editing_url(client, dap, role):
    meeting = MeetingFactory(committee=dap)  # published: members may read it
    urls = editing_urls(meeting)
    if role == "other_secretariat":
        other = CommitteeFactory(name="Styregruppen for Andet", short_name="AN")
        user = member(other, Role.SECRETARIAT)
    else:
        user = member(dap, role)
    client.force_login(user)
    before = AuditEntry.objects.count()

    for address in urls:
        # 405 for a method the URL never takes; 404 for the one it does.
        answers = {
            client.get(address).status_code,
            client.post(address, {"title": "x"}).status_code,
            client.post(address, {"title": "x"}, **HTMX).status_code,
        }
        assert 404 in answers, address
        assert answers <= {404, 405}, address

    assert AuditEntry.objects.count() == before
    if role != "other_secretariat":
        assert client.get(url("meeting_create")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, meeting):
    response = client.get(url("meeting_edit", meeting.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_members_never_see_a_draft(client, dap, meeting):
    client.force_login(member(dap, Role.CHAIR))

    assert client.get(url("meeting_detail", meeting.pk)).status_code == 404
    assert meeting.title not in client.get(url("meeting_list")).text


def test_a_draft_cancelled_before_publication_stays_hidden(client, dap, meeting, secretary):
    editor_services.meeting_cancel(meeting=meeting, actor=secretary)
    client.force_login(member(dap, Role.MEMBER))

    assert client.get(url("meeting_detail", meeting.pk)).status_code == 404


def test_editor_page_shows_items_time_plan_and_tools(as_secretary, meeting):
    AgendaItemFactory(meeting=meeting, title="Meddelelser", kind="", duration_minutes=5)
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker", duration_minutes=10)
    BilagFactory(item=item, with_file=True, title="Analyse")
    ItemSectionFactory(item=item, heading="Indstilling", html="<p>Det indstilles</p>")

    response = as_secretary.get(url("meeting_edit", meeting.pk))

    assert response.status_code == 200
    text = text_of(response)
    assert "Redigér dagsorden" in text
    assert (
        "Tidsplan kl. 13.00 1. Meddelelser (5 min.) kl. 13.05 2. Kronikerpakker (O) (10 min.)"
        in text
    )
    assert "I alt 15 min. (kl. 13.00-13.15). Mødet slutter kl. 15.00." in text
    assert "Bilag 2.1 Analyse" in text
    assert "Udsend dagsorden" in text
    for heading in ["Resumé", "Indstilling", "Baggrund", "Videre proces"]:
        assert f">{heading}</a>" in response.text
    assert 'data-sortable="items"' in response.text
    assert_no_inline_script_or_style(response)


def test_editor_warns_when_the_items_run_past_the_end_time(as_secretary, meeting):
    for _ in range(5):
        AgendaItemFactory(meeting=meeting, duration_minutes=30)

    text = text_of(as_secretary.get(url("meeting_edit", meeting.pk)))

    assert "Punkterne varer 30 min. længere end mødet" in text
    assert "Sidste punkt slutter kl. 15.30, men mødet slutter kl. 15.00." in text


def test_editor_page_issues_the_same_number_of_queries_for_10_and_60_items(
    as_secretary, dap, django_assert_max_num_queries
):
    small = MeetingFactory(committee=dap, title="Lille")
    large = MeetingFactory(committee=dap, title="Stort")
    build_agenda(small, 10)
    build_agenda(large, 60)

    ten = count_queries(as_secretary, url("meeting_edit", small.pk))
    sixty = count_queries(as_secretary, url("meeting_edit", large.pk))

    assert sixty == ten
    with django_assert_max_num_queries(ten):
        as_secretary.get(url("meeting_edit", large.pk))


def test_the_seed_like_agenda_renders_in_the_editor_for_a_superuser(client, meeting):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    AgendaItemFactory(meeting=meeting, title="Hemmeligt punkt", confidential=True)

    assert "Hemmeligt punkt" in text_of(client.get(url("meeting_edit", meeting.pk)))


def test_adding_an_item_answers_with_the_card_numbers_and_time_plan(as_secretary, dap, secretary):
    meeting = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 2, 2)
    )
    meeting.start_time = dt.time(13)
    meeting.save()

    response = as_secretary.post(
        url("item_add", meeting.pk),
        {"title": "Kronikerpakker", "kind": "O", "duration_minutes": "10"},
        **HTMX,
    )

    assert response.status_code == 200
    new = meeting.items.get(title="Kronikerpakker")
    eventuelt = meeting.items.get(standing="next_meeting")
    assert f'hx-swap-oob="beforebegin:#item-{eventuelt.pk}"' in response.text
    assert f'id="item-{new.pk}"' in response.text
    assert (
        f'<span id="item-num-{eventuelt.pk}" class="item-number" hx-swap-oob="true">3.</span>'
        in (response.text)
    )
    assert "kl. 13.05 2. Kronikerpakker (O) (10 min.)" in text_of(response)
    assert 'id="nyt-punkt"' in response.text  # a fresh form for the next item


def test_reorder_answers_with_the_new_time_plan_and_numbers(as_secretary, meeting):
    one, two, three = (
        AgendaItemFactory(meeting=meeting, title=title, duration_minutes=minutes)
        for title, minutes in (("Et", 5), ("To", 10), ("Tre", 20))
    )

    response = as_secretary.post(
        url("items_reorder", meeting.pk), {"item": [three.pk, one.pk, two.pk]}, **HTMX
    )

    text = text_of(response)
    assert (
        "kl. 13.00 1. Tre (O) (20 min.) kl. 13.20 2. Et (O) (5 min.) kl. 13.25 3. To (O) (10 min.)"
    ) in text
    assert f'<span id="item-num-{three.pk}" class="item-number" hx-swap-oob="true">1.</span>' in (
        response.text
    )


def test_move_button_without_javascript_redirects_back_to_the_item(as_secretary, meeting):
    one, two = AgendaItemFactory(meeting=meeting), AgendaItemFactory(meeting=meeting)

    response = as_secretary.post(url("item_move", two.pk), {"direction": "up"})

    assert response.status_code == 302
    assert response["Location"] == url("meeting_edit", meeting.pk) + f"#item-{two.pk}"
    assert list(meeting.items.order_by("position")) == [two, one]


def test_a_stale_edit_shows_the_other_version_and_keeps_the_users_text(as_secretary, dap, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Original")
    karen = member(dap, Role.SECRETARIAT, username="karen", first_name="Karen", last_name="K")
    form = as_secretary.get(url("item_edit", item.pk), **HTMX)
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    item_services.agenda_item_update(
        item=item,
        actor=karen,
        version=item.version,
        title="Karens titel",
        kind="O",
        duration_minutes=10,
        confidential=False,
    )

    response = as_secretary.post(
        url("item_edit", item.pk),
        {"title": "Sofies titel", "kind": "O", "duration_minutes": "10", "version": version},
        **HTMX,
    )

    clock = timezone.localtime(AgendaItem.objects.get(pk=item.pk).updated_at).strftime("%H.%M")
    text = text_of(response)
    assert (
        f"Punktet er ændret af Karen K kl. {clock}, mens du redigerede. "
        "Din tekst er ikke gemt – her er den gemte udgave:"
    ) in text
    assert "Karens titel" in text
    assert 'value="Sofies titel"' in response.text
    assert AgendaItem.objects.get(pk=item.pk).title == "Karens titel"


def test_a_stale_section_edit_is_refused_in_the_page(as_secretary, meeting, secretary):
    section = ItemSectionFactory(item=AgendaItemFactory(meeting=meeting), html="<p>Start</p>")
    item_services.section_update(
        section=section, actor=secretary, version=1, heading="Indstilling", html="<p>Nyere</p>"
    )

    response = as_secretary.post(
        url("section_edit", section.pk),
        {"heading": "Indstilling", "html": "<p>Min tekst</p>", "version": "1"},
        **HTMX,
    )

    text = text_of(response)
    assert "Afsnittet er ændret af Sofie L kl." in text
    assert "Din tekst er ikke gemt – her er den gemte udgave: Indstilling Nyere" in text
    assert "&lt;p&gt;Min tekst&lt;/p&gt;" in response.text  # in the text area, unsaved
    section.refresh_from_db()
    assert section.html == "<p>Nyere</p>"


def test_item_edit_without_htmx_is_a_page_and_saves_with_a_redirect(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Før")
    PresenterFactory(item=item, name="Anne", organisation="PLO")

    page = as_secretary.get(url("item_edit", item.pk))
    assert page.status_code == 200
    assert "<!DOCTYPE html>" in page.text
    assert 'value="Anne"' in page.text

    response = as_secretary.post(
        url("item_edit", item.pk),
        {
            "title": "Efter",
            "kind": "B",
            "duration_minutes": "15",
            "version": str(item.version),
            "presenter_name": ["Anne", "Bo", ""],
            "presenter_organisation": ["PLO", "KL", ""],
            "presenter_role": ["", "Formand", ""],
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.kind, item.duration_minutes) == ("Efter", "B", 15)
    assert [str(p) for p in item.presenters.all()] == ["Anne (PLO)", "Bo (KL)"]


def test_delete_asks_first_without_javascript(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Udgår")

    confirm = as_secretary.get(url("item_delete", item.pk))
    assert "Vil du slette punktet »Udgår« med dets tekst og bilag?" in text_of(confirm)
    assert AgendaItem.objects.filter(pk=item.pk).exists()

    response = as_secretary.post(url("item_delete", item.pk), **HTMX)
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert 'id="time-plan"' in response.text


def test_a_new_indstilling_starts_with_the_standard_phrase(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)

    response = as_secretary.get(url("section_new", item.pk) + "?overskrift=Indstilling", **HTMX)

    assert 'value="Indstilling"' in response.text
    assert "&lt;p&gt;Det indstilles, at styregruppen&lt;/p&gt;" in response.text


def test_saving_a_section_sanitizes_and_shows_it(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)

    response = as_secretary.post(
        url("section_new", item.pk),
        {"heading": "Baggrund", "part": "", "html": '<p>Tekst<img src="x" onerror="y()"></p>'},
        **HTMX,
    )

    assert "<p>Tekst</p>" in response.text
    assert "onerror" not in response.text
    assert item.sections.get().html == "<p>Tekst</p>"


def test_publishing_shows_members_the_agenda_and_later_changes(client, as_secretary, dap, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    response = as_secretary.post(url("meeting_publish", meeting.pk))
    assert response.status_code == 302
    as_secretary.post(
        url("item_add", meeting.pk), {"title": "Sent punkt", "duration_minutes": "5"}, **HTMX
    )
    as_secretary.post(
        url("bilag_add", item.pk), {"file": SimpleUploadedFile("Notat.pdf", PDF_BYTES)}, **HTMX
    )

    client.force_login(member(dap, Role.MEMBER))
    page = client.get(url("meeting_detail", meeting.pk))

    assert page.status_code == 200
    text = text_of(page)
    assert "Ændret efter udsendelse (senest" in text
    assert "Punkt 1: Bilag tilføjet: Notat" in text
    assert "Punkt 2: Punktet er tilføjet" in text
    assert "Ændret efter udsendelse Bilag tilføjet: Notat" in text  # beside the item itself


def test_cancelled_meeting_leaves_the_upcoming_list_but_stays_visible(client, dap, secretary):
    later = MeetingFactory(
        committee=dap, title="Aflyses", date=timezone.localdate() + dt.timedelta(9)
    )
    later.published_at = timezone.now()
    later.save()
    client.force_login(secretary)
    assert "Vil du aflyse" in text_of(client.get(url("meeting_cancel", later.pk)))
    client.post(url("meeting_cancel", later.pk), {"reason": "Ingen sager"})

    client.force_login(member(dap, Role.MEMBER))
    listing = text_of(client.get(url("meeting_list")))
    page = text_of(client.get(url("meeting_detail", later.pk)))

    assert "Aflyste møder" in listing
    assert listing.index("Aflyste møder") < listing.index("Aflyses")
    assert "Kommende møder Der er ingen kommende møder." in listing
    assert "Mødet er aflyst" in page


def test_the_secretariat_creates_a_meeting_with_standing_items(as_secretary, dap):
    form = as_secretary.get(url("meeting_create"))
    assert 'value="Styregruppemøde for Digital Almen Praksis"' in form.text

    response = as_secretary.post(
        url("meeting_create"),
        {
            "committee": dap.pk,
            "title": "",
            "date": "2026-03-02",
            "start_time": "13:00",
            "end_time": "15:00",
            "location": "Online",
        },
    )

    meeting = Meeting.objects.get(date=dt.date(2026, 3, 2))
    assert response["Location"] == url("meeting_edit", meeting.pk)
    assert meeting.status == MeetingStatus.DRAFT
    assert list(meeting.items.values_list("title", flat=True)) == [
        "Meddelelser",
        "Eventuelt og næste møde",
    ]


def test_end_before_start_is_refused_in_danish(as_secretary, dap):
    response = as_secretary.post(
        url("meeting_create"),
        {"committee": dap.pk, "date": "2026-03-02", "start_time": "15:00", "end_time": "13:00"},
    )

    assert "Sluttiden skal ligge efter starttiden." in text_of(response)
    assert not Meeting.objects.exists()


def test_the_list_offers_a_new_meeting_to_the_secretariat_only(client, dap, secretary):
    client.force_login(secretary)
    assert url("meeting_create") in client.get(url("meeting_list")).text
    client.force_login(member(dap, Role.CHAIR))
    assert url("meeting_create") not in client.get(url("meeting_list")).text


def test_details_form_reschedules_and_updates_the_time_plan(as_secretary, meeting):
    AgendaItemFactory(meeting=meeting, duration_minutes=10)

    response = as_secretary.post(
        url("meeting_details", meeting.pk),
        {"title": meeting.title, "date": "2025-10-07", "start_time": "09:00", "end_time": "10:00"},
        **HTMX,
    )

    text = text_of(response)
    assert "Tirsdag d. 7. oktober 2025, kl. 09.00-10.00" in text
    assert "kl. 09.00 1." in text
    assert AuditEntry.objects.filter(action="meeting_rescheduled").exists()


def test_copy_from_an_earlier_meeting(as_secretary, dap, meeting):
    earlier = MeetingFactory(committee=dap, date=dt.date(2025, 6, 2))
    source = AgendaItemFactory(meeting=earlier, title="Budget", decision_html="<p>Ok</p>")

    choose = as_secretary.get(url("meeting_copy", meeting.pk) + f"?fra={earlier.pk}")
    assert "1. Budget" in text_of(choose)
    response = as_secretary.post(
        url("meeting_copy", meeting.pk), {"fra": earlier.pk, "items": [source.pk]}
    )

    assert response.status_code == 302
    copy = meeting.items.get(title="Budget")
    assert copy.decision_html == ""


def test_history_lists_who_when_what_with_a_fixed_number_of_queries(as_secretary, dap, secretary):
    small = MeetingFactory(committee=dap, title="Lille")
    large = MeetingFactory(committee=dap, title="Stort")
    for target, count in ((small, 3), (large, 30)):
        for index in range(count):
            item_services.agenda_item_create(
                meeting=target, actor=secretary, title=f"Punkt {index}"
            )

    few = count_queries(as_secretary, url("meeting_history", small.pk))
    many = count_queries(as_secretary, url("meeting_history", large.pk))
    text = text_of(as_secretary.get(url("meeting_history", small.pk)))

    assert many == few
    assert "Sofie L" in text
    assert "Punkt tilføjet: Punkt 2" in text
    assert " kl. " in text


def test_secretariat_pages_have_no_inline_script_or_style(as_secretary, dap):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting)
    section = ItemSectionFactory(item=item)
    bilag = BilagFactory(item=item, with_file=True)

    for address in (
        url("meeting_edit", meeting.pk),
        url("meeting_minutes", meeting.pk),
        url("meeting_history", meeting.pk),
        url("meeting_copy", meeting.pk),
        url("meeting_create"),
        url("item_edit", item.pk),
        url("section_edit", section.pk),
        url("bilag_rename", bilag.pk),
        url("meeting_cancel", meeting.pk),
    ):
        response = as_secretary.get(address)
        assert response.status_code == 200, address
        assert_no_inline_script_or_style(response)


def test_standard_headings_are_offered_in_their_order(as_secretary, meeting):
    AgendaItemFactory(meeting=meeting)

    page = as_secretary.get(url("meeting_edit", meeting.pk)).text

    offered = re.findall(r"overskrift=([^\"&]+)\"", page)
    headings = [
        "Resum%C3%A9",
        "Indstilling",
        "Baggrund",
        "Problem",
        "L%C3%B8sning",
        "%C3%98konomi",
        "Finansiering",
        "Bem%C3%A6rkning",
        "Videre%20proces",
    ]
    assert [h for h in dict.fromkeys(offered)] == headings
    assert "Anden overskrift" in page


def test_linking_projects_and_marking_an_item_closed(as_secretary, dap, meeting):
    from tests.factories import ProgrammeFactory, ProjectFactory

    programme = ProgrammeFactory()
    dap.programmes.add(programme)
    cockpit = ProjectFactory(programme=programme, name="Klinikkens cockpit")
    ProjectFactory(programme=ProgrammeFactory(short_name="AND", name="Andet"), name="Fremmed")
    item = AgendaItemFactory(meeting=meeting, title="Cockpit")

    form = as_secretary.get(url("item_edit", item.pk), **HTMX)
    assert "Klinikkens cockpit" in form.text
    assert "Fremmed" not in form.text  # only the projects of the committee's programmes

    response = as_secretary.post(
        url("item_edit", item.pk),
        {
            "title": "Cockpit",
            "kind": "O",
            "duration_minutes": "10",
            "confidential": "on",
            "projects": [cockpit.pk],
            "version": str(item.version),
        },
        **HTMX,
    )

    text = text_of(response)
    assert "Lukket punkt" in text
    assert "Projekter: Klinikkens cockpit" in text
    item.refresh_from_db()
    assert item.confidential
    assert list(item.projects.all()) == [cockpit]


def test_a_section_can_belong_to_a_sub_part(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)

    as_secretary.post(
        url("section_new", item.pk),
        {"heading": "Indstilling", "part": "Deling af laboratoriesvar", "html": "<p>A</p>"},
        **HTMX,
    )

    section = item.sections.get()
    assert (section.part, section.heading) == ("Deling af laboratoriesvar", "Indstilling")
    assert "Deling af laboratoriesvar" in text_of(
        as_secretary.get(url("meeting_detail", meeting.pk))
    )


def test_an_approved_meeting_is_read_only_in_the_editor(as_secretary, dap):
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.MINUTES_APPROVED)
    item = AgendaItemFactory(meeting=meeting, title="Låst punkt")

    page = as_secretary.get(url("meeting_edit", meeting.pk))

    assert "Låst punkt" in text_of(page)
    assert "Referatet er godkendt, så dagsordenen er låst." in text_of(page)
    assert url("item_edit", item.pk) not in page.text
    assert url("item_add", meeting.pk) not in page.text
    refused = as_secretary.post(
        url("item_add", meeting.pk), {"title": "Nyt", "duration_minutes": 5}
    )
    assert refused.status_code == 302
    assert not meeting.items.filter(title="Nyt").exists()


@pytest.mark.parametrize("htmx", [True, False])
def test_a_section_text_over_the_limit_is_refused_and_kept_in_the_form(as_secretary, meeting, htmx):
    item = AgendaItemFactory(meeting=meeting)
    text = "<p>" + "Meget lang tekst. " * 15_000 + "</p>"  # 270.007 characters

    response = as_secretary.post(
        url("section_new", item.pk),
        {"heading": "Baggrund", "html": text, "part": ""},
        **(HTMX if htmx else {}),
    )

    assert "Teksten er for lang: 270.007 tegn. Et afsnit må højst have 200.000 tegn." in (
        response.content.decode()
    )
    assert "Meget lang tekst. Meget lang tekst." in response.content.decode()
    assert not item.sections.exists()


def test_a_committee_that_follows_no_programme_is_offered_no_projects(as_secretary, meeting):
    from tests.factories import ProgrammeFactory, ProjectFactory

    ProjectFactory(programme=ProgrammeFactory(short_name="AND", name="Andet"), name="Fremmed")
    item = AgendaItemFactory(meeting=meeting, title="Cockpit")

    form = as_secretary.get(url("item_edit", item.pk), **HTMX)

    assert "Fremmed" not in form.text
