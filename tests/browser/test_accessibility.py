"""axe-core (bundled by axe-playwright-python, nothing fetched from the network) on every page a
member or the secretariat uses, as each of the four demo roles, on a desktop (1366 px) and a
phone (390 px): no violation of any impact that is the portal's own (issue 23).

On a phone the columns that matter (status, answer, deadline, role, the buttons) are on the
screen, not past its right edge: such tables become stacked rows there (static/css/portal.css,
"Tables on a phone")."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from meetings.management.demo import SEED_DATE
from meetings.models import Bilag, Committee, Meeting, WrittenProcedure
from projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)

# Violations that are not the portal's own: pdf.js draws a bilag's page in a canvas of its own
# (`.hiddenCanvasElement`, outside any landmark) that the portal does not make.
KNOWN = {("region", ".hiddenCanvasElement")}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return Meeting.objects.get(date=SEED_DATE)


def violations(page) -> list[str]:
    """Every axe violation, of any impact, less the known ones of pdf.js."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        targets = [
            str(node["target"][0])
            for node in violation["nodes"]
            if (violation["id"], str(node["target"][0])) not in KNOWN
        ]
        if targets:
            found.append(f"{violation['id']} ({violation['impact']}): " + "; ".join(targets[:3]))
    return found


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))


def pages_for(role: str, seed: Meeting) -> list[str]:
    committee = Committee.objects.get()
    upcoming = Meeting.objects.exclude(pk=seed.pk).get()
    bilag = Bilag.objects.filter(item__meeting=seed).exclude(file="").order_by("item__position")[0]
    procedures = [
        f"/moeder/skriftlig-proces/{pk}/"
        for pk in WrittenProcedure.objects.order_by("pk").values_list("pk", flat=True)
    ]
    project = Project.objects.get(name="Intelligent indbakke")
    pages = [
        "/moeder/",
        f"/moeder/{seed.pk}/",
        f"/moeder/bilag/{bilag.pk}/vis/",
        "/soeg/?q=styregruppen",
        "/konto/",
        "/konto/sessions/",
        f"/moeder/udvalg/{committee.pk}/skriftlige-processer/",
        *procedures,
        f"/moeder/udvalg/{committee.pk}/opfoelgning/",
        "/portefoelje/",
        "/portefoelje/budgetter/DAP/2025/",
        f"/portefoelje/projekter/{project.pk}/",
        "/kalender/",
        "/offline/",
        "/was",
    ]
    if role == "sekretariat":
        pages += [
            f"/moeder/{upcoming.pk}/",
            f"/moeder/{upcoming.pk}/rediger/",
            f"/moeder/{seed.pk}/referat/",
            f"/moeder/{seed.pk}/historik/",
            f"/moeder/{upcoming.pk}/paamindelser/",
            f"/styregrupper/{committee.pk}/personer/",
            "/moeder/nyt/",
            f"/moeder/udvalg/{committee.pk}/skriftlige-processer/ny/",
        ]
    return pages


@pytest.mark.parametrize("role", ["sekretariat", "formand", "medlem", "observator"])
def test_no_accessibility_violations_on_any_page_of_a_role(live_server, browser, demo, role):
    base = live_server.url
    urls = pages_for(role, demo)
    found = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        log_in(page, base, role)
        for url in urls:
            response = page.goto(base + url)
            assert response.status == 200, (role, url, response.status)
            if "/vis/" in url:
                page.locator('.pdf-viewer[data-page="1"]').wait_for()
            found[f"{width} {url}"] = violations(page)
        context.close()
    assert found == {key: [] for key in found}


def test_the_statement_passes_axe_without_signing_in(live_server, browser):
    found = {}
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        for url in ("/log-ind/", "/was"):
            assert page.goto(live_server.url + url).status == 200
            found[f"{width} {url}"] = violations(page)
        page.close()
    assert found == {key: [] for key in found}


# Per page, the cells a phone user needs and must not have to find past the right edge.
KEY_CELLS = {
    "procedures": "table td:nth-child(4), table td:nth-child(5)",  # Status, Svar
    "answers": "section:has(#svar) td:nth-child(2)",  # Svar
    "follow-up": ".actions-table td:nth-child(4), .actions-table .action-close button",  # Frist
    "people": ".people-table select, .people-table button",  # Rolle, Fjern
    "attendance": ".attendance-table input[type=radio]",
}


def test_on_a_phone_the_key_columns_are_on_the_screen(live_server, browser, demo):
    committee = Committee.objects.get()
    answered = WrittenProcedure.objects.filter(status="closed").get()
    urls = {
        "procedures": f"/moeder/udvalg/{committee.pk}/skriftlige-processer/",
        "answers": f"/moeder/skriftlig-proces/{answered.pk}/",
        "follow-up": f"/moeder/udvalg/{committee.pk}/opfoelgning/",
        "people": f"/styregrupper/{committee.pk}/personer/",
        "attendance": f"/moeder/{demo.pk}/referat/",
    }
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, "sekretariat")
    off_screen = {}
    for name, url in urls.items():
        page.goto(live_server.url + url)
        cells = page.locator(KEY_CELLS[name])
        assert cells.count() > 0, name
        rights = cells.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
        off_screen[name] = [round(right) for right in rights if right > 390]
    context.close()
    assert off_screen == {name: [] for name in urls}
