"""The meeting day in Debian's Chromium (issue 24): the secretariat runs the seed meeting of
6 October 2025 from "Start mødet" to "Afslut mødet" while two members and the room screen follow
it without reloading; axe on the run page, the room screen and the høring pages at 390 and
1366 px; "Som indstillet" and "Næste punkt" by keyboard alone.

The clock: the live server answers from a thread of this process, so `timezone.now` patched
here is the clock of every page and service. The test sets it to the meeting's day and moves it
on as the items take their time; today's date plays no part.
"""

import datetime as dt
import os
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Disqualification,
    Meeting,
    MeetingStatus,
    Membership,
    Role,
)
from tests.browser.test_accessibility import WIDTHS, demo, log_in, violations  # noqa: F401
from tests.browser.test_keyboard_focus import tab_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CPH = ZoneInfo("Europe/Copenhagen")
SHOTS = os.environ.get("DAP_SCREENSHOTS")  # a folder: save the pages at 390 and 1366 px
POSTPONED = 8  # "Status for budget 2025", with its bilag "Økonomi status Forløbsplaner 2025"
WITH_REMARK = 4
INHABIL = 5
BY_KEYBOARD = 2


class Clock:
    """The time every page and service reads, moved on by the test."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def now(self) -> dt.datetime:
        return self.moment.astimezone(dt.UTC)

    def advance(self, minutes: int) -> None:
        self.moment += dt.timedelta(minutes=minutes)


@pytest.fixture
def clock():
    clock = Clock(dt.datetime(2025, 10, 6, 12, 50, tzinfo=CPH))
    with mock.patch.object(timezone, "now", side_effect=clock.now):
        yield clock


@pytest.fixture
def day(demo, clock, settings):  # noqa: F811
    """The seed meeting sent out, a second member, and the members' poll asking every second."""
    settings.DAP_FOLLOW_POLL_SECONDS = 1
    assert demo.status == MeetingStatus.PUBLISHED
    demo.attendance.all().delete()
    second = get_user_model().objects.create_user("medlem2", password="demo")
    Membership.objects.create(user=second, committee=demo.committee, role=Role.MEMBER)
    return demo


def open_as(browser, base: str, username: str, url: str, width: int = 1366):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, base, username)
    assert page.goto(base + url).status == 200
    return page


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def axe_at_both_widths(page) -> list[str]:
    size = page.viewport_size
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{width}: {problem}" for problem in violations(page)]
    page.set_viewport_size(size)
    return found


def live_item(run, number: int, title: str):
    """The current item's Beslutning, referat and inhabilitet, once htmx has loaded them."""
    item = run.locator("article.minutes-live-item", has_text=f"{number}. {title}")
    expect(item.get_by_role("button", name="Som indstillet", exact=True)).to_be_visible()
    return item


def following(page):
    """What a member's meeting page shows of the item on now (the poll's box: not a live
    region itself, and a page opened after the start has announced nothing)."""
    return page.locator("#moedet-i-gang")


