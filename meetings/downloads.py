"""Stored files to the browser, after the access check: streamed, or a short-lived redirect.

Every download view decides access first (meetings.access) and then hands the storage name
here. From the file system, or from a bucket by default, the bytes are streamed through the
web process. With DAP_STORAGE=s3 and DAP_DOWNLOAD_REDIRECT, an attachment answers with a
redirect to a presigned URL valid for DAP_DOWNLOAD_URL_SECONDS (default one minute), so the
bytes go straight from the bucket; files shown inline (the PDF viewer fetches them from our
own origin under the CSP) are always streamed.
"""

import io

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    # Bilag and agendas may be confidential: never kept by a shared cache or on the disk.
    response["Cache-Control"] = "private, no-store"
    return response


def bytes_response(
    content: bytes, *, filename: str, content_type: str = "application/pdf"
) -> HttpResponse:
    """A document made for this request (its access decided by the caller) as a download."""
    return _private(
        FileResponse(
            io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
        )
    )


def stored_file_response(
    name: str,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
    storage: Storage | None = None,
    handle: File | None = None,
) -> HttpResponse:
    """The stored file `name` as a download (or inline); 404 when it is not there.

    `handle` is the file opened already (the caller looked for it that way)."""
    storage = storage or default_storage
    if not name:
        raise Http404
    if as_attachment and settings.DAP_STORAGE == "s3" and settings.DAP_DOWNLOAD_REDIRECT:
        if handle is not None:
            handle.close()
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.DAP_DOWNLOAD_URL_SECONDS,
        )
        return _private(HttpResponseRedirect(url))
    try:
        handle = handle or storage.open(name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return _private(
        FileResponse(
            handle, as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    )
