"""The admin cannot put HTML past the sanitizer: item text and decisions are read-only there."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from meetings.models import ItemSection, Role
from tests.factories import (
    AgendaItemFactory,
    ItemSectionFactory,
    MeetingFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('admin')</script><p>Godkendt</p>"


class _FormValues(HTMLParser):
    """The values a browser would send from the admin's change form (no JavaScript)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.values.append((name, attrs.get("value") or ""))
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.values.append((name, attrs.get("value") or "on"))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.append((name, ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data)


def form_values(html: str) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(html)
    return dict(parser.values)


def test_a_script_saved_in_the_admin_never_reaches_a_members_page(client, dap):
    meeting = MeetingFactory(committee=dap)
    item = AgendaItemFactory(
        meeting=meeting, title="Status", decision_html="<p>Taget til efterretning</p>"
    )
    ItemSectionFactory(item=item, heading="Indstilling", html="<p>Sekretariatet indstiller</p>")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    change_url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    data = form_values(client.get(change_url).content.decode())
    data |= {
        "decision_html": SCRIPT,
        # An inline form for the item's text, as a crafted request would send one.
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-position": "9",
        "sections-0-heading": "Baggrund",
        "sections-0-html": SCRIPT,
        "sections-0-item": str(item.pk),
    }
    data.setdefault("title", "Status")

    response = client.post(change_url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.decision_html == "<p>Taget til efterretning</p>"
    assert list(ItemSection.objects.filter(item=item).values_list("html", flat=True)) == [
        "<p>Sekretariatet indstiller</p>"
    ]
    client.force_login(member(dap, Role.MEMBER))
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "alert('admin')" not in page
    assert "Sekretariatet indstiller" in page


def test_a_bilag_opens_and_saves_in_the_admin_without_a_media_url(client, dap):
    from tests.factories import BilagFactory

    bilag = BilagFactory(item=AgendaItemFactory(meeting=MeetingFactory(committee=dap)))
    stored = bilag.file.name
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    change_url = reverse("admin:meetings_bilag_change", args=[bilag.pk])
    response = client.get(change_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert stored in page  # named, never linked to a media URL
    assert 'type="file"' not in page
    data = form_values(page) | {"title": "Nyt navn"}
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    bilag.refresh_from_db()
    assert (bilag.title, bilag.file.name) == ("Nyt navn", stored)
