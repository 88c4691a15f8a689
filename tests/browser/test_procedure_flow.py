"""A written procedure end to end in the browser (issue 13): the secretariat creates one with
the rule "Flertal", attaches a PDF bilag and sends it; three members answer (two Godkend, one
Afvis with a remark); the deadline passes; the beat task closes it once; the outcome is
"Godkendt"; the record PDF holds the answers and the remark; the next meeting's Meddelelser
tells it with the right date; an observer reads it without answer buttons.
"""

import datetime as dt
import io
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.editor.services import meeting_publish
from meetings.models import ProcedureOutcome, ProcedureStatus, Role, WrittenProcedure
from meetings.procedures.tasks import scan_procedures
from tests.factories import PASSWORD, AgendaItemFactory, CommitteeFactory, MeetingFactory, member
from tests.meetings.pdf_samples import pdf_with_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CPH = ZoneInfo("Europe/Copenhagen")
SHOTS = os.environ.get("DAP_SCREENSHOTS")  # a folder: save the pages at 390 and 1366 px


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(dt.datetime(2025, 5, 15, 9, 0, tzinfo=CPH))
    # The live server answers from a thread of this process: it reads the same clock.
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


@pytest.fixture
def people():
    dap = CommitteeFactory()
    crew = {
        "secretary": member(dap, Role.SECRETARIAT, username="sekretaer", first_name="Sofie"),
        "anna": member(dap, Role.CHAIR, username="anna", first_name="Anna", last_name="Formand"),
        "bo": member(dap, Role.MEMBER, username="bo", first_name="Bo", last_name="Medlem"),
        "carl": member(dap, Role.MEMBER, username="carl", first_name="Carl", last_name="Medlem"),
        "olga": member(dap, Role.OBSERVER, username="olga", first_name="Olga"),
    }
    MeetingFactory(committee=dap, date=dt.date(2025, 4, 28))
    upcoming = MeetingFactory(committee=dap, date=dt.date(2025, 6, 16), draft=True)
    AgendaItemFactory(meeting=upcoming, title="Meddelelser")
    AgendaItemFactory(meeting=upcoming, title="Eventuelt og næste møde")
    return dap, crew, upcoming


def log_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1366, "height": 1000}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/log-ind/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.login-button")
    page.wait_for_url(re.compile(r"/moeder/$"))
    return page


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 1000})


def answer(browser, base: str, username: str, procedure_id: int, choice: str, remark: str = ""):
    page = log_in(browser, base, username)
    page.get_by_role("link", name=re.compile("Mini PID'en for projektet")).first.click()
    page.wait_for_url(re.compile(rf"/skriftlig-proces/{procedure_id}/$"))
    if remark:
        page.fill("textarea[name=remark]", remark)
    page.get_by_role("button", name=choice, exact=True).click()
    expect(page.get_by_text("Dit svar er registreret")).to_be_visible()
    if username == "carl":
        shoot(page, "procedure-member")
    page.context.close()


