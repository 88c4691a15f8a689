"""The agenda PDF in the MedCom format: its text, structure, safety and cache."""

import copy
import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.documents.fetcher import StaticOnlyFetcher
from meetings.documents.render import (
    DocumentKind,
    document_filename,
    render_document,
    static_base_url,
)
from meetings.interchange.services import import_agenda
from meetings.models import ItemSection, Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "dap-2025-10-06.json"
SEED = json.loads(FIXTURE.read_text(encoding="utf-8"))
SECRETARIAT = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)

LIST_LINES = [
    "1. Meddelelser (5 min.)",
    "2. Kronikerpakker (O) (10 min.)",
    "3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B) (10 min.)",
    "4. Etablering af forvaltning af profiler i Klinikkens Cockpit (B) (20 min.)",
    "5. Kommissorium for Forretningsmålbillede Forløbsplaner Del II (B) (20 min.)",
    "6. Introduktion til Health Hub på PLSP (O) (20 min.)",
    "7. Status på projekterne deling af lokale labsvar og notater (O) (20 min.)",
    "8. Status for budget 2025 (O) (15 min.)",
    "9. Status på øvrige projekter (O) (10 min.)",
    "10. Eventuelt og næste møde (5 min.)",
]


def pdf_pages(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture
def seed_meeting():
    return import_agenda(copy.deepcopy(SEED))


@pytest.fixture
def seed_pdf(seed_meeting) -> bytes:
    return render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN).content


def test_seed_agenda_text_reads_as_the_medcom_agenda(seed_pdf):
    pages = pdf_pages(seed_pdf)
    text = " ".join(pages)
    assert "Dagsorden til styregruppemøde for Digital Almen Praksis" in pages[0]
    assert (
        "Mandag d. 6. oktober 2025, kl. 13.00-15.00, Slotsholmsgade 12, mødesal B (fælles)"
        in pages[0]
    )
    # The list, in order, with markers and minutes.
    positions = [pages[0].index(line) for line in LIST_LINES]
    assert positions == sorted(positions)
    # Each item heading is its list line without the minutes, after the list.
    body = text[text.index(LIST_LINES[-1]) + len(LIST_LINES[-1]) :]
    headings = [re.sub(r" \(\d+ min\.\)$", "", line) for line in LIST_LINES]
    heading_positions = [body.index(heading) for heading in headings]
    assert heading_positions == sorted(heading_positions)
    for bilag in (
        "Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097",
        "Bilag 5.1 Del 2 Kommissorium-v095",
        "Bilag 7.1 Deling af lokale laboratoriesvar - mini-PID_v1.1",
        "Bilag 7.2 Status på deling af journalnotater fra almen praksis efter modningsprojekt",
        "Bilag 8.1 Økonomi status Forløbsplaner 2025",
        "Bilag 9.1 Monitorering",
    ):
        assert bilag in body
    assert "Fremlægges af Morten Bruun-Rasmussen (Mediq)" in body
    assert (
        "Næste møde afholdes tirsdag d. 16. december 2025 kl. 13.00-15.00 "
        "i Indenrigs- og Sundhedsministeriet." in body
    )
    # The budget table is computed: the original's typo 910.246 cannot appear.
    assert "940.216 kr." in body
    assert "910.246" not in body
    assert "-87.000 kr." in body
    assert "4.030.348 kr." in body


def test_every_page_is_numbered_and_has_the_running_header_from_page_two(seed_pdf):
    pages = pdf_pages(seed_pdf)
    total = len(pages)
    assert total > 3
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} af {total}" in page
        header = "Dagsorden – DAP – 6. oktober 2025"
        assert (header in page) is (number > 1)


def test_pdf_is_tagged_with_language_title_and_bookmarks(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Dagsorden til styregruppemøde for Digital Almen Praksis"
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    flat = json.dumps([str(entry) for entry in reader.outline], ensure_ascii=False)
    assert titles[0] == "Dagsorden til styregruppemøde for Digital Almen Praksis"
    for line in LIST_LINES:
        assert re.sub(r" \(\d+ min\.\)$", "", line) in flat


def test_file_name_follows_the_format(seed_meeting):
    assert (
        document_filename(seed_meeting, DocumentKind.DAGSORDEN)
        == "Dagsorden-til-styregruppemøde-i-DAP-den-6.-oktober-2025.pdf"
    )
    assert (
        document_filename(seed_meeting, DocumentKind.REFERAT)
        == "Referat-af-styregruppemøde-i-DAP-den-6.-oktober-2025.pdf"
    )


def test_second_render_is_read_from_the_cache_and_a_change_makes_a_new_one(seed_meeting):
    first = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    again = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    assert not first.from_cache
    assert again.from_cache
    assert again.content == first.content

    item = seed_meeting.items.get(position=2)
    item.title = "Kronikerpakker og sundhedsreform"
    item.save()
    changed = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    assert not changed.from_cache
    assert "2. Kronikerpakker og sundhedsreform (O) (10 min.)" in pdf_pages(changed.content)[0]


def test_no_cache_renders_afresh(seed_meeting):
    render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    fresh = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN, use_cache=False)
    assert not fresh.from_cache


