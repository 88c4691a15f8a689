"""Reminders before and after meetings: rules, scheduled rows, the beat scan, e-mails.

How a reminder travels:

1. **Scheduling** (`schedule_for_meeting`, called at the end of `meeting_create`,
   `meeting_publish` and a rescheduling `meeting_update`, in the same transaction): one
   `Reminder` row per active rule of the committee, with `due_at` computed from the meeting's
   start (or end) and the rule's offset. A meeting moved to another time gets its *pending*
   rows moved; a row already sent for the old time stays sent, and a new pending row is made
   for the new time only if the rule was not sent already or its due time is still ahead.
   A reminder whose due time has passed while the meeting is still ahead is sent at once
   ("late, not never"), unless the same rule was already sent for this meeting. `meeting_cancel`
   deletes the pending rows (`cancel_for_meeting`).
2. **The scan** (`scan`, run by beat every minute): one indexed query for pending rows due now
   (the partial index `reminder_pending_due`), locked with SKIP LOCKED and marked as handed
   over (`handled_at`), then one worker task per row. A row handed over more than `LEASE` ago
   and still pending (a lost task) is handed over again. No long ETA tasks.
3. **Delivery** (`deliver`, in the worker): the rule's condition is evaluated now (no longer
   true: the row becomes *skipped*); each recipient is claimed by INSERTing a
   `ReminderDelivery` (unique per reminder and recipient) *before* the e-mail is sent, so two
   scans, a retried task or a restarted worker never send twice. A failed send keeps the claim
   with its error; the task retries with exponential backoff and takes back only its own
   failed claims; after the last try the deliveries and the reminder are marked *failed*.

Audiences: *members* are the chair, members and observers of the committee (not the
secretariat); *chair* and *secretariat* are those roles. *Presenters* are free-text names on
items: a presenter of an item without bilag gets the reminder when a user of the committee (any
role) has that full name or that e-mail address; the secretariat always gets a copy listing
every item still without bilag, so a presenter without a portal account is not forgotten.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dap_portal import danish

from ..access import Viewer, role_sees_meeting
from ..calendar import meeting_invitation
from ..models import (
    AgendaItem,
    Committee,
    DeliveryStatus,
    Meeting,
    MeetingStatus,
    Membership,
    Reminder,
    ReminderAnchor,
    ReminderAudience,
    ReminderCondition,
    ReminderDelivery,
    ReminderRule,
    ReminderStatus,
    Role,
)
from .limits import RETRY_BASE_SECONDS

# A pending reminder handed to a worker is not handed over again before this has passed:
# longer than the whole retry chain of `deliver_reminder` (30+60+120+240+480 s).
LEASE = dt.timedelta(minutes=30)
# At most this many reminders per scan; the rest follow a minute later.
SCAN_BATCH = 500
# Retries of a failed send, and the first pause (doubled on each retry).

SCHEDULED_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED, MeetingStatus.HELD)
MEMBER_ROLES = (Role.CHAIR, Role.MEMBER, Role.OBSERVER)

DEFAULT_RULES: tuple[dict, ...] = (
    {
        "name": "Frist for bilag",
        "anchor": ReminderAnchor.BEFORE_START,
        "offset_days": 10,
        "audience": ReminderAudience.PRESENTERS,
        "condition": ReminderCondition.ITEMS_WITHOUT_BILAG,
        "subject": "Frist for bilag: {møde} {dato}",
        "body": (
            "Kære {modtager}\n\n"
            "Du er oplægsholder ved {møde} {dato} {tid}. Vi mangler stadig bilag til:\n\n"
            "{punkter}\n\n"
            "Send venligst bilagene til sekretariatet hurtigst muligt, så de kan komme med, "
            "når dagsordenen udsendes.\n\n"
            "Mødesiden: {link}\n\n"
            "Med venlig hilsen\n{sekretariat}"
        ),
    },
    {
        "name": "Dagsordenen er ikke udsendt",
        "anchor": ReminderAnchor.BEFORE_START,
        "offset_days": 7,
        "audience": ReminderAudience.SECRETARIAT,
        "condition": ReminderCondition.NOT_PUBLISHED,
        "subject": "Dagsordenen til {møde} {dato} er ikke udsendt",
        "body": (
            "Dagsordenen til {møde} {dato} {tid} er endnu ikke udsendt.\n\n"
            "Punkter på dagsordenen:\n\n{punkter}\n\n"
            "Redigér og udsend den her: {link}"
        ),
    },
    {
        "name": "Dagsorden til medlemmerne",
        "anchor": ReminderAnchor.BEFORE_START,
        "offset_days": 2,
        "audience": ReminderAudience.MEMBERS,
        "condition": ReminderCondition.PUBLISHED,
        "subject": "Dagsorden: {møde} {dato}",
        "body": (
            "Kære {modtager}\n\n"
            "Hermed dagsordenen til {møde} {dato} {tid}, {sted}.\n\n"
            "{punkter}\n\n"
            "Dagsorden og bilag finder du på mødesiden: {link}\n"
            "Mødet er vedhæftet som kalenderinvitation.\n\n"
            "Med venlig hilsen\n{sekretariat}"
        ),
        "attach_ics": True,
        "attach_agenda_pdf": False,
    },
    {
        "name": "Beslutninger mangler",
        "anchor": ReminderAnchor.AFTER_END,
        "offset_days": 2,
        "audience": ReminderAudience.SECRETARIAT,
        "condition": ReminderCondition.DECISIONS_MISSING,
        "subject": "Beslutninger mangler: {møde} {dato}",
        "body": (
            "Mødet {møde} {dato} er afholdt, men der mangler beslutninger til:\n\n"
            "{punkter}\n\n"
            "Skriv dem i referatet: {link}"
        ),
    },
)


# --- Rules -------------------------------------------------------------------------------------


@transaction.atomic
def reminder_rules_ensure_defaults(*, committee: Committee) -> list[ReminderRule]:
    """The committee's reminder rules, with the four defaults created for one that has none."""
    rules = list(ReminderRule.objects.filter(committee=committee))
    if rules:
        return rules
    for values in DEFAULT_RULES:
        rule = ReminderRule(committee=committee, **values)
        rule.full_clean()
        rule.save()
        rules.append(rule)
    return rules