def test_a_written_procedure_from_sending_to_the_next_agenda(
    live_server, browser, clock, people, tmp_path
):
    _dap, crew, upcoming = people
    base = live_server.url

    # The secretariat drafts the procedure with the rule "Flertal".
    page = log_in(browser, base, "sekretaer")
    page.get_by_role("link", name="Skriftlige processer").first.click()
    page.get_by_role("link", name="Ny skriftlig proces").click()
    page.fill("#id_title", "Mini PID'en for projektet")
    page.fill("#id_deadline_date", "2025-05-22")
    page.fill("#id_deadline_time", "12:00")
    page.locator("label[for=id_rule_1]").click()
    expect(page.get_by_label("Flertal")).to_be_checked()
    editors = page.locator(".rich-text-area .ql-editor")
    expect(editors).to_have_count(5)
    editors.nth(0).fill("Mini PID for Klinikkens cockpit.")
    editors.nth(2).fill("Det indstilles, at styregruppen godkender Mini PID'en.")
    shoot(page, "procedure-form")
    page.get_by_role("button", name="Opret proces").click()
    expect(page.get_by_text("Processen er oprettet som kladde.")).to_be_visible()
    procedure = WrittenProcedure.objects.get()

    # A PDF bilag, then send it out.
    bilag = tmp_path / "Mini_PID.pdf"
    bilag.write_bytes(pdf_with_pages(1, text="Mini PID"))
    page.set_input_files("input[type=file]", str(bilag))
    page.get_by_role("button", name="Upload bilag").click()
    expect(page.get_by_role("link", name=re.compile("Bilag 1 Mini PID"))).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())  # "Send … ud … nu?" (issue 23.15)
    page.get_by_role("button", name="Send ud til medlemmerne").click()
    expect(page.get_by_text("Processen er sendt ud")).to_be_visible()
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.SENT
    assert procedure.rule == "majority"

    # Three members answer: two Godkend, one Afvis with a remark.
    answer(browser, base, "anna", procedure.pk, "Godkend")
    answer(browser, base, "bo", procedure.pk, "Godkend")
    answer(browser, base, "carl", procedure.pk, "Afvis", remark="Tidsplanen er for stram")

    # While it is open, an observer reads the procedure, with no answer buttons.
    observer = log_in(browser, base, "olga")
    observer.goto(f"{base}/moeder/skriftlig-proces/{procedure.pk}/")
    expect(observer.get_by_role("heading", level=1)).to_contain_text("Mini PID'en for projektet")
    expect(observer.get_by_role("button", name="Godkend", exact=True)).to_have_count(0)
    expect(observer.get_by_role("button", name="Afvis", exact=True)).to_have_count(0)
    shoot(observer, "procedure-observer")
    observer.context.close()

    # The secretariat sees the count against the rule.
    page.reload()
    expect(page.locator("[data-tally]")).to_contain_text("2 godkender, 1 afviser")
    shoot(page, "procedure-secretariat-open")

    # The deadline passes; beat's task closes it once, a second scan changes nothing.
    clock.now = dt.datetime(2025, 5, 22, 12, 1, tzinfo=CPH)
    assert scan_procedures.apply().get()["closed"] == [procedure.pk]
    assert scan_procedures.apply().get() == {"closed": [], "reminded": []}
    procedure.refresh_from_db()
    assert procedure.outcome == ProcedureOutcome.APPROVED

    # A week later the session has expired: the secretariat signs in again.
    page.context.close()
    page = log_in(browser, base, "sekretaer")
    page.goto(f"{base}/moeder/skriftlig-proces/{procedure.pk}/")
    expect(page.locator("[data-outcome]")).to_have_text("Godkendt")
    page.get_by_role("button", name="Godkendt som indstillet").click()
    expect(page.get_by_text("Beslutningen er registreret.")).to_be_visible()
    shoot(page, "procedure-secretariat-closed")

    # A follow-up action on the decision, for Anna, till the next meeting.
    page.get_by_text("Tilføj opfølgning", exact=True).first.click()
    page.get_by_label("Opgave").fill("Projektet sender den endelige PID til sekretariatet")
    page.get_by_label("Ansvarlig", exact=True).select_option("member")
    page.get_by_label("Medlem (når et medlem er ansvarlig)").select_option(label="Anna Formand")
    page.locator(f"label[for=opf-p{procedure.pk}-next]").click()
    page.get_by_role("button", name="Tilføj opfølgning").click()
    expect(page.get_by_text("Opfølgningen er tilføjet.")).to_be_visible()
    page.get_by_role("link", name="Skriftlige processer").first.click()
    shoot(page, "procedure-list")
    page.get_by_role("link", name="Opfølgning på beslutninger").first.click()
    expect(page.locator("[data-actions=aabne]")).to_contain_text(
        "Projektet sender den endelige PID"
    )
    expect(page.locator("[data-actions=aabne]")).to_contain_text("Til næste møde (16. juni 2025)")
    shoot(page, "action-list")

    # The record PDF: the three answers and the remark.
    response = page.request.get(
        f"{base}/moeder/skriftlig-proces/{procedure.pk}/skriftlig-proces.pdf"
    )
    assert response.ok
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    if SHOTS:
        Path(SHOTS, "record.pdf").write_bytes(response.body())
    for name in ("Anna Formand", "Bo Medlem", "Carl Medlem"):
        assert name in text
    assert text.count("Godkend ") >= 2
    assert "Afvis" in text
    assert "Tidsplanen er for stram" in text
    assert "Godkendt" in text

    # The next meeting's Meddelelser tells it, with the right date and a link.
    meeting_publish(meeting=upcoming, actor=crew["secretary"])
    page.goto(f"{base}/moeder/{upcoming.pk}/")
    line = page.get_by_role(
        "link", name="Mini PID'en for projektet blev godkendt i skriftlig proces 22. maj 2025."
    )
    expect(line).to_be_visible()
    expect(page.locator(".between-actions")).to_contain_text("Projektet sender den endelige PID")
    shoot(page, "next-agenda")
    page.context.close()

    # Anna's overview: her task.
    anna = log_in(browser, base, "anna")
    expect(anna.locator("#mine-opgaver")).to_be_visible()
    expect(
        anna.get_by_role("link", name="Projektet sender den endelige PID til sekretariatet")
    ).to_be_visible()
    shoot(anna, "overview")
    anna.context.close()
