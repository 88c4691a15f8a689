"""The meeting pack: the agenda then every bilag, stamped, numbered and bookmarked."""

import copy
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from meetings.access import Viewer
from meetings.bilag.conversion import ConversionError, convert_to_pdf
from meetings.documents.monitoring import monitoring_pdf
from meetings.documents.pack import build_pack, pack_filename
from meetings.editor.services import meeting_publish
from meetings.interchange.services import import_agenda
from meetings.models import Bilag, MeetingPack, MeetingStatus, PackStatus, Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.meetings.pdf_samples import minimal_docx, pdf_with_pages, tiny_png

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "dap-2025-10-06.json"
SEED = json.loads(FIXTURE.read_text(encoding="utf-8"))
SECRETARIAT = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)


def attach(bilag: Bilag, content: bytes, name: str) -> None:
    bilag.file.save(name, ContentFile(content), save=False)
    bilag.sha256 = hashlib.sha256(content).hexdigest()
    bilag.size = len(content)
    bilag.save()


def text_of(reader: PdfReader, index: int) -> str:
    return " ".join((reader.pages[index].extract_text() or "").split())


def outline_titles(reader: PdfReader) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(entries: list, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    return found


def monitoring_page_count(meeting) -> int:
    """How many pages the generated monitoring bilag 9.1 takes."""
    bilag = Bilag.objects.get(item__meeting=meeting, generated="project_monitoring")
    return len(PdfReader(io.BytesIO(monitoring_pdf(bilag, meeting, "9.1"))).pages)


@pytest.fixture
def seed_with_files():
    meeting = import_agenda(copy.deepcopy(SEED))
    pages = {"3": 2, "5": 1, "7": 3, "8": 1}
    for bilag in Bilag.objects.filter(item__meeting=meeting, generated=""):
        count = pages.get(str(bilag.item.position), 1)
        number = f"{bilag.item.position}.{bilag.position}"
        attach(bilag, pdf_with_pages(count, f"Indhold af bilag {number}"), "bilag.pdf")
    return meeting


def test_pack_holds_the_agenda_then_every_bilag_with_stamps_numbers_and_bookmarks(
    seed_with_files,
):
    built = build_pack(seed_with_files, SECRETARIAT)
    reader = PdfReader(io.BytesIO(built.content))
    total = len(reader.pages)
    # 3.1 (2 pages), 5.1 (1), 7.1 (3), 7.2 (3), 8.1 (1): 10 bilag pages after the agenda,
    # then the generated monitoring bilag 9.1 (its own pages, rendered by the portal).
    monitoring_pages = monitoring_page_count(seed_with_files)
    agenda_pages = total - 10 - monitoring_pages
    assert agenda_pages >= 10
    assert built.page_count == total
    assert "Dagsorden til styregruppemøde for Digital Almen Praksis" in text_of(reader, 0)
    for index in range(total):
        assert f"Side {index + 1} af {total}" in text_of(reader, index)
    first_bilag = text_of(reader, agenda_pages)
    assert "Bilag 3.1 – Kronikerpakker-analyse-Kommissorium-v097" in first_bilag
    assert "Indhold af bilag 3.1 side 1" in first_bilag
    assert "Bilag 8.1 – Økonomi status Forløbsplaner 2025" in text_of(
        reader, total - 1 - monitoring_pages
    )
    assert "Bilag 9.1 – Monitorering" in text_of(reader, total - 1)
    assert "Projektmonitorering" in text_of(reader, total - monitoring_pages)

    outline = outline_titles(reader)
    bilag_marks = [(title, page) for depth, title, page in outline if depth == 1]
    assert [title.split(" – ")[0] for title, _ in bilag_marks] == [
        "Bilag 3.1",
        "Bilag 5.1",
        "Bilag 7.1",
        "Bilag 7.2",
        "Bilag 8.1",
        "Bilag 9.1",
    ]
    assert bilag_marks[0][1] == agenda_pages
    assert bilag_marks[1][1] == agenda_pages + 2
    items = [title for depth, title, _ in outline if depth == 0]
    assert "3. Revideret KOL-forløbsplan afventer kronikerpakke for KOL (B)" in items
    # The generated monitoring bilag is included as pages of its own, nothing is left out.
    assert built.skipped == []
    assert "Bilag, der ikke er med i denne samling" not in " ".join(
        text_of(reader, index) for index in range(agenda_pages)
    )
    assert reader.trailer["/Root"]["/Lang"] == "da"


def test_a_bilag_line_of_the_agenda_links_to_the_bilag_in_the_pack(seed_with_files):
    reader = PdfReader(io.BytesIO(build_pack(seed_with_files, SECRETARIAT).content))
    targets = set()
    for page in reader.pages[:5]:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            destination = link.get("/Dest")
            # WeasyPrint's own links use named destinations; ours point at a page.
            if destination is not None and not isinstance(destination, str):
                targets.add(reader.get_page_number(destination[0].get_object()))
    # bilag 3.1's first page
    assert len(reader.pages) - 10 - monitoring_page_count(seed_with_files) in targets


def test_unreadable_and_closed_bilag_are_listed_not_included(seed_with_files):
    broken = Bilag.objects.get(item__meeting=seed_with_files, item__position=5)
    attach(broken, b"%PDF-1.4 this is not really a pdf", "broken.pdf")
    closed = Bilag.objects.get(item__meeting=seed_with_files, item__position=8)
    closed.confidential = True
    closed.save()
    observer = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=observer, role=Role.OBSERVER)

    built = build_pack(seed_with_files, Viewer.of(observer, seed_with_files))
    reasons = {entry["number"]: entry["reason"] for entry in built.skipped}
    assert reasons["5.1"] == "PDF'en er beskadiget og kan ikke læses"
    assert reasons["8.1"] == "lukket bilag, som du ikke har adgang til"
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(built.content)).pages
    )
    assert "Indhold af bilag 8.1" not in text
    assert "Indhold af bilag 3.1" in text


