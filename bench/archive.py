"""Benchmark of the archive import: files per second and peak memory.

Usage: uv run python bench/archive.py [--files 200] [--pdf 10] [--rounds 5]

First the layout corpus (tests/meetings/archive_corpus/): per variant the share of its facts
read right and files read per second (reading only; LibreOffice variants where it is
installed). Then the import:

Builds a throw-away database (SQLite, or DATABASE_URL's server in a test database it drops
afterwards), writes the seed agenda as a MedCom-style Word file (the test corpus's writer),
makes `--files` variants of it on consecutive weeks, and imports each through the same
service as `manage.py import_archive` (read, preview, import_agenda, publish, held, audit,
original kept). `--pdf` portal agenda PDFs of the seed on other dates are imported too and
reported apart (PDF reading is the slower path). Prints files per second, the median time
per file, the queries of one import and the peak memory (max RSS) of the process.
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.settings.test")
os.environ.setdefault("DAP_VAR_DIR", tempfile.mkdtemp(prefix="dap-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--pdf", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="reads of each corpus variant")
    args = parser.parse_args()
    corpus(args.rounds)
    setup_test_environment()
    # A test database of its own (as the test suite's DAP_TEST_DB_SUFFIX), never another run's.
    suffix = os.environ.get("DAP_TEST_DB_SUFFIX", "").strip() or f"bench{os.getpid()}"
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{suffix}"
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dap-bench-media-"))
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.files, args.pdf)
    finally:
        teardown_databases(old_config, verbosity=0)


def corpus(rounds: int) -> None:
    from meetings.archive.read import read_archive_file
    from meetings.bilag.conversion import soffice
    from tests.meetings.archive_corpus import score, variants

    print(f"Layout corpus: share of facts read right, files per second ({rounds} reads each)")
    shares = []
    for variant in variants():
        if variant.needs == "libreoffice" and soffice() is None:
            print(f"  {variant.name:34s}  sprunget over (LibreOffice mangler)")
            continue
        content = variant.make()
        start = time.perf_counter()
        for _ in range(rounds):
            reading = read_archive_file(content, f"{variant.name}.{variant.suffix}")
        per_second = rounds / (time.perf_counter() - start)
        result = score(variant, reading)
        shares.append(result.share)
        print(
            f"  {variant.name:34s} {result.share:6.1%} of {result.total:3d} facts"
            f" {per_second:7.1f} files/s"
        )
    print(f"  all variants: lowest {min(shares):.1%}, peak memory {peak_mb():.0f} MB")


def run(count: int, pdf_count: int) -> None:
    import json

    from meetings.access import Viewer
    from meetings.archive.services import State, archive_import_file
    from meetings.documents.render import DocumentKind, render_document
    from meetings.interchange.services import import_agenda
    from meetings.models import Meeting, Role
    from tests.meetings.archive.corpus import agenda_docx, dated_variant

    seed = json.loads((ROOT / "fixtures" / "dap-2025-10-06.json").read_text(encoding="utf-8"))
    meeting = import_agenda(seed)
    docx = agenda_docx(meeting)
    viewer = Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)
    pdfs = []
    for week in range(pdf_count):
        Meeting.objects.filter(pk=meeting.pk).update(
            date=dt.date(2015, 1, 5) + dt.timedelta(weeks=week)
        )
        meeting.refresh_from_db()
        pdfs.append(render_document(meeting, viewer, DocumentKind.DAGSORDEN, use_cache=False))
    meeting.delete()
    first = dt.date(2018, 1, 1)
    files = [dated_variant(docx, first + dt.timedelta(weeks=week)) for week in range(count)]
    before = peak_mb()

    def import_all(contents: list[bytes], suffix: str) -> list[float]:
        times = []
        for number, content in enumerate(contents):
            start = time.perf_counter()
            outcome = archive_import_file(
                content=content, name=f"dagsorden-{number}.{suffix}", actor=None
            )
            times.append(time.perf_counter() - start)
            assert outcome.state == State.IMPORTED, outcome.message
            if (number + 1) % 50 == 0:
                print(f"  … {number + 1} {suffix} files imported", file=sys.stderr, flush=True)
        return times

    with CaptureQueriesContext(connection) as queries:
        import_all(files[:1], "docx")
    started = time.perf_counter()
    times = import_all(files[1:], "docx")
    total = time.perf_counter() - started
    pdf_started = time.perf_counter()
    pdf_times = import_all([pdf.content for pdf in pdfs], "pdf")
    pdf_total = time.perf_counter() - pdf_started
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    size_kb = statistics.mean(len(f) for f in files) / 1024
    print(f"Archive import, database: {database}, {os.cpu_count()} CPUs")
    print(f"Word agendas (.docx, {size_kb:.0f} kB each, 10 items): {count} files")
    print(f"  files per second              {(count - 1) / total:8.1f}")
    print(f"  median per file               {statistics.median(times) * 1000:8.1f} ms")
    print(f"  spread (max - min)            {(max(times) - min(times)) * 1000:8.1f} ms")
    print(f"  queries of one import         {len(queries.captured_queries):8d}")
    if pdf_times:
        print(f"Portal agenda PDFs: {len(pdf_times)} files")
        print(f"  files per second              {len(pdf_times) / pdf_total:8.1f}")
        print(f"  median per file               {statistics.median(pdf_times) * 1000:8.1f} ms")
    print(
        f"Peak memory (max RSS)           {peak_mb():8.0f} MB  (before importing: {before:.0f} MB)"
    )
    print(f"Meetings in the database        {Meeting.objects.count():8d}")


if __name__ == "__main__":
    main()