def test_the_secretariat_runs_the_seed_meeting_while_members_and_the_room_follow(
    live_server, browser, day, clock
):
    expect.set_options(timeout=20_000)
    base = live_server.url
    items = list(AgendaItem.objects.filter(meeting=day).order_by("position"))
    assert len(items) == 10
    titles = {number: item.title for number, item in enumerate(items, start=1)}
    upcoming = Meeting.objects.exclude(pk=day.pk).get(status=MeetingStatus.DRAFT)

    # Two members on the meeting page and the chair's room screen, opened before the start.
    members = [open_as(browser, base, name, f"/moeder/{day.pk}/") for name in ("medlem", "medlem2")]
    for page in members:
        page.evaluate("window.notReloaded = true")
    screen = open_as(browser, base, "formand", f"/moeder/{day.pk}/skaerm/")
    expect(screen.get_by_role("heading", level=1)).to_have_text("Mødet er ikke begyndt")
    screen.evaluate("window.notReloaded = true")

    # Attendance at the door: present, one afbud, one who comes to item 3.
    run = open_as(browser, base, "sekretariat", f"/moeder/{day.pk}/afvikling/")
    run.get_by_role("link", name="Fremmøde").click()
    attendance = run.locator("#fremmoede")
    for name in ("Henrik Østergaard", "Mette Kjærgaard", "medlem2"):
        attendance.get_by_label(f"{name}: Deltager").check()
    attendance.get_by_label("Jonas Bech: Afbud").check()
    attendance.get_by_label("medlem2 kom til punkt").select_option(label="Punkt 3")
    attendance.get_by_role("button", name="Gem fremmøde").click()
    expect(run.get_by_text("Fremmødet er gemt.")).to_be_visible()

    # Start at 13.00: item 1 is on, for the members and on the screen.
    clock.moment = dt.datetime(2025, 10, 6, 13, 0, tzinfo=CPH)
    run.goto(f"{base}/moeder/{day.pk}/afvikling/")
    run.get_by_role("button", name="Start mødet").click()
    live_item(run, 1, titles[1])
    for page in members:
        expect(following(page)).to_contain_text(f"punkt 1. {titles[1]}")
    expect(screen.get_by_role("heading", level=1)).to_contain_text(f"1. {titles[1]}")

    minutes = {1: 5, 2: 25}  # item 2 runs 15 minutes over
    for number in range(1, 11):
        if number == POSTPONED:
            continue
        item = live_item(run, number, titles[number])
        if number == INHABIL:
            item.locator("summary", has_text="Registrér inhabilitet").click()
            item.get_by_label("Medlem", exact=True).select_option(label="Mette Kjærgaard")
            item.get_by_role("button", name="Registrér inhabil").click()
            item = live_item(run, number, titles[number])
            expect(item).to_contain_text(
                "Mette Kjærgaard deltog ikke i behandlingen af punktet (inhabil)."
            )
        if number == WITH_REMARK:
            item.locator("summary", has_text="Som indstillet med bemærkning").click()
            item.get_by_label("Bemærkning").fill("Profilerne evalueres efter et halvt år.")
            item.get_by_role("button", name="Gem beslutning").click()
            expect(item).to_contain_text("Profilerne evalueres efter et halvt år.")
        elif number == BY_KEYBOARD:
            # Keyboard only: Tab to "Som indstillet", Enter; then Tab on to "Næste punkt".
            tab_until(run, item.get_by_role("button", name="Som indstillet", exact=True))
            run.keyboard.press("Enter")
            expect(item.get_by_text("Ingen beslutning registreret.")).to_have_count(0)
        else:
            item.get_by_role("button", name="Som indstillet", exact=True).click()
            expect(item.get_by_text("Ingen beslutning registreret.")).to_have_count(0)
        if number == 6:
            # Running late: item 8 waits for the next meeting, with its bilag.
            run.get_by_role("button", name=f"Udsæt punkt {POSTPONED} til næste møde").click()
            expect(run.get_by_text(f"»{titles[POSTPONED]}« er udsat til mødet")).to_be_visible()
            live_item(run, number, titles[number])

        clock.advance(minutes.get(number, items[number - 1].duration_minutes))
        following_number = next((n for n in range(number + 1, 11) if n != POSTPONED), None)
        name = (
            f"Næste punkt: {following_number}. {titles[following_number]}"
            if following_number
            else "Afslut sidste punkt"
        )
        next_button = run.get_by_role("button", name=name)
        if number == BY_KEYBOARD:
            tab_until(run, next_button)
            run.keyboard.press("Enter")
        else:
            next_button.click()
        if following_number is None:
            break
        live_item(run, following_number, titles[following_number])
        if following_number == 3:
            # 13.00 start, item 1 in 5 minutes, item 2 in 25 instead of 10: re-timed.
            expect(run.get_by_text("Overskrider mødets sluttid med 30 min.")).to_be_visible()
        if following_number in (2, 6, 10):
            for page in members:
                expect(following(page)).to_contain_text(
                    f"punkt {following_number}. {titles[following_number]}"
                )
            expect(screen.get_by_role("heading", level=1)).to_contain_text(
                f"{following_number}. {titles[following_number]}"
            )

    expect(run.get_by_text("Alle punkter er behandlet.")).to_be_visible()
    expect(screen.get_by_role("heading", level=1)).to_have_text("Alle punkter er behandlet")
    for page in [*members, screen]:
        assert page.evaluate("window.notReloaded") is True  # followed without a reload
        # ... and no poll took focus (it would scroll a member's page and ring the screen).
        focused = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert focused.startswith("<body"), focused
    run.get_by_role("button", name="Afslut mødet").click()
    expect(run.get_by_text("Mødet er afsluttet.")).to_be_visible()

    day.refresh_from_db()
    assert day.status == MeetingStatus.HELD
    decided = AgendaItem.objects.filter(meeting=day).exclude(decision_html="")
    assert decided.count() == 10
    assert (
        "Punktet blev udsat til næste møde" in decided.get(pk=items[POSTPONED - 1].pk).decision_html
    )
    assert "evalueres efter et halvt år" in decided.get(pk=items[WITH_REMARK - 1].pk).decision_html
    assert Disqualification.objects.filter(
        item=items[INHABIL - 1], user__username="medlem"
    ).exists()
    statuses = dict(
        Attendance.objects.filter(meeting=day, user__isnull=False).values_list(
            "user__username", "status"
        )
    )
    assert statuses == {
        "formand": AttendanceStatus.PRESENT,
        "medlem": AttendanceStatus.PRESENT,
        "medlem2": AttendanceStatus.PRESENT,
        "observator": AttendanceStatus.ABSENT,
    }

    # The next meeting's draft has the postponed item, with its bilag and where it came from.
    run.goto(f"{base}/moeder/{upcoming.pk}/rediger/")
    moved = run.locator(".editor-item", has_text=titles[POSTPONED])
    expect(moved).to_contain_text(
        f"Punktet blev udsat fra mødet mandag d. 6. oktober 2025 (punkt {POSTPONED})."
    )
    expect(moved).to_contain_text("Økonomi status Forløbsplaner 2025")
    for page in (*members, screen, run):
        page.context.close()


