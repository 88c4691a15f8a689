"""Each user's own parts of a cached meeting page (meetings.member.pagecache.fill)."""

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ..models import Meeting, PrivateNote
from . import services as notes
from .pagecache import CSRF_MARKER, MeetingPage, fill


def member_page(request: HttpRequest, meeting: Meeting, page: MeetingPage) -> SafeString:
    """The cached page with each user's own parts: what changed since their last visit, their
    notes, their CSRF token; and the visit is recorded (after 'new since' was worked out).

    Rendered without the request's context processors: the page around them has those. A
    member with nothing new and no notes gets `page.plain` with their CSRF token.
    """
    user = request.user
    last_seen = meeting.last_seen  # annotated by `meeting_detail`'s one query
    new_by_item: dict[int, int] = {}
    if last_seen is not None:
        for item_id, moments in page.changes_at.items():
            if fresh := sum(1 for at in moments if at > last_seen):
                new_by_item[item_id] = fresh
    my_notes = (
        {
            note.item_id: note
            for note in PrivateNote.objects.filter(user=user, item_id__in=page.item_ids)
        }
        if meeting.has_notes  # most members have none: no query then
        else {}
    )
    # A copy fetched for offline reading (issue 16) is not a visit: "new since" stays. A
    # visit with nothing new since the recorded one would change nothing that is counted from
    # it (here or on the overview): no write then.
    news = last_seen is None or (
        page.last_public_change is not None and page.last_public_change > last_seen
    )
    if news and "X-DAP-Offline" not in request.headers:
        notes.visit_record(user=user, meeting=meeting)
    csrf_token = get_token(request)
    if not new_by_item and not my_notes and page.plain:
        return mark_safe(page.plain.replace(CSRF_MARKER, csrf_token))  # noqa: S308

    def part(name: str, pk: int | None) -> str:
        if name == "csrf":
            return csrf_token
        if name == "member-links":
            context = {
                "meeting": meeting,
                "last_seen": last_seen,
                "new_since_visit": sum(new_by_item.values()),
            }
            return render_to_string("meetings/member/_member_meeting_links.html", context)
        if name == "fresh" and (fresh := new_by_item.get(pk, 0)):
            return render_to_string("meetings/member/_fresh_badge.html", {"fresh": fresh})
        return ""  # no change since the visit; the markers around the shared note form

    def note(pk: int) -> str | None:
        if pk not in my_notes:
            return None  # the shared empty form
        context = {
            "note": my_notes[pk],
            "url": reverse("meetings:note_item", args=[pk]),
            "kind": "item",
            "pk": pk,
            "csrf_token": csrf_token,
        }
        return render_to_string("meetings/member/_note_form.html", context)

    return fill(page.content, part, {"note": note} if my_notes else None)
