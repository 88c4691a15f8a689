"""Past agendas and minutes from Word and PDF become held meetings that match the seed."""

import re
import subprocess

import pytest
from django.core.management import call_command

from meetings.archive.layout import amounts_in
from meetings.archive.services import State, archive_import_file, preview_file
from meetings.bilag.conversion import soffice
from meetings.interchange.export import export_agenda
from meetings.member.search import search
from meetings.models import ArchiveImport, AuditEntry, Meeting, MeetingStatus
from tests.factories import CommitteeFactory, MembershipFactory, UserFactory

from .conftest import DECISIONS, seed

pytestmark = pytest.mark.django_db

WEEKDAY_NOTE = "Ugedagen i kilden er »Onsdag«, men 6. oktober 2025 er en mandag"
TITLE_NOTE = "Punkt 8: titlen i listen er »Budgetter 2025«, men i teksten »Status for budget 2025«"


def _presenters(item: dict) -> list[tuple[str, str]]:
    return [(p["name"], p.get("organisation", "")) for p in item.get("presenters", [])]


def _headings(item: dict) -> list[str]:
    return [section["heading"] for section in item["sections"] if section["heading"]]


def _parts(item: dict) -> list[str]:
    parts: list[str] = []
    for section in item["sections"]:
        part = section.get("part", "")
        if part and part not in parts:
            parts.append(part)
    return parts


def assert_matches_seed(meeting: Meeting, amounts: list[str]) -> None:
    """The export of an imported meeting against the fixture, on what a reader can see."""
    expected, got = seed(), export_agenda(meeting)
    assert got["meeting"]["date"] == expected["meeting"]["date"]
    for key in ("start_time", "end_time", "location"):
        assert got["meeting"][key] == expected["meeting"][key], key
    assert got["next_meeting"] == expected["next_meeting"]
    assert len(got["items"]) == len(expected["items"]) == 10
    for number, (mine, theirs) in enumerate(
        zip(got["items"], expected["items"], strict=True), start=1
    ):
        where = f"punkt {number}"
        assert mine["title"] == theirs["title"], where
        assert mine["kind"] == theirs["kind"], where
        assert mine["duration_minutes"] == theirs["duration_minutes"], where
        assert _presenters(mine) == _presenters(theirs), where
        assert _headings(mine) == _headings(theirs), where
        assert _parts(mine) == _parts(theirs), where
        assert [a["title"] for a in mine.get("attachments", [])] == [
            a["title"] for a in theirs.get("attachments", [])
        ], where
    assert got["items"][9].get("standing") == "next_meeting"
    budget = next(s["html"] for s in got["items"][7]["sections"] if "<table>" in s["html"])
    assert "<th>Projekt</th>" in budget
    assert set(amounts) <= set(amounts_in(budget))
    assert "1.615.000 kr." in amounts_in(budget)


def _notes(meeting: Meeting) -> list[str]:
    return [note["text"] for record in meeting.archive_imports.all() for note in record.notes]


def _import(content: bytes, name: str, **kwargs) -> Meeting:
    outcome = archive_import_file(content=content, name=name, actor=None, **kwargs)
    assert outcome.state == State.IMPORTED, outcome.message
    return outcome.meeting


def test_a_word_agenda_with_direct_formatting_imports_as_the_seed(corpus):
    meeting = _import(corpus.docx, "Dagsorden 6. oktober 2025.docx")
    assert meeting.status == MeetingStatus.HELD
    assert_matches_seed(meeting, corpus.amounts)
    notes = " ".join(_notes(meeting))
    assert WEEKDAY_NOTE in notes
    assert TITLE_NOTE in notes
    # Bilag are referenced, not present: listed as missing.
    assert "Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097" in notes


def test_the_portals_own_agenda_pdf_imports_as_the_seed(corpus):
    meeting = _import(corpus.portal_pdf, "Dagsorden-til-styregruppemøde-i-DAP.pdf")
    assert_matches_seed(meeting, corpus.amounts)
    # The portal's PDF cannot have a wrong weekday or a differing title.
    assert not [n for n in _notes(meeting) if "Ugedagen" in n or "titlen i listen" in n]


@pytest.mark.libreoffice
def test_the_word_agenda_converted_by_libreoffice_imports_as_the_seed(corpus):
    assert corpus.libreoffice_pdf, corpus.libreoffice_problem
    meeting = _import(corpus.libreoffice_pdf, "Dagsorden 6. oktober 2025.pdf")
    assert_matches_seed(meeting, corpus.amounts)
    notes = " ".join(_notes(meeting))
    assert WEEKDAY_NOTE in notes
    assert TITLE_NOTE in notes


def test_the_preview_shows_what_was_found_and_saves_nothing(corpus):
    before = (Meeting.objects.count(), AuditEntry.objects.count(), ArchiveImport.objects.count())
    preview = preview_file(content=corpus.docx, name="dagsorden.docx")
    assert preview.state == State.READY
    summary = preview.as_dict()["summary"]
    assert summary["when"] == "Mandag d. 6. oktober 2025, kl. 13.00-15.00"
    assert summary["items"][2]["bilag"] == ["Bilag 3.1 Kronikerpakker-analyse-Kommissorium-v097"]
    assert summary["items"][4]["presenters"] == ["Morten Bruun-Rasmussen (Mediq)"]
    assert [n.level for n in preview.notes].count("rettet") == 2
    after = (Meeting.objects.count(), AuditEntry.objects.count(), ArchiveImport.objects.count())
    assert after == before