def test_an_image_bilag_becomes_a_page_of_the_pack(seed_with_files):
    image = Bilag.objects.get(item__meeting=seed_with_files, item__position=5)
    attach(image, tiny_png(), "diagram.png")
    built = build_pack(seed_with_files, SECRETARIAT)
    assert "5.1" not in {entry["number"] for entry in built.skipped}
    reader = PdfReader(io.BytesIO(built.content))
    marks = {title.split(" – ")[0]: page for _, title, page in outline_titles(reader)}
    assert "Bilag 5.1 – Del 2 Kommissorium-v095" in text_of(reader, marks["Bilag 5.1"])


@pytest.mark.libreoffice
def test_a_word_bilag_is_converted_and_its_rendition_kept(seed_with_files):
    word = Bilag.objects.get(item__meeting=seed_with_files, item__position=5)
    attach(word, minimal_docx("Tekst fra et Word-bilag"), "notat.docx")
    built = build_pack(seed_with_files, SECRETARIAT)
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(built.content)).pages
    )
    assert "Tekst fra et Word-bilag" in text
    word.refresh_from_db()
    assert word.pdf_rendition  # converted once, reused by the next pack and the preview


@pytest.mark.libreoffice
def test_conversion_has_a_time_limit():
    with pytest.raises(ConversionError, match="tog mere end"):
        convert_to_pdf(minimal_docx("langsom"), timeout=0.01)


def test_conversion_refuses_what_is_not_an_office_file():
    with pytest.raises(ConversionError):
        convert_to_pdf(b"%PDF-1.4 not office")


def test_pack_file_name(seed_with_files):
    assert (
        pack_filename(seed_with_files)
        == "Dagsorden-med-bilag-til-styregruppemøde-i-DAP-den-6.-oktober-2025.pdf"
    )


