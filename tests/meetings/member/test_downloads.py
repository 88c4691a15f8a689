"""Downloads after the access check: streamed from the storage, or (bucket, when set) a
redirect to a presigned URL valid for a minute; never for someone who may not see the file."""

import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Role
from tests.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    BilagFactory,
    CommitteeFactory,
    MeetingFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dap():
    return CommitteeFactory()


@pytest.fixture
def bilag(dap):
    meeting = MeetingFactory(committee=dap, published_at=timezone.now())
    return BilagFactory(item=AgendaItemFactory(meeting=meeting), with_file=True)


def test_bilag_download_is_streamed_from_the_storage(client, dap, bilag):
    client.force_login(member(dap, Role.MEMBER))

    response = client.get(reverse("meetings:bilag_download", args=[bilag.pk]))

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_bilag_in_a_bucket_is_streamed_by_default(client, dap, bilag, s3_storage):
    bilag.file.save("bilag.pdf", ContentFile(PDF_BYTES), save=True)
    client.force_login(member(dap, Role.MEMBER))

    response = client.get(reverse("meetings:bilag_download", args=[bilag.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_with_redirects_a_bucket_download_is_a_presigned_url_for_one_minute(
    client, dap, bilag, s3_storage, settings
):
    bilag.file.save("bilag.pdf", ContentFile(PDF_BYTES), save=True)
    settings.DAP_DOWNLOAD_REDIRECT = True
    client.force_login(member(dap, Role.MEMBER))

    response = client.get(reverse("meetings:bilag_download", args=[bilag.pk]))

    assert response.status_code == 302
    url = response["Location"]
    assert "X-Amz-Expires=60" in url
    assert "response-content-disposition=attachment" in url
    assert response["Cache-Control"] == "private, no-store"
    # The S3 server hands out the bytes for that URL.
    with urllib.request.urlopen(url, timeout=10) as fetched:  # noqa: S310  (our test server)
        assert fetched.read() == PDF_BYTES


def test_no_redirect_for_someone_who_may_not_see_the_bilag(
    client, dap, bilag, s3_storage, settings
):
    bilag.confidential = True
    bilag.file.save("bilag.pdf", ContentFile(PDF_BYTES), save=True)
    settings.DAP_DOWNLOAD_REDIRECT = True
    client.force_login(member(dap, Role.OBSERVER))

    response = client.get(reverse("meetings:bilag_download", args=[bilag.pk]))

    assert response.status_code == 404


def test_inline_bilag_for_the_viewer_is_streamed_even_with_redirects(
    client, dap, bilag, s3_storage, settings
):
    bilag.file.save("bilag.pdf", ContentFile(PDF_BYTES), save=True)
    settings.DAP_DOWNLOAD_REDIRECT = True
    client.force_login(member(dap, Role.MEMBER))

    response = client.get(reverse("meetings:bilag_inline", args=[bilag.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_agenda_pdf_from_a_bucket(client, dap, bilag, s3_storage):
    client.force_login(member(dap, Role.MEMBER))

    response = client.get(reverse("meetings:agenda_pdf", args=[bilag.item.meeting_id]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert any(name.endswith(".pdf") for name in s3_storage.listdir("cache/pdf")[1])
