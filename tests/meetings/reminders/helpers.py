"""What the reminder tests share: the committee's people, meetings made through the services,
a clock the test sets and a mailer that fails."""

import datetime as dt
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from meetings.editor import services as editor_services
from meetings.models import Reminder, ReminderAudience, Role
from tests.factories import member


class FailingBackend(BaseEmailBackend):
    """A mailer whose SMTP server is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Forbindelsen til SMTP-serveren blev afbrudt")


FAILING = {"default": {"BACKEND": "tests.meetings.reminders.helpers.FailingBackend"}}


def people(committee):
    """A secretary, a chair, two members and an observer, each with an e-mail address."""
    return {
        "secretary": member(committee, Role.SECRETARIAT, first_name="Sara", last_name="Sekretær"),
        "chair": member(committee, Role.CHAIR, first_name="Frida", last_name="Formand"),
        "anna": member(committee, Role.MEMBER, first_name="Anna", last_name="Andersen"),
        "bo": member(committee, Role.MEMBER, first_name="Bo", last_name="Berg"),
        "olga": member(committee, Role.OBSERVER, first_name="Olga", last_name="Observatør"),
    }


def new_meeting(committee, actor, *, days=3, publish=True):
    """A meeting `days` ahead at 13.00-15.00, created (and published) through the services."""
    meeting = editor_services.meeting_create(
        committee=committee,
        actor=actor,
        date=timezone.localdate() + dt.timedelta(days=days),
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        location="Slotsholmsgade 12",
    )
    if publish:
        meeting = editor_services.meeting_publish(meeting=meeting, actor=actor)
    return meeting


def member_reminder(meeting):
    return Reminder.objects.get(meeting=meeting, rule__audience=ReminderAudience.MEMBERS)


def after(reminder, minutes=1):
    return reminder.due_at + dt.timedelta(minutes=minutes)


def move(meeting, actor, *, date=None, start=dt.time(13, 0), end=dt.time(15, 0)):
    return editor_services.meeting_update(
        meeting=meeting,
        actor=actor,
        title=meeting.title,
        date=date or meeting.date,
        start_time=start,
        end_time=end,
        location=meeting.location,
    )


class Clock:
    """The time as the portal sees it (django.utils.timezone.now), set by the test."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def set(self, value: dt.datetime) -> None:
        self.now = value
