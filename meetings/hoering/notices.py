"""The e-mails of a høring: sent out, and one reminder before the deadline to those who have
not answered. Each is claimed by its `BetweenNotice` (unique key), so it goes exactly once."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dap_portal import danish

from ..models import HoeringStatus, MeetingStatus, MinutesHoering, NoticeKind
from ..procedures.notices import claim, send_claimed
from .selectors import answered_ids, recipients


def _mail(hoering: MinutesHoering, user, *, reminder: bool) -> tuple[str, str]:
    meeting = hoering.meeting
    deadline = danish.date_with_weekday(hoering.deadline)
    subject = (
        f"Påmindelse: referat i høring – bemærkninger senest {deadline}"
        if reminder
        else f"Referat i høring: {meeting.title} {danish.date_long(meeting.date)}"
    )
    body = render_to_string(
        "meetings/hoering/email/hoering.txt",
        {
            "meeting": meeting,
            "meeting_date": danish.date_with_weekday(meeting.date),
            "user": user,
            "reminder": reminder,
            "deadline": deadline,
            "tacit": meeting.committee.minutes_tacit_approval,
            "committee": meeting.committee,
            "link": settings.DAP_BASE_URL + reverse("meetings:hoering", args=[meeting.pk]),
        },
    )
    return subject, body


def _reachable(hoering: MinutesHoering):
    return recipients(hoering).filter(is_active=True).exclude(email="")


def send_out(hoering_id: int) -> int:
    """E-mail every participant that the minutes are in høring (each once)."""
    hoering = (
        MinutesHoering.objects.select_related("meeting__committee").filter(pk=hoering_id).first()
    )
    if hoering is None or hoering.status != HoeringStatus.OPEN:
        return 0
    sent = 0
    for user in _reachable(hoering):
        notice = claim(f"hoering:{hoering.pk}:sent:{user.pk}", NoticeKind.HOERING_SENT, user)
        if notice is not None and send_claimed(notice, *_mail(hoering, user, reminder=False)):
            sent += 1
    return sent


def remind_due(now: dt.datetime) -> list[tuple[int, int]]:
    """One reminder to each participant who has not answered, on the working day before the
    deadline; exactly once (the claim), and not at all after an answer."""
    today = timezone.localdate(now)
    reminded = []
    due = MinutesHoering.objects.filter(
        status=HoeringStatus.OPEN,
        remind_on__lte=today,
        deadline__gte=today,
        meeting__status=MeetingStatus.HELD,
    ).select_related("meeting__committee")
    for hoering in due:
        answered = answered_ids(hoering)
        for user in _reachable(hoering):
            if user.pk in answered:
                continue
            key = f"hoering:{hoering.pk}:reminder:{user.pk}"
            notice = claim(key, NoticeKind.HOERING_REMINDER, user)
            if notice is not None and send_claimed(notice, *_mail(hoering, user, reminder=True)):
                reminded.append((hoering.pk, user.pk))
    return reminded
