"""Who gets a reminder, by the rule's audience.

*Members* are the chair, members and observers of the committee (not the secretariat); *chair*
and *secretariat* are those roles. *Presenters* are free-text names on items: a presenter of an
item without bilag gets the reminder when a user of the committee has that full name or that
e-mail address and may be told of the item (`access.role_told_of_own_item`: not an observer
while the meeting is a draft); the secretariat always gets a copy listing every item still without
bilag, so a presenter without a portal account is not forgotten. Users without an e-mail
address cannot be reached and are left out, inactive users too.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from ..access import role_sees_meeting, role_told_of_own_item
from ..models import AgendaItem, Meeting, Membership, Reminder, ReminderAudience, Role
from .conditions import meeting_items, numbered, without_bilag

MEMBER_ROLES = (Role.CHAIR, Role.MEMBER, Role.OBSERVER)


@dataclass
class Recipient:
    user: AbstractBaseUser
    role: str
    items: list[str] = field(default_factory=list)  # for {punkter} in the presenters' reminder

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def memberships_of(meeting: Meeting) -> list[Membership]:
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
    memberships = list(memberships if memberships is not None else memberships_of(meeting))
    memberships.sort(key=lambda m: (m.user.email.lower(), m.user.pk))
    if audience in (ReminderAudience.MEMBERS, ReminderAudience.CHAIR):
        # Nobody is e-mailed an agenda they may not open: a draft's agenda reaches the
        # secretariat only, whatever condition a rule was given. (Presenters get only the
        # titles of their own items, which they are preparing.)
        memberships = [m for m in memberships if role_sees_meeting(m.role, meeting)]
    else:
        # Presenters are told their own items' titles: only as far as the policy allows.
        memberships = [m for m in memberships if role_told_of_own_item(m.role, meeting)]
    if audience == ReminderAudience.MEMBERS:
        return [Recipient(m.user, m.role) for m in memberships if m.role in MEMBER_ROLES]
    if audience == ReminderAudience.CHAIR:
        return [Recipient(m.user, m.role) for m in memberships if m.role == Role.CHAIR]
    if audience == ReminderAudience.SECRETARIAT:
        return [Recipient(m.user, m.role) for m in memberships if m.role == Role.SECRETARIAT]
    # Presenters of items without bilag, matched to users of the committee.
    missing = without_bilag(items if items is not None else meeting_items(meeting))
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
    everything = numbered(missing)
    for membership in memberships:
        if membership.role == Role.SECRETARIAT:
            recipient = chosen.setdefault(
                membership.user.pk, Recipient(membership.user, membership.role)
            )
            recipient.items = everything
    return sorted(chosen.values(), key=lambda r: (r.user.email.lower(), r.user.pk))
