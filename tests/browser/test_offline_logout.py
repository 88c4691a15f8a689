"""Logging out ("Log ud") without a network (issue 21, point 13): the page says the member
is logged out on this device, the stored meetings leave Cache Storage and IndexedDB at once, no
page shows the stored copy while the log-out waits, and the session ends on the server at the
next contact (the `online` event, or the next page load)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_offline import STORES, demo, log_in, store

__all__ = ["demo"]  # the fixture, shared with test_offline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Du er logget ud på denne enhed."


def log_out_offline(page, base, meeting):
    log_in(page, base, "medlem")
    store(page, base, meeting)
    page.context.set_offline(True)
    page.goto(f"{base}/moeder/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Dagsorden til"))
    page.get_by_role("button", name="Log ud").click()
    expect(page.locator("main")).to_contain_text(MESSAGE)
    expect(page.locator("main")).to_contain_text("Møderne, der var gemt offline, er slettet.")
    expect(page.get_by_role("button", name="Log ud")).to_be_hidden()
    assert page.url == f"{base}/moeder/{meeting.pk}/"  # not the browser's offline page
    expect(page.locator("html")).to_have_attribute("data-offline-state", "logged-out-on-device")
    assert page.evaluate(STORES) == {"caches": [], "databases": []}


def test_logging_out_offline_ends_the_session_when_the_network_returns(live_server, page, demo):
    base = live_server.url
    log_out_offline(page, base, demo)

    page.context.set_offline(False)
    page.wait_for_url(re.compile(r"/log-ind/"), timeout=30_000)
    expect(page.locator("html")).to_have_attribute("data-offline-state", "wiped")
    page.goto(f"{base}/moeder/{demo.pk}/")
    page.wait_for_url(re.compile(r"/log-ind/"))


def test_while_the_log_out_waits_no_page_shows_the_stored_meeting(live_server, page, demo):
    base = live_server.url
    log_out_offline(page, base, demo)

    page.goto(f"{base}/moeder/{demo.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden er ikke tilgængelig offline")
    page.goto(f"{base}/moeder/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Møder på denne enhed")

    # The next page load with the network sends the log-out before anything is shown again.
    page.context.set_offline(False)
    page.goto(f"{base}/offline/")
    page.wait_for_url(re.compile(r"/log-ind/"), timeout=30_000)
    page.goto(f"{base}/moeder/")
    page.wait_for_url(re.compile(r"/log-ind/"))
