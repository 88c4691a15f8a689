"""Offline reading in the browser, continued (issue 16): a note changed on another device
while the member wrote offline keeps both versions until the member chooses; a newer bilag
replaces the stored one at the next contact and the page says "opdateret"; axe finds no
serious violation on the offline pages, on a desktop and a phone."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from meetings.member import services as notes
from meetings.models import AgendaItem, Bilag, PrivateNote
from tests.browser.test_accessibility import violations
from tests.browser.test_offline import CACHED_TEXT, demo, log_in, open_controlled, store
from tests.meetings.pdf_samples import pdf_with_pages

__all__ = ["demo"]  # the fixture, shared with test_offline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("var/screenshots")


def test_a_conflicting_note_keeps_both_versions_until_the_member_chooses(live_server, page, demo):
    base = live_server.url
    item = AgendaItem.objects.get(meeting=demo, position=3)
    log_in(page, base, "medlem")
    store(page, base, demo)

    page.context.set_offline(True)
    page.goto(f"{base}/moeder/{demo.pk}/")
    note = page.locator(f"#note-item-{item.pk}")
    note.locator("summary").click()
    note.locator("textarea").fill("Skrevet offline på laptoppen")
    note.get_by_role("button", name="Gem note").click()
    expect(note).to_contain_text("sendes, når du er online igen")
    # Meanwhile, on the tablet:
    member = get_user_model().objects.get(username="medlem")
    notes.note_save(user=member, item=item, text="Skrevet på tabletten")

    page.context.set_offline(False)
    expect(page.locator("html")).to_have_attribute("data-offline-sync", "done", timeout=30_000)
    expect(note).to_contain_text("Noten er ændret på en anden enhed")
    assert PrivateNote.objects.get(item=item).text == "Skrevet på tabletten"

    page.goto(f"{base}/offline/")
    conflict = page.locator(".offline-note--conflict")
    expect(conflict).to_contain_text("Skrevet offline på laptoppen")
    expect(conflict).to_contain_text("Skrevet på tabletten")
    conflict.get_by_role("button", name="Behold min udgave").click()
    expect(page.locator(".offline-note")).to_have_count(0)
    assert PrivateNote.objects.get(item=item).text == "Skrevet offline på laptoppen"


def test_a_newer_bilag_replaces_the_stored_one_and_the_page_says_so(live_server, page, demo):
    base = live_server.url
    bilag = Bilag.objects.filter(item__meeting=demo, item__position=3).order_by("position")[0]
    log_in(page, base, "medlem")
    store(page, base, demo)
    inline = f"/moeder/bilag/{bilag.pk}/fil/"
    before = page.evaluate(
        "async (url) => (await (await caches.match(url)).arrayBuffer()).byteLength", inline
    )

    data = pdf_with_pages(3, text="Revideret kommissorium")
    bilag.file.save("bilag-v2.pdf", ContentFile(data), save=False)
    bilag.size = len(data)
    bilag.sha256 = "f" * 64
    bilag.version += 1
    bilag.save()

    open_controlled(page, f"{base}/moeder/{demo.pk}/")
    panel = page.locator(".offline-panel")
    expect(panel.locator('[data-role="offline-state"]')).to_contain_text("opdateret")
    expect(panel.locator('[data-role="offline-notice"]')).to_contain_text(
        "Mødet er opdateret på enheden"
    )
    after = page.evaluate(
        "async (url) => (await (await caches.match(url)).arrayBuffer()).byteLength", inline
    )
    assert after == len(data) != before
    assert page.evaluate(CACHED_TEXT, f"/moeder/{demo.pk}/")


@pytest.mark.parametrize("width", [1366, 390])
def test_offline_pages_have_no_serious_accessibility_violations(live_server, page, demo, width):
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "medlem")
    store(page, base, demo)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    found = {}
    for url in (f"/moeder/{demo.pk}/", "/offline/", "/offline/ikke-tilgaengelig/"):
        page.goto(base + url)
        expect(page.locator("html")).to_have_attribute("data-offline-sync", "done", timeout=30_000)
        found[url] = violations(page)
        name = re.sub(r"\W+", "-", url).strip("-")
        page.screenshot(path=SCREENSHOTS / f"offline-{name}-{width}.png", full_page=False)
    page.context.set_offline(True)
    for url in ("/moeder/", "/soeg/"):
        page.goto(base + url)
        expect(page.locator("html")).to_have_attribute("data-offline-sync", "offline")
        found[f"offline {url}"] = violations(page)
        name = re.sub(r"\W+", "-", url).strip("-")
        page.screenshot(path=SCREENSHOTS / f"offline-now-{name}-{width}.png", full_page=False)
    assert found == {url: [] for url in found}
