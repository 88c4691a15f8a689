"""Bilag services: uploads checked by content and size, versions, renditions, order."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.bilag import services as bilag_services
from meetings.editor import services as editor_services
from meetings.models import (
    AuditEntry,
    Bilag,
    BilagVersion,
)
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
    ItemSectionFactory,
    MeetingFactory,
    PresenterFactory,
)
from tests.meetings.editing import (
    ELF_BYTES,
    actions,
    docx_bytes,
    pdf,
    titles,
)

pytestmark = pytest.mark.django_db


def test_a_pdf_upload_is_stored_with_its_facts(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    bilag = bilag_services.bilag_upload(
        item=item, actor=secretary, upload=pdf("Kommissorium v2.pdf")
    )

    assert bilag.title == "Kommissorium v2"
    assert bilag.content_type == "application/pdf"
    assert bilag.size == len(PDF_BYTES)
    assert len(bilag.sha256) == 64
    assert bilag.original_filename == "Kommissorium v2.pdf"
    assert bilag.uploaded_by == secretary
    assert bilag.file.name.endswith(".pdf")
    assert AuditEntry.objects.get(action="bilag_uploaded").item_id == item.pk


def test_an_executable_named_pdf_is_refused(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)

    with pytest.raises(ValidationError) as refused:
        bilag_services.bilag_upload(
            item=item, actor=secretary, upload=pdf("rapport.pdf", ELF_BYTES)
        )

    assert refused.value.messages == [
        "Filen er ikke en PDF, Word-, Excel- eller PowerPoint-fil eller et billede "
        "(indholdet er et program (ELF)). Vælg en anden fil."
    ]
    assert not Bilag.objects.exists()


def test_an_oversize_upload_is_refused_with_the_limit(meeting, secretary, settings):
    settings.DAP_BILAG_MAX_BYTES = 1024 * 1024
    item = AgendaItemFactory(meeting=meeting)
    big = PDF_BYTES + b"0" * (1024 * 1024 + 200 * 1024)

    with pytest.raises(ValidationError) as refused:
        bilag_services.bilag_upload(item=item, actor=secretary, upload=pdf("stor.pdf", big))

    assert refused.value.messages == [
        "Filen er for stor: 1,2 MB. Den største tilladte størrelse er 1 MB."
    ]
    assert not Bilag.objects.exists()


def test_replacing_a_bilag_keeps_the_earlier_file(meeting, secretary):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=meeting), with_file=True)
    first_file = bilag.file.name

    replaced = bilag_services.bilag_replace(
        bilag=bilag, actor=secretary, upload=pdf("ny.pdf", PDF_BYTES + b"%ny")
    )

    assert replaced.version == 2
    assert replaced.original_filename == "ny.pdf"
    assert replaced.file.name != first_file
    old = BilagVersion.objects.get(bilag=bilag)
    assert (old.number, old.file.name, old.original_filename) == (1, first_file, "bilag.pdf")
    assert old.file.open("rb").read() == PDF_BYTES
    entry = AuditEntry.objects.get(action="bilag_replaced")
    assert entry.changes["version"] == [1, 2]


def test_office_bilag_is_sent_for_conversion_after_commit(
    meeting, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    from meetings.bilag import tasks

    queued = []

    class Task:
        @staticmethod
        def delay(bilag_id):
            queued.append(bilag_id)

    monkeypatch.setattr(tasks, "convert_bilag_to_pdf", Task)
    item = AgendaItemFactory(meeting=meeting)
    upload = SimpleUploadedFile("notat.docx", docx_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        bilag = bilag_services.bilag_upload(item=item, actor=secretary, upload=upload)

    assert bilag.content_type.endswith("wordprocessingml.document")
    assert queued == [bilag.pk]


def test_bilag_rename_reorder_and_delete(meeting, secretary):
    item = AgendaItemFactory(meeting=meeting)
    one, two = BilagFactory(item=item, title="Et"), BilagFactory(item=item, title="To")

    bilag_services.bilag_rename(bilag=one, actor=secretary, title="Første", confidential=True)
    bilag_services.bilag_reorder(item=item, actor=secretary, order=[two.pk, one.pk])
    bilag_services.bilag_delete(bilag=two, actor=secretary)

    assert list(item.bilag.values_list("title", "confidential")) == [("Første", True)]
    assert actions(meeting) == ["bilag_renamed", "bilag_moved", "bilag_deleted"]
    assert AuditEntry.objects.get(action="bilag_renamed").changes["title"] == ["Et", "Første"]


def test_copy_brings_text_but_no_decision_and_bilag_only_when_asked(dap, secretary):
    earlier = MeetingFactory(committee=dap, date=dt.date(2025, 6, 2))
    source = AgendaItemFactory(
        meeting=earlier,
        title="Budget",
        decision_html="<p>Godkendt</p>",
        decision_outcome="approved",
    )
    ItemSectionFactory(item=source, heading="Indstilling", html="<p>Det indstilles</p>")
    PresenterFactory(item=source, name="Anne")
    BilagFactory(item=source, with_file=True, title="Budgetnotat")
    target = editor_services.meeting_create(
        committee=dap, actor=secretary, date=dt.date(2026, 1, 5)
    )

    [copy] = editor_services.meeting_copy_items(meeting=target, actor=secretary, items=[source])
    [with_bilag] = editor_services.meeting_copy_items(
        meeting=target, actor=secretary, items=[source], include_bilag=True
    )

    assert titles(target) == ["Meddelelser", "Budget", "Budget", "Eventuelt og næste møde"]
    assert copy.decision_html == ""
    assert copy.decision_outcome == ""
    assert [s.html for s in copy.sections.all()] == ["<p>Det indstilles</p>"]
    assert [p.name for p in copy.presenters.all()] == ["Anne"]
    assert not copy.bilag.exists()
    copied = with_bilag.bilag.get()
    assert copied.title == "Budgetnotat"
    assert copied.file.name != source.bilag.get().file.name
    assert copied.file.open("rb").read() == PDF_BYTES
