"""A member follows the meeting on a phone: the secretariat starts it, takes up the next item
and records a decision, and the member's page shows each without a reload (issue 24.5); once
the meeting is ended, nothing stays marked "Behandles nu".

Debian's Chromium through Playwright, against the live server; the poll asks every second
here (DAP_FOLLOW_POLL_SECONDS) instead of every ten.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from meetings.meetingday.services import run_next_item, run_start
from meetings.minutes.services import decision_record, meeting_mark_held
from meetings.models import DecisionOutcome, Membership, Role
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_sees_the_item_on_now_and_a_new_decision_without_reload(
    live_server, browser, console, settings
):
    settings.DAP_FOLLOW_POLL_SECONDS = 1
    committee = CommitteeFactory()
    users = get_user_model().objects
    secretary = users.create_user("sekretaer", password="demo")
    anna = users.create_user("anna", password="demo", first_name="Anna")
    Membership.objects.create(user=secretary, committee=committee, role=Role.SECRETARIAT)
    Membership.objects.create(user=anna, committee=committee, role=Role.MEMBER)
    meeting = MeetingFactory(committee=committee, date=timezone.localdate())
    first = AgendaItemFactory(meeting=meeting, title="Meddelelser")
    second = AgendaItemFactory(meeting=meeting, title="Kronikerpakker", kind="B")

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    page = context.new_page()
    console.watch(page)
    page.set_default_timeout(30_000)  # a busy machine; the poll asks every second
    base = live_server.url
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", "anna")
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    page.goto(f"{base}/moeder/{meeting.pk}/")
    loaded = page.evaluate("performance.getEntriesByType('navigation').length")

    run_start(meeting=meeting, actor=secretary)
    following = page.locator("#moedet-i-gang")
    expect(following).to_contain_text("Nu behandles punkt 1. Meddelelser")
    in_list = page.locator(f".agenda-list [data-item='{first.pk}']")
    expect(in_list).to_have_attribute("aria-current", "true")
    expect(page.locator(f"#nu-liste-{first.pk}")).to_have_text("Behandles nu")
    expect(page.locator(f"#nu-punkt-{first.pk}")).to_have_text("Behandles nu")

    run_next_item(meeting=meeting, actor=secretary)
    expect(following).to_contain_text("Nu behandles punkt 2. Kronikerpakker")
    expect(page.locator(f"section[data-item='{second.pk}']")).to_have_attribute(
        "aria-current", "true"
    )
    expect(in_list).not_to_have_attribute("aria-current", "true")
    expect(page.locator(f"#nu-punkt-{first.pk}")).to_have_text("")
    expect(page.locator("#live-status")).to_have_text("Nu behandles punkt 2. Kronikerpakker.")

    decision_record(item=second, actor=secretary, outcome=DecisionOutcome.APPROVED)
    decision = page.locator(f"#beslutning-live-{second.pk}")
    expect(decision).to_contain_text("Godkendt som indstillet")
    expect(page.locator("#live-status")).to_have_text("Beslutning i punkt 2 er registreret.")

    # "Afslut mødet" while item 2 is on: the poll's last answer (286) takes the marking away.
    meeting_mark_held(meeting=meeting, actor=secretary)
    expect(following).to_contain_text("Mødet er afsluttet.")
    expect(page.locator(f"#nu-punkt-{second.pk}")).to_have_text("")
    expect(page.locator(f"#nu-liste-{second.pk}")).to_have_text("")
    expect(page.locator("[aria-current='true']")).to_have_count(0)
    expect(page.get_by_text("Behandles nu")).to_have_count(0)
    expect(decision).to_contain_text("Godkendt som indstillet")
    expect(page.locator("#live-status")).to_have_text("Mødet er afsluttet.")

    # Never reloaded, and the poll did not take the focus or the reader's place.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == loaded
    assert page.evaluate("document.activeElement === document.body")
    page.screenshot(path="var/follow-phone.png", full_page=True)
    assert not console.problems
    context.close()
