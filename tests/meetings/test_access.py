"""The access policy as each role meets it: the meeting list, the meeting page, bilag downloads.

What a user may not see answers 404 and is absent from lists; anonymous users go to log-in.
"""

import pytest
from django.urls import reverse

from meetings.models import MeetingStatus, Role
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Forhandlingsoplæg med beløb, der ikke må deles"


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def other_committee():
    return CommitteeFactory(name="Styregruppen for Forløbsplaner", short_name="FP")


@pytest.fixture
def published(dap):
    return MeetingFactory(committee=dap, title="Styregruppemøde oktober")


@pytest.fixture
def draft(dap):
    return MeetingFactory(
        committee=dap, title="Styregruppemøde december (kladde)", status=MeetingStatus.DRAFT
    )


def page_url(meeting):
    return reverse("meetings:meeting_detail", args=[meeting.pk])


def download_url(bilag):
    return reverse("meetings:bilag_download", args=[bilag.pk])


def logged_in(client, user):
    client.force_login(user)
    return client


# --- The meeting list and page ------------------------------------------------------------


def test_member_sees_published_meetings_but_not_drafts(client, dap, published, draft):
    logged_in(client, member(dap, Role.MEMBER))

    listing = client.get(reverse("meetings:meeting_list"))

    assert listing.status_code == 200
    assert "Styregruppemøde oktober" in listing.text
    assert "Styregruppemøde december (kladde)" not in listing.text
    assert "Kladde" not in listing.text
    assert client.get(page_url(published)).status_code == 200
    assert client.get(page_url(draft)).status_code == 404


def test_member_of_another_committee_gets_404_and_an_empty_list(client, other_committee, published):
    logged_in(client, member(other_committee, Role.CHAIR))

    listing = client.get(reverse("meetings:meeting_list"))

    assert "Styregruppemøde oktober" not in listing.text
    assert "Der er ingen møder, du kan se" in listing.text
    assert client.get(page_url(published)).status_code == 404


def test_user_without_any_committee_sees_nothing(client, published):
    logged_in(client, UserFactory())

    assert "Styregruppemøde oktober" not in client.get(reverse("meetings:meeting_list")).text
    assert client.get(page_url(published)).status_code == 404


def test_secretariat_sees_drafts_labelled_kladde(client, dap, published, draft):
    logged_in(client, member(dap, Role.SECRETARIAT))

    listing = client.get(reverse("meetings:meeting_list"))

    assert "Styregruppemøde december (kladde)" in listing.text
    assert "Kladde" in listing.text
    page = client.get(page_url(draft))
    assert page.status_code == 200
    assert "Kladde" in page.text


@pytest.mark.parametrize(
    "url",
    [
        lambda meeting, bilag: reverse("meetings:meeting_list"),
        lambda meeting, bilag: page_url(meeting),
        lambda meeting, bilag: download_url(bilag),
    ],
    ids=["list", "page", "bilag"],
)
def test_anonymous_is_sent_to_the_log_in_page(client, published, url):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=published), with_file=True)
    target = url(published, bilag)

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"] == f"/log-ind/?next={target}"


def test_root_leads_to_the_meeting_list(client, dap):
    logged_in(client, member(dap))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting_list")


# --- Confidential items ---------------------------------------------------------------------


@pytest.fixture
def closed_item(published):
    item = AgendaItemFactory(
        meeting=published, title="Forhandling med leverandør", kind="B", confidential=True
    )
    ItemSectionFactory(item=item, heading="Indstilling", html=f"<p>{SECRET_TEXT}</p>")
    BilagFactory(item=item, title="Tilbud-fra-leverandør", with_file=True)
    return item


def test_observer_sees_a_confidential_item_as_lukket_punkt_only(client, dap, closed_item):
    logged_in(client, member(dap, Role.OBSERVER))

    page = client.get(page_url(closed_item.meeting))

    assert page.status_code == 200
    assert "1. Lukket punkt (B)" in page.text  # not even the title (issue 23.13)
    assert "Forhandling med leverandør" not in page.text
    assert SECRET_TEXT not in page.text
    assert "Tilbud-fra-leverandør" not in page.text
    assert "Fremlægges af" not in page.text


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.SECRETARIAT])
def test_members_chair_and_secretariat_see_a_confidential_item(client, dap, closed_item, role):
    logged_in(client, member(dap, role))

    page = client.get(page_url(closed_item.meeting))

    assert SECRET_TEXT in page.text
    assert "Bilag 1.1 Tilbud-fra-leverandør" in page.text


