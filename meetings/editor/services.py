"""Writes of the secretariat's drafting: meetings, publishing, cancelling, copying items.

Every write locks the row it changes, checks the meeting's status, validates with full_clean
and records who did what in the history (`audit.record_audit`).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dap_portal import danish
from dap_portal.danish import iso_clock, iso_date

from ..agenda import default_meeting_title, schedule_line
from ..audit import Actor, AuditAction, field_label, record_audit, user_of
from ..between import attach_waiting_actions, move_actions_off
from ..between import snapshot as between_snapshot
from ..bilag.services import bilag_copy
from ..changes import committee_changed
from ..documents.services import agenda_render_ahead
from ..models import (
    AgendaItem,
    Committee,
    ItemEmbed,
    ItemSection,
    Meeting,
    MeetingStatus,
    StandingItem,
    StandingItemTemplate,
)
from ..portfolio.embeds import freeze_meeting
from ..reminders import services as reminders
from ..writes import (
    diff,
    ensure_agenda_editable,
    linkable_projects,
    locked_meeting,
    next_position,
    set_order,
    set_status,
    touch,
)
from .items import item_order_with_new, presenter_data, write_presenters

DEFAULT_STANDING_ITEMS: tuple[tuple[str, str, int, str], ...] = (
    ("Meddelelser", "", 5, ""),
    ("Eventuelt og næste møde", "", 5, StandingItem.NEXT_MEETING),
)


@transaction.atomic
def standing_items_ensure(*, committee: Committee) -> list[StandingItemTemplate]:
    """The committee's standing items, with the defaults created for one that has none."""
    templates = list(committee.standing_items.order_by("position"))
    if templates:
        return templates
    for position, (title, kind, minutes, standing) in enumerate(DEFAULT_STANDING_ITEMS, 1):
        template = StandingItemTemplate(
            committee=committee,
            position=position,
            title=title,
            kind=kind,
            duration_minutes=minutes,
            standing=standing,
        )
        template.full_clean()
        template.save()
        templates.append(template)
    return templates


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    actor: Actor,
    date: dt.date,
    title: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    location: str = "",
) -> Meeting:
    """A new draft meeting that starts with the committee's standing items."""
    meeting = Meeting(
        committee=committee,
        title=title.strip() or default_meeting_title(committee),
        date=date,
        start_time=start_time,
        end_time=end_time,
        location=location.strip(),
        status=MeetingStatus.DRAFT,
    )
    meeting.full_clean()
    meeting.save()
    attach_waiting_actions(meeting)
    # The other meetings' "Næste møde" and the lists between meetings follow the dates.
    committee_changed(committee.pk)
    user = user_of(actor)
    now = timezone.now()
    for position, template in enumerate(standing_items_ensure(committee=committee), start=1):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=template.title,
            kind=template.kind,
            duration_minutes=template.duration_minutes,
            standing=template.standing,
            updated_at=now,
            updated_by=user,
        )
        item.full_clean()
        item.save()
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.MEETING_CREATED,
        summary=f"Mødet oprettet: {meeting.title} {danish.date_long(meeting.date)}",
        target=meeting,
        changes={"date": [None, iso_date(meeting.date)]},
    )
    reminders.schedule_for_meeting(meeting)
    return meeting


_SCHEDULE_FIELDS = ("date", "start_time", "end_time", "location")


