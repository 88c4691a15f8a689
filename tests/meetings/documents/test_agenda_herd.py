"""The agenda PDF right after publication: rendered ahead for each plain access level, and
rendered once, not once per request, when many ask for a missing one at the same time."""

import datetime as dt
import io
import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.documents import render
from meetings.documents.render import DocumentKind, RenderedPdf, stored_document
from meetings.editor.services import meeting_publish
from meetings.models import Role
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MEMBER = Viewer(user=AnonymousUser(), role=Role.MEMBER, named=())


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The access levels rendered (each call of `render_document`), in order."""
    done: list[str] = []
    real = render.render_document

    def counted(meeting, viewer, kind, **kwargs):
        done.append(viewer.access_level(meeting))
        return real(meeting, viewer, kind, **kwargs)

    monkeypatch.setattr(render, "render_document", counted)
    return done


@pytest.fixture
def committee():
    committee = CommitteeFactory()
    for role in Role:
        MembershipFactory(committee=committee, role=role, user=UserFactory(username=str(role)))
    return committee


@pytest.fixture
def draft(committee):
    # Ahead of its day: a meeting already held is not rendered ahead (see the last test).
    upcoming = timezone.localdate() + dt.timedelta(days=14)
    meeting = MeetingFactory(committee=committee, draft=True, date=upcoming)
    ItemSectionFactory(
        item=AgendaItemFactory(meeting=meeting, title="Åbent punkt"), html="<p>Åben tekst</p>"
    )
    ItemSectionFactory(
        item=AgendaItemFactory(meeting=meeting, title="Lukket sag", confidential=True),
        html="<p>Fortroligt beløb 123.456 kr.</p>",
    )
    return meeting


def publish(meeting, django_capture_on_commit_callbacks):
    secretary = UserFactory(username=str(Role.SECRETARIAT))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, actor=secretary)


def agenda_text(client, username: str, meeting) -> str:
    client.force_login(UserFactory(username=username))
    response = client.get(reverse("meetings:agenda_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_publishing_renders_the_agenda_ahead_so_the_first_readers_find_it_made(
    client, draft, renders, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    assert sorted(renders) == ["chair:", "member:", "observer", "secretariat"]

    renders.clear()
    member = agenda_text(client, str(Role.MEMBER), draft)
    chair = agenda_text(client, str(Role.CHAIR), draft)
    observer = agenda_text(client, str(Role.OBSERVER), draft)
    assert renders == []  # every one of them was there already
    # Each level got its own PDF: the observer never the member's.
    assert "Fortroligt beløb" in member
    assert "Fortroligt beløb" in chair
    assert "Lukket punkt" in observer  # the title others see (issue 23.13)
    assert "Lukket sag" not in observer
    assert "Fortroligt beløb" not in observer


def test_readers_named_on_a_closed_item_get_theirs_when_they_ask(
    client, committee, draft, renders, django_capture_on_commit_callbacks
):
    named = UserFactory(username="navngivet")
    MembershipFactory(committee=committee, role=Role.MEMBER, user=named)
    closed = draft.items.get(confidential=True)
    closed.restricted_to.set([named])
    publish(draft, django_capture_on_commit_callbacks)
    renders.clear()

    assert "Fortroligt beløb" in agenda_text(client, "navngivet", draft)
    assert "Fortroligt beløb" not in agenda_text(client, str(Role.MEMBER), draft)
    assert renders == [f"member:{closed.pk}"]  # only the rare level of its own


def test_after_publication_the_agenda_is_still_404_for_a_user_outside_the_committee(
    client, draft, django_capture_on_commit_callbacks
):
    publish(draft, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(username="udenfor"))
    assert client.get(reverse("meetings:agenda_pdf", args=[draft.pk])).status_code == 404


def fake_render(seconds: float, calls: list[int]):
    """A render that takes `seconds` and stores a file, as `render_document` does."""

    def rendered(meeting, viewer, kind, **kwargs):
        calls.append(meeting.pk)
        time.sleep(seconds)
        name = default_storage.save("cache/pdf/herd.pdf", ContentFile(b"%PDF-1.7 herd"))
        return RenderedPdf(b"%PDF-1.7 herd", "dagsorden.pdf", from_cache=False, name=name)

    return rendered


def test_readers_missing_at_once_wait_for_one_render(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(render, "render_document", fake_render(0.5, calls))
    meeting = MeetingFactory()
    names: list[str] = []

    def ask() -> None:
        stored = stored_document(meeting, MEMBER, DocumentKind.DAGSORDEN)
        if stored.handle is not None:
            stored.handle.close()
        names.append(stored.name)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(names) == 8
    assert len(set(names)) == 1
    assert calls == [meeting.pk]


def test_a_render_that_died_holding_the_lock_does_not_keep_the_others_waiting(monkeypatch):
    """The lock expires; the next reader then renders itself."""
    monkeypatch.setattr(render, "RENDER_LOCK_TIMEOUT", 1)
    meeting = MeetingFactory()
    stuck = threading.Event()
    release = threading.Event()

    def dies(meeting, viewer, kind, **kwargs):
        stuck.set()
        release.wait(30)  # a worker killed mid-render never comes back
        raise RuntimeError("killed")

    def hold() -> None:
        with pytest.raises(RuntimeError):
            stored_document(meeting, MEMBER, DocumentKind.DAGSORDEN)

    monkeypatch.setattr(render, "render_document", dies)
    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert stuck.wait(10)
        calls: list[int] = []
        monkeypatch.setattr(render, "render_document", fake_render(0, calls))
        started = time.monotonic()
        stored = stored_document(meeting, MEMBER, DocumentKind.DAGSORDEN)
        if stored.handle is not None:
            stored.handle.close()
        assert calls == [meeting.pk]
        assert time.monotonic() - started < 5
    finally:
        release.set()
        holder.join(timeout=30)


def test_a_meeting_already_held_is_not_rendered_ahead(
    draft, renders, django_capture_on_commit_callbacks
):
    """The archive import publishes meetings years old: 50 of them must not queue 200 renders
    that nobody waits for."""
    draft.date = dt.date(2021, 1, 4)
    draft.save(update_fields=["date"])
    publish(draft, django_capture_on_commit_callbacks)
    assert renders == []
