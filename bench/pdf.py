"""Benchmark of the PDFs: agenda render, the render_agenda command, the meeting pack.

Usage: uv run python bench/pdf.py [--repeat N] [--processes N] [--pack-repeat N]

Builds a throw-away database (a new PostgreSQL database on DATABASE_URL's server, dropped
afterwards; else a SQLite file that the command processes can open too), imports the seed
agenda and measures:

- cold render: the first render in this process (fonts and stylesheets loaded, no cache);
- warm render: later renders of the same agenda, bypassing the PDF cache (render_document
  with use_cache=False: queries + template + WeasyPrint);
- WeasyPrint alone: write_pdf of the same HTML string, for the 1.2x goal;
- cached download: GET of /moeder/<id>/dagsorden.pdf through Django's test client when the
  PDF is in the cache;
- process: `manage.py render_agenda ID --no-cache` as a new process against a bare WeasyPrint
  process (`python -c` + write_pdf) on the same HTML, wall time of each (reported only: the
  command's start-up is not a goal, it is the secretariat's occasional batch);
- meeting pack: 30 bilag of 20 pages each, build_pack against rendering the agenda plus a
  plain pypdf merge of the same files (goal ≤ 1.5x), with the peak of Python memory of each
  (tracemalloc, in a run of its own) and the process's max RSS.
"""

import argparse
import hashlib
import io
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="dap-bench-pdf-"))

from bench.common import create_database, drop_database  # noqa: E402

PACK_BILAG = 30
PACK_PAGES = 20

BARE_WEASYPRINT = (
    "import sys; from weasyprint import HTML; "
    "HTML(filename=sys.argv[1], base_url=sys.argv[2])"
    ".write_pdf(sys.argv[3], pdf_variant='pdf/ua-1')"
)


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def describe(label: str, times: list[float]) -> str:
    median = statistics.median(times) * 1000
    spread = (max(times) - min(times)) * 1000
    return f"{label:<36} median {median:8.1f} ms   (n={len(times)}, spread {spread:.1f} ms)"


