"""The secretariat drafts, publishes and records a meeting in the browser (issue 3).

Debian's Chromium through Playwright, against the live server, as the demo users of
`manage.py load_demo` (password `demo`).
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import AgendaItem, Meeting, MeetingStatus
from tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


# A person dragging a file from the desktop onto an item, as the browser reports it.
DROP_FILE = """(selector) => {
  const card = document.querySelector(selector);
  const data = new DataTransfer();
  data.items.add(new File(['%PDF-1.4\\n%%EOF\\n'], 'Droppet notat.pdf', {type: 'application/pdf'}));
  for (const type of ['dragenter', 'dragover', 'drop']) {
    card.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
  }
}"""


def log_in(page, base, username):
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))


def log_out(page, base):
    page.goto(f"{base}/moeder/")
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/log-ind/"))


def add_item(page, title, minutes, kind=""):
    count = page.locator(".editor-item").count()
    page.fill("#new-item-title", title)
    page.select_option("#new-item-kind", kind)
    page.fill("#new-item-minutes", str(minutes))
    page.locator("#nyt-punkt").get_by_role("button", name="Tilføj punkt").click()
    expect(page.locator(".editor-item")).to_have_count(count + 1)
    return page.locator(".editor-item", has_text=title)


def add_section(page, card, heading, text):
    card.get_by_role("link", name=heading, exact=True).click()
    editor = card.locator(".ql-editor")
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)
    card.get_by_role("button", name="Gem afsnit").click()
    card.locator(".editor-section .section-text", has_text=text.strip()).wait_for()


def drag(page, source, target):
    """Drag with the mouse in small steps, as a person does (SortableJS follows the pointer).

    The window is made as tall as the page first, so both ends are on screen.
    """
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(1000, height)})
    page.evaluate("window.scrollTo(0, 0)")
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    steps = 20
    for step in range(1, steps + 1):
        page.mouse.move(
            start["x"] + start["width"] / 2,
            start["y"] + (end["y"] - start["y"] - 10) * step / steps,
        )
        page.wait_for_timeout(20)
    page.mouse.up()
    page.set_viewport_size({"width": 1400, "height": 1000})


def time_plan_lines(page):
    return [
        " ".join(line.split())
        for line in page.locator("#time-plan .time-plan-list li").all_inner_texts()
    ]


def test_secretariat_drafts_publishes_and_records_a_meeting(
    page, live_server, demo, console, tmp_path
):
    base = live_server.url
    day = timezone.localdate() + dt.timedelta(days=40)
    log_in(page, base, "sekretariat")

    # A new meeting, prefilled from the committee, starts with its standing items.
    page.get_by_role("link", name="Nyt møde").click()
    assert page.input_value("#id_title") == "Styregruppemøde for Digital Almen Praksis"
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start_time", "13:00")
    page.fill("#id_end_time", "14:00")
    page.fill("#id_location", "Slotsholmsgade 12, mødesal B (fælles)")
    page.get_by_role("button", name="Opret møde").click()
    page.wait_for_url(re.compile(r"/rediger/$"))
    meeting = Meeting.objects.get(date=day)
    assert time_plan_lines(page) == [
        "kl. 13.00 1. Meddelelser (5 min.)",
        "kl. 13.05 2. Eventuelt og næste møde (5 min.)",
    ]
    editor_url = page.url

    # Three items with sections, added without reloading the page.
    page.evaluate("window.__notReloaded = true")
    first = add_item(page, "Kronikerpakker", 10, "O")
    second = add_item(page, "Revideret KOL-forløbsplan", 30, "B")
    third = add_item(page, "Budget 2026", 15, "B")
    add_section(page, first, "Resumé", "Status på kronikerpakkerne.")
    add_section(page, second, "Indstilling", " godkender planen.")
    add_section(page, third, "Indstilling", " godkender budgettet for 2026.")
    assert "Det indstilles, at styregruppen godkender budgettet for 2026." in third.inner_text()

    # The items now run past the end time: the time plan says so.
    warning = page.locator("#time-plan .time-plan-warning")
    assert "Punkterne varer 5 min. længere end mødet" in warning.inner_text()

    # A PDF bilag on the first new item.
    bilag_file = tmp_path / "Kronikerpakker-analyse.pdf"
    bilag_file.write_bytes(PDF_BYTES)
    first.locator('input[type="file"]').set_input_files(str(bilag_file))
    first.get_by_role("button", name="Upload").click()
    first.locator(".bilag-number", has_text="Bilag 2.1").wait_for()
    assert "Kronikerpakker-analyse" in first.locator(".editor-bilag-list").inner_text()

    assert time_plan_lines(page) == [
        "kl. 13.00 1. Meddelelser (5 min.)",
        "kl. 13.05 2. Kronikerpakker (O) (10 min.)",
        "kl. 13.15 3. Revideret KOL-forløbsplan (B) (30 min.)",
        "kl. 13.45 4. Budget 2026 (B) (15 min.)",
        "kl. 14.00 5. Eventuelt og næste møde (5 min.)",
    ]

    # Drag the third new item to the top: numbers and time plan change at once.
    handle = third.locator(".drag-handle")
    top = page.locator(".editor-item").first.locator(".drag-handle")
    drag(page, handle, top)
    expect(page.locator("#time-plan .time-plan-list li").first).to_contain_text("Budget 2026")
    assert time_plan_lines(page) == [
        "kl. 13.00 1. Budget 2026 (B) (15 min.)",
        "kl. 13.15 2. Meddelelser (5 min.)",
        "kl. 13.20 3. Kronikerpakker (O) (10 min.)",
        "kl. 13.30 4. Revideret KOL-forløbsplan (B) (30 min.)",
        "kl. 14.00 5. Eventuelt og næste møde (5 min.)",
    ]
    assert third.locator(".item-number").inner_text() == "1."
    assert first.locator(".item-number").inner_text() == "3."
    assert first.locator(".bilag-number").inner_text() == "Bilag 3.1"
    assert page.evaluate("window.__notReloaded") is True
    assert page.url == editor_url
    stored = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert stored[0] == "Budget 2026"

    # The keyboard alternative: "Op" on the item now second moves it to the top.
    meddelelser = page.locator(".editor-item", has_text="Meddelelser")
    meddelelser.get_by_role("button", name="Flyt »Meddelelser« op").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#time-plan .time-plan-list li").first).to_contain_text("Meddelelser")
    assert time_plan_lines(page)[:2] == [
        "kl. 13.00 1. Meddelelser (5 min.)",
        "kl. 13.05 2. Budget 2026 (B) (15 min.)",
    ]

    # Publish.
    page.get_by_role("button", name="Udsend dagsorden").click()
    page.locator(".alert", has_text="Dagsordenen er udsendt").first.wait_for()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert console.problems == [], console.messages
    page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)

    # The member sees the published agenda in the new order.
    log_out(page, base)
    log_in(page, base, "medlem")
    page.goto(f"{base}/moeder/{meeting.pk}/")
    lines = [" ".join(t.split()) for t in page.locator(".agenda-list li").all_inner_texts()]
    assert lines == [
        "kl. 13.00 1. Meddelelser (5 min.)",
        "kl. 13.05 2. Budget 2026 (B) (15 min.)",
        "kl. 13.20 3. Kronikerpakker (O) (10 min.)",
        "kl. 13.30 4. Revideret KOL-forløbsplan (B) (30 min.)",
        "kl. 14.00 5. Eventuelt og næste møde (5 min.)",
    ]
    assert "Bilag 3.1 Kronikerpakker-analyse" in page.inner_text("#punkt-3 ~ .bilag-list")
    assert page.locator("text=Redigér dagsorden").count() == 0
    assert page.goto(f"{base}/moeder/{meeting.pk}/rediger/").status == 404

    # The decision, recorded by the secretariat during the meeting.
    log_out(page, base)
    log_in(page, base, "sekretariat")
    # The browser reported that 404 (and the plain 404 page's missing favicon), as it should.
    console.messages.clear()
    page.goto(f"{base}/moeder/{meeting.pk}/referat/")
    budget = AgendaItem.objects.get(meeting=meeting, title="Budget 2026")
    card = page.locator(f"#beslutning-{budget.pk}")
    assert "Det indstilles, at styregruppen godkender budgettet for 2026." in card.inner_text()
    card.get_by_role("button", name="Godkendt som indstillet").click()
    card.locator(".decision-current", has_text="Godkendt som indstillet").wait_for()
    budget.refresh_from_db()
    assert budget.decision_html == "<p>Godkendt som indstillet</p>"
    assert console.problems == [], console.messages


def test_the_seed_meeting_can_be_edited_in_the_browser(page, live_server, demo, console, tmp_path):
    base = live_server.url
    seed = Meeting.objects.get(date=dt.date(2025, 10, 6))
    item = seed.items.get(position=2)
    log_in(page, base, "sekretariat")
    page.goto(f"{base}/moeder/{seed.pk}/")
    page.get_by_role("link", name="Redigér dagsorden").click()
    page.wait_for_url(re.compile(r"/rediger/$"))
    card = page.locator(f"#item-{item.pk}")

    # Edit the item itself: minutes and a presenter.
    card.get_by_role("link", name="Redigér punkt").click()
    card.locator('input[name="duration_minutes"]').fill("25")
    card.locator('input[name="presenter_name"]').first.fill("Anne Hansen")
    card.locator('input[name="presenter_organisation"]').first.fill("PLO")
    card.get_by_role("button", name="Gem punkt").click()
    card.locator(".presenter-line", has_text="Fremlægges af Anne Hansen (PLO)").wait_for()
    assert "(25 min.)" in card.locator(".editor-item-title").inner_text()
    assert "2. Kronikerpakker (O) (25 min.)" in page.inner_text("#time-plan")

    # Edit the first section's text in the rich-text editor, with a bold word and a list.
    section = card.locator(".editor-section").first
    section.get_by_role("link", name="Redigér").click()
    editor = section.locator(".ql-editor")
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the text ends in a list: an empty item ends the list
    section.get_by_role("button", name="Fed").click()
    page.keyboard.type("Vigtigt")
    section.get_by_role("button", name="Fed").click()
    page.keyboard.press("Enter")
    section.get_by_role("button", name="Punktopstilling").click()
    page.keyboard.type("første punkt")
    section.get_by_role("button", name="Gem afsnit").click()
    saved = card.locator(".editor-section").first.locator(".section-text")
    saved.locator("strong", has_text="Vigtigt").wait_for()
    stored = item.sections.order_by("position").first().html
    assert "<p><strong>Vigtigt</strong></p>" in stored
    assert "<ul><li>første punkt</li></ul>" in stored
    assert "&nbsp;" not in stored

    # Replace a bilag: the earlier file is kept as a version.
    bilag_item = seed.items.get(position=3)
    bilag = bilag_item.bilag.get()
    replacement = tmp_path / "ny.pdf"
    replacement.write_bytes(PDF_BYTES)
    bilag_card = page.locator(f"#item-{bilag_item.pk}")
    bilag_card.locator(f"#bilag-{bilag.pk}").get_by_role("link", name="Erstat").click()
    bilag_card.locator(f"#bilag-{bilag.pk}-file").set_input_files(str(replacement))
    bilag_card.get_by_role("button", name="Erstat fil").click()
    bilag_card.locator(".bilag-facts", has_text="version 2").wait_for()
    assert bilag.versions.count() == 1

    # Drop a file onto an item: it becomes that item's next bilag.
    drop_item = seed.items.get(position=6)
    before = drop_item.bilag.count()
    page.evaluate(DROP_FILE, f"#item-{drop_item.pk}")
    drop_card = page.locator(f"#item-{drop_item.pk}")
    expect(drop_card.locator(".editor-bilag-line")).to_have_count(before + 1)
    assert f"Bilag 6.{before + 1} Droppet notat" in " ".join(
        drop_card.locator(".editor-bilag-list").inner_text().split()
    )
    assert console.problems == [], console.messages

    # Members see what changed since the agenda was sent out.
    log_out(page, base)
    log_in(page, base, "medlem")
    page.goto(f"{base}/moeder/{seed.pk}/")
    summary = page.inner_text(".changes-since-publication")
    assert "Punkt 2: Teksten er ændret" in summary
    assert "Punkt 2: Ændret: varighed, oplægsholdere" in summary
    assert "Punkt 3: Ny udgave af bilag" in summary
    assert "Fremlægges af Anne Hansen (PLO)" in page.inner_text("#punkt-2 ~ .presenter-line")