def test_the_meeting_day_pages_pass_axe_at_both_widths(live_server, browser, day, clock):
    from meetings.hoering.services import hoering_send
    from meetings.meetingday import services

    base = live_server.url
    secretary = get_user_model().objects.get(username="sekretariat")
    items = list(AgendaItem.objects.filter(meeting=day).order_by("position"))
    # Started at 13.00; item 2 has run 25 of its 10 minutes, item 8 is postponed: the run page
    # has its overrun warning, a postponed row and an item open.
    services.run_start(meeting=day, actor=secretary, now=clock.moment.replace(hour=13, minute=0))
    services.run_next_item(
        meeting=day, actor=secretary, now=clock.moment.replace(hour=13, minute=5)
    )
    services.item_postpone(
        item=items[7], actor=secretary, now=clock.moment.replace(hour=13, minute=6)
    )
    clock.moment = clock.moment.replace(hour=13, minute=30)
    found = {}

    run = open_as(browser, base, "sekretariat", f"/moeder/{day.pk}/afvikling/")
    live_item(run, 2, items[1].title)
    expect(run.get_by_text("Overskrider mødets sluttid")).to_be_visible()
    run.locator("summary", has_text="Som indstillet med bemærkning").click()
    found["run"] = axe_at_both_widths(run)
    shoot(run, "meeting-run")
    # On a phone the items' status and "Udsæt" are on the screen, not past its right edge.
    run.set_viewport_size({"width": 390, "height": 900})
    cells = run.locator(".run-table td:nth-child(5), .run-table button")
    rights = cells.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    assert len(rights) > 10
    assert [right for right in rights if right > 390] == []
    run.set_viewport_size({"width": 1366, "height": 900})

    screen = open_as(browser, base, "formand", f"/moeder/{day.pk}/skaerm/")
    expect(screen.get_by_role("heading", level=1)).to_contain_text(items[1].title)
    # Full screen: the meeting only, none of the portal's header, menu or footer; in large
    # type on a projector's width, and still a Danish page with its main landmark.
    expect(screen.locator("header, nav, footer, .header, .footer")).to_have_count(0)
    expect(screen.get_by_role("main")).to_contain_text("Indstilling")
    expect(screen.locator("html")).to_have_attribute("lang", "da")
    expect(screen.get_by_role("link", name="Gå til sidens indhold")).to_have_count(1)
    heading_px = screen.get_by_role("heading", level=1).evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert heading_px >= 64
    found["screen"] = axe_at_both_widths(screen)
    shoot(screen, "meeting-screen")

    member = open_as(browser, base, "medlem", f"/moeder/{day.pk}/")
    expect(following(member)).to_contain_text(f"punkt 2. {items[1].title}")
    found["member"] = axe_at_both_widths(member)

    # The agenda through: "Afslut mødet" on the run page, and on the høring page.
    for minute in range(31, 40):
        if (
            services.run_next_item(
                meeting=day, actor=secretary, now=clock.moment.replace(minute=minute)
            )
            is None
        ):
            break
    run.reload()
    expect(run.get_by_role("button", name="Afslut mødet")).to_be_visible()
    found["run through"] = axe_at_both_widths(run)
    run.goto(f"{base}/moeder/{day.pk}/referat/hoering/")
    expect(run.get_by_role("button", name="Afslut mødet")).to_be_visible()
    found["hoering to end"] = axe_at_both_widths(run)
    run.get_by_role("button", name="Afslut mødet").click()
    expect(run.get_by_role("button", name="Send referat i høring")).to_be_visible()
    found["hoering to send"] = axe_at_both_widths(run)

    hoering_send(meeting=day, actor=secretary)
    member.goto(f"{base}/moeder/{day.pk}/referat/hoering/")
    expect(member.get_by_role("button", name="Ingen bemærkninger")).to_be_visible()
    found["hoering participant"] = axe_at_both_widths(member)
    run.reload()
    found["hoering secretariat"] = axe_at_both_widths(run)
    for page in (run, screen, member):
        page.context.close()
    assert found == {key: [] for key in found}