def peak_python_memory(function: Callable[[], object]) -> float:
    """Peak of Python allocations while `function` runs, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--processes", type=int, default=5, help="runs of each process")
    parser.add_argument("--pack-repeat", type=int, default=3)
    args = parser.parse_args()

    database_url, created = create_database("dap_bench_pdf", WORK)
    # The production settings (over plain HTTP, bench/web_settings.py), as `render_agenda`
    # runs in production: the test settings add a test OIDC provider and its libraries.
    env = {
        "DATABASE_URL": database_url,
        "DAP_VAR_DIR": str(WORK / "var"),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
        "DJANGO_SETTINGS_MODULE": "bench.web_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host and an in-memory outbox
    try:
        call_command("migrate", verbosity=0)
        run(args, env)
    finally:
        connections.close_all()
        drop_database(created)


def run(args: argparse.Namespace, env: dict[str, str]) -> None:
    import copy
    import json

    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from pypdf import PdfReader

    from meetings.access import Viewer
    from meetings.documents.render import (
        DocumentKind,
        document_html,
        html_to_pdf,
        render_document,
        static_base_url,
    )
    from meetings.editor.services import meeting_publish
    from meetings.interchange.services import import_agenda
    from meetings.models import Role

    seed = json.loads((ROOT / "fixtures" / "dap-2025-10-06.json").read_text(encoding="utf-8"))
    meeting = import_agenda(copy.deepcopy(seed))
    meeting_publish(meeting=meeting, actor=None)
    viewer = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)
    kind = DocumentKind.DAGSORDEN

    cold = timed(lambda: render_document(meeting, viewer, kind, use_cache=False), 1)
    warm = timed(lambda: render_document(meeting, viewer, kind, use_cache=False), args.repeat)
    html = document_html(meeting, viewer, kind)
    alone = timed(lambda: html_to_pdf(html), args.repeat)
    html_only = timed(lambda: document_html(meeting, viewer, kind), args.repeat)
    cached = cached_download(meeting, args.repeat)

    content = render_document(meeting, viewer, kind).content
    pages = len(PdfReader(io.BytesIO(content)).pages)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Seed agenda of 6 October 2025 ({pages} pages), database: {database}")
    print(describe("cold render (first in process)", cold))
    print(describe("warm render (no cache)", warm))
    print(describe("WeasyPrint alone, same HTML", alone))
    print(describe("  of which HTML (queries+template)", html_only))
    ratio = statistics.median(warm) / statistics.median(alone)
    print(f"{'warm render / WeasyPrint alone':<36} {ratio:.2f}x   (goal: at most 1.2x)")
    print(describe("cached download (HTTP GET)", cached))

    processes(meeting.pk, html, static_base_url(), env, args.processes)
    pack(meeting, viewer, args.pack_repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of this process (max RSS)':<36} {peak_mb:.0f} MB")


def cached_download(meeting, repeat: int) -> list[float]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from meetings.models import Membership, Role

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
    return timed(download, max(repeat, 20))


def processes(meeting_id: int, html: str, base_url: str, env: dict[str, str], runs: int) -> None:
    """render_agenda as a command against a bare WeasyPrint process, alternating."""
    source = WORK / "agenda.html"
    source.write_text(html, encoding="utf-8")
    child_env = {**os.environ, **env}
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "render_agenda",
        str(meeting_id),
        "--no-cache",
        "--output",
        str(WORK / "command.pdf"),
    ]
    bare = [sys.executable, "-c", BARE_WEASYPRINT, str(source), base_url, str(WORK / "bare.pdf")]
    times: dict[str, list[float]] = {"command": [], "bare": []}
    for _ in range(runs + 1):  # the first pair only warms the disk cache
        for label, argv in (("command", command), ("bare", bare)):
            start = time.perf_counter()
            subprocess.run(argv, cwd=ROOT, env=child_env, check=True, capture_output=True)  # noqa: S603
            times[label].append(time.perf_counter() - start)
    command_times, bare_times = times["command"][1:], times["bare"][1:]
    print(describe("render_agenda process (--no-cache)", command_times))
    print(describe("bare WeasyPrint process, same HTML", bare_times))
    ratio = statistics.median(command_times) / statistics.median(bare_times)
    print(f"{'render_agenda / bare WeasyPrint':<36} {ratio:.2f}x   (no goal)")


def twenty_pages() -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<h1 style="break-before: page">Bilag side {n}</h1>' + "<p>Tekst i bilaget. </p>" * 15
        for n in range(1, PACK_PAGES + 1)
    )
    return HTML(string=f"<html lang='da'><body>{body}</body></html>").write_pdf()


def pack(meeting, viewer, repeat: int) -> None:
    """30 bilag of 20 pages: build_pack against agenda render + plain pypdf merge."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from pypdf import PdfWriter

    from meetings.documents.pack import build_pack
    from meetings.documents.render import DocumentKind, render_document
    from meetings.models import Bilag

    data = twenty_pages()
    items = list(meeting.items.order_by("position"))
    existing = list(Bilag.objects.filter(item__meeting=meeting, generated=False))
    for number in range(PACK_BILAG - len(existing)):
        existing.append(
            Bilag(
                item=items[number % len(items)],
                position=100 + number,
                title=f"Pakkebilag {number + 1}",
            )
        )
    for bilag in existing[:PACK_BILAG]:
        bilag.file.save("pakke.pdf", ContentFile(data), save=False)
        bilag.original_filename = "pakke.pdf"
        bilag.content_type = "application/pdf"
        bilag.size = len(data)
        bilag.sha256 = hashlib.sha256(data).hexdigest()
        bilag.confidential = False
        bilag.save()
    names = [
        bilag.file.name for bilag in Bilag.objects.filter(item__meeting=meeting).exclude(file="")
    ]

    def plain() -> bytes:
        agenda = render_document(meeting, viewer, DocumentKind.DAGSORDEN, use_cache=False)
        writer = PdfWriter()
        writer.append(io.BytesIO(agenda.content))
        for name in names:
            with default_storage.open(name, "rb") as handle:
                writer.append(io.BytesIO(handle.read()))
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    built = build_pack(meeting, viewer)
    print(
        f"\nMeeting pack: {len(names)} bilag × {PACK_PAGES} pages, {built.page_count} pages, "
        f"{len(built.content) / 1_000_000:.1f} MB"
    )
    pack_times = timed(lambda: build_pack(meeting, viewer), repeat)
    plain_times = timed(plain, repeat)
    print(describe("build_pack", pack_times))
    print(describe("agenda render + plain pypdf merge", plain_times))
    ratio = statistics.median(pack_times) / statistics.median(plain_times)
    print(f"{'build_pack / (render + merge)':<36} {ratio:.2f}x   (goal: at most 1.5x)")
    print(
        f"{'peak Python memory: build_pack':<36} "
        f"{peak_python_memory(lambda: build_pack(meeting, viewer)):.0f} MB"
    )
    print(f"{'peak Python memory: render + merge':<36} {peak_python_memory(plain):.0f} MB")


if __name__ == "__main__":
    main()