def test_member_orders_the_pack_sees_progress_and_downloads_it(
    client, seed_with_files, django_capture_on_commit_callbacks
):
    meeting_publish(meeting=seed_with_files, actor=None)
    member = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=member, role=Role.MEMBER)
    client.login(username=member.username, password=PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:pack_request", args=[seed_with_files.pk]))
    assert response.status_code == 302
    pack = MeetingPack.objects.get(meeting=seed_with_files)
    assert pack.status == PackStatus.DONE  # Celery runs eagerly in tests
    assert pack.requested_by == member

    status = client.get(reverse("meetings:pack_status", args=[seed_with_files.pk]))
    assert "Dagsorden med bilag (PDF)" in status.content.decode()
    download = client.get(reverse("meetings:pack_download", args=[seed_with_files.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "Dagsorden-med-bilag-til-styregruppem" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")

    # Asking again reuses the finished pack; a change to the agenda makes a new one.
    client.post(reverse("meetings:pack_request", args=[seed_with_files.pk]))
    assert MeetingPack.objects.filter(meeting=seed_with_files).count() == 1
    item = seed_with_files.items.get(position=2)
    item.title = "Kronikerpakker, ny titel"
    item.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:pack_request", args=[seed_with_files.pk]))
    assert MeetingPack.objects.filter(meeting=seed_with_files).count() == 2


def test_pack_of_another_access_level_is_not_handed_out(
    client, seed_with_files, django_capture_on_commit_callbacks
):
    meeting_publish(meeting=seed_with_files, actor=None)
    item = seed_with_files.items.get(position=4)
    item.confidential = True
    item.save()
    member = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=member, role=Role.MEMBER)
    observer = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=observer, role=Role.OBSERVER)
    client.login(username=member.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:pack_request", args=[seed_with_files.pk]))
    assert MeetingPack.objects.get().status == PackStatus.DONE
    client.logout()

    client.login(username=observer.username, password=PASSWORD)
    response = client.get(reverse("meetings:pack_download", args=[seed_with_files.pk]))
    assert response.status_code == 404


def test_pack_urls_answer_404_outside_the_committee(client, seed_with_files):
    meeting_publish(meeting=seed_with_files, actor=None)
    outsider = UserFactory()
    client.login(username=outsider.username, password=PASSWORD)
    for name in ("pack_status", "pack_download", "agenda_pdf", "minutes_pdf"):
        assert client.get(reverse(f"meetings:{name}", args=[seed_with_files.pk])).status_code == 404
    response = client.post(reverse("meetings:pack_request", args=[seed_with_files.pk]))
    assert response.status_code == 404
    assert not MeetingPack.objects.exists()


def test_a_draft_meeting_has_no_documents_for_members(client, seed_with_files):
    member = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=member, role=Role.MEMBER)
    client.login(username=member.username, password=PASSWORD)
    assert seed_with_files.status == MeetingStatus.DRAFT
    url = reverse("meetings:agenda_pdf", args=[seed_with_files.pk])
    assert client.get(url).status_code == 404


def test_a_pack_whose_agenda_or_access_changed_while_queued_is_not_handed_out(
    client, seed_with_files, django_capture_on_commit_callbacks
):
    """Review finding: the pack must hold what its key says, not what the orderer sees later."""
    from meetings.documents.tasks import build_meeting_pack

    meeting_publish(meeting=seed_with_files, actor=None)
    secret = seed_with_files.items.get(position=4)
    secret.confidential = True
    secret.save()
    insider = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=insider, role=Role.MEMBER)
    secret.restricted_to.add(insider)
    orderer = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=orderer, role=Role.MEMBER)
    other = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=other, role=Role.MEMBER)

    client.login(username=orderer.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
        client.post(reverse("meetings:pack_request", args=[seed_with_files.pk]))
    secret.restricted_to.add(orderer)  # the orderer now sees more than the pack's key says
    pack = MeetingPack.objects.get()
    build_meeting_pack(pack.pk)

    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED
    assert not pack.file
    client.logout()
    client.login(username=other.username, password=PASSWORD)
    response = client.get(reverse("meetings:pack_download", args=[seed_with_files.pk]))
    assert response.status_code == 404


def test_documents_and_bilag_are_never_stored_by_shared_caches(client, seed_with_files):
    meeting_publish(meeting=seed_with_files, actor=None)
    member = UserFactory()
    MembershipFactory(committee=seed_with_files.committee, user=member, role=Role.MEMBER)
    client.login(username=member.username, password=PASSWORD)
    bilag = Bilag.objects.filter(item__meeting=seed_with_files, generated="").first()
    for url in (
        reverse("meetings:agenda_pdf", args=[seed_with_files.pk]),
        reverse("meetings:bilag_download", args=[bilag.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_the_monitoring_bilag_is_rendered_once_for_the_same_figures(seed_with_files, monkeypatch):
    from meetings.documents import monitoring

    renders: list[str] = []
    real = monitoring.html_to_pdf

    def counting(html: str) -> bytes:
        renders.append(html)
        return real(html)

    monkeypatch.setattr(monitoring, "html_to_pdf", counting)
    first = build_pack(seed_with_files, SECRETARIAT)
    second = build_pack(seed_with_files, SECRETARIAT)
    assert len(renders) == 1  # the second pack takes it from the PDF cache
    assert second.page_count == first.page_count

    bilag = Bilag.objects.get(item__meeting=seed_with_files, generated="project_monitoring")
    bilag.title = "Projektoverblik, rettet"
    bilag.save()
    rebuilt = build_pack(seed_with_files, SECRETARIAT)
    assert len(renders) == 2  # what it shows changed: rendered again
    assert "Projektoverblik, rettet" in " ".join(
        page.extract_text() or "" for page in PdfReader(io.BytesIO(rebuilt.content)).pages
    )
