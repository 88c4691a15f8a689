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


def test_a_written_procedure_s_bilag_takes_the_same_way_out(client, dap, s3_storage, settings):
    """Every download view hands its file to `stored_file_response`: a procedure's bilag is
    a presigned redirect too when those are on, and only for a reader of the procedure."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.procedures import services as procedures

    secretary = member(dap, Role.SECRETARIAT)
    reader = member(dap, Role.MEMBER)
    draft = procedures.procedure_create(
        committee=dap,
        actor=secretary,
        title="Mini PID",
        deadline=timezone.now() + dt.timedelta(days=5),
        rule="majority",
        sections={"Indstilling": "<p>Det indstilles, at planen godkendes.</p>"},
    )
    upload = SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")
    bilag = procedures.procedure_bilag_upload(procedure=draft, actor=secretary, upload=upload)
    procedures.procedure_send(procedure=draft, actor=secretary)
    settings.DAP_DOWNLOAD_REDIRECT = True
    url = reverse("meetings:procedure_bilag_download", args=[bilag.pk])

    other = CommitteeFactory(name="Styregruppen for Andet", short_name="AN")
    client.force_login(member(other, Role.MEMBER))
    assert client.get(url).status_code == 404

    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302
    assert "X-Amz-Expires=60" in response["Location"]
    assert response["Cache-Control"] == "private, no-store"
