"""Members follow along on the meeting page: the item on now is marked in the agenda list and in
the item, decisions appear as they are recorded (the poll's answer, out of band), only to those
who may read them; the inhabil line; the link to the minutes in høring."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from meetings.hoering import services as hoering
from meetings.meetingday import services
from meetings.minutes.services import (
    decision_record,
    disqualification_declare,
    disqualification_record,
)
from meetings.models import CommitteeSignInRule, DecisionOutcome, MeetingStatus, Role
from tests.accounts.helpers import code_now, give_totp, sign_in
from tests.factories import AgendaItemFactory, MeetingFactory, member
from tests.meetings.editing import url
from tests.meetings.meetingday.test_run_page import at, clock_at
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_sessions(settings):
    """Sessions read from the cache, as in production (Redis)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def slot(html: str, element_id: str) -> str:
    """The text of the out-of-band element with this id in the poll's answer."""
    found = re.search(
        rf'<(\w+) id="{element_id}"[^>]*hx-swap-oob="true"[^>]*>(.*?)</\1>', html, re.S
    )
    assert found, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split())


def test_the_poll_marks_the_item_on_now_and_brings_a_new_decision(
    client, dap, secretary, cached_sessions, django_assert_max_num_queries
):
    meeting = MeetingFactory(committee=dap)
    first = AgendaItemFactory(meeting=meeting, title="Meddelelser")
    second = AgendaItemFactory(meeting=meeting, title="Kronikerpakker", kind="B")
    client.force_login(member(dap, Role.MEMBER))
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 0)):
        services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
        page = client.get(url("meeting_detail", meeting.pk)).content.decode()
        first_answer = client.get(address)
        html = first_answer.content.decode()
        etag = first_answer["ETag"]
        with django_assert_max_num_queries(2):
            unchanged = client.get(address, headers={"if-none-match": etag})

        decision_record(item=second, actor=secretary, outcome=DecisionOutcome.APPROVED)
        # Changed: answered in full, in a fixed number of queries whatever the number of items.
        with django_assert_max_num_queries(6):
            changed = client.get(address, headers={"if-none-match": etag})
        again = client.get(address, headers={"if-none-match": changed["ETag"]})

    # The page has the places the poll fills: in the agenda list and in each item.
    for pk in (first.pk, second.pk):
        assert f'id="nu-liste-{pk}"' in page
        assert f'id="nu-punkt-{pk}"' in page
        assert f'id="beslutning-live-{pk}"' in page
    assert f'data-item="{first.pk}"' in page
    assert "Behandles nu" not in text_of_html(page)  # the cached page holds nobody's "now"

    assert f'data-current="{first.pk}"' in html
    assert slot(html, f"nu-liste-{first.pk}") == "Behandles nu"
    assert slot(html, f"nu-punkt-{first.pk}") == "Behandles nu"
    assert slot(html, f"nu-liste-{second.pk}") == ""
    assert slot(html, f"beslutning-live-{second.pk}") == ""
    assert unchanged.status_code == 304

    assert changed.status_code == 200
    assert changed["ETag"] != etag
    decision = slot(changed.content.decode(), f"beslutning-live-{second.pk}")
    assert decision == "Beslutning Godkendt som indstillet"
    assert 'data-announce="Beslutning i punkt 2 er registreret."' in changed.content.decode()
    assert again.status_code == 304


