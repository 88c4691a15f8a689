"""The record of a written procedure as PDF: the MedCom layout of the agenda, tagged PDF/UA-1.

"Skriftlig proces: <titel>": sent, deadline, rule, the Indstilling (the whole text), each
voting member's answer and remark with its time, the outcome and the Beslutning. Rendered by
the documents' machinery (print CSS, IBM Plex, `StaticOnlyFetcher`), cached by content hash.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from dap_portal import danish

from ..documents.render import PRINT_CSS, RenderedPdf, cached_pdf
from ..models import WrittenProcedure
from .selectors import ProcedurePage


def record_title(procedure: WrittenProcedure) -> str:
    return f"Skriftlig proces: {procedure.title}"


def record_filename(procedure: WrittenProcedure) -> str:
    """`Skriftlig-proces-DAP-Mini-PID-en-for-projektet.pdf`."""
    stem = "-".join("".join(char if char.isalnum() else " " for char in procedure.title).split())[
        :100
    ]
    return f"Skriftlig-proces-{procedure.committee.short_name}-{stem}.pdf"


def record_html(page: ProcedurePage) -> str:
    procedure = page.procedure
    return render_to_string(
        "meetings/procedures/record_pdf.html",
        {
            "page": page,
            "procedure": procedure,
            "title": record_title(procedure),
            # A closed procedure says so on every page (a printed page travels alone).
            "running_header": f"Skriftlig proces – {procedure.committee.short_name} – "
            f"{danish.date_long(timezone.localdate(procedure.deadline))}"
            + (" – Lukket proces" if procedure.confidential else ""),
            "print_css": PRINT_CSS,
            "secretariat": procedure.committee.secretariat,
            "accessibility_contact": settings.DAP_ACCESSIBILITY_CONTACT,
        },
    )


def render_record(page: ProcedurePage, *, use_cache: bool = True) -> RenderedPdf:
    """The record PDF as this viewer may see it (the HTML is the cache key)."""
    return cached_pdf(
        record_html(page), "skriftlig-proces", record_filename(page.procedure), use_cache=use_cache
    )
