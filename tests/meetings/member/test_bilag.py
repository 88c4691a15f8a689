"""Bilag in the browser: previews of PDF, images and Office files, and the access check on
every way to a bilag's bytes (download, inline file, viewer page, note)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.bilag import services as bilag_services
from meetings.bilag import tasks
from meetings.models import Bilag, Role
from tests.factories import (
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    MeetingFactory,
    member,
)
from tests.meetings.pdf_samples import minimal_docx, pdf_with_pages, tiny_png

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def meeting(dap):
    return MeetingFactory(committee=dap)


def with_file(bilag: Bilag, data: bytes, content_type: str, name: str) -> Bilag:
    bilag.file.save(name, ContentFile(data), save=False)
    bilag.content_type = content_type
    bilag.original_filename = name
    bilag.size = len(data)
    bilag.save()
    return bilag


def test_a_pdf_bilag_opens_in_the_viewer_with_its_neighbours(client, dap, meeting):
    item = AgendaItemFactory(meeting=meeting)
    first = BilagFactory(item=item, with_file=True, title="Første")
    second = with_file(
        BilagFactory(item=item, title="Andet"), pdf_with_pages(2), "application/pdf", "a.pdf"
    )
    third = BilagFactory(item=AgendaItemFactory(meeting=meeting), with_file=True, title="Tredje")
    client.force_login(member(dap, Role.MEMBER))

    page = client.get(reverse("meetings:bilag_view", args=[second.pk]))

    assert page.status_code == 200
    text = page.text
    assert "Bilag 1.2 Andet" in text
    assert f'data-pdf-url="{reverse("meetings:bilag_inline", args=[second.pk])}"' in text
    assert reverse("meetings:bilag_view", args=[first.pk]) in text  # previous
    assert reverse("meetings:bilag_view", args=[third.pk]) in text  # next
    assert reverse("meetings:bilag_download", args=[second.pk]) in text
    assert "<script>" not in text  # only the module file, no inline script (CSP)

    inline = client.get(reverse("meetings:bilag_inline", args=[second.pk]))
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert b"".join(inline.streaming_content).startswith(b"%PDF")


def test_an_image_is_shown_inline(client, dap, meeting):
    bilag = with_file(
        BilagFactory(item=AgendaItemFactory(meeting=meeting)), tiny_png(), "image/png", "x.png"
    )
    client.force_login(member(dap, Role.MEMBER))
    text = client.get(reverse("meetings:bilag_view", args=[bilag.pk])).text
    assert f'<img src="{reverse("meetings:bilag_inline", args=[bilag.pk])}"' in text
    inline = client.get(reverse("meetings:bilag_inline", args=[bilag.pk]))
    assert inline["Content-Type"] == "image/png"


def test_an_office_bilag_not_yet_converted_says_so_and_offers_the_download(client, dap, meeting):
    bilag = with_file(
        BilagFactory(item=AgendaItemFactory(meeting=meeting)), minimal_docx("Hej"), DOCX, "n.docx"
    )
    client.force_login(member(dap, Role.MEMBER))
    text = client.get(reverse("meetings:bilag_view", args=[bilag.pk])).text
    assert "konverteres stadig" in text
    assert reverse("meetings:bilag_download", args=[bilag.pk]) in text
    assert client.get(reverse("meetings:bilag_inline", args=[bilag.pk])).status_code == 404

    Bilag.objects.filter(pk=bilag.pk).update(rendition_error="LibreOffice er ikke installeret.")
    text = client.get(reverse("meetings:bilag_view", args=[bilag.pk])).text
    # Why is for the secretariat (issue 23.16); a member is told to fetch the file.
    assert "Kan ikke vises i browseren – hent filen." in text
    assert "LibreOffice" not in text
    client.force_login(member(dap, Role.SECRETARIAT))
    text = client.get(reverse("meetings:bilag_view", args=[bilag.pk])).text
    assert "kunne ikke vises i browseren: LibreOffice er ikke installeret." in text


@pytest.mark.libreoffice
def test_a_word_bilag_is_previewed_through_its_pdf_rendition(client, dap, meeting):
    bilag = with_file(
        BilagFactory(item=AgendaItemFactory(meeting=meeting)),
        minimal_docx("Kommissorium for arbejdsgruppen"),
        DOCX,
        "k.docx",
    )
    tasks.convert_bilag_to_pdf(bilag.pk)
    bilag.refresh_from_db()
    assert bilag.pdf_rendition
    assert "Kommissorium" in bilag.text  # the rendition's words are searchable
    client.force_login(member(dap, Role.MEMBER))

    text = client.get(reverse("meetings:bilag_view", args=[bilag.pk])).text
    assert "data-pdf-url" in text
    inline = client.get(reverse("meetings:bilag_inline", args=[bilag.pk]))
    assert inline["Content-Type"] == "application/pdf"
    assert b"".join(inline.streaming_content).startswith(b"%PDF")


def test_uploading_a_pdf_keeps_its_text_for_search(dap, meeting):
    secretary = member(dap, Role.SECRETARIAT)
    meeting.status = "draft"
    meeting.save()
    item = AgendaItemFactory(meeting=meeting)
    bilag = bilag_services.bilag_upload(
        item=item,
        actor=secretary,
        upload=ContentFile(pdf_with_pages(2, text="Forløbsplan"), name="plan.pdf"),
    )
    assert "Forløbsplan side 1" in bilag.text
    assert "Forløbsplan side 2" in bilag.text


def bilag_urls(bilag: Bilag) -> list[str]:
    return [
        reverse("meetings:bilag_download", args=[bilag.pk]),
        reverse("meetings:bilag_view", args=[bilag.pk]),
        reverse("meetings:bilag_inline", args=[bilag.pk]),
    ]


def test_every_way_to_a_bilag_goes_through_the_access_check(client, dap, meeting):
    open_item = AgendaItemFactory(meeting=meeting)
    closed_item = AgendaItemFactory(meeting=meeting, confidential=True)
    confidential = BilagFactory(item=open_item, with_file=True, confidential=True)
    on_closed = BilagFactory(item=closed_item, with_file=True)
    public = BilagFactory(item=open_item, with_file=True)
    draft_bilag = BilagFactory(
        item=AgendaItemFactory(meeting=MeetingFactory(committee=dap, draft=True)), with_file=True
    )
    other = BilagFactory(
        item=AgendaItemFactory(meeting=MeetingFactory(committee=CommitteeFactory(short_name="FP"))),
        with_file=True,
    )

    client.force_login(member(dap, Role.OBSERVER))
    for bilag in (confidential, on_closed, draft_bilag, other):
        for url in bilag_urls(bilag):
            assert client.get(url).status_code == 404, url
        note = client.post(reverse("meetings:note_bilag", args=[bilag.pk]), {"text": "x"})
        assert note.status_code == 404
    for url in bilag_urls(public):
        assert client.get(url).status_code == 200, url

    client.force_login(member(dap, Role.MEMBER))
    for bilag in (confidential, on_closed):
        for url in bilag_urls(bilag):
            assert client.get(url).status_code == 200, url

    client.logout()
    for url in bilag_urls(public):
        response = client.get(url)
        assert response.status_code == 302
        assert "/log-ind/" in response["Location"]
