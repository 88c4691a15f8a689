"""The secretariat's bilag pages: uploads refused with a message, replace, versions, order."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import (
    Bilag,
)
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
)
from tests.meetings.editing import ELF_BYTES, HTMX, url
from tests.meetings.member.test_meeting_page import text_of

pytestmark = pytest.mark.django_db


def test_upload_of_an_executable_named_pdf_is_refused_with_a_message(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)

    response = as_secretary.post(
        url("bilag_add", item.pk),
        {"file": SimpleUploadedFile("rapport.pdf", ELF_BYTES)},
        **HTMX,
    )

    assert response.status_code == 200
    assert (
        "Bilaget er ikke gemt Filen er ikke en PDF, Word-, Excel- eller PowerPoint-fil eller et "
        "billede (indholdet er et program (ELF)). Vælg en anden fil."
    ) in text_of(response)
    assert not Bilag.objects.exists()


def test_oversize_upload_is_refused_with_a_message(as_secretary, meeting, settings):
    settings.DAP_BILAG_MAX_BYTES = 1024 * 1024
    item = AgendaItemFactory(meeting=meeting)

    response = as_secretary.post(
        url("bilag_add", item.pk),
        {"file": SimpleUploadedFile("stor.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))},
        **HTMX,
    )

    assert "Filen er for stor: 2 MB. Den største tilladte størrelse er 1 MB." in text_of(response)
    assert not Bilag.objects.exists()


def test_upload_replace_and_versions_through_the_page(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting)

    added = as_secretary.post(
        url("bilag_add", item.pk),
        {"file": SimpleUploadedFile("Analyse.pdf", PDF_BYTES), "title": ""},
        **HTMX,
    )
    bilag = Bilag.objects.get()
    assert "Bilag 1.1 Analyse" in text_of(added)

    replaced = as_secretary.post(
        url("bilag_replace", bilag.pk),
        {"file": SimpleUploadedFile("Analyse-v2.pdf", PDF_BYTES + b"%2")},
        **HTMX,
    )
    assert "version 2" in text_of(replaced)
    assert bilag.versions.count() == 1

    download = as_secretary.get(url("bilag_download", bilag.pk))
    assert b"".join(download.streaming_content) == PDF_BYTES + b"%2"


def test_bilag_delete_without_javascript_asks_first(as_secretary, meeting):
    bilag = BilagFactory(item=AgendaItemFactory(meeting=meeting), title="Notat")

    assert "Vil du slette bilaget »Notat«" in text_of(
        as_secretary.get(url("bilag_delete", bilag.pk))
    )
    response = as_secretary.post(url("bilag_delete", bilag.pk))

    assert response.status_code == 302
    assert not Bilag.objects.exists()


def test_dragging_bilag_renumbers_them(as_secretary, meeting):
    item = AgendaItemFactory(meeting=meeting)
    first = BilagFactory(item=item, title="Først")
    second = BilagFactory(item=item, title="Anden")

    response = as_secretary.post(
        url("bilag_reorder", item.pk), {"bilag": [second.pk, first.pk]}, **HTMX
    )

    text = text_of(response)
    assert text.index("Bilag 1.1 Anden") < text.index("Bilag 1.2 Først")
    stale = as_secretary.post(url("bilag_reorder", item.pk), {"bilag": [second.pk]}, **HTMX)
    assert "er ændret af en anden" in text_of(stale)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.pdf", b"", "Filen er tom. Vælg en anden fil."),
        (
            "logo.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "Filen er et SVG-billede, og SVG kan ikke bruges som bilag",
        ),
    ],
)
def test_an_empty_file_and_an_svg_are_refused_with_what_they_are(
    as_secretary, meeting, name, content, message
):
    item = AgendaItemFactory(meeting=meeting)

    response = as_secretary.post(
        url("bilag_add", item.pk), {"file": SimpleUploadedFile(name, content)}, **HTMX
    )

    assert message in text_of(response)
    assert "Vælg en fil at uploade" not in text_of(response)
    assert "webside" not in text_of(response)
    assert not Bilag.objects.exists()
