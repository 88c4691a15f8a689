"""Benchmark of the agenda PDF: cold and warm render, WeasyPrint alone, cached download.

Usage: uv run python bench/pdf.py [--repeat N]

Builds a throw-away SQLite database (or uses DATABASE_URL's server, in a test database it
drops afterwards), imports the seed agenda and measures:

- cold render: the first render in this process (fonts and stylesheets loaded, no cache);
- warm render: later renders of the same agenda, bypassing the PDF cache (render_document
  with use_cache=False: queries + template + WeasyPrint);
- WeasyPrint alone: write_pdf of the same HTML string, for the 1.2x goal;
- cached download: GET of /moeder/<id>/dagsorden.pdf through Django's test client when the
  PDF is in the cache (access check, queries, template, hash, file read);
- peak memory (max RSS) of the process.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.test_settings")
os.environ.setdefault("DAP_VAR_DIR", tempfile.mkdtemp(prefix="dap-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.urls import reverse  # noqa: E402


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def describe(label: str, times: list[float]) -> str:
    median = statistics.median(times) * 1000
    spread = (max(times) - min(times)) * 1000
    return f"{label:<34} median {median:8.1f} ms   (n={len(times)}, spread {spread:.1f} ms)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dap-bench-media-"))
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.repeat)
    finally:
        teardown_databases(old_config, verbosity=0)


def run(repeat: int) -> None:
    import io
    import json

    from pypdf import PdfReader

    from meetings.access import Viewer
    from meetings.documents.render import DocumentKind, document_html, html_to_pdf, render_document
    from meetings.editor.services import meeting_publish
    from meetings.interchange.services import import_agenda
    from meetings.models import Membership, Role

    seed = json.loads((ROOT / "fixtures" / "dap-2025-10-06.json").read_text(encoding="utf-8"))
    meeting = import_agenda(seed)
    meeting_publish(meeting=meeting, actor=None)
    viewer = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)
    kind = DocumentKind.DAGSORDEN

    cold = timed(lambda: render_document(meeting, viewer, kind, use_cache=False), 1)
    warm = timed(lambda: render_document(meeting, viewer, kind, use_cache=False), repeat)
    html = document_html(meeting, viewer, kind)
    alone = timed(lambda: html_to_pdf(html), repeat)
    html_only = timed(lambda: document_html(meeting, viewer, kind), repeat)

    member = get_user_model().objects.create_user("bench-medlem")
    Membership.objects.create(committee=meeting.committee, user=member, role=Role.MEMBER)
    client = Client()
    client.force_login(member)
    url = reverse("meetings:agenda_pdf", args=[meeting.pk])

    def download() -> None:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)

    download()  # fills the cache for the member's access level
    cached = timed(download, max(repeat, 20))

    content = render_document(meeting, viewer, kind).content
    pages = len(PdfReader(io.BytesIO(content)).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Seed agenda of 6 October 2025 ({pages} pages), database: {database}")
    print(describe("cold render (first in process)", cold))
    print(describe("warm render (no cache)", warm))
    print(describe("WeasyPrint alone, same HTML", alone))
    print(describe("  of which HTML (queries+template)", html_only))
    ratio = statistics.median(warm) / statistics.median(alone)
    print(f"{'warm render / WeasyPrint alone':<34} {ratio:.2f}x   (goal: at most 1.2x)")
    print(describe("cached download (HTTP GET)", cached) + "   (goal: under 20 ms)")
    print(f"{'peak memory (max RSS)':<34} {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