def test_confidential_item_is_absent_from_the_copy_of_a_reader_without_access(seed_meeting):
    item = seed_meeting.items.get(position=4)
    item.confidential = True
    item.save()
    observer = UserFactory()
    MembershipFactory(committee=seed_meeting.committee, user=observer, role=Role.OBSERVER)
    member = UserFactory()
    MembershipFactory(committee=seed_meeting.committee, user=member, role=Role.MEMBER)

    hidden = " ".join(
        pdf_pages(
            render_document(
                seed_meeting, Viewer.of(observer, seed_meeting), DocumentKind.DAGSORDEN
            ).content
        )
    )
    shown = " ".join(
        pdf_pages(
            render_document(
                seed_meeting, Viewer.of(member, seed_meeting), DocumentKind.DAGSORDEN
            ).content
        )
    )
    secret = "Cockpit-projektet har i regi af Digital Almen Praksis"
    # A closed item's title is not told either (issue 23.13): others see "Lukket punkt".
    assert "4. Lukket punkt (B)" in hidden
    assert "Klinikkens Cockpit (B)" not in hidden
    assert secret not in hidden
    assert secret in shown


def test_renderer_fetches_nothing_outside_the_static_files(seed_meeting, caplog):
    # Write straight to the database, past the sanitizer, as a bug elsewhere might.
    item = seed_meeting.items.get(position=1)
    ItemSection.objects.create(
        item=item,
        position=99,
        heading="Fjendtligt",
        html=(
            '<p>Før</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:6379/x">'
            '<link rel="stylesheet" href="file:///etc/hostname"><p>Efter</p>'
        ),
    )
    rendered = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN, use_cache=False)
    text = " ".join(pdf_pages(rendered.content))
    assert "Før" in text
    assert "Efter" in text
    assert "root:" not in text
    refused = [record.getMessage() for record in caplog.records if "afvist" in record.getMessage()]
    assert any("/etc/passwd" in message for message in refused)
    assert any("127.0.0.1:6379" in message for message in refused)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.org/logo.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(ValueError, match="Refused"):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_refuses_a_path_that_climbs_out_of_the_static_folder():
    escape = static_base_url() + "../manage.py"
    with pytest.raises(ValueError, match="Refused"):
        StaticOnlyFetcher().fetch(escape)