def test_item_narrowed_to_named_users_is_hidden_from_other_members(client, dap, closed_item):
    named = member(dap, Role.MEMBER, username="navngivet")
    closed_item.restricted_to.set([named])

    logged_in(client, member(dap, Role.MEMBER, username="anden"))
    assert SECRET_TEXT not in client.get(page_url(closed_item.meeting)).text

    logged_in(client, named)
    assert SECRET_TEXT in client.get(page_url(closed_item.meeting)).text

    logged_in(client, member(dap, Role.SECRETARIAT, username="sekretaer"))
    assert SECRET_TEXT in client.get(page_url(closed_item.meeting)).text


# --- Bilag downloads ------------------------------------------------------------------------


@pytest.fixture
def bilag(published):
    item = AgendaItemFactory(meeting=published, title="Kronikerpakker")
    return BilagFactory(item=item, title="Kronikerpakker-analyse-Kommissorium-v097", with_file=True)


def test_member_downloads_a_bilag_with_its_number_in_the_file_name(client, dap, bilag):
    logged_in(client, member(dap, Role.MEMBER))

    response = client.get(download_url(bilag))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Bilag-1.1-Kronikerpakker-analyse-Kommissorium-v097.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_bilag_of_another_committee_answers_404(client, other_committee, bilag):
    logged_in(client, member(other_committee, Role.SECRETARIAT))
    assert client.get(download_url(bilag)).status_code == 404


def test_bilag_of_a_draft_answers_404_for_a_member_but_not_for_the_secretariat(client, dap, draft):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=draft), with_file=True)

    logged_in(client, member(dap, Role.MEMBER))
    assert client.get(download_url(bilag)).status_code == 404

    logged_in(client, member(dap, Role.SECRETARIAT, username="sekretaer"))
    assert client.get(download_url(bilag)).status_code == 200


def test_confidential_bilag_answers_404_for_an_observer(client, dap, published):
    item = AgendaItemFactory(meeting=published)
    bilag = BilagFactory(item=item, title="Fortroligt-notat", confidential=True, with_file=True)

    logged_in(client, member(dap, Role.OBSERVER))
    assert client.get(download_url(bilag)).status_code == 404
    page = client.get(page_url(published))
    assert "Bilag 1.1 Fortroligt-notat (Lukket)" in page.text
    assert download_url(bilag) not in page.text

    logged_in(client, member(dap, Role.MEMBER, username="medlem"))
    assert client.get(download_url(bilag)).status_code == 200


def test_bilag_of_a_closed_item_answers_404_for_an_observer(client, dap, closed_item):
    bilag = closed_item.bilag.get()
    logged_in(client, member(dap, Role.OBSERVER))
    assert client.get(download_url(bilag)).status_code == 404


def test_bilag_of_an_item_narrowed_to_others_answers_404(client, dap, closed_item):
    closed_item.restricted_to.set([member(dap, Role.MEMBER, username="navngivet")])
    logged_in(client, member(dap, Role.MEMBER, username="anden"))
    assert client.get(download_url(closed_item.bilag.get())).status_code == 404


def test_bilag_without_a_file_answers_404(client, dap, published):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=published), generated="project_monitoring")
    logged_in(client, member(dap, Role.SECRETARIAT))
    assert client.get(download_url(bilag)).status_code == 404


def test_unknown_bilag_answers_404(client, dap):
    logged_in(client, member(dap, Role.SECRETARIAT))
    assert client.get(reverse("meetings:bilag_download", args=[987654])).status_code == 404


def test_downloads_and_pages_refuse_post(client, dap, bilag):
    logged_in(client, member(dap, Role.MEMBER))
    assert client.post(download_url(bilag)).status_code == 405
    assert client.post(page_url(bilag.item.meeting)).status_code == 405
