"""A member's own highlights travel with the meeting stored offline (issue 25): the viewer shows
them without a network, a highlight made offline is kept on the device and reaches the server
when the network returns (through the notes' queue), and one made on a version the secretariat
has replaced meanwhile (409) is kept and shown as not placed, its note intact.

Debian's Chromium through Playwright against the live server, as tests/browser/test_offline.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from meetings.bilag import services as bilag_services
from meetings.models import Bilag, BilagAnnotation, Role
from tests.browser import test_offline
from tests.browser.test_annotations import _select
from tests.browser.test_offline import log_in, store
from tests.meetings.pdf_samples import pdf_with_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN = "Skrevet før turen"

demo = test_offline.demo  # the seed meeting with a two-page PDF bilag (a fixture)


def _bilag(meeting) -> Bilag:
    return Bilag.objects.filter(item__meeting=meeting, item__position=3).order_by("position")[0]


def _known_mark(bilag) -> BilagAnnotation:
    return BilagAnnotation.objects.create(
        owner=get_user_model().objects.get(username="medlem"),
        bilag=bilag,
        bilag_version=bilag.version,
        page=2,
        areas=[[60, 760, 220, 780]],
        quote_exact="Kommissorium side 2",
        note=KNOWN,
        colour="blue",
    )


def _offline_highlight(page, base, bilag):
    page.context.set_offline(True)
    page.goto(f"{base}/moeder/bilag/{bilag.pk}/vis/")
    panel = page.locator(".annotation-panel")
    expect(panel).to_contain_text(KNOWN)  # the device's copy of the member's own marks
    _select(page, "Kommissorium side 1")
    page.get_by_role("button", name="Markér med grøn").click()
    expect(page.locator(".pdf-status")).to_contain_text("gemt på enheden")
    expect(panel).to_contain_text("Gemt på enheden. Sendes, når du er online igen.")
    page.locator(".annotation-highlight.annotation-colour-green").wait_for()
    return panel


def test_a_highlight_made_offline_is_on_the_server_after_reconnecting(
    live_server, page, demo, console
):
    bilag = _bilag(demo)
    _known_mark(bilag)
    base = live_server.url
    log_in(page, base, "medlem")
    store(page, base, demo)

    _offline_highlight(page, base, bilag)
    assert BilagAnnotation.objects.count() == 1

    page.context.set_offline(False)
    expect(page.locator(".pdf-viewer")).to_have_attribute(
        "data-annotations-sent", "1", timeout=30_000
    )
    made = BilagAnnotation.objects.exclude(note=KNOWN).get()
    assert (made.quote_exact, made.colour, made.page) == ("Kommissorium side 1", "green", 1)
    expect(page.locator(".pdf-status")).to_contain_text("er sendt til portalen")
    expect(page.locator(".annotation-panel")).not_to_contain_text("Sendes, når du er online")
    assert [text for text in console.messages if "Content Security Policy" in text] == []


def test_a_highlight_on_a_replaced_version_is_kept_as_not_placed(live_server, page, demo):
    bilag = _bilag(demo)
    _known_mark(bilag)
    base = live_server.url
    log_in(page, base, "medlem")
    store(page, base, demo)
    panel = _offline_highlight(page, base, bilag)
    panel.get_by_role("button", name="Note til »Kommissorium side 1«").click()
    page.get_by_label("Note", exact=True).fill("Min note fra toget")
    page.get_by_role("button", name="Gem note").click()
    expect(panel).to_contain_text("Min note fra toget")

    # Meanwhile the secretariat uploads a new version of the bilag.
    secretary = get_user_model().objects.filter(
        memberships__committee=demo.committee, memberships__role=Role.SECRETARIAT
    )[0]
    new = pdf_with_pages(1, text="Ny udgave")
    bilag_services.bilag_replace(
        bilag=bilag, actor=secretary, upload=SimpleUploadedFile("ny.pdf", new, "application/pdf")
    )
    page.context.set_offline(False)
    expect(page.locator(".pdf-status")).to_contain_text("kunne ikke placeres", timeout=30_000)
    unplaced = page.locator('[data-role="unplaced-block"]')
    expect(unplaced).to_contain_text("Kommissorium side 1")
    expect(unplaced).to_contain_text("Min note fra toget")
    assert not BilagAnnotation.objects.filter(note="Min note fra toget").exists()

    # Still there after a reload: kept on the device until the member deletes it.
    page.reload()
    expect(unplaced).to_contain_text("Min note fra toget")
    page.goto(f"{base}/offline/")
    expect(page.locator('[data-role="offline-pending"]')).to_contain_text("Min note fra toget")