def test_the_same_file_twice_changes_nothing(corpus):
    first = _import(corpus.docx, "a.docx")
    counts = (Meeting.objects.count(), AuditEntry.objects.count(), ArchiveImport.objects.count())
    again = archive_import_file(content=corpus.docx, name="kopi.docx", actor=None)
    assert again.state == State.UNCHANGED
    assert again.meeting == first
    assert (
        Meeting.objects.count(),
        AuditEntry.objects.count(),
        ArchiveImport.objects.count(),
    ) == counts


def test_import_goes_through_the_services_with_audit_and_keeps_the_original(corpus):
    user = UserFactory(username="sekr")
    meeting = _import(corpus.docx, "dagsorden.docx", committee=None)
    actions = list(meeting.audit_entries.values_list("action", flat=True).order_by("pk"))
    assert actions[:3] == ["agenda_imported", "meeting_published", "meeting_held"]
    assert actions[-1] == "archive_imported"
    record = meeting.archive_imports.get()
    assert record.original.read() == corpus.docx
    assert record.original_filename == "dagsorden.docx"
    assert user.pk  # the secretariat's copy is served by a view; see test_views


def test_imported_items_sections_and_decisions_are_searchable_at_once(corpus):
    committee = CommitteeFactory()
    member = MembershipFactory(committee=committee).user
    meeting = _import(corpus.docx, "dagsorden.docx")
    assert meeting.committee == committee
    hits = search(member, "kronikerpakke")
    assert hits
    assert all(hit.item.meeting == meeting for hit in hits)
    _import(corpus.referat_docx, "referat.docx")
    assert any("efterretning" in str(hit.snippet).lower() for hit in search(member, "drøftede"))


@pytest.mark.parametrize("which", ["referat_docx", "referat_pdf"])
def test_minutes_attach_decisions_and_attendance_to_the_meeting_of_that_date(corpus, which):
    meeting = _import(corpus.docx, "dagsorden.docx")
    name = "referat.docx" if which == "referat_docx" else "Referat.pdf"
    preview = preview_file(content=getattr(corpus, which), name=name)
    assert preview.state == State.READY
    assert preview.meeting_id == meeting.pk
    assert "tilknyttes mødet mandag d. 6. oktober 2025" in preview.target
    outcome = archive_import_file(content=getattr(corpus, which), name=name, actor=None)
    assert outcome.meeting == meeting
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    items = {item.position: item for item in meeting.items.all()}
    for number, decision in DECISIONS.items():
        assert re.sub(r"\s+", " ", items[number].decision_html) == decision, number
    assert items[6].decision_html == "<p>Taget til efterretning</p>"
    assert items[1].decision_html == ""  # Meddelelser: no decision recorded
    attendance = sorted((a.name, a.status) for a in meeting.attendance.all())
    assert attendance == sorted(corpus.attendance)


def test_minutes_without_an_agenda_make_a_meeting_with_approved_minutes(corpus):
    outcome = archive_import_file(content=corpus.referat_docx, name="referat.docx", actor=None)
    meeting = outcome.meeting
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert meeting.items.count() == 10
    assert meeting.items.get(position=3).decision_html.startswith("<p>Godkendt som indstillet")


def test_an_agenda_for_a_day_that_already_has_a_meeting_is_refused(corpus):
    _import(corpus.docx, "dagsorden.docx")
    preview = preview_file(content=corpus.portal_pdf, name="dagsorden.pdf")
    assert preview.state == State.REFUSED
    assert "har allerede et møde mandag d. 6. oktober 2025" in preview.message


def test_import_archive_command_reads_folders_and_is_idempotent(corpus, tmp_path, capsys):
    folder = tmp_path / "arkiv"
    (folder / "2025").mkdir(parents=True)
    (folder / "2025" / "dagsorden.docx").write_bytes(corpus.docx)
    (folder / "2025" / "referat.docx").write_bytes(corpus.referat_docx)
    (folder / "noter.txt").write_text("ikke en dagsorden")
    call_command("import_archive", str(folder))
    out = capsys.readouterr().out
    assert "dagsorden.docx: importeret" in out
    assert "referat.docx: importeret" in out
    assert "rettet: Ugedagen i kilden er »Onsdag«" in out
    assert Meeting.objects.get().status == MeetingStatus.MINUTES_APPROVED
    call_command("import_archive", str(folder))
    assert "I alt: 2 uændret" in capsys.readouterr().out
    assert Meeting.objects.count() == 1


def _libreoffice_convert(content: bytes, suffix: str, tmp_path) -> bytes:
    """The Word agenda saved by LibreOffice in an older or open format (.doc, .odt)."""
    source = tmp_path / "dagsorden.docx"
    source.write_bytes(content)
    subprocess.run(  # noqa: S603 - our own paths and a fixed binary
        [
            soffice(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            suffix,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    return (tmp_path / "out" / f"dagsorden.{suffix}").read_bytes()


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", ["doc", "odt"])
def test_doc_and_odt_are_read_through_libreoffice(corpus, tmp_path, suffix):
    content = _libreoffice_convert(corpus.docx, suffix, tmp_path)
    meeting = _import(content, f"Dagsorden 6. oktober 2025.{suffix}")
    assert_matches_seed(meeting, corpus.amounts)