def text_of_html(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_closed_items_decision_only_to_those_who_may_read_it(client, dap, secretary):
    meeting = MeetingFactory(committee=dap)
    named = member(dap, Role.MEMBER)
    closed = AgendaItemFactory(
        meeting=meeting, title="Fortrolig sag", confidential=True, restricted_to=[named]
    )
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
    decision_record(
        item=closed, actor=secretary, outcome="", html="<p>Kontrakten opsiges pr. 1. januar.</p>"
    )
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 1)):
        seen = {}
        for who, user in (
            ("other", member(dap, Role.MEMBER)),
            ("observer", member(dap, Role.OBSERVER)),
            ("named", named),
        ):
            client.force_login(user)
            seen[who] = (
                client.get(address).content.decode(),
                text_of(client.get(url("meeting_detail", meeting.pk))),
            )

    for who in ("other", "observer"):
        poll, page = seen[who]
        assert "Kontrakten" not in poll, who
        assert slot(poll, f"beslutning-live-{closed.pk}") == "", who
        assert "Kontrakten" not in page, who
    poll, page = seen["named"]
    assert (
        slot(poll, f"beslutning-live-{closed.pk}") == "Beslutning Kontrakten opsiges pr. 1. januar."
    )
    assert "Kontrakten opsiges pr. 1. januar." in page


def test_an_inhabil_member_with_bilag_withheld_gets_no_decision_of_the_item(client, dap, secretary):
    meeting = MeetingFactory(committee=dap)
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Holm")
    bo = member(dap, Role.MEMBER, first_name="Bo", last_name="Berg")
    item = AgendaItemFactory(meeting=meeting, title="Indkøb af it-system")
    disqualification_record(item=item, actor=secretary, user_id=anna.pk, withhold_bilag=True)
    services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
    decision_record(item=item, actor=secretary, outcome="", html="<p>Leverandør A vælges.</p>")
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 10)):
        client.force_login(anna)
        anna_poll = client.get(address).content.decode()
        anna_page = text_of(client.get(url("meeting_detail", meeting.pk)))
        client.force_login(bo)
        bo_poll = client.get(address).content.decode()
        bo_page = text_of(client.get(url("meeting_detail", meeting.pk)))

    assert "Leverandør A" not in anna_poll
    assert "Leverandør A" not in anna_page
    assert "Leverandør A vælges." in slot(bo_poll, f"beslutning-live-{item.pk}")
    assert "Leverandør A vælges." in bo_page
    line = "Anna Holm deltog ikke i behandlingen af punktet (inhabil)."
    for text in (anna_page, bo_page, slot(anna_poll, f"beslutning-live-{item.pk}")):
        assert line in text


def test_the_inhabil_line_to_those_who_see_the_item_and_the_declaration_link(client, dap):
    meeting = MeetingFactory(committee=dap)
    open_item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    closed = AgendaItemFactory(meeting=meeting, title="Fortrolig sag", confidential=True)
    carl = member(dap, Role.MEMBER, first_name="Carl", last_name="Dam")
    with clock_at(at(9, 0, day=3)):
        disqualification_declare(item=open_item, actor=carl, reason="Ansat hos leverandøren")
        disqualification_declare(item=closed, actor=carl)
        client.force_login(member(dap, Role.MEMBER))
        member_page = client.get(url("meeting_detail", meeting.pk)).content.decode()
        client.force_login(member(dap, Role.OBSERVER))
        observer_page = text_of(client.get(url("meeting_detail", meeting.pk)))

    line = "Carl Dam deltog ikke i behandlingen af punktet (inhabil)."
    assert text_of_html(member_page).count(line) == 2
    assert observer_page.count(line) == 1  # not on the closed item the observer cannot read
    declare = url("inhabilitet_declare", meeting.pk)
    assert f'href="{declare}#inhabilitet-{open_item.pk}"' in member_page
    assert "Erklær dig inhabil i punktet" in text_of_html(member_page)
    assert "Erklær dig inhabil i punktet" not in observer_page


def test_a_link_to_the_minutes_in_hoering_with_the_deadline(client, dap, secretary):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(meeting=meeting, title="Kronikerpakker")
    anna = member(dap, Role.MEMBER)
    observer = member(dap, Role.OBSERVER)
    decision_record(item=item, actor=secretary, outcome=DecisionOutcome.APPROVED)
    with clock_at(at(10, 0, day=7)):
        meeting.status = MeetingStatus.HELD
        meeting.save()
        client.force_login(anna)
        before = text_of(client.get(url("meeting_detail", meeting.pk)))
        hoering.hoering_send(meeting=meeting, actor=secretary, deadline=dt.date(2025, 10, 14))
        after = client.get(url("meeting_detail", meeting.pk)).content.decode()
        client.force_login(observer)
        observer_page = text_of(client.get(url("meeting_detail", meeting.pk)))

    assert "Referatet er i høring" not in before
    assert "Referatet er i høring" in text_of_html(after)
    assert "Frist for bemærkninger: tirsdag d. 14. oktober 2025." in text_of_html(after)
    assert f'href="{url("hoering", meeting.pk)}"' in after
    assert "Referatet er i høring" not in observer_page


