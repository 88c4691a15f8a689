"""A member reads the meeting's papers offline (issue 16): stores the seed meeting, goes
offline (`context.set_offline(True)`), opens the meeting page, a bilag in the viewer and the
agenda PDF, writes a note that reaches the server once online again; logging out empties
Cache Storage and IndexedDB. An observer's copy has no closed item or bilag; a member who
loses access loses the copy at the next online visit.

Debian's Chromium through Playwright against the live server (127.0.0.1 is a secure
context, so the service worker runs).
"""

import datetime as dt
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from meetings.bilag.text import extract_pdf_text
from meetings.management.demo import SEED_DATE
from meetings.models import AgendaItem, Bilag, Meeting, Membership, PrivateNote
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.meetings.pdf_samples import pdf_with_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Skrevet i toget: spørg til tidsplanen"
CLOSED_TEXT = "Forhandlingsoplæg om licenspriser"

CACHE_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""
CACHED_TEXT = """async (url) => {
  const response = await caches.match(url, {ignoreVary: true});
  return response ? await response.text() : null;
}"""
STORES = """async () => ({
  caches: await caches.keys(),
  databases: (await indexedDB.databases()).map((database) => database.name),
})"""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    meeting = Meeting.objects.get(date=SEED_DATE)
    bilag = Bilag.objects.filter(item__meeting=meeting, item__position=3).order_by("position")[0]
    data = pdf_with_pages(2, text="Kommissorium")
    bilag.file.save("bilag.pdf", ContentFile(data), save=False)
    bilag.content_type = "application/pdf"
    bilag.size = len(data)
    bilag.text = extract_pdf_text(data)
    bilag.save()
    return meeting


def log_in(page, base, username):
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))


def open_controlled(page, url):
    """Open a page and wait until the service worker controls it and the check has run."""
    page.goto(url)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()  # the first page a new worker sees may stay uncontrolled
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator("html")).to_have_attribute("data-offline-sync", "done", timeout=30_000)


def store(page, base, meeting):
    open_controlled(page, f"{base}/moeder/{meeting.pk}/")
    panel = page.locator(".offline-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Mødet er ikke hentet til denne enhed.")
    panel.get_by_role("button", name="Hent til offline").click()
    expect(panel.locator('[data-role="offline-state"]')).to_have_text(
        re.compile(r"^Klar til offline · [\d,]+ MB · hentet \d\d\.\d\d$"), timeout=60_000
    )


def test_a_member_reads_the_meeting_offline(live_server, page, demo, console):
    base = live_server.url
    context = page.context
    item = AgendaItem.objects.get(meeting=demo, position=3)
    bilag = Bilag.objects.filter(item=item).order_by("position")[0]
    log_in(page, base, "medlem")
    store(page, base, demo)

    context.set_offline(True)
    # The meeting page, from the device.
    page.goto(f"{base}/moeder/{demo.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Dagsorden til"))
    expect(page.locator(".offline-panel")).to_contain_text("Du er offline.")
    # A bilag in the viewer (pdf.js and its worker from the store too).
    page.goto(f"{base}/moeder/bilag/{bilag.pk}/vis/")
    viewer = page.locator(".pdf-viewer")
    expect(viewer.locator('[data-role="page-count"]')).to_have_text("2")
    expect(viewer).to_have_attribute("data-page", "1")
    viewer.get_by_role("button", name="Næste side").click()
    expect(viewer).to_have_attribute("data-page", "2")
    # The agenda PDF, as the browser would fetch it.
    pdf = page.evaluate(
        """async (url) => {
          const response = await fetch(url);
          const bytes = new Uint8Array(await response.arrayBuffer());
          return {status: response.status, type: response.headers.get('content-type'),
                  head: String.fromCharCode(...bytes.slice(0, 5))};
        }""",
        f"/moeder/{demo.pk}/dagsorden.pdf",
    )
    assert pdf == {"status": 200, "type": "application/pdf", "head": "%PDF-"}
    # The list of meetings becomes the list of stored meetings; other pages say so.
    page.goto(f"{base}/moeder/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Møder på denne enhed")
    expect(page.locator(".offline-list")).to_contain_text(demo.title)
    page.goto(f"{base}/soeg/?q=budget")
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden er ikke tilgængelig offline")

    # A note written offline is kept on the device ...
    page.goto(f"{base}/moeder/{demo.pk}/")
    note = page.locator(f"#note-item-{item.pk}")
    note.locator("summary").click()
    note.locator("textarea").fill(NOTE)
    note.get_by_role("button", name="Gem note").click()
    expect(note).to_contain_text("sendes, når du er online igen")
    assert not PrivateNote.objects.filter(item=item).exists()
    # ... and reaches the server when the network returns.
    context.set_offline(False)
    expect(page.locator("html")).to_have_attribute("data-offline-notes", "1", timeout=30_000)
    assert PrivateNote.objects.get(item=item).text == NOTE
    expect(note).to_contain_text("Noten er sendt til portalen og gemt.")

    # Logging out empties Cache Storage and IndexedDB.
    assert page.evaluate(STORES)["caches"]
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/log-ind/"))
    expect(page.locator("html")).to_have_attribute("data-offline-state", "wiped")
    assert page.evaluate(STORES) == {"caches": [], "databases": []}
    # The worker, the manifest and the page script ran under the CSP without a complaint.
    assert [text for text in console.messages if "Content Security Policy" in text] == []


