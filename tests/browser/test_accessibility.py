"""axe-core (bundled by axe-playwright-python, nothing fetched from the network) on the
member's pages: the overview, the meeting page and a bilag in the viewer, on a desktop and a
phone. No serious or critical violation."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from meetings.management.demo import SEED_DATE
from meetings.models import Bilag, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return Meeting.objects.get(date=SEED_DATE)


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("width", [1400, 390])
def test_member_pages_have_no_serious_accessibility_violations(live_server, page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", "medlem")
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    bilag = Bilag.objects.filter(item__meeting=demo).exclude(file="").order_by("item__position")[0]

    found = {}
    for url in (
        "/moeder/",
        f"/moeder/{demo.pk}/",
        f"/moeder/bilag/{bilag.pk}/vis/",
        "/soeg/?q=styregruppen",
    ):
        page.goto(base + url)
        if "/vis/" in url:
            page.locator('.pdf-viewer[data-page="1"]').wait_for()
        found[url] = serious(page)
    assert found == {url: [] for url in found}