def rule_order(rule: ReminderRule) -> tuple[int, int]:
    """In the order they go out: the furthest before the meeting first, those after it last."""
    hours = rule.offset_days * 24 + rule.offset_hours
    return (0, -hours) if rule.anchor == ReminderAnchor.BEFORE_START else (1, hours)


# --- Times ------------------------------------------------------------------------------------


def meeting_times(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of the meeting as aware datetimes (a meeting without a time: the whole day)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    if meeting.start_time is None:
        start = dt.datetime.combine(meeting.date, dt.time(0, 0), tzinfo=zone)
        return start, start + dt.timedelta(days=1)
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    if meeting.end_time is not None:
        end = dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
    else:
        end = start + dt.timedelta(hours=2)
    return start, end


def due_time(rule: ReminderRule, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    offset = dt.timedelta(days=rule.offset_days, hours=rule.offset_hours)
    if rule.anchor == ReminderAnchor.AFTER_END:
        return end + offset
    return start - offset


def _worth_scheduling(
    rule: ReminderRule, due: dt.datetime, start: dt.datetime, now: dt.datetime, sent: bool
) -> bool:
    """Ahead of us; or late but still useful (before the meeting), unless already sent."""
    if due > now:
        return True
    return not sent and rule.anchor == ReminderAnchor.BEFORE_START and start > now


# --- Scheduling -------------------------------------------------------------------------------


def schedule_for_meeting(meeting: Meeting, *, now: dt.datetime | None = None) -> None:
    """Create, move or remove the meeting's pending reminders to match its time and rules.

    Called inside the services' transactions; rows already sent, skipped or failed are history
    and never touched.
    """
    if meeting.status == MeetingStatus.CANCELLED:
        cancel_for_meeting(meeting)
        return
    now = now or timezone.now()
    rules = [rule for rule in reminder_rules_ensure_defaults(committee=meeting.committee)]
    active = {rule.pk: rule for rule in rules if rule.active}
    start, end = meeting_times(meeting)
    rows = list(Reminder.objects.filter(meeting=meeting))
    pending = {row.rule_id: row for row in rows if row.status == ReminderStatus.PENDING}
    done = {(row.rule_id, row.meeting_starts_at) for row in rows if row.status != "pending"}
    sent_rules = {row.rule_id for row in rows if row.status == ReminderStatus.SENT}
    if meeting.status not in SCHEDULED_STATUSES:
        active = {}
    stale = [row.pk for rule_id, row in pending.items() if rule_id not in active]
    for rule in active.values():
        due = due_time(rule, start, end)
        row = pending.get(rule.pk)
        wanted = (rule.pk, start) not in done and _worth_scheduling(
            rule, due, start, now, sent=rule.pk in sent_rules
        )
        if not wanted:
            if row is not None:
                stale.append(row.pk)
            continue
        if row is None:
            Reminder.objects.create(rule=rule, meeting=meeting, meeting_starts_at=start, due_at=due)
        elif row.due_at != due or row.meeting_starts_at != start:
            # Moved: hand it over afresh at the new time.
            Reminder.objects.filter(pk=row.pk, status=ReminderStatus.PENDING).update(
                due_at=due, meeting_starts_at=start, handled_at=None
            )
    if stale:
        Reminder.objects.filter(pk__in=stale, status=ReminderStatus.PENDING).delete()


def cancel_for_meeting(meeting: Meeting) -> int:
    """Delete the meeting's pending reminders (sent ones stay as history)."""
    deleted, _ = Reminder.objects.filter(meeting=meeting, status=ReminderStatus.PENDING).delete()
    return deleted


def schedule_for_committee(committee: Committee) -> None:
    """Recompute the reminders of the committee's meetings to come (after a rule changed)."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(
        committee=committee, status__in=SCHEDULED_STATUSES, date__gte=today - dt.timedelta(days=31)
    ).select_related("committee")
    for meeting in meetings:
        schedule_for_meeting(meeting)


# --- The scan ---------------------------------------------------------------------------------


def due_reminders(now: dt.datetime):
    """The scan's query: pending and due (partial index), not handed over within the lease."""
    return (
        Reminder.objects.filter(status=ReminderStatus.PENDING, due_at__lte=now)
        .filter(Q(handled_at__isnull=True) | Q(handled_at__lt=now - LEASE))
        .order_by("due_at")
    )


def scan(
    *, now: dt.datetime | None = None, dispatch: Callable[[int], object] | None = None
) -> list[int]:
    """Hand every due reminder to a worker, each once; returns their ids.

    Three queries whatever the number of meetings: the locked select, the update, the commit.
    """
    now = now or timezone.now()
    if dispatch is None:
        from .tasks import deliver_reminder

        dispatch = deliver_reminder.delay
    with transaction.atomic():
        ids = list(
            due_reminders(now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:SCAN_BATCH]
        )
        if ids:
            Reminder.objects.filter(pk__in=ids).update(handled_at=now)
    for pk in ids:
        dispatch(pk)
    return ids


# --- Conditions and recipients ----------------------------------------------------------------


@dataclass
class Recipient:
    user: AbstractBaseUser
    role: str
    items: list[str] = field(default_factory=list)  # for {punkter} in the presenters' reminder

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related("presenters", "bilag")
    )


def _without_bilag(items: Iterable[AgendaItem]) -> list[tuple[int, AgendaItem]]:
    """Numbered items that have presenters but no bilag yet."""
    return [
        (number, item)
        for number, item in enumerate(items, start=1)
        if item.presenters.all() and not item.bilag.all()
    ]


def _undecided(items: Iterable[AgendaItem]) -> list[tuple[int, AgendaItem]]:
    """Numbered items with a kind (O, B, D) that have no decision recorded."""
    return [
        (number, item)
        for number, item in enumerate(items, start=1)
        if item.kind and not item.decision_outcome
    ]


def condition_holds(reminder: Reminder, items: list[AgendaItem] | None = None) -> bool:
    """Whether the rule's condition is true now (evaluated at send time, not at scheduling)."""
    meeting = reminder.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        return False
    start, _ = meeting_times(meeting)
    if start != reminder.meeting_starts_at:
        return False  # computed for a time the meeting no longer has
    condition = reminder.rule.condition
    if condition == ReminderCondition.NOT_PUBLISHED:
        return meeting.status == MeetingStatus.DRAFT
    if condition == ReminderCondition.PUBLISHED:
        return meeting.status != MeetingStatus.DRAFT
    if condition == ReminderCondition.ITEMS_WITHOUT_BILAG:
        return bool(_without_bilag(items if items is not None else _items(meeting)))
    if condition == ReminderCondition.DECISIONS_MISSING:
        if meeting.status not in (MeetingStatus.PUBLISHED, MeetingStatus.HELD):
            return False
        return bool(_undecided(items if items is not None else _items(meeting)))
    return True


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _memberships(meeting: Meeting) -> list[Membership]:
    """The committee's active users who have an e-mail address, in a stable order."""
    memberships = Membership.objects.filter(
        committee_id=meeting.committee_id, user__is_active=True
    ).select_related("user")
    return [m for m in memberships if m.user.email]


def recipients_for(
    reminder: Reminder,
    items: list[AgendaItem] | None = None,
    memberships: list[Membership] | None = None,
) -> list[Recipient]:
    """Who gets the reminder, by the rule's audience; users without an e-mail address are left
    out (they cannot be reached), inactive users too."""
    meeting = reminder.meeting
    audience = reminder.rule.audience
    memberships = list(memberships if memberships is not None else _memberships(meeting))
    memberships.sort(key=lambda m: (m.user.email.lower(), m.user.pk))
    if audience in (ReminderAudience.MEMBERS, ReminderAudience.CHAIR):
        # Nobody is e-mailed an agenda they may not open: a draft's agenda reaches the
        # secretariat only, whatever condition a rule was given. (Presenters get only the
        # titles of their own items, which they are preparing.)
        memberships = [m for m in memberships if role_sees_meeting(m.role, meeting)]
    if audience == ReminderAudience.MEMBERS:
        return [Recipient(m.user, m.role) for m in memberships if m.role in MEMBER_ROLES]
    if audience == ReminderAudience.CHAIR:
        return [Recipient(m.user, m.role) for m in memberships if m.role == Role.CHAIR]
    if audience == ReminderAudience.SECRETARIAT:
        return [Recipient(m.user, m.role) for m in memberships if m.role == Role.SECRETARIAT]
    # Presenters of items without bilag, matched to users of the committee.
    missing = _without_bilag(items if items is not None else _items(meeting))
    by_key: dict[str, Membership] = {}
    for membership in memberships:
        by_key.setdefault(_normal(membership.user.email), membership)
        full_name = membership.user.get_full_name()
        if full_name.strip():
            by_key.setdefault(_normal(full_name), membership)
    chosen: dict[int, Recipient] = {}
    for number, item in missing:
        line = f"{number}. {item.title}"
        for presenter in item.presenters.all():
            membership = by_key.get(_normal(presenter.name))
            if membership is None:
                continue
            recipient = chosen.setdefault(
                membership.user.pk, Recipient(membership.user, membership.role)
            )
            if line not in recipient.items:
                recipient.items.append(line)
    everything = [f"{number}. {item.title}" for number, item in missing]
    for membership in memberships:
        if membership.role == Role.SECRETARIAT:
            recipient = chosen.setdefault(
                membership.user.pk, Recipient(membership.user, membership.role)
            )
            recipient.items = everything
    return sorted(chosen.values(), key=lambda r: (r.user.email.lower(), r.user.pk))


# --- Rendering ----------------------------------------------------------------------------------

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
    return settings.DAP_BASE_URL + reverse("meetings:meeting_detail", args=[meeting.pk])


def _agenda_lines(meeting: Meeting, recipient: Recipient) -> list[str]:
    from ..agenda import agenda_for

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


def render_mail(
    reminder: Reminder,
    recipient: Recipient,
    items: list[AgendaItem] | None = None,
    agendas: dict[str, list[str]] | None = None,
) -> RenderedMail:
    """The reminder's e-mail for one recipient: subject, plain text and HTML."""
    meeting = reminder.meeting
    rule = reminder.rule
    if rule.condition == ReminderCondition.DECISIONS_MISSING:
        undecided = _undecided(items if items is not None else _items(meeting))
        points = [f"{number}. {item.title}" for number, item in undecided]
    elif rule.audience == ReminderAudience.PRESENTERS or recipient.items:
        points = list(recipient.items)
    elif agendas is not None:
        # Confidential items depend on the reader: computed once per reader, not per reminder.
        key = f"{recipient.role}:{recipient.user.pk}"
        if key not in agendas:
            agendas[key] = _agenda_lines(meeting, recipient)
        points = agendas[key]
    else:
        points = _agenda_lines(meeting, recipient)
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
        from ..documents.render import DocumentKind, render_document

        viewer = Viewer(user=recipient.user, role=Role(recipient.role))
        pdf = render_document(meeting, viewer, DocumentKind.DAGSORDEN)
        message.attach(pdf.filename, pdf.content, "application/pdf")
    return message


# --- Delivery -----------------------------------------------------------------------------------


class SendFailedError(Exception):
    """Some deliveries of a reminder failed this time; the task retries them."""


def _load(reminder_id: int) -> Reminder | None:
    return (
        Reminder.objects.select_related("rule", "meeting__committee").filter(pk=reminder_id).first()
    )


def _claim(reminder: Reminder, recipient: Recipient) -> ReminderDelivery | None:
    """Take the (reminder, recipient) delivery for this attempt, or None if it is not ours.

    A new delivery is claimed by its INSERT (the unique constraint lets one worker win). One
    that failed before (claimed, with an error) is taken back by a compare-and-set update, so
    only one retry sends it. Sent ones, and ones another worker is sending, are left alone.
    """
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                reminder=reminder,
                recipient=recipient.user,
                email=recipient.user.email,
                status=DeliveryStatus.CLAIMED,
                attempts=1,
            )
    except IntegrityError:
        pass
    delivery = ReminderDelivery.objects.filter(
        reminder=reminder, recipient=recipient.user, status=DeliveryStatus.CLAIMED
    ).first()
    if delivery is None or not delivery.last_error:
        return None
    taken = ReminderDelivery.objects.filter(
        pk=delivery.pk,
        status=DeliveryStatus.CLAIMED,
        attempts=delivery.attempts,
        last_error=delivery.last_error,
    ).update(attempts=delivery.attempts + 1, last_error="")
    return delivery if taken else None


