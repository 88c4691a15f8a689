"""Writes of the minutes: held, approved and reopened; decisions (Beslutning) and attendance."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dap_portal import danish

from ..access import VOTING_ROLES, role_in
from ..agenda import item_numbers
from ..audit import Actor, AuditAction, record_audit, user_of
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    DecisionOutcome,
    Disqualification,
    ItemReferat,
    Meeting,
    MeetingStatus,
    Membership,
    standard_decision_html,
)
from ..portfolio.proposals import proposal_follow_decision
from ..sanitize import html_to_text
from ..writes import (
    ConflictError,
    clean_html,
    diff,
    ensure_minutes_open,
    locked_item,
    locked_meeting,
    set_status,
    touch,
)


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: Actor) -> Meeting:
    """The meeting took place; the minutes can now be completed and approved.

    Refused before the meeting day: a meeting in the future has not been held.
    """
    if meeting.date > timezone.localdate():
        raise ValidationError(
            f"Mødet holdes først {danish.date_with_weekday(meeting.date)}. Det kan markeres "
            "som afholdt fra mødedagen, og referatet godkendes derefter."
        )
    return set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.PUBLISHED,),
        to=MeetingStatus.HELD,
        action=AuditAction.MEETING_HELD,
        summary="Mødet markeret som afholdt",
        refusal="Kun et udsendt møde kan markeres som afholdt.",
    )


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor: Actor) -> Meeting:
    """Approve the minutes: decisions and the agenda are locked from now on."""
    return set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.HELD,),
        to=MeetingStatus.MINUTES_APPROVED,
        action=AuditAction.MINUTES_APPROVED,
        summary="Referatet godkendt",
        refusal="Referatet kan godkendes, når mødet er markeret som afholdt.",
    )


@transaction.atomic
def minutes_reopen(*, meeting: Meeting, actor: Actor, reason: str) -> Meeting:
    """Open approved minutes for changes again; the reason is kept in the history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Skriv, hvorfor referatet genåbnes.")
    return set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.MINUTES_APPROVED,),
        to=MeetingStatus.HELD,
        action=AuditAction.MINUTES_REOPENED,
        summary=f"Referatet genåbnet: {reason}",
        refusal="Kun et godkendt referat kan genåbnes.",
        extra={"reason": [None, reason]},
    )


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    actor: Actor,
    outcome: str,
    html: str = "",
    version: int | None = None,
) -> AgendaItem:
    """Record an item's decision (Beslutning): a one-click outcome, or free text.

    'Taget til efterretning' and 'Godkendt som indstillet' write their standard wording when
    no text is given. Empty outcome and text clear the decision. Locked once the minutes are
    approved; ConflictError when `version` is given and stale.
    """
    current = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__committee", "updated_by")
        .get(pk=item.pk)
    )
    ensure_minutes_open(current.meeting)
    if version is not None and current.version != version:
        raise ConflictError(current)
    if outcome and outcome not in DecisionOutcome.values:
        raise ValidationError(f"Ukendt udfald: {outcome}.")
    text = clean_html(html)
    if outcome == DecisionOutcome.APPROVED_WITH_REMARK and not html_to_text(text).strip():
        raise ValidationError("Skriv bemærkningen til beslutningen.")
    if not text and outcome:
        text = standard_decision_html(outcome)
    before = {"decision_outcome": current.decision_outcome, "decision_html": current.decision_html}
    changes = diff(before, {"decision_outcome": outcome, "decision_html": text})
    if not changes:
        return current
    now = timezone.now()
    current.decision_outcome = outcome
    current.decision_html = text
    current.decided_at = now if (outcome or text) else None
    current.decided_by = user_of(actor) if (outcome or text) else None
    current.version += 1
    current.updated_at = now
    current.updated_by = user_of(actor)
    current.full_clean()
    current.save()
    touch(current.meeting_id)
    # An approved budget proposal becomes a revision of the budget, exactly once.
    number = item_numbers([current])[current.pk]
    for entry in proposal_follow_decision(item=current, actor=actor, number=number):
        record_audit(meeting=current.meeting, actor=actor, item=current, **entry)
    label = DecisionOutcome(outcome).label if outcome else html_to_text(text)[:120]
    record_audit(
        meeting=current.meeting,
        actor=actor,
        action=AuditAction.DECISION_RECORDED if (outcome or text) else "decision_cleared",
        summary=(
            f"Beslutning registreret for »{current.title}«: {label}"
            if (outcome or text)
            else f"Beslutning fjernet for »{current.title}«"
        ),
        target=current,
        item=current,
        changes=changes,
    )
    return current


