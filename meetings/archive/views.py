"""The secretariat's 'Importér arkiv': upload, preview, confirm, follow the progress."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access
from ..downloads import stored_file_response
from ..models import BatchStatus
from .batch_services import batch_confirm, batch_create
from .batch_work import batch_files
from .forms import ArchiveUploadForm
from .selectors import batches_of, may_import, originals_for
from .services import ArchiveError, State

STATE_ORDER = (State.READY, State.REFUSED, State.UNCHANGED, State.SKIPPED, State.IMPORTED)


@require_http_methods(["GET", "POST"])
def archive_start(request: HttpRequest) -> HttpResponse:
    """Upload several files or a zip of past agendas and minutes."""
    if not may_import(request.user):
        raise Http404
    committees = access.editable_committees(request.user)
    chosen = request.POST.get("committee")
    if chosen and not (chosen.isdigit() and committees.filter(pk=chosen).exists()):
        raise Http404  # a committee the user does not run, as everywhere else
    form = ArchiveUploadForm(
        request.POST or None,
        request.FILES or None,
        committees=committees,
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = batch_create(
                actor=request.user,
                committee=form.cleaned_data["committee"],
                uploads=form.cleaned_data["files"],
            )
        except ArchiveError as error:
            form.add_error("files", str(error))
        else:
            return redirect("meetings:archive_batch", batch_id=batch.pk)
    recent = batches_of(request.user)[:10]
    return render(request, "meetings/archive/archive_start.html", {"form": form, "recent": recent})


def _context(batch) -> dict:
    rows = batch_files(batch)
    counts = {state: sum(1 for row in rows if row["state"] == state) for state in STATE_ORDER}
    return {"batch": batch, "rows": rows, "counts": counts, "running": _running(batch)}


def _running(batch) -> bool:
    return batch.status in (BatchStatus.READING, BatchStatus.IMPORTING)


@require_GET
def archive_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The preview of an upload (or its progress, polled by htmx while it runs)."""
    batch = get_object_or_404(batches_of(request.user), pk=batch_id)
    context = _context(batch)
    if request.htmx:
        return render(request, "meetings/archive/_batch_status.html", context)
    return render(request, "meetings/archive/archive_batch.html", context)


@require_POST
def archive_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    """'Importér': save the files that are ready, in the background."""
    batch = get_object_or_404(batches_of(request.user), pk=batch_id)
    try:
        batch_confirm(batch=batch, actor=request.user)
    except ArchiveError as error:
        messages.error(request, str(error))
    return redirect("meetings:archive_batch", batch_id=batch.pk)


@require_GET
def archive_original(request: HttpRequest, import_id: int) -> HttpResponse:
    """The original file of an imported meeting ('Original dagsorden'), for the secretariat."""
    record = get_object_or_404(originals_for(request.user), pk=import_id)
    return stored_file_response(
        record.original.name,
        filename=record.original_filename,
        content_type=record.content_type or "application/octet-stream",
    )
