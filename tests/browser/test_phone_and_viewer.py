"""A phone (390 px) and the bilag viewer (issue 11, points 15 and 17): budget tables scroll
inside their box with the project column fixed and say so, the page never scrolls sideways,
the viewer's document starts on the first screen, one bar marks the active tab, and pdf.js's
text layer gives the bilag's words to screen readers.

Screenshots at 390 and 1366 px go to $DAP_SCREENSHOTS (a folder) when it is set.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.management.demo import SEED_DATE
from meetings.models import Bilag, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
BUDGET = "/portefoelje/budgetter/DAP/2025/"


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


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _check_budget_table(page, wrapper) -> None:
    """The table scrolls inside its wrapper, says so, and keeps the project column fixed."""
    assert wrapper.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.locator(".table-scroll-hint").first.is_visible()
    first = wrapper.locator('th[scope="row"]').first
    assert first.evaluate("el => getComputedStyle(el).position") == "sticky"
    amount = wrapper.locator("td.amount").first
    before, amount_before = first.bounding_box()["x"], amount.bounding_box()["x"]
    wrapper.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    assert amount.bounding_box()["x"] < amount_before - 50  # the figures moved ...
    assert abs(first.bounding_box()["x"] - before) < 2  # ... the project column stayed


def test_on_a_phone_budget_tables_scroll_in_their_box_with_the_project_column_fixed(
    live_server, browser, console, demo
):
    context, page = _logged_in(browser, live_server.url, PHONE, console)

    page.goto(f"{live_server.url}{BUDGET}")
    _shot(page, "budget-390")
    assert _page_width(page) <= PHONE["width"]
    _check_budget_table(page, page.locator("#budgettabel .budget-table-wrapper"))
    # One bar under the active tab: DKFDS's underline of the <span> is gone on phones.
    active = page.locator(".navigation-menu li.active").first
    assert active.locator("span").evaluate("el => getComputedStyle(el).borderBottomWidth") in (
        "0px",
        "",
    )
    assert "inset" in active.locator("a").evaluate("el => getComputedStyle(el).boxShadow")

    page.goto(f"{live_server.url}/moeder/{demo.pk}/")
    _shot(page, "meeting-390")
    assert _page_width(page) <= PHONE["width"]
    embed = page.locator(".embed-table .budget-table-wrapper").first
    embed.scroll_into_view_if_needed()
    _check_budget_table(page, embed)
    assert console.problems == []
    context.close()


def test_on_a_desktop_the_table_needs_no_hint(live_server, browser, console, demo):
    context, page = _logged_in(browser, live_server.url, DESKTOP, console)

    page.goto(f"{live_server.url}{BUDGET}")
    _shot(page, "budget-1366")

    assert _page_width(page) <= DESKTOP["width"]
    assert not page.locator(".table-scroll-hint").first.is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_the_viewer_shows_the_document_first_and_its_words_in_the_text_layer(
    live_server, browser, console, demo, viewport
):
    bilag = Bilag.objects.filter(item__meeting=demo, item__position=3).order_by("position")[0]
    context, page = _logged_in(browser, live_server.url, viewport, console)

    page.goto(f"{live_server.url}/moeder/bilag/{bilag.pk}/vis/")
    text_layer = page.locator(".pdf-viewer .textLayer")
    text_layer.locator("span").first.wait_for()
    _shot(page, f"viewer-{viewport['width']}")

    words = " ".join(text_layer.inner_text().split())
    assert "Demoindhold" in words
    assert "som ikke er offentligt" in words or "som ikkeer offentligt" in words
    # The document begins on the first screen, not below breadcrumb, title and controls.
    top = page.locator(".pdf-canvas").bounding_box()["y"]
    assert top < viewport["height"] * 0.6, top
    assert _page_width(page) <= viewport["width"]
    fonts = [m for m in console.messages if "standardFontDataUrl" in m or "CMap" in m]
    assert fonts == []
    assert console.problems == []
    context.close()