def _attendee_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    actor: Actor,
    statuses: Mapping[int, str],
    arrived: Mapping[int, int | None] | None = None,
    left: Mapping[int, int | None] | None = None,
) -> list[Attendance]:
    """Record who of the committee's members took part ('Deltager') or sent 'Afbud', and,
    at the door, who came to an item late ('kom til punkt N') or left after one ('gik efter
    punkt N'): `arrived` and `left` map a member to an item of the meeting, or None."""
    meeting = locked_meeting(meeting)
    ensure_minutes_open(meeting)
    arrived = arrived or {}
    left = left or {}
    items = set(meeting.items.values_list("pk", flat=True))
    if any(pk is not None and pk not in items for pk in [*arrived.values(), *left.values()]):
        raise ValidationError("Vælg et af mødets punkter.")
    numbers = item_numbers(list(meeting.items.all()))
    members = {
        membership.user_id: membership.user
        for membership in meeting.committee.memberships.select_related("user")
    }
    unknown = set(statuses) - set(members)
    if unknown:
        raise ValidationError("Kun styregruppens medlemmer kan registreres som deltagere.")
    existing = {row.user_id: row for row in meeting.attendance.filter(user__isnull=False)}
    changes: dict[str, list[Any]] = {}
    rows: list[Attendance] = []
    for user_id, status in statuses.items():
        if status not in AttendanceStatus.values:
            raise ValidationError(f"Ukendt fremmøde: {status}.")
        user = members[user_id]
        row = existing.get(user_id) or Attendance(meeting=meeting, user=user)
        old = row.status if row.pk else None
        old_presence = row.presence(numbers) if row.pk else ""
        row.name = _attendee_name(user)
        row.status = status
        row.guest = False
        present = status == AttendanceStatus.PRESENT
        if user_id in arrived:
            row.arrived_at_item_id = arrived[user_id] if present else None
        if user_id in left:
            row.left_after_item_id = left[user_id] if present else None
        if (
            row.arrived_at_item_id
            and row.left_after_item_id
            and numbers[row.left_after_item_id] < numbers[row.arrived_at_item_id]
        ):
            raise ValidationError(f"{row.name} kan ikke gå efter et punkt, før vedkommende kom.")
        row.full_clean()
        row.save()
        rows.append(row)
        if old != status:
            changes[row.name] = [old, status]
        elif old_presence != row.presence(numbers):
            changes[row.name] = [old_presence or None, row.presence(numbers) or None]
    if changes:
        labels = {**dict(AttendanceStatus.choices), None: "hele mødet"}
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.ATTENDANCE_RECORDED,
            summary="Fremmøde registreret: "
            + ", ".join(f"{name} ({labels.get(new, new)})" for name, (_, new) in changes.items()),
            target=meeting,
            changes=changes,
        )
        touch(meeting)  # the minutes' Deltagere and Afbud (page, cached PDF)
    return rows


