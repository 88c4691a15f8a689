"""The e-mails of a written procedure: sent out, and one reminder before the deadline.

Each e-mail to each person is claimed by inserting its `BetweenNotice` (unique key), as a
meeting reminder's delivery is: a second scan, or a second worker, finds it taken and sends
nothing. A send that fails gives its claim back, so the next scan tries again.
"""

import datetime as dt
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from dap_portal import danish

from ..models import BetweenNotice, NoticeKind, ProcedureStatus, WrittenProcedure
from .selectors import procedure_voters

logger = logging.getLogger(__name__)


def claim(key: str, kind: str, user) -> BetweenNotice | None:
    """Take one e-mail to one person, or None if it was taken (sent) before."""
    try:
        with transaction.atomic():
            return BetweenNotice.objects.create(
                key=key, kind=kind, recipient=user, email=user.email
            )
    except IntegrityError:
        return None


def send_claimed(notice: BetweenNotice, subject: str, body: str) -> bool:
    """Send a claimed e-mail; on failure the claim is given back for the next scan."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.email],
        reply_to=[settings.DAP_REPLY_TO_EMAIL] if settings.DAP_REPLY_TO_EMAIL else None,
    )
    try:
        message.send()
    except Exception:
        logger.exception("E-mail %s kunne ikke sendes", notice.key)
        notice.delete()
        return False
    return True


def _voters(procedure: WrittenProcedure):
    """The voters (decided at sending) who can be e-mailed."""
    return procedure_voters(procedure).filter(is_active=True).exclude(email="")


def _mail(procedure: WrittenProcedure, user, *, reminder: bool) -> tuple[str, str]:
    link = settings.DAP_BASE_URL + reverse("meetings:procedure_detail", args=[procedure.pk])
    subject = (
        f"Påmindelse: skriftlig proces »{procedure.title}« – svar senest "
        f"{danish.moment(procedure.deadline)}"
        if reminder
        else f"Skriftlig proces: {procedure.title}"
    )
    body = render_to_string(
        "meetings/procedures/email/procedure.txt",
        {
            "procedure": procedure,
            "user": user,
            "reminder": reminder,
            "link": link,
            "deadline": danish.moment(procedure.deadline, with_weekday=True),
            "committee": procedure.committee,
        },
    )
    return subject, body


def send_out(procedure_id: int) -> int:
    """E-mail every voting member that the procedure is sent out (each once)."""
    procedure = WrittenProcedure.objects.select_related("committee").filter(pk=procedure_id).first()
    if procedure is None or procedure.status != ProcedureStatus.SENT:
        return 0
    sent = 0
    for user in _voters(procedure):
        notice = claim(f"procedure:{procedure.pk}:sent:{user.pk}", NoticeKind.PROCEDURE_SENT, user)
        if notice is not None and send_claimed(notice, *_mail(procedure, user, reminder=False)):
            sent += 1
    return sent


def remind_due(now: dt.datetime) -> list[tuple[int, int]]:
    """One reminder to each voting member who has not answered, `reminder_days` before the
    deadline; exactly once (the claim), and not at all after an answer."""
    reminded = []
    open_procedures = WrittenProcedure.objects.filter(
        status=ProcedureStatus.SENT, deadline__gt=now
    ).select_related("committee")
    for procedure in open_procedures:
        if procedure.deadline - timedelta(days=procedure.reminder_days) > now:
            continue
        answered = set(procedure.answers.values_list("user_id", flat=True))
        for user in _voters(procedure):
            if user.pk in answered:
                continue
            key = f"procedure:{procedure.pk}:reminder:{user.pk}"
            notice = claim(key, NoticeKind.PROCEDURE_REMINDER, user)
            if notice is not None and send_claimed(notice, *_mail(procedure, user, reminder=True)):
                reminded.append((procedure.pk, user.pk))
    return reminded
