"""Accuracy of the archive reader on the layout corpus (tests/meetings/archive_corpus/):
every variant imports with at least 95 % of its facts right, nothing wrong without a note,
and nothing silently dropped; minutes attach to the agenda's meeting whatever their layout."""

import re

import pytest

from dap_portal import danish
from meetings.archive import phrases
from meetings.archive.read import read_archive_file
from meetings.archive.services import State, archive_import_file, preview_file
from meetings.models import FollowUpAction, MeetingStatus
from meetings.sanitize import html_to_text
from tests.meetings.archive_corpus import GUESTS, ITEMS, score, variants

pytestmark = pytest.mark.django_db

VARIANTS = variants()


def _param(variant):
    marks = [pytest.mark.libreoffice] if variant.needs == "libreoffice" else []
    return pytest.param(variant, id=variant.name, marks=marks)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-zæøåÆØÅ]{4,}", text.lower())}


# Words that the reader turns into structure rather than keeps as text: the phrase table's
# labels, title words, month and weekday names (the date is kept as a date).
STRUCTURE = _words(
    " ".join(
        (
            *phrases.WHEN_WHERE,
            *phrases.LIST_HEADINGS,
            *phrases.PRESENT,
            *phrases.ABSENT,
            *phrases.GUESTS,
            *phrases.SECTION_HEADINGS,
            *phrases.DECISION_HEADINGS,
            *phrases.KIND_BANNERS,
            *danish.MONTHS,
            *danish.WEEKDAYS,
            "dagsorden referat mødet møde styregruppemøde gæst under punkt bilag",
        )
    )
)


@pytest.mark.parametrize("variant", [_param(v) for v in VARIANTS])
def test_every_variant_reads_with_at_least_95_percent_of_its_facts(variant):
    assert len(VARIANTS) >= 12
    reading = read_archive_file(variant.make(), f"{variant.name}.{variant.suffix}")
    result = score(variant, reading)
    assert result.share >= 0.95, result.wrong
    notes = " ".join(note.text for note in reading.notes if note.level == "se efter")
    for wrong in result.wrong:  # a wrong fact is never left without a note on its item
        number = re.search(r"punkt (\d+)", wrong)
        assert number, wrong
        assert f"Punkt {number[1]}" in notes, wrong
    # Nothing silently dropped: every word of the source is in what was read or a note.
    kept = str(reading.as_dict())
    for paragraph in variant.paragraphs:
        missing = _words(paragraph.text) - _words(kept) - STRUCTURE
        assert not missing, (paragraph.text, missing)


def test_word_numbering_and_bullets_come_from_numbering_xml():
    auto = next(v for v in VARIANTS if v.name == "v03-word-autonummer")
    assert not any(p.text[:1].isdigit() for p in auto.paragraphs if p.style in ("item", "list"))
    reading = read_archive_file(auto.make(), "dagsorden.docx")
    items = reading.document["items"]
    assert [i["title"] for i in items] == [i["title"] for i in ITEMS]
    assert [i["duration_minutes"] for i in items] == [i["minutes"] for i in ITEMS]
    budget = next(s for s in items[1]["sections"] if s["heading"] == "Baggrund")
    assert "<ul><li>Drift: 1.200.000 kr.</li></ul>" in budget["html"]


REFERATER = [v for v in VARIANTS if v.kind == "referat"]


@pytest.mark.parametrize("variant", [_param(v) for v in REFERATER])
def test_minutes_attach_decisions_and_attendance_to_the_agendas_meeting(variant):
    agenda = VARIANTS[0]
    meeting = archive_import_file(content=agenda.make(), name="dagsorden.docx", actor=None).meeting
    content = variant.make()
    # The committee as the secretariat chooses it on the page: a title may name the
    # committee otherwise ("mødet i Sundhedsstyregruppen").
    chosen = {"committee": meeting.committee}
    preview = preview_file(content=content, name=f"referat.{variant.suffix}", **chosen)
    assert preview.state == State.READY, preview.message
    assert preview.meeting_id == meeting.pk
    outcome = archive_import_file(
        content=content, name=f"referat.{variant.suffix}", actor=None, **chosen
    )
    assert outcome.meeting == meeting
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    items = list(meeting.items.order_by("position"))
    for item, expected in zip(items, ITEMS, strict=True):
        assert html_to_text(item.decision_html).strip() == expected["decision"]
    rows = {a.name: a for a in meeting.attendance.all()}
    texts = [p.text for p in variant.paragraphs]
    if any(t.startswith(("Til stede", "Deltagere")) for t in texts):
        assert (rows["Bo Lund"].status, rows["Bo Lund"].group) == ("present", "Bestyrelsen")
        assert (rows["Carl Berg"].group, rows["Finn Juhl"].status) == ("Observatører", "absent")
    if any(t.startswith(("Gæst", GUESTS[0])) for t in texts):
        guest = rows["Eva Krogh"]
        assert guest.guest
        assert guest.organisation == "Rambøll"
        assert guest.group == "Gæst under punkt 3 og 4"
    if "Opfølgning" in texts:
        action = FollowUpAction.objects.get(item=items[1])
        assert (str(action.due_date), action.responsible_kind) == ("2014-01-15", "secretariat")
        assert action.closed_at is not None  # history: no reminder for 2014