@transaction.atomic
def attendance_add_guest(
    *,
    meeting: Meeting,
    actor: Actor,
    name: str,
    organisation: str = "",
    during_item: int | None = None,
) -> Attendance:
    """Add a guest who took part in the meeting, or only under one item ('deltog under
    punkt 4')."""
    meeting = locked_meeting(meeting)
    ensure_minutes_open(meeting)
    if during_item is not None and not meeting.items.filter(pk=during_item).exists():
        raise ValidationError("Vælg et af mødets punkter.")
    guest = Attendance(
        meeting=meeting,
        name=name.strip(),
        organisation=organisation.strip(),
        status=AttendanceStatus.PRESENT,
        guest=True,
        during_item_id=during_item,
    )
    guest.full_clean()
    guest.save()
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.ATTENDANCE_GUEST_ADDED,
        summary=f"Gæst tilføjet: {guest}",
        target=guest,
        changes={"name": [None, str(guest)]},
    )
    touch(meeting)  # the minutes' Gæster
    return guest


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor: Actor) -> None:
    """Take a guest (or a member's registration) off the attendance list."""
    meeting = locked_meeting(attendance.meeting_id)
    ensure_minutes_open(meeting)
    attendance = Attendance.objects.get(pk=attendance.pk, meeting=meeting)
    label = str(attendance)
    attendance.delete()
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.ATTENDANCE_REMOVED,
        summary=f"Fjernet fra fremmødelisten: {label}",
        changes={"name": [label, None]},
    )
    touch(meeting)


# --- Inhabilitet (forvaltningsloven §§ 3-6) -------------------------------------------------


def _disqualification_audit(
    row: Disqualification, *, actor: Actor, action: AuditAction, summary: str, changes: dict
) -> None:
    record_audit(
        meeting=row.item.meeting,
        actor=actor,
        action=action,
        summary=summary,
        target=row,
        item=row.item,
        changes=changes,
    )
    # The minutes' line, and what the member may see (the access level of pages and PDFs).
    touch(row.item.meeting_id)


@transaction.atomic
def disqualification_declare(
    *, item: AgendaItem, actor: AbstractBaseUser, reason: str = ""
) -> Disqualification:
    """A member declares themselves inhabil on an item, on the meeting page before the meeting."""
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    meeting = locked_meeting(item.meeting_id)
    if role_in(actor, meeting.committee_id) not in VOTING_ROLES:
        raise ValidationError("Kun styregruppens formand og medlemmer kan erklære sig inhabile.")
    if meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError(
            "Inhabilitet erklæres på mødesiden før mødet. Kontakt sekretariatet, "
            "som kan registrere den under mødet."
        )
    if Disqualification.objects.filter(item=item, user=actor).exists():
        raise ValidationError("Du har allerede erklæret dig inhabil i punktet.")
    row = Disqualification(
        item=item,
        user=actor,
        name=_attendee_name(actor),
        reason=reason.strip(),
        declared_by_member=True,
        created_by=actor,
    )
    row.full_clean()
    row.save()
    _disqualification_audit(
        row,
        actor=actor,
        action=AuditAction.INHABILITET_RECORDED,
        summary=f"{row.name} erklærede sig inhabil i »{item.title}«",
        changes={"inhabil": [None, row.name]},
    )
    return row


@transaction.atomic
def disqualification_withdraw(*, row: Disqualification, actor: AbstractBaseUser) -> None:
    """A member takes back their own declaration, before the meeting."""
    row = Disqualification.objects.select_related("item__meeting").get(pk=row.pk)
    locked_meeting(row.item.meeting_id)
    if row.user_id != actor.pk or not row.declared_by_member:
        raise ValidationError("Kun din egen erklæring kan trækkes tilbage.")
    if row.item.meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError(
            "Mødet er holdt. Kontakt sekretariatet, hvis inhabiliteten skal fjernes."
        )
    _disqualification_audit(
        row,
        actor=actor,
        action=AuditAction.INHABILITET_REMOVED,
        summary=f"{row.name} trak sin erklæring om inhabilitet i »{row.item.title}« tilbage",
        changes={"inhabil": [row.name, None]},
    )
    row.delete()