def deliver(reminder_id: int) -> str:
    """Send a due reminder to each recipient once; 'sent', 'skipped' or 'nothing'.

    Raises SendFailedError when a send failed (the claim stays, with the error, for a retry).
    """
    reminder = _load(reminder_id)
    if reminder is None or reminder.status != ReminderStatus.PENDING:
        return "nothing"
    items = _items(reminder.meeting)
    if not reminder.rule.active or not condition_holds(reminder, items):
        Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.SKIPPED, handled_at=timezone.now()
        )
        return "skipped"
    errors: list[str] = []
    for recipient in recipients_for(reminder, items):
        delivery = _claim(reminder, recipient)
        if delivery is None:
            continue
        try:
            build_message(reminder, recipient, items).send(using="default")
        except Exception as error:
            text = f"{type(error).__name__}: {error}"[:500]
            ReminderDelivery.objects.filter(pk=delivery.pk).update(last_error=text)
            errors.append(f"{recipient.user.email}: {text}")
            continue
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
        )
    if errors:
        raise SendFailedError("; ".join(errors)[:1000])
    Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.SENT, handled_at=timezone.now()
    )
    return "sent"


def give_up(reminder_id: int) -> None:
    """After the last retry: the failed deliveries and the reminder are marked failed."""
    now = timezone.now()
    ReminderDelivery.objects.filter(reminder_id=reminder_id, status=DeliveryStatus.CLAIMED).exclude(
        last_error=""
    ).update(status=DeliveryStatus.FAILED)
    Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.FAILED, handled_at=now
    )


