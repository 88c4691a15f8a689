"""A member prepares for the meeting in the browser (issue 5): the overview, the seed
meeting, a folded section, a PDF bilag in the viewer, a private note, search.

Debian's Chromium through Playwright, against the live server, as the demo users of
`manage.py load_demo` (password `demo`).
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.bilag.text import extract_pdf_text
from meetings.editor.items import section_update
from meetings.management.demo import SEED_DATE
from meetings.models import AgendaItem, Bilag, Meeting, Membership, Role
from tests.meetings.pdf_samples import pdf_with_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Spørg til tidsplanen for KOL-forløbsplanen"
SECTION_WORD = "Primærsektorforum"  # in item 1's text of the seed agenda


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    meeting = Meeting.objects.get(date=SEED_DATE)
    # Bilag 3.1 as a two-page PDF, so the viewer has a page 2 to move to.
    bilag = Bilag.objects.filter(item__meeting=meeting, item__position=3).order_by("position")[0]
    data = pdf_with_pages(2, text="Kommissorium")
    bilag.file.save("bilag.pdf", ContentFile(data), save=False)
    bilag.content_type = "application/pdf"
    bilag.size = len(data)
    bilag.text = extract_pdf_text(data)
    bilag.save()
    second = get_user_model().objects.create_user("medlem2", password="demo")
    Membership.objects.create(user=second, committee=meeting.committee, role=Role.MEMBER)
    return meeting


def log_in(page, base, username):
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))


def test_a_member_prepares_for_the_meeting(live_server, page, console, demo):
    base = live_server.url
    item = AgendaItem.objects.get(meeting=demo, position=3)

    # The overview: the seed meeting with its date, and the agenda out.
    log_in(page, base, "medlem")
    expect(page.get_by_role("heading", name="Tidligere møder")).to_be_visible()
    row = page.locator("tr", has_text="mandag d. 6. oktober 2025")
    expect(row).to_contain_text("Dagsorden udsendt")
    row.get_by_role("link", name=demo.title).click()
    page.wait_for_url(re.compile(rf"/moeder/{demo.pk}/$"))

    # The meeting page: the Indstilling is shown, the Baggrund folded until opened.
    card = page.locator("section.agenda-item", has=page.locator("#punkt-3"))
    expect(card.get_by_text("Det indstilles, at styregruppen", exact=False).first).to_be_visible()
    background = card.locator("details.section-fold", has_text="Baggrund").first
    body = background.locator(".section-text")
    expect(body).to_be_hidden()
    background.locator("summary").click()
    expect(body).to_be_visible()

    # The bilag in the viewer: two pages, move to page 2.
    card.get_by_role("link", name=re.compile(r"^Vis Bilag 3\.1")).click()
    viewer = page.locator(".pdf-viewer")
    expect(viewer.locator('[data-role="page-count"]')).to_have_text("2")
    expect(viewer).to_have_attribute("data-page", "1")
    viewer.get_by_role("button", name="Næste side").click()
    expect(viewer).to_have_attribute("data-page", "2")
    expect(viewer.locator('[data-role="status"]')).to_have_text("Side 2 af 2")
    # Search in the PDF jumps to the page with the hit.
    page.fill("#pdf-search", "side 1")
    viewer.get_by_role("button", name="Søg", exact=True).click()
    expect(viewer).to_have_attribute("data-page", "1")
    expect(page.get_by_role("link", name="Hent originalfilen")).to_be_visible()

    # A private note on the item, saved with htmx, still there after a reload.
    page.goto(f"{base}/moeder/{demo.pk}/")
    note = page.locator(f"#note-item-{item.pk}")
    note.locator("summary").click()
    note.locator("textarea").fill(NOTE)
    note.get_by_role("button", name="Gem note").click()
    expect(page.locator(f"#note-item-{item.pk}")).to_contain_text("Noten er gemt.")
    page.reload()
    expect(page.locator(f"#note-item-{item.pk} textarea")).to_have_value(NOTE)

    # Search: a word from a section finds its item.
    page.get_by_role("link", name="Søg", exact=True).click()
    page.fill("#q", SECTION_WORD)
    page.locator("form.search-form").get_by_role("button", name="Søg").click()
    result = page.locator(".search-result").first
    expect(result).to_contain_text("Meddelelser")
    expect(result.locator("mark")).to_have_text(re.compile(SECTION_WORD, re.IGNORECASE))
    result.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/moeder/{demo.pk}/#item-\d+$"))

    assert console.problems == []

    # Another member never sees the note.
    page.context.clear_cookies()
    log_in(page, base, "medlem2")
    page.goto(f"{base}/moeder/{demo.pk}/")
    expect(page.locator(f"#note-item-{item.pk} textarea")).to_have_value("")
    expect(page.get_by_text(NOTE)).to_have_count(0)
    page.goto(f"{base}/moeder/{demo.pk}/noter/")
    expect(page.get_by_text("Du har ingen noter til dette møde endnu.")).to_be_visible()


def test_what_changed_since_the_last_visit_is_marked_on_the_items(live_server, page, console, demo):
    """The agenda is cached for every member alike; the badge of a changed item is each
    member's own, put on by since-visit.js from the item's change times and their last visit."""
    base = live_server.url
    changed = AgendaItem.objects.get(meeting=demo, position=3)
    section = changed.sections.order_by("position")[0]
    log_in(page, base, "medlem")
    page.goto(f"{base}/moeder/{demo.pk}/")
    expect(page.locator(".item-new")).to_have_count(0)

    section_update(
        section=section,
        actor=get_user_model().objects.get(username="sekretariat"),
        version=section.version,
        heading=section.heading,
        html="<p>Det indstilles, at styregruppen godkender den nye tidsplan.</p>",
    )
    page.reload()

    expect(page.locator(".visit-news")).to_contain_text("1 ændring siden dit sidste besøg")
    card = page.locator("section.agenda-item", has=page.locator(f"#item-{changed.pk}"))
    badge = card.locator(".item-facts .item-new")
    expect(badge).to_have_text("1 ændring siden dit sidste besøg")
    expect(badge).to_be_visible()
    expect(page.locator(".item-new")).to_have_count(1)
    # A screen reader reads the badge with the item's facts, under the item's heading.
    facts = card.get_by_role("paragraph").filter(has_text="1 ændring siden dit sidste besøg")
    expect(facts).to_have_count(1)
    assert serious_violations(page) == []

    # The next visit has nothing new: no badge.
    page.reload()
    expect(page.locator(".visit-news")).to_have_count(0)
    expect(page.locator(".item-new")).to_have_count(0)
    assert console.problems == []

    # Another member who never visited has nothing marked either.
    page.context.clear_cookies()
    log_in(page, base, "medlem2")
    page.goto(f"{base}/moeder/{demo.pk}/")
    expect(page.locator(f"section.agenda-item:has(#item-{changed.pk})")).to_contain_text(
        "godkender den nye tidsplan"
    )
    expect(page.locator(".item-new")).to_have_count(0)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']})"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
