"""Follow-up actions: recorded on a decision, on the next agenda's list, reminded once,
closed into "closed since the last meeting", and a list page of fixed query count."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.access import Viewer
from meetings.actions import services
from meetings.agenda import agenda_for
from meetings.editor.services import meeting_publish
from meetings.minutes.services import decision_record
from meetings.models import FollowUpAction, Role
from tests.factories import AgendaItemFactory, MeetingFactory, member

pytestmark = pytest.mark.django_db

DECIDED_DAY = dt.date(2025, 10, 6)
NEXT_DAY = dt.date(2025, 12, 16)


def copenhagen(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def decided(dap, secretary):
    """Item 3 of the meeting of 6 October 2025, decided."""
    meeting = MeetingFactory(committee=dap, date=DECIDED_DAY)
    item = AgendaItemFactory(meeting=meeting, title="Revideret KOL-forløbsplan", kind="B")
    return decision_record(item=item, actor=secretary, outcome="approved")


def next_meeting(dap):
    meeting = MeetingFactory(committee=dap, date=NEXT_DAY, draft=True)
    AgendaItemFactory(meeting=meeting, title="Meddelelser")
    return meeting


def follow_up(meeting, user):
    agenda = agenda_for(meeting, Viewer.of(user, meeting))
    return next(line for line in agenda.lines if line.item.title == "Meddelelser").between.actions


def test_an_action_needs_a_decision(dap, secretary):
    item = AgendaItemFactory(meeting=MeetingFactory(committee=dap))
    with pytest.raises(ValidationError, match="Registrér punktets beslutning"):
        services.action_create(
            actor=secretary,
            item=item,
            what="x",
            responsible_kind="secretariat",
            until_next_meeting=True,
        )
    assert not FollowUpAction.objects.exists()


def test_an_action_appears_on_the_next_agenda_and_closing_moves_it(dap, secretary, decided, clock):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="Andersen")
    clock.set(copenhagen(2025, 10, 7, 10, 0))
    action = services.action_create(
        actor=secretary,
        item=decided,
        what="Sekretariatet udarbejder et revideret oplæg til næste møde",
        responsible_kind="member",
        responsible_user_id=anna.pk,
        until_next_meeting=True,
    )
    meeting = next_meeting(dap)
    [line] = follow_up(meeting, secretary)
    assert line["what"] == "Sekretariatet udarbejder et revideret oplæg til næste møde"
    assert line["responsible"] == "Anna Andersen"
    assert line["due"] == "Til næste møde (16. december 2025)"
    assert line["status"] == "Åben"
    clock.set(copenhagen(2025, 11, 20, 10, 0))
    services.action_close(action=action, actor=secretary, note="Sendt ud")
    [line] = follow_up(meeting, secretary)
    assert (line["status"], line["closed_on"], line["note"]) == (
        "Lukket",
        "20. november 2025",
        "Sendt ud",
    )
    published = meeting_publish(meeting=meeting, actor=secretary)
    services.action_reopen(action=action, actor=secretary)
    assert follow_up(published, secretary)[0]["status"] == "Lukket"  # frozen at publication
    # A later meeting no longer tells an action closed before the meeting of 16 December.
    services.action_close(action=action, actor=secretary)
    later = MeetingFactory(committee=dap, date=dt.date(2026, 2, 2), draft=True)
    AgendaItemFactory(meeting=later, title="Meddelelser")
    clock.set(copenhagen(2026, 1, 5, 10, 0))
    FollowUpAction.objects.filter(pk=action.pk).update(closed_at=copenhagen(2025, 11, 20, 10, 0))
    assert follow_up(later, secretary) == []


def test_the_reminder_reaches_the_responsible_once(dap, secretary, decided, clock):
    anna = member(dap, Role.MEMBER, first_name="Anna")
    clock.set(copenhagen(2025, 10, 7, 10, 0))
    services.action_create(
        actor=secretary,
        item=decided,
        what="Indhent tilbud",
        responsible_kind="member",
        responsible_user_id=anna.pk,
        due_date=dt.date(2025, 10, 20),
    )
    mail.outbox.clear()
    assert services.remind_due(dt.date(2025, 10, 17)) == []  # three days before: not yet
    [(_action_id, user_id)] = services.remind_due(dt.date(2025, 10, 18))
    assert user_id == anna.pk
    assert services.remind_due(dt.date(2025, 10, 18)) == []
    assert services.remind_due(dt.date(2025, 10, 19)) == []
    assert [message.to for message in mail.outbox] == [[anna.email]]
    assert "Indhent tilbud" in mail.outbox[0].body


def test_an_observer_is_never_responsible_and_a_former_member_is_not_reminded(
    dap, secretary, decided, clock
):
    observer = member(dap, Role.OBSERVER)
    with pytest.raises(ValidationError, match="ikke en observatør"):
        services.action_create(
            actor=secretary,
            item=decided,
            what="Til observatøren",
            responsible_kind="member",
            responsible_user_id=observer.pk,
            until_next_meeting=True,
        )
    anna = member(dap, Role.MEMBER, first_name="Anna")
    clock.set(copenhagen(2025, 10, 7, 10, 0))
    services.action_create(
        actor=secretary,
        item=decided,
        what="Indhent tilbud",
        responsible_kind="member",
        responsible_user_id=anna.pk,
        due_date=dt.date(2025, 10, 20),
    )
    anna.memberships.update(role=Role.OBSERVER)  # she is an observer by the time it is due
    mail.outbox.clear()
    services.remind_due(dt.date(2025, 10, 18))
    assert mail.outbox == []


def test_an_organisation_is_followed_up_by_the_secretariat(dap, secretary, decided):
    services.action_create(
        actor=secretary,
        item=decided,
        what="Regionerne melder tilbage",
        responsible_kind="organisation",
        responsible_organisation="Danske Regioner",
        due_date=dt.date(2025, 10, 20),
    )
    services.remind_due(dt.date(2025, 10, 19))
    assert [message.to for message in mail.outbox] == [[secretary.email]]


def test_an_action_on_a_closed_item_is_not_shown_to_observers(dap, secretary, decided):
    type(decided).objects.filter(pk=decided.pk).update(confidential=True)
    decided.refresh_from_db()
    services.action_create(
        actor=secretary,
        item=decided,
        what="Fortroligt",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    observer = member(dap, Role.OBSERVER)
    meeting = meeting_publish(meeting=next_meeting(dap), actor=secretary)
    assert follow_up(meeting, observer) == []
    assert [line["what"] for line in follow_up(meeting, secretary)] == ["Fortroligt"]


def test_an_action_on_an_item_narrowed_to_named_members_reaches_only_them(dap, secretary, decided):
    anna = member(dap, Role.MEMBER)
    bo = member(dap, Role.MEMBER)
    type(decided).objects.filter(pk=decided.pk).update(confidential=True)
    decided.restricted_to.set([anna])
    services.action_create(
        actor=secretary,
        item=decided,
        what="Kun for Anna",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    meeting = meeting_publish(meeting=next_meeting(dap), actor=secretary)
    assert [line["what"] for line in follow_up(meeting, anna)] == ["Kun for Anna"]
    assert follow_up(meeting, bo) == []
    assert [line["what"] for line in follow_up(meeting, secretary)] == ["Kun for Anna"]


def make_actions(dap, secretary, decided, count: int) -> None:
    people = [member(dap, Role.MEMBER) for _ in range(3)]
    for number in range(count):
        kind = ("member", "secretariat", "organisation")[number % 3]
        services.action_create(
            actor=secretary,
            item=decided,
            what=f"Opgave {number}",
            responsible_kind=kind,
            responsible_user_id=people[number % 3].pk if kind == "member" else None,
            responsible_organisation="KL" if kind == "organisation" else "",
            due_date=dt.date(2025, 10, 20) if number % 2 else None,
            until_next_meeting=not number % 2,
        )
    for action in FollowUpAction.objects.filter(closed_at__isnull=True)[: count // 4]:
        services.action_close(action=action, actor=secretary, note="ok")


def test_the_actions_page_has_a_fixed_number_of_queries(
    client, dap, secretary, decided, django_assert_max_num_queries
):
    client.force_login(secretary)
    url = reverse("meetings:action_list", args=[dap.pk])
    make_actions(dap, secretary, decided, 10)
    with django_assert_max_num_queries(12) as small:
        response = client.get(url)
    assert response.content.count(b"Opgave ") == 10
    make_actions(dap, secretary, decided, 90)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.content.count(b"Opgave ") == 100


def test_the_actions_page_filters_by_responsible_and_meeting(client, dap, secretary, decided):
    anna = member(dap, Role.MEMBER, first_name="Anna", last_name="A")
    services.action_create(
        actor=secretary,
        item=decided,
        what="Annas opgave",
        responsible_kind="member",
        responsible_user_id=anna.pk,
        until_next_meeting=True,
    )
    other = AgendaItemFactory(meeting=MeetingFactory(committee=dap, date=dt.date(2025, 6, 2)))
    other = decision_record(item=other, actor=secretary, outcome="noted")
    services.action_create(
        actor=secretary,
        item=other,
        what="Sekretariatets opgave",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    client.force_login(secretary)
    url = reverse("meetings:action_list", args=[dap.pk])
    content = client.get(url, {"ansvarlig": f"user:{anna.pk}"}).content.decode()
    assert "Annas opgave" in content
    assert "Sekretariatets opgave" not in content
    content = client.get(url, {"moede": other.meeting_id}).content.decode()
    assert "Sekretariatets opgave" in content
    assert "Annas opgave" not in content


def test_the_minutes_pdf_lists_each_decisions_actions_under_it(dap, secretary, decided):
    import io

    from pypdf import PdfReader

    from meetings.documents.render import DocumentKind, render_document
    from meetings.models import MeetingStatus

    services.action_create(
        actor=secretary,
        item=decided,
        what="Udarbejd revideret oplæg",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    meeting = decided.meeting
    type(meeting).objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    pdf = render_document(meeting, Viewer.of(secretary, meeting), DocumentKind.REFERAT)
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Opfølgning Udarbejd revideret oplæg – ansvarlig: Sekretariatet" in text


def test_beat_runs_the_procedure_and_action_scans_every_minute(settings):
    from dap_portal.celery import app

    app.loader.import_default_modules()  # what beat and the worker do at start
    for key, task in (
        ("scan-procedures", "meetings.procedures.scan"),
        ("scan-actions", "meetings.actions.scan"),
    ):
        assert settings.CELERY_BEAT_SCHEDULE[key] == {"task": task, "schedule": 60.0}
        assert task in app.tasks


def test_a_note_that_is_too_long_closes_nothing(client, dap, secretary, decided):
    action = services.action_create(
        actor=secretary,
        item=decided,
        what="Indhent tilbud",
        responsible_kind="secretariat",
        until_next_meeting=True,
    )
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:action_close", args=[action.pk]), {"note": "x" * 501}, follow=True
    )
    assert "Noten må højst være 500 tegn" in response.content.decode()
    action.refresh_from_db()
    assert action.closed_at is None