def retry_countdown(retries: int) -> int:
    """30 s, 60 s, 120 s ...: exponential backoff between tries."""
    return RETRY_BASE_SECONDS * 2**retries


# --- The secretariat's page and "send now" -----------------------------------------------------


def when(value: dt.datetime | None) -> str:
    """`mandag d. 6. oktober 2025 kl. 13.00` in Copenhagen time."""
    return danish.moment(value, with_weekday=True)


@dataclass
class DeliveryRow:
    delivery: ReminderDelivery
    sent: str


@dataclass
class ReminderRow:
    reminder: Reminder
    recipients: list[Recipient]
    deliveries: list[DeliveryRow]
    preview: RenderedMail | None
    condition_now: bool

    @property
    def due(self) -> str:
        return when(self.reminder.due_at)

    @property
    def handled(self) -> str:
        return when(self.reminder.handled_at)

    @property
    def may_send_now(self) -> bool:
        return self.reminder.status in (ReminderStatus.PENDING, ReminderStatus.FAILED)


def rows_for_meeting(meeting: Meeting) -> list[ReminderRow]:
    """The meeting's reminders with recipients, deliveries and a preview of the e-mail."""
    reminders = list(
        Reminder.objects.filter(meeting=meeting)
        .select_related("rule", "meeting__committee")
        .prefetch_related("deliveries")
        .order_by("due_at", "pk")
    )
    items = _items(meeting)
    memberships = _memberships(meeting)
    agendas: dict[str, list[str]] = {}
    rows = []
    for reminder in reminders:
        reminder.meeting = meeting
        recipients = recipients_for(reminder, items, memberships)
        preview = render_mail(reminder, recipients[0], items, agendas) if recipients else None
        rows.append(
            ReminderRow(
                reminder=reminder,
                recipients=recipients,
                deliveries=[
                    DeliveryRow(delivery, when(delivery.sent_at))
                    for delivery in sorted(reminder.deliveries.all(), key=lambda d: d.email)
                ],
                preview=preview,
                condition_now=condition_holds(reminder, items),
            )
        )
    return rows


