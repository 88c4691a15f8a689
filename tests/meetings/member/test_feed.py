"""Calendars: a meeting's .ics behind the access check, and the personal feed behind a secret
token that can be renewed (a wrong or renewed-away token is 404)."""

import datetime as dt
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.calendar import meeting_uid
from meetings.editor.services import meeting_update
from meetings.models import CalendarFeed, Role
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


def new_feed_path(client) -> str:
    """Make (or renew) the logged-in user's feed and read its path off the page, once."""
    page = client.post(reverse("member:calendar_renew"), follow=True).text
    match = re.search(r'value="https?://[^/"]+(/kalender/[^"]+\.ics)"', page)
    assert match, "the new feed URL is shown right after it was made"
    return match.group(1)


def events(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


def test_meeting_ics_has_uid_and_raises_sequence_when_the_meeting_moves(client, dap):
    meeting = MeetingFactory(committee=dap, location="Slotsholmsgade 12")
    client.force_login(member(dap, Role.MEMBER))
    url = reverse("meetings:meeting_calendar", args=[meeting.pk])

    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    (event,) = events(first.content)
    assert str(event["uid"]) == meeting_uid(meeting)
    assert int(event["sequence"]) == 0
    assert event["location"] == "Slotsholmsgade 12"

    meeting_update(
        meeting=meeting,
        actor=None,
        title=meeting.title,
        date=meeting.date + dt.timedelta(days=1),
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
        location=meeting.location,
    )
    (moved,) = events(client.get(url).content)
    assert str(moved["uid"]) == meeting_uid(meeting)
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart").hour == 9


def test_meeting_ics_of_a_meeting_one_may_not_see_is_404(client, dap):
    draft = MeetingFactory(committee=dap, draft=True)
    other = MeetingFactory(committee=CommitteeFactory(short_name="FP"))
    client.force_login(member(dap, Role.MEMBER))
    for meeting in (draft, other):
        assert (
            client.get(reverse("meetings:meeting_calendar", args=[meeting.pk])).status_code == 404
        )


def test_the_feed_lists_the_users_meetings_without_agenda_content(client, dap):
    mine = MeetingFactory(
        committee=dap, title="Styregruppemøde november", date=timezone.localdate()
    )
    AgendaItemFactory(meeting=mine, title="Hemmelig forhandling", confidential=True)
    MeetingFactory(committee=dap, draft=True, title="Kladde", date=timezone.localdate())
    MeetingFactory(
        committee=CommitteeFactory(short_name="FP"), title="Andet udvalg", date=timezone.localdate()
    )
    user = member(dap, Role.OBSERVER)
    client.force_login(user)
    path = new_feed_path(client)
    client.logout()  # calendar programs do not log in

    response = client.get(path)
    assert response.status_code == 200
    summaries = [str(event["summary"]) for event in events(response.content)]
    assert summaries == ["Styregruppemøde november"]
    assert b"Hemmelig" not in response.content
    assert b"Dagsorden og bilag" not in response.content


def test_a_wrong_or_renewed_away_token_is_404(client, dap):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    page = client.get(reverse("member:calendar_page"))
    assert "Lav min kalenderadresse" in page.text
    old = new_feed_path(client)
    new = new_feed_path(client)
    assert new != old
    client.logout()

    assert client.get(old).status_code == 404
    assert client.get(reverse("member:calendar_feed", args=["forkert-token"])).status_code == 404
    assert client.get(new).status_code == 200


def test_only_a_hash_of_the_token_is_stored_and_the_url_is_shown_once(client, dap):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    path = new_feed_path(client)
    token = path.removeprefix("/kalender/").removesuffix(".ics")

    stored = CalendarFeed.objects.get(user=user)
    assert token not in {getattr(stored, field.attname) for field in CalendarFeed._meta.fields}
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    again = client.get(reverse("member:calendar_page")).text
    assert token not in again
    assert "vises kun" in again
    assert "Lav en ny adresse" in again


def test_renewing_needs_a_post_and_a_login(client, dap):
    user = member(dap, Role.MEMBER)
    client.force_login(user)
    assert client.get(reverse("member:calendar_renew")).status_code == 405
    client.logout()
    assert client.post(reverse("member:calendar_renew")).status_code == 302
    assert not CalendarFeed.objects.exists()
