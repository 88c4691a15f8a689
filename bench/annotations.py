"""Benchmark of a reader's annotations: the pack with their notes, and opening the viewer.

Usage: uv run python bench/annotations.py [--repeat N]

Builds a throw-away database (a new PostgreSQL database on DATABASE_URL's server, dropped
afterwards; else a SQLite file), imports the seed agenda with a 10-page PDF of running text
for each bilag, publishes it, and measures through Django's test client (one signed-in
member, the production settings over plain HTTP as bench/web.py runs them):

(a) "Min mødepakke med noter" with 100 highlights and notes spread over the bilag (placed on
    their words as the viewer places them: `place_quote`), against the plain pack: its cached
    download (the same member's pack file, streamed), and its build (`build_pack`, what a pack
    costs when it is made). Goal: at most 1.3x the plain pack.
(b) The server side of opening the bilag viewer of a 50-page bilag: the viewer page plus the
    annotations list API, for a member with 200 annotations in it against one with none.
    Goal: at most 1.5x bare.

Prints the medians, spreads and query counts; asserts nothing about time.
"""

import argparse
import hashlib
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="dap-bench-annotations-"))

from bench.common import create_database, drop_database  # noqa: E402

PACK_ANNOTATIONS = 100
VIEWER_PAGES = 50
VIEWER_ANNOTATIONS = 200
SENTENCES = [
    "Styregruppen godkender budgettet for {n} med forbehold for finansloven.",
    "Regionerne har leveret data fra alle praksis i kvartal {n} som aftalt.",
    "Tidsplanen for udrulning nummer {n} er forsinket med fire uger.",
    "Projektet har brugt {n} procent af rammen ved udgangen af august.",
]


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def describe(label: str, times: list[float], queries: int | None = None) -> str:
    median = statistics.median(times) * 1000
    spread = (max(times) - min(times)) * 1000
    counted = f", {queries} queries" if queries is not None else ""
    return (
        f"{label:<44} median {median:8.1f} ms   (n={len(times)}, spread {spread:.1f} ms{counted})"
    )


def text_pdf(pages: int, title: str) -> bytes:
    """`pages` pages of running text, four sentences a paragraph, as a bilag would be."""
    from weasyprint import HTML

    body = "".join(
        f'<h1 style="break-before: page">{title}, side {page}</h1>'
        + "".join(
            "<p>" + " ".join(s.format(n=page * 10 + line) for s in SENTENCES) + "</p>"
            for line in range(6)
        )
        for page in range(1, pages + 1)
    )
    return HTML(string=f"<html lang='da'><body>{body}</body></html>").write_pdf()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    database_url, created = create_database("dap_bench_annotations", WORK)
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DAP_VAR_DIR": str(WORK / "var"),
            "DJANGO_MEDIA_ROOT": str(WORK / "media"),
            "DJANGO_SETTINGS_MODULE": "bench.web_settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_DEBUG": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "CELERY_TASK_ALWAYS_EAGER": "true",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import setup_test_environment

    setup_test_environment()
    try:
        call_command("migrate", verbosity=0)
        run(args.repeat)
    finally:
        connections.close_all()
        drop_database(created)


def attach(bilag, data: bytes) -> None:
    from django.core.files.base import ContentFile

    bilag.file.save("bilag.pdf", ContentFile(data), save=False)
    bilag.original_filename = "bilag.pdf"
    bilag.content_type = "application/pdf"
    bilag.size = len(data)
    bilag.sha256 = hashlib.sha256(data).hexdigest()
    bilag.save()


