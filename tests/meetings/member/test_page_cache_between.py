"""The cached pages follow what happens between meetings (issue 13): a written procedure sent,
answered or closed, a follow-up action created or closed, a meeting created or cancelled
changes the overview, the meeting page and the agenda PDF at once; and what is one user's
own ("Afventer dit svar", "Mine opgaver") never shows on another's page."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings import changes
from meetings.actions import services as actions
from meetings.editor.services import meeting_cancel, meeting_create, meeting_publish
from meetings.member import pagecache
from meetings.minutes.services import decision_record
from meetings.models import Role
from meetings.procedures import services as procedures
from tests.factories import AgendaItemFactory, ItemSectionFactory, MeetingFactory, member
from tests.meetings.procedures.helpers import procedure

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Writes inside run their on-commit work (the committee's new token), as a request's do."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def voters(dap):
    return [
        member(dap, Role.MEMBER, first_name=name, last_name="Medlem")
        for name in ("Anna", "Bo", "Carl")
    ]


def overview(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:meeting_list"))
    assert response.status_code == 200
    return response.text


def meeting_page(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.text


@pytest.fixture
def decided(dap, secretary):
    """A decided item of a meeting ten days ago (actions are recorded on it)."""
    held = MeetingFactory(committee=dap, date=TODAY - dt.timedelta(days=10))
    item = AgendaItemFactory(meeting=held, title="Revideret KOL-forløbsplan", kind="B")
    return decision_record(item=item, actor=secretary, outcome="approved")


@pytest.fixture
def next_agenda(dap):
    """The draft of the next meeting, whose Meddelelser tell procedures and follow-up."""
    meeting = MeetingFactory(committee=dap, date=TODAY + dt.timedelta(days=10), draft=True)
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    return meeting


# --- The overview, per user ----------------------------------------------------------------


def test_awaiting_your_answer_follows_send_answer_and_close(client, dap, secretary, voters, commit):
    anna, bo, carl = voters
    assert "Afventer dit svar" not in overview(client, anna)  # cached now
    assert "Afventer dit svar" not in overview(client, bo)

    with commit():
        sent = procedure(dap, secretary, title="Mini PID for cockpittet")
    assert "Mini PID for cockpittet" in overview(client, anna)
    assert "Mini PID for cockpittet" in overview(client, bo)

    with commit():
        procedures.procedure_answer(procedure=sent, user=anna, choice="approve")
    assert "Afventer dit svar" not in overview(client, anna)
    assert "Mini PID for cockpittet" in overview(client, bo)  # Bo has not answered

    with commit():
        procedures.procedure_answer(procedure=sent, user=carl, choice="approve")
        procedures.procedure_close_early(procedure=sent, actor=secretary)
    assert "Afventer dit svar" not in overview(client, bo)


def test_the_overview_holds_no_longer_than_the_first_deadline(
    client, dap, secretary, voters, monkeypatch
):
    sent = procedure(dap, secretary, days=1, title="Budget for cockpittet")
    stored = []
    monkeypatch.setattr(
        pagecache.cache, "set", lambda key, value, timeout=None: stored.append(timeout)
    )

    left = (sent.deadline - timezone.now()).total_seconds()  # at most this, a moment later
    assert sent.title in overview(client, voters[0])

    assert stored
    assert 0 < stored[0] <= left


def test_my_tasks_follow_an_action_created_and_closed(
    client, dap, secretary, voters, decided, commit
):
    anna, bo, _ = voters
    assert "Mine opgaver" not in overview(client, anna)

    with commit():
        action = actions.action_create(
            actor=secretary,
            item=decided,
            what="Send den reviderede plan til regionerne",
            responsible_kind="member",
            responsible_user_id=anna.pk,
            until_next_meeting=True,
        )
    annas = overview(client, anna)
    assert "Mine opgaver" in annas
    assert "Send den reviderede plan til regionerne" in annas
    assert "Send den reviderede plan til regionerne" not in overview(client, bo)

    with commit():
        actions.action_close(action=action, actor=anna, note="Sendt")
    assert "Send den reviderede plan til regionerne" not in overview(client, anna)


def test_every_between_write_gives_the_committee_a_new_token(
    dap, secretary, voters, decided, commit
):
    seen = {changes.page_versions([dap.pk])[0][dap.pk]}

    def changed() -> bool:
        token = changes.page_versions([dap.pk])[0][dap.pk]
        new = token not in seen
        seen.add(token)
        return new

    with commit():
        sent = procedure(dap, secretary)
    assert changed()
    with commit():
        procedures.procedure_answer(procedure=sent, user=voters[0], choice="approve")
    assert changed()
    with commit():
        procedures.procedure_answer(procedure=sent, user=voters[1], choice="approve")
        procedures.procedure_close_early(procedure=sent, actor=secretary)
    assert changed()
    with commit():
        procedures.procedure_decide(procedure=sent, actor=secretary, as_recommended=True)
    assert changed()
    with commit():
        action = actions.action_create(
            actor=secretary,
            item=decided,
            what="Opgave",
            responsible_kind="secretariat",
            until_next_meeting=True,
        )
    assert changed()
    with commit():
        actions.action_close(action=action, actor=secretary)
    assert changed()
    with commit():
        actions.action_reopen(action=action, actor=secretary)
    assert changed()
    with commit():
        meeting = meeting_create(committee=dap, actor=secretary, date=TODAY)
    assert changed()
    with commit():
        meeting_cancel(meeting=meeting, actor=secretary)
    assert changed()


# --- The meeting page, shared by viewers with the same access level -------------------------


def test_the_next_agenda_tells_a_procedure_closed_after_the_page_was_cached(
    client, dap, secretary, voters, next_agenda, commit
):
    sent = procedure(dap, secretary, title="Mini PID for cockpittet")
    before = meeting_page(client, secretary, next_agenda)
    assert "Mini PID for cockpittet blev godkendt" not in before

    with commit():
        for voter in voters[:2]:
            procedures.procedure_answer(procedure=sent, user=voter, choice="approve")
        procedures.procedure_close_early(procedure=sent, actor=secretary)

    assert "Mini PID for cockpittet blev godkendt i skriftlig proces" in meeting_page(
        client, secretary, next_agenda
    )


def test_the_follow_up_table_follows_an_action_created_and_closed(
    client, dap, secretary, decided, next_agenda, commit
):
    assert "Ring til regionerne" not in meeting_page(client, secretary, next_agenda)

    with commit():
        action = actions.action_create(
            actor=secretary,
            item=decided,
            what="Ring til regionerne",
            responsible_kind="secretariat",
            until_next_meeting=True,
        )
    page = meeting_page(client, secretary, next_agenda)
    assert "Ring til regionerne" in page
    assert "Lukket" not in page

    with commit():
        actions.action_close(action=action, actor=secretary, note="Ringet op")
    assert "Ringet op" in meeting_page(client, secretary, next_agenda)


def test_a_meeting_created_later_is_the_next_meeting_on_a_cached_page(
    client, dap, secretary, commit
):
    meeting = MeetingFactory(committee=dap, date=TODAY + dt.timedelta(days=3))
    AgendaItemFactory(meeting=meeting, title="Eventuelt og næste møde", standing="next_meeting")
    reader = member(dap, Role.MEMBER)
    assert "Næste møde afholdes" not in meeting_page(client, reader, meeting)

    with commit():
        meeting_create(committee=dap, actor=secretary, date=TODAY + dt.timedelta(days=40))

    assert "Næste møde afholdes" in meeting_page(client, reader, meeting)


def test_a_cancelled_meeting_says_so_on_a_cached_page(client, dap, secretary, commit):
    meeting = MeetingFactory(
        committee=dap, date=TODAY + dt.timedelta(days=3), published_at=timezone.now()
    )
    ItemSectionFactory(item=AgendaItemFactory(meeting=meeting))
    reader = member(dap, Role.MEMBER)
    assert "Mødet er aflyst" not in meeting_page(client, reader, meeting)

    with commit():
        meeting_cancel(meeting=meeting, actor=secretary)

    assert "Mødet er aflyst" in meeting_page(client, reader, meeting)


def test_the_shared_page_holds_nobodys_tasks_or_answers(
    client, dap, secretary, voters, decided, commit
):
    anna, bo, _ = voters
    meeting = MeetingFactory(committee=dap, date=TODAY + dt.timedelta(days=3))
    AgendaItemFactory(meeting=meeting, title="Status")
    with commit():
        procedure(dap, secretary, title="Annes proces")
        actions.action_create(
            actor=secretary,
            item=decided,
            what="Annes opgave",
            responsible_kind="member",
            responsible_user_id=anna.pk,
            until_next_meeting=True,
        )

    annas = meeting_page(client, anna, meeting)
    bos = meeting_page(client, bo, meeting)

    for page in (annas, bos):
        assert "Afventer dit svar" not in page
        assert "Mine opgaver" not in page


# --- The agenda PDF, found by its fingerprint -----------------------------------------------


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_draft_agenda_pdf_tells_a_procedure_closed_after_it_was_cached(
    client, dap, secretary, voters, next_agenda, commit
):
    sent = procedure(dap, secretary, title="Mini PID for cockpittet")
    url = reverse("meetings:agenda_pdf", args=[next_agenda.pk])
    client.force_login(secretary)
    assert "blev godkendt i skriftlig proces" not in pdf_text(client.get(url))

    with commit():
        for voter in voters[:2]:
            procedures.procedure_answer(procedure=sent, user=voter, choice="approve")
        procedures.procedure_close_early(procedure=sent, actor=secretary)

    assert "Mini PID for cockpittet blev godkendt i skriftlig proces" in pdf_text(client.get(url))


# --- A follow-up line narrowed to named members is theirs alone, cached or not --------------


@pytest.fixture
def narrowed_line(dap, secretary, voters, commit):
    """A published agenda whose follow-up list holds an action on an earlier closed item
    narrowed to Anna ('kun for'): Anna sees the line, Bo (a member too) does not."""
    anna = voters[0]
    held = MeetingFactory(committee=dap, date=TODAY - dt.timedelta(days=10))
    item = AgendaItemFactory(
        meeting=held, title="Lukket punkt", kind="B", confidential=True, restricted_to=[anna]
    )
    decided = decision_record(item=item, actor=secretary, outcome="approved")
    actions.action_create(
        actor=secretary,
        item=decided,
        what="Forhandl den fortrolige aftale",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    meeting = MeetingFactory(committee=dap, date=TODAY + dt.timedelta(days=10), draft=True)
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    with commit():
        meeting_publish(meeting=meeting, actor=secretary)
    return meeting


def test_a_narrowed_follow_up_line_is_not_served_from_its_reader_s_cached_page(
    client, voters, narrowed_line
):
    anna, bo, _ = voters
    assert "Forhandl den fortrolige aftale" in meeting_page(client, anna, narrowed_line)
    # Bo comes after Anna: her copy of the page must not be his.
    assert "Forhandl den fortrolige aftale" not in meeting_page(client, bo, narrowed_line)


def test_a_narrowed_follow_up_line_is_not_in_another_member_s_cached_pdf(
    client, voters, narrowed_line
):
    anna, bo, _ = voters

    def agenda_text(user) -> str:
        client.force_login(user)
        response = client.get(reverse("meetings:agenda_pdf", args=[narrowed_line.pk]))
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)

    assert "fortrolige aftale" in agenda_text(anna)
    assert "fortrolige aftale" not in agenda_text(bo)
