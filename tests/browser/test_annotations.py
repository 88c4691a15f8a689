"""Highlights and notes in the bilag viewer (issue 25): the member marks a sentence and writes a
note; a phone shows it in the same place on the page; a new version moves it to the page its
sentence is now on, and a removed sentence is listed as not placed, its note intact.

Screenshots go to $DAP_SCREENSHOTS (a folder) when it is set.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.annotations.anchoring import place_quote
from meetings.bilag import services as bilag_services
from meetings.bilag.layout import pdf_pages_text
from meetings.management.demo import SEED_DATE
from meetings.models import AnnotationStatus, Bilag, BilagAnnotation, Meeting, Role
from tests.browser.test_accessibility import violations
from tests.meetings.annotations.conftest import REMOVED, SENTENCE, V1, V2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return Meeting.objects.get(date=SEED_DATE)


def _shot(page, name: str) -> None:
    folder = os.environ.get("DAP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _logged_in(browser, base: str, viewport: dict, console):
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    console.watch(page)
    page.set_default_timeout(15_000)
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", "medlem")
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    return context, page


def _secretary(meeting):
    return get_user_model().objects.filter(
        memberships__committee=meeting.committee, memberships__role=Role.SECRETARIAT
    )[0]


def _select(page, text: str) -> None:
    """Select the text layer's span holding `text`, as a reader dragging over it would."""
    page.locator(".textLayer span", has_text=text).first.wait_for()
    page.evaluate(
        """(text) => {
            const span = [...document.querySelectorAll('.textLayer span')]
                .find((s) => s.textContent.includes(text));
            const range = document.createRange();
            range.selectNodeContents(span);
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        text,
    )


def _relative_box(page, selector: str) -> list[float]:
    """Where an element is on the page, as fractions of the page's width and height."""
    return page.evaluate(
        """(selector) => {
            const page = document.querySelector('.pdf-page').getBoundingClientRect();
            const box = document.querySelector(selector).getBoundingClientRect();
            return [(box.left - page.left) / page.width, (box.top - page.top) / page.height,
                    box.width / page.width, box.height / page.height];
        }""",
        selector,
    )


def test_a_member_marks_a_sentence_and_it_follows_a_new_version(
    live_server, browser, console, demo
):
    bilag = Bilag.objects.filter(item__meeting=demo, content_type="application/pdf")[0]
    secretary = _secretary(demo)
    bilag_services.bilag_replace(
        bilag=bilag, actor=secretary, upload=SimpleUploadedFile("v1.pdf", V1, "application/pdf")
    )
    viewer_url = f"{live_server.url}/moeder/bilag/{bilag.pk}/vis/"

    context, page = _logged_in(browser, live_server.url, DESKTOP, console)
    page.goto(viewer_url)
    _select(page, "Styregruppen godkender")
    page.get_by_role("button", name="Markér og skriv note").click()
    page.get_by_label("Note", exact=True).fill("Hvad er forbeholdet?")
    page.get_by_role("button", name="Gem note").click()
    page.get_by_text("Markeringen og noten er gemt.").wait_for()
    _select(page, "Den fjerde sætning")
    page.get_by_role("button", name="Markér med lyserød").click()
    page.locator(".annotation-highlight.annotation-colour-pink").wait_for()
    _shot(page, "annotations-1366")
    desktop = _relative_box(page, ".annotation-highlight.annotation-colour-yellow")
    assert BilagAnnotation.objects.count() == 2
    context.close()

    # On a phone: the same place on the page, and the panel lists both.
    context, page = _logged_in(browser, live_server.url, PHONE, console)
    page.goto(viewer_url)
    page.locator(".annotation-highlight.annotation-colour-yellow").wait_for()
    phone = _relative_box(page, ".annotation-highlight.annotation-colour-yellow")
    assert phone == pytest.approx(desktop, abs=0.01)
    panel = page.locator(".annotation-panel")
    assert "Hvad er forbeholdet?" in panel.inner_text()
    _shot(page, "annotations-390")
    context.close()

    # The secretariat uploads a new version: the sentence is on page 2, the other one gone.
    bilag_services.bilag_replace(
        bilag=bilag, actor=secretary, upload=SimpleUploadedFile("v2.pdf", V2, "application/pdf")
    )
    context, page = _logged_in(browser, live_server.url, DESKTOP, console)
    page.goto(viewer_url)
    panel = page.locator(".annotation-panel")
    panel.get_by_text("side 2").wait_for()
    panel.get_by_role("button", name=re.compile(r"^Vis .*side 2")).click()
    page.locator(".annotation-highlight.annotation-colour-yellow").first.wait_for()
    assert page.locator("#pdf-page").input_value() == "2"
    unplaced = page.locator('[data-role="unplaced-block"]')
    assert "Kunne ikke placeres i den nye version" in unplaced.inner_text()
    assert REMOVED in unplaced.inner_text()
    assert SENTENCE not in unplaced.inner_text()
    _shot(page, "annotations-new-version")
    assert console.problems == []
    context.close()


def _marks_on_v2(bilag, owner) -> None:
    """A few of the member's marks: one on page 1, one with a note on page 2, one not placed."""
    pages = pdf_pages_text(V2)
    first = place_quote(pages, exact="Indledning om projektet.")
    moved = place_quote(pages, exact=SENTENCE)
    common = {"owner": owner, "bilag": bilag, "bilag_version": bilag.version}
    BilagAnnotation.objects.create(
        **common,
        page=first.page,
        areas=first.areas,
        quote_exact="Indledning om projektet.",
        colour="pink",
    )
    BilagAnnotation.objects.create(
        **common,
        page=moved.page,
        areas=moved.areas,
        quote_exact=SENTENCE,
        note="Hvad er forbeholdet?",
    )
    BilagAnnotation.objects.create(
        **common,
        page=1,
        areas=[[72, 700, 300, 712]],
        quote_exact=REMOVED,
        note="Spørg til kommunernes data",
        status=AnnotationStatus.UNPLACED,
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_the_viewer_with_annotations_is_accessible_and_works_by_keyboard(
    live_server, browser, console, demo, viewport
):
    bilag = Bilag.objects.filter(item__meeting=demo, content_type="application/pdf")[0]
    bilag_services.bilag_replace(
        bilag=bilag,
        actor=_secretary(demo),
        upload=SimpleUploadedFile("v2.pdf", V2, "application/pdf"),
    )
    bilag.refresh_from_db()
    _marks_on_v2(bilag, get_user_model().objects.get(username="medlem"))
    context, page = _logged_in(browser, live_server.url, viewport, console)
    page.goto(f"{live_server.url}/moeder/bilag/{bilag.pk}/vis/")
    viewer = page.locator('.pdf-viewer[data-page="1"]')
    viewer.wait_for()
    panel = page.locator(".annotation-panel")
    expect(panel.locator(".annotation-entry")).to_have_count(3)
    page.locator(".annotation-highlight").first.wait_for()
    _shot(page, f"annotations-a11y-{viewport['width']}")
    assert violations(page) == []

    # Keyboard only: Tab from the panel's first button to the entry of the page-2 highlight,
    # Enter jumps to it.
    panel.get_by_role("button", name="Sæt en note på siden").focus()
    wanted = re.compile(r"^Vis »Styregruppen godkender")
    for _ in range(20):
        page.keyboard.press("Tab")
        if wanted.match(page.evaluate("document.activeElement.getAttribute('aria-label') || ''")):
            break
    else:
        pytest.fail("Tab never reached the entry's »Vis« button")
    page.keyboard.press("Enter")
    expect(page.locator(".pdf-viewer")).to_have_attribute("data-page", "2")
    expect(page.locator(".annotation-highlight.is-current").first).to_be_visible()
    expect(page.locator(".pdf-status")).to_have_text(re.compile("Markeringen er på side 2"))

    # Deleting asks in the design system's modal, not window.confirm: focus moves into it,
    # Escape closes it and gives focus back; confirming deletes.
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    delete = panel.get_by_role("button", name="Slet »Indledning om projektet.«")
    delete.focus()
    page.keyboard.press("Enter")
    modal = page.get_by_role("dialog", name="Slet markeringen?")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text("Vil du slette »Indledning om projektet.«?")
    expect(modal.get_by_role("button", name="Luk")).to_be_focused()
    assert violations(page) == []
    page.keyboard.press("Escape")
    expect(modal).to_be_hidden()
    expect(delete).to_be_focused()
    assert BilagAnnotation.objects.count() == 3
    page.keyboard.press("Enter")
    modal.get_by_role("button", name="Slet markeringen").click()
    expect(panel.locator(".annotation-entry")).to_have_count(2)
    expect(page.locator("#annotations-heading")).to_be_focused()
    assert BilagAnnotation.objects.count() == 2
    assert dialogs == []
    assert console.problems == []
    context.close()
