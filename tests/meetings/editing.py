"""Helpers of the secretariat's tests: uploads, URLs, the history's actions, query counts."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, AuditEntry
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
    ItemSectionFactory,
    PresenterFactory,
)

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def actions(meeting):
    return list(
        AuditEntry.objects.filter(meeting=meeting)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def titles(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def pdf(name="notat.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"meetings:{name}", args=args)


def editing_urls(meeting):
    item = AgendaItemFactory(meeting=meeting)
    section = ItemSectionFactory(item=item)
    bilag = BilagFactory(item=item, with_file=True)
    attendance = Attendance.objects.create(meeting=meeting, name="Gæst", guest=True)
    return [
        url("meeting_edit", meeting.pk),
        url("meeting_details", meeting.pk),
        url("meeting_details_closed", meeting.pk),
        url("meeting_publish", meeting.pk),
        url("meeting_cancel", meeting.pk),
        url("meeting_history", meeting.pk),
        url("meeting_copy", meeting.pk),
        url("item_add", meeting.pk),
        url("items_reorder", meeting.pk),
        url("item_head", item.pk),
        url("item_edit", item.pk),
        url("item_delete", item.pk),
        url("item_move", item.pk),
        url("section_new", item.pk),
        url("bilag_list", item.pk),
        url("bilag_add", item.pk),
        url("bilag_reorder", item.pk),
        url("decision_save", item.pk),
        url("section_show", section.pk),
        url("section_edit", section.pk),
        url("section_delete", section.pk),
        url("section_move", section.pk),
        url("bilag_rename", bilag.pk),
        url("bilag_replace", bilag.pk),
        url("bilag_delete", bilag.pk),
        url("bilag_move", bilag.pk),
        url("meeting_minutes", meeting.pk),
        url("attendance_save", meeting.pk),
        url("guest_add", meeting.pk),
        url("attendance_delete", attendance.pk),
        url("meeting_held", meeting.pk),
        url("minutes_approve", meeting.pk),
        url("minutes_reopen", meeting.pk),
    ]


def build_agenda(meeting, items):
    for index in range(items):
        item = AgendaItemFactory(meeting=meeting, confidential=index % 5 == 0)
        ItemSectionFactory(item=item, heading="Indstilling")
        ItemSectionFactory(item=item, part="Del", heading="Baggrund")
        PresenterFactory(item=item)
        BilagFactory(item=item, with_file=index % 2 == 0)


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)
