"""Members follow along: the item on now, by an htmx poll answered 304 while nothing changed."""

import pytest

from meetings.meetingday import services
from meetings.models import Role
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory, member
from tests.meetings.editing import url
from tests.meetings.meetingday.test_run_page import at, clock_at
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_sessions(settings):
    """Sessions read from the cache, as in production (Redis): a poll then asks the database
    only for the user and the meeting."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_a_member_sees_the_item_change_and_an_unchanged_poll_is_304_in_two_queries(
    client, dap, secretary, cached_sessions, django_assert_max_num_queries
):
    meeting = MeetingFactory(committee=dap)
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    client.force_login(member(dap, Role.MEMBER))
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 0)):
        page = text_of(client.get(url("meeting_detail", meeting.pk)))
        assert 'hx-get="' + address in client.get(url("meeting_detail", meeting.pk)).text
        services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
        first = client.get(address)
        assert "Nu behandles punkt 1. Meddelelser" in text_of(first)
        etag = first["ETag"]
        assert "no-cache" in first["Cache-Control"]

        with django_assert_max_num_queries(2):
            unchanged = client.get(address, headers={"if-none-match": etag})
        assert unchanged.status_code == 304

        services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 5))
        changed = client.get(address, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Nu behandles punkt 2. Kronikerpakker" in text_of(changed)
    assert "Mødet er i gang" not in page  # not started when the page was read


def test_a_closed_item_is_named_only_to_those_who_may_see_it(client, dap, secretary):
    meeting = MeetingFactory(committee=dap)
    named = member(dap, Role.MEMBER)
    AgendaItemFactory(
        meeting=meeting, title="Fortrolig sag", confidential=True, restricted_to=[named]
    )
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 1)):
        client.force_login(member(dap, Role.MEMBER))
        other = text_of(client.get(address))
        client.force_login(named)
        own = text_of(client.get(address))

    assert "Nu behandles punkt 1. Lukket punkt" in other
    assert "Fortrolig sag" not in other
    assert "Nu behandles punkt 1. Fortrolig sag" in own


def test_polling_stops_off_the_day_and_outsiders_get_404(client, dap):
    meeting = MeetingFactory(committee=dap)
    address = url("meeting_follow", meeting.pk)
    client.force_login(member(dap, Role.MEMBER))
    with clock_at(at(9, 0, day=7)):
        assert client.get(address).status_code == 286
    client.force_login(UserFactory())
    with clock_at(at(13, 0)):
        assert client.get(address).status_code == 404
