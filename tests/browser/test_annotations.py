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

from meetings.bilag import services as bilag_services
from meetings.management.demo import SEED_DATE
from meetings.models import Bilag, BilagAnnotation, Meeting, Role
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
