"""Browser tests drive Debian's Chromium through Playwright's sync API against `live_server`.

Playwright's sync API runs an event loop in the test's thread; Django refuses database access
from a thread with a running loop unless told that this is safe here (the test thread only
sets up data and asserts; the live server answers from its own thread).
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _media_url_for_the_live_server():
    """Django's live server wraps the site in a media handler that cannot parse MEDIA_URL=None
    (the portal serves bilag only through views). A path nothing links to keeps it working."""
    from django.conf import settings

    settings.MEDIA_URL = "/_test-media-not-linked/"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class Console:
    """What the page wrote to the console, and the CSP violations among it."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: self.messages.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))
        page.on(
            "response",
            lambda response: (
                self.messages.append(f"http {response.status}: {response.url}")
                if response.status >= 400
                else None
            ),
        )

    @property
    def problems(self) -> list[str]:
        return [
            text
            for text in self.messages
            if text.startswith(("error", "pageerror", "http")) or "Content Security Policy" in text
        ]


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, console):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    page = context.new_page()
    console.watch(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_default_timeout(10_000)
    yield page
    context.close()
