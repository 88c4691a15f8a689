"""The secretariat imports past agendas in the browser: upload, preview, confirm, meeting page.

Screenshots at 390 px and 1366 px go to DAP_SCREENSHOTS (a folder) when set, else tmp_path.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingStatus, Membership, Role
from tests.factories import CommitteeFactory
from tests.meetings.archive.conftest import corpus  # noqa: F401 - the session fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page, folder: Path, name: str) -> None:
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_secretariat_imports_an_agenda_and_its_minutes(
    live_server,
    page,
    console,
    corpus,  # noqa: F811
    tmp_path,
):
    folder = Path(os.environ.get("DAP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    user = get_user_model().objects.create_user("sekr", password="demo", first_name="Sara")
    Membership.objects.create(user=user, committee=CommitteeFactory(), role=Role.SECRETARIAT)
    base = live_server.url
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", "sekr")
    page.fill("#id_password", "demo")
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    page.get_by_role("link", name="Importér arkiv").click()
    expect(page.get_by_role("heading", name="Importér arkiv")).to_be_visible()
    shoot(page, folder, "arkiv-upload")
    page.set_input_files(
        "#id_files",
        [
            {
                "name": "Dagsorden 2025-10-06.docx",
                "mimeType": "application/octet-stream",
                "buffer": corpus.docx,
            },
            {
                "name": "Referat 2025-10-06.docx",
                "mimeType": "application/octet-stream",
                "buffer": corpus.referat_docx,
            },
            {"name": "scannet.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"},
        ],
    )
    page.get_by_role("button", name="Læs filerne").click()
    expect(page.get_by_text("2 filer er klar til import.")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Ugedagen i kilden er »Onsdag«").first).to_be_visible()
    assert Meeting.objects.count() == 0
    page.locator("details summary").first.click()
    shoot(page, folder, "arkiv-gennemsyn")
    page.get_by_role("button", name="Importér 2 filer").click()
    expect(page.get_by_text("2 filer er importeret.")).to_be_visible(timeout=60_000)
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    page.get_by_role("link", name="Gå til mødet").first.click()
    expect(page.get_by_role("heading", name="Manglende bilag")).to_be_visible()
    expect(page.get_by_role("link", name="Original dagsorden")).to_be_visible()
    shoot(page, folder, "arkiv-moede")
    assert not console.problems, console.problems
