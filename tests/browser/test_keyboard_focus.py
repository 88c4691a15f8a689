"""Keyboard only, in Debian's Chromium (issue 23, points 1 and 2): Tab leaves the section
editor, even in a list (WCAG 2.1.2); after every htmx swap focus is on the new form's first
field or back on the control that opened it (2.4.3); "Noten er gemt." is announced by a live
region that was in the page before the swap (4.1.3)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from meetings.models import ItemSection, MeetingStatus, Role
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    ItemSectionFactory,
    MeetingFactory,
    member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient(page):
    """A machine shared by many runs answers slowly at times: wait longer than the default,
    and let the first request (which loads the whole site) be made before the browser's."""
    Client().get("/log-ind/")
    page.set_default_timeout(30_000)
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def tab_until(page, locator, *, key="Tab", limit=40) -> None:
    """Press Tab (only Tab) until `locator` has focus."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {locator}")


def test_the_section_editor_by_keyboard_alone(page, live_server, console):
    dap = CommitteeFactory()
    secretary = member(dap, Role.SECRETARIAT)
    meeting = MeetingFactory(committee=dap, draft=True)
    item = AgendaItemFactory(meeting=meeting, title="Meddelelser")
    section = ItemSectionFactory(item=item, heading="Løsning", html="<p>Indledning</p>")
    signed_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/rediger/")
    box = page.locator(f"#section-{section.pk}")

    # Open the section with "Redigér": focus is on the form's first field, not on <body>.
    edit = box.get_by_role("link", name="Redigér", exact=True)
    tab_until(page, edit)
    page.keyboard.press("Enter")
    expect(page.locator(f"#section-{section.pk}-heading")).to_be_focused()

    # The editor says how to leave it and how to indent.
    editor = box.locator(".ql-editor")
    hint_id = editor.get_attribute("aria-describedby")
    expect(page.locator(f"#{hint_id}")).to_contain_text("Tab går videre til næste felt")
    expect(page.locator(f"#{hint_id}")).to_contain_text("Alt+Skift")

    # Type a list; Alt+Shift+Right indents its second point.
    tab_until(page, editor)
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("* Første punkt")
    page.keyboard.press("Enter")
    page.keyboard.type("Andet punkt")
    page.keyboard.press("Alt+Shift+ArrowRight")
    expect(editor.locator("li.ql-indent-1")).to_have_text("Andet punkt")

    # Tab leaves the editor from inside the list, without indenting again.
    page.keyboard.press("Tab")
    save = box.get_by_role("button", name="Gem afsnit")
    expect(save).to_be_focused()
    expect(editor.locator("li.ql-indent-2")).to_have_count(0)
    # Shift+Tab goes back into the editor, and out again past the toolbar: no outdent either.
    page.keyboard.press("Shift+Tab")
    expect(editor).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(editor).not_to_be_focused()
    assert box.get_by_role("toolbar").evaluate("bar => bar.contains(document.activeElement)")
    expect(editor.locator("li.ql-indent-1")).to_have_text("Andet punkt")

    # Save: focus returns to the section's "Redigér" (swapped in anew).
    tab_until(page, save)
    page.keyboard.press("Enter")
    expect(box.locator(".section-text li li")).to_have_text("Andet punkt")
    expect(box.get_by_role("link", name="Redigér", exact=True)).to_be_focused()
    html = ItemSection.objects.get(pk=section.pk).html
    assert "<li>Første punkt<ul><li>Andet punkt</li></ul></li>" in html, html

    # Open again and cancel: focus is back on "Redigér" again.
    page.keyboard.press("Enter")
    expect(page.locator(f"#section-{section.pk}-heading")).to_be_focused()
    tab_until(page, box.get_by_role("link", name="Annullér"))
    page.keyboard.press("Enter")
    expect(box.get_by_role("link", name="Redigér", exact=True)).to_be_focused()

    # The item's own form follows the same rule.
    head = page.locator(f"#item-{item.pk}-head")
    tab_until(page, head.get_by_role("link", name="Redigér punkt"), key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(f"#item-{item.pk}-title-input")).to_be_focused()
    tab_until(page, head.get_by_role("link", name="Annullér"))
    page.keyboard.press("Enter")
    expect(head.get_by_role("link", name="Redigér punkt")).to_be_focused()
    assert console.problems == [], console.messages


def test_saving_a_note_keeps_focus_and_announces_in_a_live_region(page, live_server):
    dap = CommitteeFactory()
    reader = member(dap, Role.MEMBER)
    meeting = MeetingFactory(committee=dap, status=MeetingStatus.PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, title="Status på projekterne")
    signed_in(page, live_server, reader)
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    region = page.locator("#live-status")
    expect(region).to_have_attribute("role", "status")
    expect(region).to_be_empty()
    page.evaluate("window.regionBefore = document.getElementById('live-status')")

    note = page.locator(f"#note-item-{item.pk}")
    tab_until(page, note.locator("summary"))
    page.keyboard.press("Enter")
    tab_until(page, note.locator("textarea"))
    page.keyboard.type("Spørg til tidsplanen")
    page.keyboard.press("Tab")
    expect(note.get_by_role("button", name="Gem note")).to_be_focused()
    page.keyboard.press("Enter")

    expect(note).to_contain_text("Noten er gemt.")
    expect(note.get_by_role("button", name="Gem note")).to_be_focused()
    expect(region).to_have_text("Noten er gemt.")
    # The very element that was there before the swap, not one inserted with the message.
    assert page.evaluate("window.regionBefore === document.getElementById('live-status')")
    assert note.locator('[role="status"]').count() == 0
