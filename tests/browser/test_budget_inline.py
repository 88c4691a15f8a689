"""In the browser: the secretariat corrects a spent amount in its cell and the page follows."""

import os

import pytest

from budgets.models import SpentAmount
from meetings.models import Role
from projects.models import PortfolioChange
from tests.budgets.helpers import BUDGET_URL, PROGRAMLEDELSE, import_seed
from tests.factories import PASSWORD, member

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
# are safe (the live server answers from its own thread). The `page` and `console` fixtures
# are tests/browser/conftest.py's.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/moeder/")


def test_secretariat_edits_spent_inline_and_sees_rest_and_chart_update(page, console, live_server):
    from playwright.sync_api import expect

    meeting = import_seed()
    member(meeting.committee, Role.SECRETARIAT, username="sekretariat")
    log_in(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}{BUDGET_URL}")
    url_before = page.url

    row = page.locator("tr", has=page.get_by_role("link", name=PROGRAMLEDELSE, exact=True))
    rest = row.locator("td").last
    total_rest = page.locator("tr.total td").last
    chart_label = page.locator(".budget-chart-svg text", has_text="Forbrug 909.784 kr.")
    expect(rest).to_have_text("940.216 kr.")
    expect(total_rest).to_have_text("4.030.348 kr.")
    expect(chart_label).to_have_count(1)

    page.get_by_role("link", name=f"Ret forbrug for {PROGRAMLEDELSE}").click()
    amount = page.get_by_role("textbox", name=f"Forbrug for {PROGRAMLEDELSE}")
    expect(amount).to_be_focused()
    expect(amount).to_have_value("909.784")
    amount.fill("1.000.000")
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.locator("#budget-status")).to_contain_text(
        f"Gemt: forbruget for {PROGRAMLEDELSE} pr. 31/8 er 1.000.000 kr."
    )
    expect(rest).to_have_text("850.000 kr.")
    expect(total_rest).to_have_text("3.940.132 kr.")
    expect(page.locator("tr.total td").nth(2)).to_have_text("4.059.868 kr.")
    expect(
        page.locator(".budget-chart-svg text", has_text="Forbrug 1.000.000 kr. (54 %)")
    ).to_have_count(1)
    expect(chart_label).to_have_count(0)
    expect(page.locator(".change-list")).to_contain_text(
        f"Forbrug 31/8 for {PROGRAMLEDELSE}: 909.784 kr. → 1.000.000 kr."
    )
    # htmx swapped the part of the page; no reload, and focus is back on the cell's "Ret".
    assert page.url == url_before
    expect(page.get_by_role("link", name=f"Ret forbrug for {PROGRAMLEDELSE}")).to_be_focused()
    assert console.problems == []

    assert SpentAmount.objects.get(line__project__name=PROGRAMLEDELSE).amount == 1_000_000
    assert PortfolioChange.objects.get().actor.username == "sekretariat"


def test_a_negative_amount_is_refused_in_the_cell(page, live_server):
    from playwright.sync_api import expect

    meeting = import_seed()
    member(meeting.committee, Role.SECRETARIAT, username="sekretariat")
    log_in(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}{BUDGET_URL}")

    page.get_by_role("link", name=f"Ret forbrug for {PROGRAMLEDELSE}").click()
    page.get_by_role("textbox", name=f"Forbrug for {PROGRAMLEDELSE}").fill("-5")
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.locator(".budget-cell-form .form-error-message")).to_have_text(
        "Fejl: Beløbet kan ikke være negativt."
    )
    row = page.locator("tr", has=page.get_by_role("link", name=PROGRAMLEDELSE, exact=True))
    expect(row.locator("td").last).to_have_text("940.216 kr.")
    assert SpentAmount.objects.get(line__project__name=PROGRAMLEDELSE).amount == 909_784