def test_under_the_production_sign_in_rules_an_unchanged_poll_is_304_in_two_queries(
    client, dap, secretary, settings, cached_sessions, django_assert_max_num_queries
):
    """With the second factor required of members (the committee's rule) and sessions in the
    cache, as in production: a member signed in with their app polls in two queries, the user
    and the meeting; that the second factor is in place is known from the sign-in's records in
    the session, not looked up again on every poll."""
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    CommitteeSignInRule.objects.update_or_create(
        committee=dap, defaults={"second_factor_roles": [Role.MEMBER]}
    )
    meeting = MeetingFactory(committee=dap)
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    person = member(dap, Role.MEMBER)
    app = give_totp(person)
    assert sign_in(client, person.username)["Location"] == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": code_now(app)}).status_code == 302
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 0)):
        services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
        etag = client.get(address)["ETag"]
        client.get(address, headers={"if-none-match": etag})  # the session in the cache
        with django_assert_max_num_queries(2):
            unchanged = client.get(address, headers={"if-none-match": etag})
    assert unchanged.status_code == 304


def test_a_member_signed_in_without_the_second_factor_the_committee_requires_must_enrol(
    client, dap, settings
):
    """The short cut above holds only for a session signed in with a second factor."""
    settings.DAP_REQUIRE_SECOND_FACTOR = True
    CommitteeSignInRule.objects.update_or_create(
        committee=dap, defaults={"second_factor_roles": [Role.MEMBER]}
    )
    meeting = MeetingFactory(committee=dap)
    person = member(dap, Role.MEMBER)
    assert sign_in(client, person.username).status_code == 302
    answer = client.get(url("meeting_follow", meeting.pk))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("mfa_index"))


def test_the_last_answer_after_afslut_moedet_empties_behandles_nu(client, dap, secretary):
    """The poll stops once the meeting is held (286); that last answer is swapped, so it must
    leave no item marked as on now, even when "Afslut mødet" came while one was."""
    from meetings.minutes.services import meeting_mark_held

    meeting = MeetingFactory(committee=dap)
    first = AgendaItemFactory(meeting=meeting, title="Meddelelser")
    second = AgendaItemFactory(meeting=meeting, title="Kronikerpakker", kind="B")
    client.force_login(member(dap, Role.MEMBER))
    address = url("meeting_follow", meeting.pk)

    with clock_at(at(13, 0)):
        services.run_start(meeting=meeting, actor=secretary, now=at(13, 0))
        decision_record(item=first, actor=secretary, outcome=DecisionOutcome.NOTED)
        services.run_next_item(meeting=meeting, actor=secretary, now=at(13, 5))
        during = client.get(address)
        meeting_mark_held(meeting=meeting, actor=secretary)
        last = client.get(address, headers={"if-none-match": during["ETag"]})

    assert slot(during.content.decode(), f"nu-punkt-{second.pk}") == "Behandles nu"
    assert last.status_code == 286
    html = last.content.decode()
    assert 'data-current=""' in html
    for pk in (first.pk, second.pk):
        assert slot(html, f"nu-liste-{pk}") == ""
        assert slot(html, f"nu-punkt-{pk}") == ""
    assert "Mødet er afsluttet." in text_of_html(html)
    assert "Nu behandles" not in text_of_html(html)
    # The decisions stay as recorded.
    assert slot(html, f"beslutning-live-{first.pk}").startswith("Beslutning")