def _meeting_values(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "date": iso_date(meeting.date),
        "start_time": iso_clock(meeting.start_time),
        "end_time": iso_clock(meeting.end_time),
        "location": meeting.location,
        "next_date": iso_date(meeting.next_date),
        "next_start_time": iso_clock(meeting.next_start_time),
        "next_end_time": iso_clock(meeting.next_end_time),
        "next_location": meeting.next_location,
    }


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: Actor,
    title: str,
    date: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    location: str,
    next_date: dt.date | None = None,
    next_start_time: dt.time | None = None,
    next_end_time: dt.time | None = None,
    next_location: str = "",
) -> Meeting:
    """Change a meeting's details; a new date, time or place is recorded as a reschedule."""
    meeting = locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    before = _meeting_values(meeting)
    meeting.title = title.strip() or default_meeting_title(meeting.committee)
    meeting.date = date
    meeting.start_time = start_time
    meeting.end_time = end_time
    meeting.location = location.strip()
    meeting.next_date = next_date
    meeting.next_start_time = next_start_time
    meeting.next_end_time = next_end_time
    meeting.next_location = next_location.strip()
    changes = diff(before, _meeting_values(meeting))
    if not changes:
        return meeting
    rescheduled = {key: value for key, value in changes.items() if key in _SCHEDULE_FIELDS}
    if rescheduled and meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
        raise ValidationError(
            "Et møde, der er afholdt, kan ikke flyttes. Dato, tid og sted er ikke ændret."
        )
    if rescheduled or "title" in changes:
        # Calendars that hold the event replace it only when its SEQUENCE goes up.
        meeting.calendar_sequence += 1
    meeting.full_clean()
    meeting.save()
    touch(meeting)
    if rescheduled:
        committee_changed(meeting.committee_id)  # the other meetings' "Næste møde"
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.MEETING_RESCHEDULED,
            summary=f"Mødet flyttet: {schedule_line(meeting)}",
            target=meeting,
            changes=rescheduled,
        )
        reminders.schedule_for_meeting(meeting)
    details = {key: value for key, value in changes.items() if key not in _SCHEDULE_FIELDS}
    if details:
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.MEETING_UPDATED,
            summary="Mødets oplysninger ændret: " + ", ".join(map(field_label, details)),
            target=meeting,
            changes=details,
        )
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor: Actor) -> Meeting:
    """Send out a draft meeting's agenda: it becomes visible to the committee's members."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(
            f"Kun en kladde kan udsendes; mødet har status {meeting.get_status_display()}."
        )
    meeting.status = MeetingStatus.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.full_clean()
    meeting.save(update_fields=["status", "published_at", "updated_at"])
    # Members keep reading the figures they were sent (house rule 3).
    freeze_meeting(meeting=meeting, now=meeting.published_at)
    # ... and the written procedures and follow-up the agenda told them of.
    # An old agenda entered after the meeting (an import) told none of today's lists.
    meeting.between_frozen = None if meeting.is_history else between_snapshot(meeting)
    meeting.save(update_fields=["between_frozen"])
    committee_changed(meeting.committee_id)
    record_audit(
        meeting=meeting,
        actor=actor,
        action=AuditAction.MEETING_PUBLISHED,
        summary="Dagsorden udsendt",
        target=meeting,
        changes={"status": [MeetingStatus.DRAFT, MeetingStatus.PUBLISHED]},
    )
    reminders.schedule_for_meeting(meeting)
    agenda_render_ahead(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: Actor, reason: str = "") -> Meeting:
    """Cancel a meeting that has not been held; members see it as 'Aflyst'."""
    reason = reason.strip()
    meeting = set_status(
        meeting,
        actor=actor,
        allowed_from=(MeetingStatus.DRAFT, MeetingStatus.PUBLISHED),
        to=MeetingStatus.CANCELLED,
        action=AuditAction.MEETING_CANCELLED,
        summary="Mødet aflyst" + (f": {reason}" if reason else ""),
        refusal="Kun et møde, der ikke er afholdt, kan aflyses.",
        extra={"reason": [None, reason]} if reason else None,
    )
    # Calendars learn of the cancellation through a higher SEQUENCE.
    Meeting.objects.filter(pk=meeting.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    meeting.refresh_from_db(fields=["calendar_sequence"])
    reminders.cancel_for_meeting(meeting)
    move_actions_off(meeting)
    return meeting


@transaction.atomic
def meeting_copy_items(
    *,
    meeting: Meeting,
    actor: Actor,
    items: Sequence[AgendaItem],
    include_bilag: bool = False,
) -> list[AgendaItem]:
    """Copy chosen items of an earlier meeting: text, presenters, projects; never decisions.

    Bilag come along (as new copies of their files) only when asked for.
    """
    meeting = locked_meeting(meeting)
    ensure_agenda_editable(meeting)
    user = user_of(actor)
    now = timezone.now()
    sources = (
        AgendaItem.objects.filter(pk__in=[item.pk for item in items])
        .select_related("meeting")
        .prefetch_related("presenters", "sections", "embeds", "bilag", "projects", "restricted_to")
        .order_by("meeting__date", "position")
    )
    created: list[AgendaItem] = []
    start = next_position(meeting.items.all())
    # Only projects the committee follows: an item copied from another committee's meeting
    # leaves the others behind.
    allowed = set(linkable_projects(meeting.committee_id).values_list("pk", flat=True))
    for offset, source in enumerate(sources):
        copy = AgendaItem(
            meeting=meeting,
            position=start + offset,
            title=source.title,
            kind=source.kind,
            duration_minutes=source.duration_minutes,
            confidential=source.confidential,
            standing=source.standing,
            updated_at=now,
            updated_by=user,
        )
        copy.full_clean()
        copy.save()
        copy.projects.set([p for p in source.projects.all() if p.pk in allowed])
        copy.restricted_to.set(source.restricted_to.all())
        write_presenters(copy, [presenter_data(p) for p in source.presenters.all()])
        for section in source.sections.all():
            ItemSection.objects.create(
                item=copy,
                position=section.position,
                part=section.part,
                heading=section.heading,
                html=section.html,
                updated_at=now,
                updated_by=user,
            )
        for embed in source.embeds.all():
            ItemEmbed.objects.create(
                item=copy,
                position=embed.position,
                type=embed.type,
                programme_id=embed.programme_id,
                year=embed.year,
                part=embed.part,
            )
        if include_bilag:
            for bilag in source.bilag.all():
                bilag_copy(bilag=bilag, item=copy, actor=actor)
        created.append(copy)
        record_audit(
            meeting=meeting,
            actor=actor,
            action=AuditAction.ITEM_CREATED,
            summary=(
                f"Punkt kopieret fra mødet {danish.date_long(source.meeting.date)}: {copy.title}"
            ),
            target=copy,
            item=copy,
            changes={"copied_from": [None, source.meeting.date.isoformat()]},
        )
    if created:
        new_ids = [item.pk for item in created]
        set_order(AgendaItem.objects.filter(meeting=meeting), item_order_with_new(meeting, new_ids))
        touch(meeting)
    return created
