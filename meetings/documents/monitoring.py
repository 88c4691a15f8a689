"""The generated project-monitoring bilag as PDF pages (for its own download and the pack)."""

import hashlib
import json

from django.template.loader import render_to_string

from ..models import Bilag, Meeting
from ..portfolio.embeds import monitoring_figures
from .render import PRINT_CSS, cached_pdf, html_to_pdf


def monitoring_html(bilag: Bilag, meeting: Meeting, number: str, *, in_pack: bool = False) -> str:
    """The bilag's HTML, with the figures the meeting shows (frozen once published).

    `in_pack` leaves out its own page numbers: the meeting pack numbers its pages itself.
    """
    return render_to_string(
        "meetings/documents/monitoring_pdf.html",
        {
            "title": f"Bilag {number} {bilag.title}",
            "meeting": meeting,
            "figures": monitoring_figures(bilag, meeting),
            "print_css": PRINT_CSS,
            "in_pack": in_pack,
        },
    )


def _render(html: str) -> bytes:
    return html_to_pdf(html)


def monitoring_pdf(bilag: Bilag, meeting: Meeting, number: str, *, in_pack: bool = False) -> bytes:
    """The bilag rendered by WeasyPrint with the print stylesheet as tagged PDF/UA-1, like the
    agenda (title, language, header and page numbers as artifacts); kept in the PDF cache by
    its HTML (the same figures, number and title give the same file): a pack or a download
    made again does not render it again. The pack carries its tags over (`PackTagger.adopt`)."""
    html = monitoring_html(bilag, meeting, number, in_pack=in_pack)
    return cached_pdf(html, "overvaagning", "", render=_render).content


def monitoring_fingerprint(bilag: Bilag, meeting: Meeting) -> str:
    """A hash of the figures the bilag shows: a pack is rebuilt when they change."""
    table = monitoring_figures(bilag, meeting).table
    data = json.dumps(table.to_data() if table else None, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()
