"""A member sends a question to the secretariat from the meeting page; the secretariat answers
on the edit page and shares the answer; another member reads it (issue 25, part 5).

Debian's Chromium through Playwright, against the live server, as the demo users."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.management.demo import SEED_DATE
from meetings.models import AgendaItem, ItemQuestion, Meeting, Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Hvem i projektgruppen skriver kommissoriet?"
ANSWER = "Projektlederen skriver det sammen med sekretariatet."


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    meeting = Meeting.objects.get(date=SEED_DATE)
    second = get_user_model().objects.create_user("medlem2", password="demo")
    Membership.objects.create(user=second, committee=meeting.committee, role=Role.MEMBER)
    return meeting


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))


def test_a_question_from_the_meeting_page_is_answered_and_shared(
    live_server, page, console, demo, tmp_path
):
    base = live_server.url
    item = AgendaItem.objects.get(meeting=demo, position=3)
    log_in(page, base, "medlem")
    page.goto(f"{base}/moeder/{demo.pk}/")
    note = page.locator(f"#note-item-{item.pk}")
    note.locator("summary").click()
    # Before anything is sent the form says the question is no longer private.
    expect(note.get_by_text("Ikke privat:")).to_be_visible()
    note.locator("textarea").fill(QUESTION)
    page.screenshot(path=str(tmp_path / "ask.png"), full_page=False)
    note.get_by_role("button", name="Send som spørgsmål til sekretariatet").click()
    expect(page.locator(f"#note-item-{item.pk}")).to_contain_text(
        "Dit spørgsmål er sendt til sekretariatet."
    )
    mine = page.locator(f"#my-questions-item-{item.pk}")
    expect(mine).to_contain_text(QUESTION)
    expect(mine).to_contain_text("Afventer svar fra sekretariatet.")
    question = ItemQuestion.objects.get()

    log_in(page, base, "sekretariat")
    page.goto(f"{base}/moeder/{demo.pk}/rediger/")
    box = page.locator(f"#spoergsmaal-{question.pk}")
    expect(box).to_contain_text(QUESTION)
    box.locator("textarea").fill(ANSWER)
    box.get_by_label("Del svaret med alle").check()
    box.get_by_role("button", name="Send svar").click()
    expect(page.locator(f"#spoergsmaal-{question.pk}")).to_contain_text(
        "Svaret er sendt og delt med alle."
    )

    log_in(page, base, "medlem2")
    page.goto(f"{base}/moeder/{demo.pk}/")
    shared = page.locator(f"#shared-questions-item-{item.pk}")
    expect(shared).to_contain_text(QUESTION)
    expect(shared).to_contain_text(ANSWER)
    assert console.problems == []
