"""Reminders: the secretariat's pages (a meeting's reminders, a committee's rules)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dap_portal import danish
from meetings.editor import services as editor_services
from meetings.models import (
    DeliveryStatus,
    Reminder,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
    Role,
)
from meetings.reminders import services, times
from meetings.reminders import tasks as scanning
from tests.factories import AgendaItemFactory, PresenterFactory, member

from .helpers import after, member_reminder, move, new_meeting

pytestmark = pytest.mark.django_db


def test_the_reminder_page_shows_times_recipients_and_a_preview(dap, crew, client):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    client.force_login(crew["secretary"])
    page = client.get(reverse("meetings:meeting_reminders", args=[meeting.pk]))
    assert page.status_code == 200
    text = page.text
    member_due = timezone.localtime(member_reminder(meeting).due_at).date()
    assert danish.date_with_weekday(member_due) in text
    assert "Dagsorden til medlemmerne" in text
    assert crew["anna"].email in text
    assert "Kære Anna Andersen" in text or "Kære Frida Formand" in text
    assert "Planlagt" in text


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CHAIR, Role.OBSERVER])
def test_only_the_secretariat_sees_the_reminder_pages(dap, crew, client, role):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    reminder = member_reminder(meeting)
    client.force_login(member(dap, role))
    assert client.get(reverse("meetings:meeting_reminders", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:reminder_rules", args=[dap.pk])).status_code == 404
    assert client.post(reverse("meetings:reminder_send_now", args=[reminder.pk])).status_code == 404


def test_send_now_goes_through_the_claim_path(
    dap, crew, client, django_capture_on_commit_callbacks
):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    reminder = member_reminder(meeting)
    ReminderDelivery.objects.create(
        reminder=reminder,
        recipient=crew["anna"],
        email=crew["anna"].email,
        status=DeliveryStatus.SENT,
    )
    client.force_login(crew["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:reminder_send_now", args=[reminder.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        crew[n].email for n in ("chair", "bo", "olga")
    )
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT


def test_the_secretariat_edits_a_rule_and_pending_reminders_follow(dap, crew, client):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    rule = ReminderRule.objects.get(committee=dap, name="Dagsorden til medlemmerne")
    client.force_login(crew["secretary"])
    page = client.get(reverse("meetings:reminder_rules", args=[dap.pk]))
    assert page.status_code == 200
    assert "Dagsorden til medlemmerne" in page.text
    response = client.post(
        reverse("meetings:reminder_rule_edit", args=[rule.pk]),
        {
            "name": rule.name,
            "anchor": rule.anchor,
            "offset_days": 3,
            "offset_hours": 0,
            "audience": rule.audience,
            "condition": rule.condition,
            "subject": "Husk: {møde} {dato}",
            "body": rule.body,
            "attach_ics": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    start, end = times.meeting_times(meeting)
    assert member_reminder(meeting).due_at == times.due_time(rule, start, end)
    assert times.planned_time(rule, start, end) == start - dt.timedelta(days=3)
    assert rule.subject == "Husk: {møde} {dato}"
    assert not rule.attach_agenda_pdf


def test_the_reminder_page_has_a_fixed_number_of_queries(
    dap, crew, client, django_assert_max_num_queries
):
    meeting = new_meeting(dap, crew["secretary"], days=20)
    client.force_login(crew["secretary"])
    url = reverse("meetings:meeting_reminders", args=[meeting.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # More people, more items, sent reminders with deliveries and new ones after a move.
    for number in range(8):
        member(dap, Role.MEMBER, first_name="Medlem", last_name=str(number))
    for _ in range(4):
        PresenterFactory(item=AgendaItemFactory(meeting=meeting), name="Anna Andersen")
    scanning.scan(now=after(member_reminder(meeting)))
    meeting = move(meeting, crew["secretary"], date=meeting.date + dt.timedelta(days=14))
    assert Reminder.objects.filter(meeting=meeting).count() > 4
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_a_rule_saved_from_the_rules_page_and_a_bad_one_refused(dap, crew, client):
    services.reminder_rules_ensure_defaults(committee=dap)
    rule = ReminderRule.objects.get(committee=dap, name="Frist for bilag")
    client.force_login(crew["secretary"])
    prefix = f"r{rule.pk}-"
    values = {
        "name": rule.name,
        "anchor": rule.anchor,
        "offset_days": 12,
        "offset_hours": 0,
        "audience": rule.audience,
        "condition": rule.condition,
        "subject": rule.subject,
        "body": rule.body,
        "active": "on",
    }
    url = reverse("meetings:reminder_rule_edit", args=[rule.pk])
    response = client.post(url, {prefix + key: value for key, value in values.items()})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.offset_days == 12
    refused = client.post(url, {**values, "offset_hours": 24 * 60, "subject": ""})
    assert refused.status_code == 200
    assert "Dette felt er påkrævet" in refused.text or "påkrævet" in refused.text
    rule.refresh_from_db()
    assert rule.subject


def reminder_page_text(client, meeting):
    page = client.get(reverse("meetings:meeting_reminders", args=[meeting.pk]))
    assert page.status_code == 200
    return " ".join(page.text.split())


def test_the_reminder_page_says_what_each_condition_is_and_whether_it_holds(dap, crew, client):
    secretary = crew["secretary"]
    meeting = new_meeting(dap, secretary, days=20, publish=False)
    client.force_login(secretary)
    text = reminder_page_text(client, meeting)
    assert (
        "Sendes kun, hvis dagsordenen ikke er udsendt – dagsordenen er ikke udsendt, "
        "så den sendes." in text
    )
    assert (
        "Sendes kun, hvis dagsordenen er udsendt – dagsordenen er ikke udsendt, "
        "så den sendes ikke." in text
    )
    assert "Sendes kun, hvis et punkt med oplægsholder mangler bilag – alle punkter med " in text
    assert "betingelsen er" not in text

    editor_services.meeting_publish(meeting=meeting, actor=secretary)
    text = reminder_page_text(client, meeting)
    # The published agenda: the "not published" reminder is not sent, and the page says why.
    assert (
        "Sendes kun, hvis dagsordenen ikke er udsendt – dagsordenen er udsendt, "
        "så den sendes ikke." in text
    )
    assert "Sendes kun, hvis dagsordenen er udsendt – dagsordenen er udsendt, så den sendes." in (
        text
    )
    assert "dagsordenen er ikke udsendt, så den sendes ikke" not in text


def test_the_reminder_page_shows_a_reminder_moved_off_a_holiday(dap, crew, client):
    secretary = crew["secretary"]
    # Tuesday 23 April 2030: ten days before is Saturday 13 April.
    meeting = editor_services.meeting_create(
        committee=dap,
        actor=secretary,
        date=dt.date(2030, 4, 23),
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        location="Slotsholmsgade 12",
    )
    client.force_login(secretary)
    text = reminder_page_text(client, meeting)
    assert "fredag d. 12. april 2030 kl. 13.00" in text
    assert "flyttet fra lørdag d. 13. april 2030: ingen sendes på en fridag" in text
    # Two days before is Easter Sunday 21 April: back past Saturday, langfredag and
    # skærtorsdag to Wednesday 17 April.
    assert "flyttet fra søndag d. 21. april 2030, påskedag" in text
    assert "onsdag d. 17. april 2030 kl. 13.00" in text