def test_an_observer_stores_no_closed_item_or_bilag(live_server, page, demo):
    item = AgendaItem.objects.get(meeting=demo, position=3)
    item.confidential = True
    item.save()
    open_bilag = Bilag.objects.filter(item__meeting=demo).exclude(item=item).exclude(file="")
    closed = Bilag.objects.filter(item=item).exclude(file="")
    secret = open_bilag.first()
    secret.confidential = True
    secret.save()
    section = item.sections.first()
    section.text = f"<p>{CLOSED_TEXT}</p>"
    section.save()
    assert closed.exists()
    assert secret is not None

    base = live_server.url
    log_in(page, base, "observator")
    store(page, base, demo)
    urls = page.evaluate(CACHE_URLS)
    assert f"/moeder/{demo.pk}/" in urls
    for bilag in [*closed, secret]:
        assert not [url for url in urls if f"/bilag/{bilag.pk}/" in url]
    stored_page = page.evaluate(CACHED_TEXT, f"/moeder/{demo.pk}/")
    assert CLOSED_TEXT not in stored_page
    assert "Lukket punkt" in stored_page

    # A member of the committee stores the closed bilag (they may read it).
    page.context.clear_cookies()
    log_in(page, base, "medlem")
    store(page, base, demo)
    urls = page.evaluate(CACHE_URLS)
    assert [url for url in urls if url.startswith(f"/moeder/bilag/{secret.pk}/")]


def test_losing_access_removes_the_stored_copy_at_the_next_visit(live_server, page, demo):
    base = live_server.url
    log_in(page, base, "medlem")
    store(page, base, demo)
    assert f"/moeder/{demo.pk}/" in page.evaluate(CACHE_URLS)

    Membership.objects.filter(user__username="medlem", committee=demo.committee).delete()
    open_controlled(page, f"{base}/moeder/")
    assert not [url for url in page.evaluate(CACHE_URLS) if url.startswith(f"/moeder/{demo.pk}")]
    assert page.evaluate(f"DapOffline.meeting({demo.pk})") is None


def test_an_expired_session_removes_the_stored_copies(live_server, page, demo):
    base = live_server.url
    log_in(page, base, "medlem")
    store(page, base, demo)
    page.context.clear_cookies()  # the session is gone, as when it expires
    page.goto(f"{base}/moeder/{demo.pk}/")
    page.wait_for_url(re.compile(r"/log-ind/"))
    expect(page.locator("html")).to_have_attribute("data-offline-state", "wiped")
    assert page.evaluate(STORES) == {"caches": [], "databases": []}


AGE_RECORD = """async ([id, days]) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("dap-offline");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const store = db.transaction("meetings", "readwrite").objectStore("meetings");
  const record = await new Promise((resolve) => {
    store.get(id).onsuccess = (event) => resolve(event.target.result);
  });
  record.storedAt -= days * 24 * 60 * 60 * 1000;
  await new Promise((resolve) => { store.put(record).onsuccess = resolve; });
  db.close();
}"""


def test_a_stored_copy_expires_after_30_days(live_server, page, demo):
    base = live_server.url
    log_in(page, base, "medlem")
    store(page, base, demo)
    page.evaluate(AGE_RECORD, [demo.pk, 31])
    page.context.set_offline(True)
    page.goto(f"{base}/moeder/{demo.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden er ikke tilgængelig offline")
    assert not [url for url in page.evaluate(CACHE_URLS) if url.startswith(f"/moeder/{demo.pk}")]


def test_meetings_of_the_next_two_weeks_are_stored_without_asking(live_server, page, demo):
    soon = MeetingFactory(
        committee=demo.committee,
        title="Ekstraordinært styregruppemøde",
        date=timezone.localdate() + dt.timedelta(days=5),
        published_at=timezone.now(),
    )
    AgendaItemFactory(meeting=soon, title="Godkendelse af kommissorium")
    base = live_server.url
    log_in(page, base, "medlem")
    open_controlled(page, f"{base}/moeder/")
    record = page.evaluate(f"DapOffline.meeting({soon.pk})")
    assert record["auto"] is True
    assert f"/moeder/{soon.pk}/dagsorden.pdf" in page.evaluate(CACHE_URLS)
    assert page.evaluate(f"DapOffline.meeting({demo.pk})") is None  # held a year ago