def test_fetcher_serves_the_print_stylesheet():
    response = StaticOnlyFetcher().fetch(static_base_url() + "css/agenda-print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_minutes_show_attendance_and_each_recommendation_followed_by_its_decision(seed_meeting):
    from meetings.models import Attendance, AttendanceStatus, DecisionOutcome

    Attendance.objects.create(meeting=seed_meeting, name="Tom Høg Sørensen", organisation="MedCom")
    Attendance.objects.create(
        meeting=seed_meeting, name="Anne Andersen", status=AttendanceStatus.ABSENT
    )
    Attendance.objects.create(
        meeting=seed_meeting, name="Morten Bruun-Rasmussen", organisation="Mediq", guest=True
    )
    item = seed_meeting.items.get(position=3)
    item.decision_outcome = DecisionOutcome.APPROVED
    item.decision_html = "<p>Godkendt som indstillet</p>"
    item.save()

    text = " ".join(
        pdf_pages(render_document(seed_meeting, SECRETARIAT, DocumentKind.REFERAT).content)
    )
    assert "Referat af styregruppemøde for Digital Almen Praksis" in text
    assert "Deltagere Tom Høg Sørensen (MedCom)" in text
    assert "Afbud Anne Andersen" in text
    assert "Gæster Morten Bruun-Rasmussen (Mediq)" in text
    # Item 3: its Indstilling, then directly its Beslutning; the background is left out.
    start = text.index("3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B)", 600)
    section = text[start : text.index("4. Etablering af forvaltning", start)]
    assert section.index("Indstilling") < section.index("Beslutning Godkendt som indstillet")
    assert "Baggrund" not in section
    assert "Ingen beslutning registreret." in text  # items still without a decision


def test_minutes_pdf_is_for_members_once_approved(client, seed_meeting):
    from django.urls import reverse

    from meetings.models import MeetingStatus
    from tests.factories import PASSWORD

    member = UserFactory()
    MembershipFactory(committee=seed_meeting.committee, user=member, role=Role.MEMBER)
    secretary = UserFactory()
    MembershipFactory(committee=seed_meeting.committee, user=secretary, role=Role.SECRETARIAT)
    url = reverse("meetings:minutes_pdf", args=[seed_meeting.pk])

    seed_meeting.status = MeetingStatus.HELD
    seed_meeting.save()
    client.login(username=member.username, password=PASSWORD)
    assert client.get(url).status_code == 404
    client.login(username=secretary.username, password=PASSWORD)
    assert client.get(url).status_code == 200

    seed_meeting.status = MeetingStatus.MINUTES_APPROVED
    seed_meeting.save()
    client.login(username=member.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert "Referat-af-styregruppem" in response["Content-Disposition"]


def test_agenda_pdf_download_has_the_format_file_name_and_checks_access(client, seed_meeting):
    from django.urls import reverse

    from meetings.editor.services import meeting_publish
    from tests.factories import PASSWORD

    meeting_publish(meeting=seed_meeting, actor=None)
    member = UserFactory()
    MembershipFactory(committee=seed_meeting.committee, user=member, role=Role.MEMBER)
    url = reverse("meetings:agenda_pdf", args=[seed_meeting.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.login(username=member.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition
    assert "Dagsorden-til-styregruppem%C3%B8de-i-DAP-den-6.-oktober-2025.pdf" in disposition
    page = client.get(reverse("meetings:meeting_detail", args=[seed_meeting.pk])).content.decode()
    assert url in page


def test_render_agenda_command_writes_the_pdf_the_page_offers(seed_meeting, tmp_path):
    from django.core.management import CommandError, call_command

    output = tmp_path / "dagsorden.pdf"
    call_command("render_agenda", seed_meeting.pk, "--kind", "dagsorden", "--output", output)
    web = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN)
    assert output.read_bytes() == web.content

    observer = UserFactory(username="iagttager")
    MembershipFactory(committee=seed_meeting.committee, user=observer, role=Role.OBSERVER)
    item = seed_meeting.items.get(position=4)
    item.confidential = True
    item.save()
    seed_meeting.status = "published"
    seed_meeting.save()
    call_command(
        "render_agenda", seed_meeting.pk, "--output", output, "--as", "iagttager", "--no-cache"
    )
    assert "Cockpit-projektet har i regi" not in " ".join(pdf_pages(output.read_bytes()))

    with pytest.raises(CommandError, match="intet møde"):
        call_command("render_agenda", 99999, "--output", output)
    stranger = UserFactory(username="fremmed")
    assert stranger.pk
    with pytest.raises(CommandError, match="må ikke se"):
        call_command("render_agenda", seed_meeting.pk, "--output", output, "--as", "fremmed")


def test_render_agenda_command_writes_a_tagged_danish_pdf(seed_meeting, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "dagsorden.pdf"
    call_command("render_agenda", seed_meeting.pk, "--output", output, "--no-cache")

    content = output.read_bytes()
    assert content[:5] == b"%PDF-"
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged, as PDF/UA-1 wants
    assert catalog["/Lang"] == "da"
    assert "Dagsorden" in " ".join(pdf_pages(content))


def test_render_agenda_command_builds_the_pack(seed_meeting, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "pakke.pdf"
    call_command("render_agenda", seed_meeting.pk, "--kind", "pack", "--output", output)
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.outline
    assert "Side 1 af" in pdf_pages(output.read_bytes())[0]


def test_a_meeting_with_its_own_title_shows_it_in_the_title_line_and_metadata(seed_meeting):
    seed_meeting.title = "Ekstraordinært styregruppemøde"
    seed_meeting.save()
    title = (
        "Dagsorden til styregruppemøde for Digital Almen Praksis – Ekstraordinært styregruppemøde"
    )

    content = render_document(seed_meeting, SECRETARIAT, DocumentKind.DAGSORDEN).content

    assert PdfReader(io.BytesIO(content)).metadata.title == title
    assert pdf_pages(content)[0].startswith(("MedCom " + title, title))