def _record(**kwargs) -> None:
    from ..audit import record_audit

    record_audit(**kwargs)


@transaction.atomic
def reminder_send_now(*, reminder: Reminder, actor: AbstractBaseUser | None) -> Reminder:
    """Hand a pending (or failed) reminder to a worker now, through the same claim path.

    Recipients already sent to are not sent to again; failed deliveries are tried again.
    """
    from django.core.exceptions import ValidationError

    reminder = (
        Reminder.objects.select_for_update().select_related("rule", "meeting").get(pk=reminder.pk)
    )
    if reminder.status not in (ReminderStatus.PENDING, ReminderStatus.FAILED):
        raise ValidationError(
            f"Påmindelsen har status »{reminder.get_status_display()}« og sendes ikke igen."
        )
    now = timezone.now()
    if reminder.status == ReminderStatus.FAILED:
        ReminderDelivery.objects.filter(reminder=reminder, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.CLAIMED
        )
    reminder.status = ReminderStatus.PENDING
    reminder.handled_at = now
    reminder.full_clean()
    reminder.save(update_fields=["status", "handled_at"])
    _record(
        meeting=reminder.meeting,
        actor=actor,
        action="reminder_sent_now",
        summary=f"Påmindelse sendt nu: {reminder.rule.name}",
        target=reminder,
    )
    from .tasks import deliver_reminder

    pk = reminder.pk
    transaction.on_commit(lambda: deliver_reminder.delay(pk))
    return reminder


RULE_FIELDS = (
    "name",
    "anchor",
    "offset_days",
    "offset_hours",
    "audience",
    "condition",
    "subject",
    "body",
    "attach_agenda_pdf",
    "attach_ics",
    "active",
)


@transaction.atomic
def reminder_rule_update(
    *, rule: ReminderRule, actor: AbstractBaseUser | None, values: dict[str, object]
) -> ReminderRule:
    """Change a committee's reminder rule; the pending reminders of its meetings follow."""
    rule = ReminderRule.objects.select_for_update().select_related("committee").get(pk=rule.pk)
    before = {name: getattr(rule, name) for name in RULE_FIELDS}
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.full_clean()
    rule.save()
    changes = {
        name: [before[name], getattr(rule, name)]
        for name in RULE_FIELDS
        if before[name] != getattr(rule, name)
    }
    if changes:
        _record(
            meeting=None,
            actor=actor,
            action="reminder_rule_updated",
            summary=f"Påmindelsesregel ændret: {rule.committee.short_name}: {rule.name}",
            target=rule,
            changes=changes,
        )
        schedule_for_committee(rule.committee)
    return rule
