"""The Nu Html Checker (vnu-jar from npm, run with Java) on every page the four roles reach.

Each demo user follows the portal's own links from the meeting list (same site, GET, HTML
only; two pages per kind of address, so 40 bilag do not make 40 runs of one template), and
vnu checks what the server sent. No errors, apart from htmx's own `hx-*` attributes, which the
portal keeps (a browser ignores what it does not know; htmx reads them).
"""

import io
import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from meetings.management.demo import DEMO_USERS
from tests.conftest import VNU_JAR

pytestmark = [pytest.mark.vnu, pytest.mark.django_db]

PAGES_PER_KIND = 2
MAX_PAGES_PER_ROLE = 80
# Where a link leads away from the pages (files, feeds, signing out) or to the admin site.
SKIP = re.compile(
    r"^/(admin|static)/|/log-ud/|\.(pdf|ics|zip|csv|xlsx|docx|json)$|/hent/|/download"
)
HTMX_ATTRIBUTE = re.compile(r"^Attribute “(data-)?hx-[a-z-]+” not allowed")
# Pages no link leads to with content: search results.
STARTS = ("/moeder/", "/soeg/?q=styregruppen")
# Findings the portal accepts, as (kind of page, start of the message): none today.
KNOWN: set[tuple[str, str]] = set()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def kind(path: str) -> str:
    """/moeder/12/ and /moeder/13/ are one kind of page."""
    return re.sub(r"\d+", "N", urlsplit(path).path)


def crawl(client: Client) -> dict[str, str]:
    pages: dict[str, str] = {}
    seen_kinds: Counter[str] = Counter()
    queue = list(STARTS)
    seen = set(STARTS)
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            link, _ = urldefrag(href)
            if not link.startswith("/") or link.startswith("//") or SKIP.search(link):
                continue
            if link in seen or seen_kinds[kind(link)] >= PAGES_PER_KIND:
                continue
            seen.add(link)
            seen_kinds[kind(link)] += 1
            queue.append(link)
    return pages


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    files = {}
    for number, (url, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = url
    result = subprocess.run(  # noqa: S603  (our own jar, our own files)
        [
            shutil.which("java") or "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *sorted(files),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        cwd=folder,
    )
    found: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        if HTMX_ATTRIBUTE.match(message["message"]):
            continue
        source = message.get("url", "?")
        url = files.get(source.rsplit("/", 1)[-1], source)
        page_kind = kind(url.split(" ", 1)[-1])
        if any(page_kind == known and message["message"].startswith(text) for known, text in KNOWN):
            continue
        found.setdefault(url, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:120]}]"
        )
    return found


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_every_page_of_every_role_is_valid_html(demo, tmp_path):
    pages: dict[str, str] = {}
    for demo_user in DEMO_USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=demo_user.username))
        for url, html in crawl(client).items():
            pages[f"{demo_user.username} {url}"] = html
    # The pages each role uses, the editor and the minutes among them.
    assert len(pages) > 80, sorted(pages)
    for must in (
        "sekretariat /moeder/N/rediger/",
        "sekretariat /moeder/N/referat/",
        "medlem /moeder/N/",
        "observator /moeder/N/",
        "formand /soeg/",
    ):
        assert any(kind(url) == must or url.startswith(must) for url in pages), must

    found = vnu_errors(pages, tmp_path)
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
