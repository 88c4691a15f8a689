"""A reminder's e-mail: the placeholders a rule's text may use, filled for one recipient, with
its HTML part and the attachments the rule asks for (calendar invitation, agenda PDF)."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from dap_portal import danish

from ..access import Viewer
from ..agenda import agenda_for
from ..calendar import meeting_invitation
from ..documents.render import DocumentKind, render_document
from ..models import AgendaItem, Meeting, MeetingStatus, Reminder, ReminderAudience, Role
from .conditions import condition_points
from .recipients import Recipient

_PLACEHOLDER = re.compile(r"\{([^{}\s]+)\}")

PLACEHOLDERS = {
    "møde": "mødets titel",
    "udvalg": "styregruppens navn",
    "dato": "dato med ugedag, fx mandag d. 6. oktober 2025",
    "tid": "klokkeslæt, fx kl. 13.00-15.00",
    "sted": "mødested",
    "link": "link til mødesiden",
    "punkter": "punkterne (dagsorden med tider, eller punkter der mangler bilag/beslutning)",
    "modtager": "modtagerens navn",
    "sekretariat": "sekretariatets navn",
}


def fill(template: str, values: dict[str, str]) -> str:
    """Replace `{name}` by its value; unknown names stay visible as written.

    Plain substitution: no attribute access or formatting spec is ever evaluated, unlike
    str.format, so a rule's text cannot reach into objects.
    """
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def meeting_link(meeting: Meeting) -> str:
    """The meeting's page as an absolute address."""
    return settings.DAP_BASE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])


def _agenda_lines(meeting: Meeting, recipient: Recipient) -> list[str]:
    viewer = Viewer(user=recipient.user, role=Role(recipient.role))
    lines = []
    for line in agenda_for(meeting, viewer).lines:
        clock = danish.clock(line.starts_at)
        prefix = f"kl. {clock}  " if clock else ""
        lines.append(f"{prefix}{line.heading}")
    return lines


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
    points: list[str]


def _points(
    reminder: Reminder,
    recipient: Recipient,
    items: list[AgendaItem] | None,
    agendas: dict[str, list[str]] | None,
) -> list[str]:
    """What `{punkter}` lists: the condition's choice, the recipient's items, or the agenda."""
    points = condition_points(reminder, items)
    if points is not None:
        return points
    if reminder.rule.audience == ReminderAudience.PRESENTERS or recipient.items:
        return list(recipient.items)
    if agendas is None:
        return _agenda_lines(reminder.meeting, recipient)
    # Confidential items depend on the reader: computed once per reader, not per reminder.
    key = f"{recipient.role}:{recipient.user.pk}"
    if key not in agendas:
        agendas[key] = _agenda_lines(reminder.meeting, recipient)
    return agendas[key]


def render_mail(
    reminder: Reminder,
    recipient: Recipient,
    items: list[AgendaItem] | None = None,
    agendas: dict[str, list[str]] | None = None,
) -> RenderedMail:
    """The reminder's e-mail for one recipient: subject, plain text and HTML."""
    meeting = reminder.meeting
    rule = reminder.rule
    points = _points(reminder, recipient, items, agendas)
    link = meeting_link(meeting)
    values = {
        "møde": meeting.title,
        "udvalg": meeting.committee.name,
        "dato": danish.date_with_weekday(meeting.date),
        "tid": danish.clock_span(meeting.start_time, meeting.end_time),
        "sted": meeting.location,
        "link": link,
        "punkter": "\n".join(points),
        "modtager": recipient.name,
        "sekretariat": meeting.committee.secretariat or "Sekretariatet",
    }
    subject = " ".join(fill(rule.subject, values).split())
    text = fill(rule.body, values)
    if rule.audience == ReminderAudience.PRESENTERS and recipient.role == Role.SECRETARIAT:
        text = (
            "Kopi til sekretariatet: alle punkter med oplægsholder, der endnu mangler bilag.\n\n"
            + text
        )
    html = render_to_string(
        "meetings/reminders/email/reminder.html",
        {
            "subject": subject,
            "paragraphs": [part for part in re.split(r"\n\s*\n", text) if part.strip()],
            "link": link,
            "meeting": meeting,
        },
    )
    return RenderedMail(subject=subject, text=text, html=html, points=points)


def build_message(
    reminder: Reminder, recipient: Recipient, items: list[AgendaItem] | None = None
) -> EmailMultiAlternatives:
    """The e-mail with its HTML part and the attachments the rule asks for."""
    mail = render_mail(reminder, recipient, items)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.user.email],
        reply_to=[settings.DAP_REPLY_TO_EMAIL] if settings.DAP_REPLY_TO_EMAIL else None,
    )
    message.attach_alternative(mail.html, "text/html")
    rule = reminder.rule
    meeting = reminder.meeting
    if rule.attach_ics:
        message.attach(
            "moede.ics",
            meeting_invitation(meeting, base_url=settings.DAP_BASE_URL),
            "text/calendar; method=REQUEST; charset=utf-8",
        )
    if rule.attach_agenda_pdf and meeting.status != MeetingStatus.DRAFT:
        viewer = Viewer(user=recipient.user, role=Role(recipient.role))
        pdf = render_document(meeting, viewer, DocumentKind.DAGSORDEN)
        message.attach(pdf.filename, pdf.content, "application/pdf")
    return message
