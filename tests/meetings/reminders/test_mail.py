"""Reminders: the e-mail, its Danish text, link, calendar invitation and placeholders."""

from email import message_from_bytes

import pytest
from django.core import mail

from dap_portal import danish
from meetings.reminders import mail as reminder_mail
from meetings.reminders import tasks as scanning

from .helpers import after, member_reminder, new_meeting

pytestmark = pytest.mark.django_db


def test_member_reminder_reads_well_in_danish_with_ics_and_link(dap, crew, settings):
    settings.DAP_BASE_URL = "https://dap.example"
    meeting = new_meeting(dap, crew["secretary"], days=3)
    scanning.scan(now=after(member_reminder(meeting)))
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {crew[n].email for n in ("chair", "anna", "bo", "olga")}
    message = sent[crew["anna"].email]
    weekday_date = danish.date_with_weekday(meeting.date)
    assert message.subject == f"Dagsorden: {meeting.title} {weekday_date}"
    assert "Kære Anna Andersen" in message.body
    assert "kl. 13.00-15.00" in message.body
    assert "kl. 13.00  1. " in message.body  # the agenda lines with their times
    link = f"https://dap.example/moeder/{meeting.pk}/"
    assert link in message.body
    assert message.reply_to == ["sekretariat@dap.example"]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    (name, content, kind) = message.attachments[0]
    assert name == "moede.ics"
    assert kind.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert f"UID:meeting-{meeting.pk}@" in text
    assert "SEQUENCE:" in text
    assert "METHOD:REQUEST" in text
    # The whole message serialises (what the SMTP backend would send).
    assert message_from_bytes(message.message().as_bytes())["Subject"]


def test_placeholders_are_filled_and_unknown_ones_stay_visible():
    values = {"møde": "Styregruppemøde", "dato": "mandag d. 6. oktober 2025"}
    assert (
        reminder_mail.fill("{møde} {dato} {ukendt} {møde.__class__} {{x}}", values)
        == "Styregruppemøde mandag d. 6. oktober 2025 {ukendt} {møde.__class__} {{x}}"
    )