@transaction.atomic
def disqualification_record(
    *,
    item: AgendaItem,
    actor: Actor,
    user_id: int,
    withhold_bilag: bool = False,
    reason: str = "",
) -> Disqualification:
    """The secretariat records a member's inhabilitet on an item (or changes whether the
    item's bilag are withheld from them), from publication until the minutes are approved."""
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    meeting = locked_meeting(item.meeting_id)
    ensure_minutes_open(meeting)
    membership = (
        Membership.objects.select_related("user")
        .filter(committee_id=meeting.committee_id, user_id=user_id, role__in=VOTING_ROLES)
        .first()
    )
    if membership is None:
        raise ValidationError("Vælg et af styregruppens medlemmer.")
    row = Disqualification.objects.filter(item=item, user_id=user_id).first()
    if row is None:
        row = Disqualification(
            item=item,
            user=membership.user,
            name=_attendee_name(membership.user),
            reason=reason.strip(),
            withhold_bilag=withhold_bilag,
            created_by=user_of(actor),
        )
        row.full_clean()
        row.save()
        _disqualification_audit(
            row,
            actor=actor,
            action=AuditAction.INHABILITET_RECORDED,
            summary=f"Inhabilitet registreret: {row.name} i »{item.title}«"
            + (" (bilag tilbageholdt)" if withhold_bilag else ""),
            changes={"inhabil": [None, row.name], "withhold_bilag": [None, withhold_bilag]},
        )
        return row
    before = {"withhold_bilag": row.withhold_bilag, "reason": row.reason}
    after = {"withhold_bilag": withhold_bilag, "reason": reason.strip() or row.reason}
    changes = diff(before, after)
    if not changes:
        return row
    row.withhold_bilag = after["withhold_bilag"]
    row.reason = after["reason"]
    row.full_clean()
    row.save()
    _disqualification_audit(
        row,
        actor=actor,
        action=AuditAction.INHABILITET_CHANGED,
        summary=f"Inhabilitet ændret: {row.name} i »{item.title}«: bilag "
        + ("tilbageholdt" if row.withhold_bilag else "vises"),
        changes=changes,
    )
    return row


@transaction.atomic
def disqualification_remove(*, row: Disqualification, actor: Actor) -> None:
    """The secretariat takes a registered inhabilitet off the item."""
    row = Disqualification.objects.select_related("item__meeting").get(pk=row.pk)
    meeting = locked_meeting(row.item.meeting_id)
    ensure_minutes_open(meeting)
    _disqualification_audit(
        row,
        actor=actor,
        action=AuditAction.INHABILITET_REMOVED,
        summary=f"Inhabilitet fjernet: {row.name} i »{row.item.title}«",
        changes={"inhabil": [row.name, None]},
    )
    row.delete()


# --- The referat text of an item, saved as it is typed --------------------------------------


@transaction.atomic
def referat_save(*, item: AgendaItem, actor: Actor, text: str, version: int) -> ItemReferat:
    """Save an item's referat text (what was discussed, plain text), as it is typed.

    The text has its own version: ConflictError when `version` is stale (a second editor
    saved meanwhile), and nothing is saved. Each change is in the history; an autosave that
    changes nothing writes nothing.
    """
    item = locked_item(item)
    ensure_minutes_open(item.meeting)
    row, _ = ItemReferat.objects.select_for_update(of=("self",)).get_or_create(item=item)
    if row.version != version:
        raise ConflictError(row)
    text = text.replace("\r\n", "\n").strip()
    if text == row.text:
        return row
    changes = diff({"referat": row.text}, {"referat": text})
    row.text = text
    row.version += 1
    row.updated_at = timezone.now()
    row.updated_by = user_of(actor)
    row.full_clean()
    row.save()
    record_audit(
        meeting=item.meeting,
        actor=actor,
        action=AuditAction.REFERAT_SAVED,
        summary=f"Referat ændret for »{item.title}«",
        target=row,
        item=item,
        changes=changes,
    )
    touch(item.meeting_id)  # the minutes PDF
    return row
