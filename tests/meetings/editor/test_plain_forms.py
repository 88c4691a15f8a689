"""Every form of the secretariat's editor works without JavaScript: the page a link opens posts
a plain form, saves, and goes back to the editor saying so (no htmx target, no lost text)."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Bilag, ItemSection
from tests.factories import PDF_BYTES, AgendaItemFactory, BilagFactory, ItemSectionFactory
from tests.meetings.editing import url

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The forms of a page: action, whether htmx is off around them, and their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.disabled_depth: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        off = "hx-disable" in attrs
        self.stack.append((tag, off))
        if tag == "form":
            hx = any(name.startswith("hx-") for name in attrs)
            disabled = any(flag for _, flag in self.stack)
            self.forms.append(
                {"action": attrs.get("action"), "hx": hx and not disabled, "data": {}}
            )
        elif self.forms and tag in ("input", "select") and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "file"):
                self.forms[-1]["data"][attrs["name"]] = attrs.get("value", "")
        elif self.forms and tag == "textarea":
            self.textarea = attrs.get("name")
            self.forms[-1]["data"][self.textarea] = ""

    def handle_endtag(self, tag):
        while self.stack:
            opened, _ = self.stack.pop()
            if opened == tag:
                break
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.forms[-1]["data"][self.textarea] += data


def plain_form(client, address, action, *, own_page=True):
    page = client.get(address)
    assert page.status_code == 200
    reader = FormReader()
    reader.feed(page.content.decode())
    form = next(form for form in reader.forms if form["action"] == action)
    if own_page:  # a form on a page of its own must not wait for an htmx target
        assert not form["hx"], f"the form on {address} still posts through htmx"
    return form["data"]


def posted(client, action, data):
    response = client.post(action, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, "a plain post answers with a redirect"
    return response.content.decode()


def test_a_new_section_opened_as_its_own_page_is_saved(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)
    address = url("section_new", item.pk) + "?overskrift=Indstilling"
    data = plain_form(as_secretary, address, url("section_new", item.pk))
    assert data["heading"] == "Indstilling"
    data["html"] += "<p>at tidsplanen godkendes.</p>"

    page = posted(as_secretary, url("section_new", item.pk), data)

    assert "Afsnittet er gemt." in page
    section = ItemSection.objects.get(item=item)
    assert "at tidsplanen godkendes." in section.html
    assert "Punktet har endnu ingen tekst" not in page


def test_editing_a_section_item_details_and_bilag_as_pages(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Gammel titel")
    section = ItemSectionFactory(item=item, heading="Baggrund")
    bilag = BilagFactory(item=item, with_file=True, title="Gammelt bilag")
    cases = [
        (url("section_edit", section.pk), {"html": "<p>Ny baggrund</p>"}, "Afsnittet er gemt."),
        (url("item_edit", item.pk), {"title": "Ny titel"}, "Punktet er gemt."),
        (url("meeting_details", meeting.pk), {"location": "Et nyt sted"}, "er gemt."),
        (url("bilag_rename", bilag.pk), {"title": "Nyt bilag"}, "Bilagene er gemt."),
    ]
    for address, change, said in cases:
        data = {**plain_form(as_secretary, address, address), **change}
        assert said in posted(as_secretary, address, data), address

    item.refresh_from_db()
    section.refresh_from_db()
    bilag.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.title, section.html, bilag.title) == (
        "Ny titel",
        "<p>Ny baggrund</p>",
        "Nyt bilag",
    )
    assert meeting.location == "Et nyt sted"


def test_replacing_a_bilag_as_a_page(as_secretary, meeting):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=meeting), with_file=True)
    address = url("bilag_replace", bilag.pk)
    data = plain_form(as_secretary, address, address)
    data["file"] = SimpleUploadedFile("ny.pdf", PDF_BYTES)

    assert "Bilagene er gemt." in posted(as_secretary, address, data)
    assert Bilag.objects.get(pk=bilag.pk).version == 2


def test_forms_posted_from_the_editor_page_without_htmx(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)
    editor = url("meeting_edit", meeting.pk)
    data = plain_form(as_secretary, editor, url("item_add", meeting.pk), own_page=False)
    data.update(title="Et nyt punkt", duration_minutes="10")
    assert "Punktet er tilføjet." in posted(as_secretary, url("item_add", meeting.pk), data)

    moved = posted(as_secretary, url("item_move", item.pk), {"direction": "down"})
    assert "Punktet er flyttet." in moved

    upload = {"file": SimpleUploadedFile("notat.pdf", PDF_BYTES), "title": ""}
    assert "Bilagene er gemt." in posted(as_secretary, url("bilag_add", item.pk), upload)
    assert item.bilag.count() == 1
