"""The PDF rendition of an Office bilag, made once in the background: kept, or why it failed.

Below the services (which queue the conversion through `tasks`), so that the task and the
meeting pack can use it without a cycle.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from ..models import Bilag
from .text import extract_pdf_text


@transaction.atomic
def bilag_store_rendition(*, bilag: Bilag, content: bytes) -> Bilag:
    """Keep the PDF made of an Office bilag, so it is converted once, not on every view."""
    bilag = Bilag.objects.select_for_update().get(pk=bilag.pk)
    old = bilag.pdf_rendition.name if bilag.pdf_rendition else ""
    bilag.pdf_rendition.save(f"{bilag.pk}.pdf", ContentFile(content), save=False)
    bilag.rendition_error = ""
    bilag.text = extract_pdf_text(content)
    bilag.save(update_fields=["pdf_rendition", "rendition_error", "text"])
    if old:
        transaction.on_commit(lambda: bilag.pdf_rendition.storage.delete(old))
    return bilag


@transaction.atomic
def bilag_record_rendition_error(*, bilag: Bilag, reason: str) -> None:
    """Remember why an Office bilag could not be converted (shown instead of a preview)."""
    Bilag.objects.filter(pk=bilag.pk).update(rendition_error=reason[:300])