def annotations_in(bilag, owner, data: bytes, count: int, *, pages: int) -> list:
    """`count` highlights (every third with a note) on the bilag's sentences, as the viewer
    would place them, spread over its pages."""
    from meetings.annotations.anchoring import place_quote
    from meetings.bilag.layout import pdf_pages_text
    from meetings.models import AnnotationKind, BilagAnnotation

    text = pdf_pages_text(data)
    made = []
    for number in range(count):
        page = number % pages + 1
        line = (number // pages) % 6
        sentence = SENTENCES[number % len(SENTENCES)].format(n=page * 10 + line)
        placed = place_quote([text[page - 1]], exact=sentence)
        if placed is None:
            continue
        made.append(
            BilagAnnotation(
                owner=owner,
                bilag=bilag,
                bilag_version=bilag.version,
                kind=AnnotationKind.HIGHLIGHT,
                page=placed.page,
                areas=placed.areas,
                quote_exact=sentence,
                note=f"Note {number + 1}: spørg ind til dette." if number % 3 == 0 else "",
            )
        )
    BilagAnnotation.objects.bulk_create(made)
    return made


def run(repeat: int) -> None:
    import copy
    import json

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from meetings.access import Viewer
    from meetings.documents.pack import build_pack
    from meetings.editor.services import meeting_publish
    from meetings.interchange.services import import_agenda
    from meetings.models import Bilag, Membership, Role

    seed = json.loads((ROOT / "fixtures" / "dap-2025-10-06.json").read_text(encoding="utf-8"))
    meeting = import_agenda(copy.deepcopy(seed))
    bilag = list(Bilag.objects.filter(item__meeting=meeting, generated="").order_by("pk"))
    data = {}
    for index, one in enumerate(bilag):
        data[one.pk] = text_pdf(10, f"Bilag {index + 1}")
        attach(one, data[one.pk])
    meeting_publish(meeting=meeting, actor=None)
    users = get_user_model().objects
    reader = users.create_user("bench-laeser")
    bare = users.create_user("bench-uden-noter")
    for user in (reader, bare):
        Membership.objects.create(committee=meeting.committee, user=user, role=Role.MEMBER)
    client = Client()
    client.force_login(reader)

    def get(url: str) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(url)
        return len(captured)

    # (a) The pack with 100 notes against the plain pack.
    per_bilag = -(-PACK_ANNOTATIONS // len(bilag))
    made = sum(len(annotations_in(one, reader, data[one.pk], per_bilag, pages=10)) for one in bilag)
    client.post(reverse("meetings:pack_request", args=[meeting.pk]))  # built (eagerly) now
    plain_url = reverse("meetings:pack_download", args=[meeting.pk])
    mine_url = reverse("meetings:pack_with_my_notes", args=[meeting.pk])
    plain = get(plain_url)
    mine = get(mine_url)
    viewer = Viewer.of(reader, meeting)
    build = timed(lambda: build_pack(meeting, viewer), max(3, repeat // 3))
    download = timed(lambda: get(plain_url), repeat)
    personal = timed(lambda: get(mine_url), repeat)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {database}; CPUs: {os.cpu_count()}; repetitions: {repeat}")
    print(
        f"\n(a) Seed meeting, {len(bilag)} bilag of 10 pages, pack {len(plain) / 1e6:.1f} MB; "
        f"{made} annotations of one member (personal pack {len(mine) / 1e6:.2f} MB)"
    )
    print(describe("plain pack: build_pack", build))
    print(describe("plain pack: cached download", download, queries(plain_url)))
    print(describe("Min mødepakke med noter", personal, queries(mine_url)))
    median = statistics.median
    print(
        f"{'personal / plain pack build':<44} {median(personal) / median(build):.2f}x"
        "   (goal: at most 1.3x the plain pack)"
    )
    print(
        f"{'personal / plain pack cached download':<44} {median(personal) / median(download):.2f}x"
    )

    # (b) The viewer of a 50-page bilag with 200 annotations against bare.
    big = bilag[0]
    big_data = text_pdf(VIEWER_PAGES, "Det store bilag")
    attach(big, big_data)
    big.annotations.all().delete()
    made = len(annotations_in(big, reader, big_data, VIEWER_ANNOTATIONS, pages=VIEWER_PAGES))
    view_url = reverse("meetings:bilag_view", args=[big.pk])
    api_url = reverse("meetings:bilag_annotations", args=[big.pk])

    def open_viewer() -> None:
        get(view_url)
        get(api_url)

    figures = {}
    for label, user in (("bare", bare), ("with annotations", reader)):
        client.force_login(user)
        open_viewer()  # the page's cached parts and the bilag's page boxes, once
        figures[label] = (
            timed(open_viewer, repeat * 3),
            queries(view_url) + queries(api_url),
            len(json.loads(get(api_url))["annotations"]),
        )
    print(f"\n(b) Viewer of a {VIEWER_PAGES}-page bilag: the page and the annotations API")
    for label, (times, counted, listed) in figures.items():
        print(describe(f"{label} ({listed} annotations)", times, counted))
    ratio = median(figures["with annotations"][0]) / median(figures["bare"][0])
    print(f"{f'{made} annotations / bare':<44} {ratio:.2f}x   (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
