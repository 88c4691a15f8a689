"""Benchmark of the pages members open on the morning of a meeting, against the login page.

Usage: uv run python bench/web.py [--duration 60] [--solo 15] [--users 50] [--followers 50]
           [--workers 4]
           [--pages agenda_pdf,meeting] [--cold [--clear-cache]]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/dap_portal REDIS_URL=redis://... \\
           uv run python bench/web.py

Builds a throw-away database (a new PostgreSQL database on DATABASE_URL's server, dropped
afterwards; else a SQLite file), imports the seed agenda with a 10-page PDF for each bilag,
publishes it and signs in `--users` members. Then:

1. In process (Django's test client, one signed-in member): median time of the login page,
   the overview, the meeting page, the bilag viewer, the cached agenda PDF and a bilag
   download, each also as a multiple of the login page, and the queries of each.
   Also the members' poll of a running meeting (`/moeder/<id>/i-gang/`): the queries of an
   unchanged poll, answered 304.
2. Load: a real gunicorn (dap_portal/gunicorn_conf.py, `--workers` workers) on a free port of
   127.0.0.1; first the login page and then the meeting page alone for `--solo` seconds each,
   then the mix (overview, meeting page, bilag viewer, agenda PDF, bilag download) for
   `--duration` seconds, `--users` members at once, each waiting for its answer before the
   next request (an asyncio + httpx client). Prints requests/s, p50/p99, errors (any answer
   but 200) and time-outs (no answer within `--timeout` seconds, 2 s as wrk counts them).
   Beside the mix, `--followers` members follow the meeting (started, on today's date): a poll
   every 10 s with the ETag of their last answer, each answered 304 while nothing changes.

`--cold` measures the herd right after publication: the mix of `--pages` at once, with no
in-process figures, warm-up or solo runs before it to fill the caches; `--clear-cache` also
empties the cache first, so nothing rendered ahead at publication is there either.

The client runs on the same machine and takes CPU from the server: the ratios are the figures
to compare, measured the same way in one run.
"""

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import create_database, drop_database  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="dap-bench-web-"))
SECRET = secrets.token_urlsafe(50)

# The mix of the load run: what members open on the morning, by weight.
MIX = {"overview": 2, "meeting": 4, "viewer": 2, "agenda_pdf": 2, "bilag_download": 2}


def bench_environment(database_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.web_settings",
        "DATABASE_URL": f"{database_url}?conn_max_age=60",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_DEBUG": "false",
        "DAP_VAR_DIR": str(WORK / "var"),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "DAP_LOG_FORMAT": "json",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DAP_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }


def ten_page_pdf(title: str) -> bytes:
    from weasyprint import HTML

    pages = "".join(
        f'<h1 style="break-before: page">{title}</h1><p>Side {n}. ' + "Tekst i bilaget. " * 150
        for n in range(1, 11)
    )
    return HTML(string=f"<html lang='da'><body>{pages}</body></html>").write_pdf()


@dataclass
class Seeded:
    urls: dict[str, str]
    sessions: list[str]


def seed(users: int) -> Seeded:
    import copy
    import hashlib
    import json

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from meetings.editor.services import meeting_publish
    from meetings.interchange.services import import_agenda
    from meetings.meetingday.services import run_start
    from meetings.models import Bilag, Meeting, Membership, Role

    call_command("migrate", verbosity=0)
    cache.clear()  # the bench's own Redis database: nothing cached from an earlier run
    seed_agenda = json.loads((ROOT / "fixtures" / "dap-2025-10-06.json").read_text("utf-8"))
    meeting = import_agenda(copy.deepcopy(seed_agenda))
    for bilag in Bilag.objects.filter(item__meeting=meeting, file=""):
        if bilag.generated:
            continue
        data = ten_page_pdf(bilag.title)
        bilag.file.save("bilag.pdf", ContentFile(data), save=False)
        bilag.original_filename = "bilag.pdf"
        bilag.content_type = "application/pdf"
        bilag.size = len(data)
        bilag.sha256 = hashlib.sha256(data).hexdigest()
        bilag.save()
    meeting_publish(meeting=meeting, actor=None)
    # Held today and started: members following along poll it (the 'follow' URL).
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    meeting.refresh_from_db()
    run_start(meeting=meeting, actor=None)
    user_model = get_user_model()
    sessions = []
    for number in range(users):
        user = user_model.objects.create_user(
            f"medlem{number}", password=None
        )  # signed in by session
        Membership.objects.create(committee=meeting.committee, user=user, role=Role.MEMBER)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    bilag = (
        Bilag.objects.filter(item__meeting=meeting, confidential=False, item__restricted_to=None)
        .exclude(file="")
        .order_by("item__position", "position")
        .first()
    )
    urls = {
        "login": reverse("login"),
        "overview": reverse("meetings:meeting_list"),
        "meeting": reverse("meetings:meeting_detail", args=[meeting.pk]),
        "viewer": reverse("meetings:bilag_view", args=[bilag.pk]),
        "agenda_pdf": reverse("meetings:agenda_pdf", args=[meeting.pk]),
        "bilag_download": reverse("meetings:bilag_download", args=[bilag.pk]),
        "follow": reverse("meetings:meeting_follow", args=[meeting.pk]),
    }
    return Seeded(urls, sessions)


def in_process(seeded: Seeded, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = seeded.sessions[0]
    anonymous = Client()

    def get(label: str) -> None:
        response = (anonymous if label == "login" else client).get(seeded.urls[label])
        assert response.status_code == 200, (label, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)

    medians = {}
    queries = {}
    for label in ("login", "overview", "meeting", "viewer", "agenda_pdf", "bilag_download"):
        get(label)  # warm: the first request fills caches
        with CaptureQueriesContext(connection) as captured:
            get(label)
        queries[label] = len(captured)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            get(label)
            times.append(time.perf_counter() - start)
        medians[label] = statistics.median(times)

    def unchanged_poll() -> int:
        # A new client: the session middleware takes its engine from the settings at its start.
        client = Client()
        client.cookies["sessionid"] = seeded.sessions[0]
        first = client.get(seeded.urls["follow"])
        assert first.status_code == 200, first.status_code
        client.get(seeded.urls["follow"], headers={"if-none-match": first["ETag"]})  # warm
        with CaptureQueriesContext(connection) as captured:
            poll = client.get(seeded.urls["follow"], headers={"if-none-match": first["ETag"]})
        assert poll.status_code == 304, poll.status_code
        return len(captured)

    from django.conf import settings
    from django.test import override_settings

    engine = settings.SESSION_ENGINE.rsplit(".", 1)[-1]
    poll_queries = unchanged_poll()
    # As in production (sessions in Redis, settings.SESSION_ENGINE with REDIS_URL): the session
    # comes from the cache. Left: the user, the second-factor policy's look-up of their roles
    # (accounts.middleware.second_factor_enrolment, on when DAP_REQUIRE_SECOND_FACTOR) and the
    # meeting.
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        cached_poll_queries = unchanged_poll()
    floor = medians["login"]
    print(f"\nIn process (Django test client, median of {repeat}, after one warm request):")
    print(f"  {'page':<16}{'median':>10}{'× login':>10}{'queries':>9}")
    for label, median in medians.items():
        print(f"  {label:<16}{median * 1000:>8.1f} ms{median / floor:>9.2f}×{queries[label]:>9}")
    print(
        f"  goals: meeting ≤ 2.5× login (is {medians['meeting'] / floor:.2f}×), "
        f"cached agenda PDF ≤ 2× login (is {medians['agenda_pdf'] / floor:.2f}×)"
    )
    print(
        f"  unchanged poll of a running meeting: 304 in {poll_queries} queries with sessions "
        f"{engine}, {cached_poll_queries} with sessions read from the cache (goal ≤ 2)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603  (our own venv's gunicorn)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:dap_portal.gunicorn_conf",
            "dap_portal.wsgi",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            **env,
            "DAP_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
        },
        stdout=subprocess.DEVNULL,
        stderr=(WORK / "gunicorn.log").open("w"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not become healthy; see {WORK / 'gunicorn.log'}")


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    timeouts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, seconds: float | None, *, error: bool = False) -> None:
        self.times.setdefault(label, [])
        self.errors.setdefault(label, 0)
        self.timeouts.setdefault(label, 0)
        if seconds is None:
            self.timeouts[label] += 1
        elif error:
            self.errors[label] += 1
        else:
            self.times[label].append(seconds)


async def member(
    base: str,
    session: str | None,
    plan: dict[str, int],
    urls: dict[str, str],
    *,
    deadline: float,
    stats: Stats,
    timeout: float,
) -> None:
    import httpx

    labels = list(plan)
    weights = [plan[label] for label in labels]
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    rng = random.Random()  # noqa: S311  (a load mix, not a secret)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=timeout) as client:
        while time.perf_counter() < deadline:
            label = rng.choices(labels, weights)[0]
            start = time.perf_counter()
            try:
                # The whole request within `timeout` (httpx's own limit is per read).
                response = await asyncio.wait_for(client.get(urls[label]), timeout)
            except (TimeoutError, httpx.TimeoutException):
                stats.add(label, None)
                continue
            except httpx.HTTPError:
                stats.add(label, 0.0, error=True)
                continue
            stats.add(label, time.perf_counter() - start, error=response.status_code != 200)


async def follower(
    base: str,
    session: str,
    url: str,
    *,
    deadline: float,
    stats: Stats,
    timeout: float,
    every: float = 10.0,
) -> None:
    """A member following the meeting: a poll every `every` seconds with the last ETag."""
    import httpx

    etag = ""
    headers = {"Cookie": f"sessionid={session}"}
    # Spread the first polls over the interval, as members open the page at different times.
    await asyncio.sleep(random.random() * every)  # noqa: S311
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=timeout) as client:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                response = await asyncio.wait_for(
                    client.get(url, headers={"If-None-Match": etag} if etag else {}), timeout
                )
            except (TimeoutError, httpx.TimeoutException):
                stats.add("follow", None)
                continue
            except httpx.HTTPError:
                stats.add("follow", 0.0, error=True)
                continue
            took = time.perf_counter() - start
            label = "follow (304)" if response.status_code == 304 else "follow"
            stats.add(label, took, error=response.status_code not in (200, 304))
            etag = response.headers.get("ETag", etag)
            await asyncio.sleep(max(0.0, every - took))


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_load(
    base: str,
    seeded: Seeded,
    plan: dict[str, int],
    *,
    users: int,
    seconds: float,
    timeout: float,
    signed_in: bool = True,
    followers: int = 0,
) -> Stats:
    stats = Stats()

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(
                follower(
                    base,
                    seeded.sessions[n % len(seeded.sessions)],
                    seeded.urls["follow"],
                    deadline=deadline,
                    stats=stats,
                    timeout=timeout,
                )
                for n in range(followers)
            ),
            *(
                member(
                    base,
                    seeded.sessions[n % len(seeded.sessions)] if signed_in else None,
                    plan,
                    seeded.urls,
                    deadline=deadline,
                    stats=stats,
                    timeout=timeout,
                )
                for n in range(users)
            ),
        )

    asyncio.run(main())
    return stats


def report(title: str, stats: Stats, seconds: float) -> dict[str, float]:
    print(f"\n{title}")
    print(f"  {'page':<16}{'req/s':>8}{'p50':>10}{'p99':>10}{'errors':>8}{'time-outs':>11}")
    rates = {}
    for label in stats.times:
        done = stats.times[label]
        rates[label] = len(done) / seconds
        print(
            f"  {label:<16}{rates[label]:>8.1f}{percentile(done, 0.5) * 1000:>8.0f}ms"
            f"{percentile(done, 0.99) * 1000:>8.0f}ms{stats.errors[label]:>8}"
            f"{stats.timeouts[label]:>11}"
        )
    everything = [t for times in stats.times.values() for t in times]
    if len(stats.times) > 1:
        print(
            f"  {'all':<16}{len(everything) / seconds:>8.1f}"
            f"{percentile(everything, 0.5) * 1000:>8.0f}ms"
            f"{percentile(everything, 0.99) * 1000:>8.0f}ms{sum(stats.errors.values()):>8}"
            f"{sum(stats.timeouts.values()):>11}"
        )
    return rates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=60, help="seconds of the mixed run")
    parser.add_argument("--solo", type=float, default=15, help="seconds of each single page")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--followers", type=int, default=50, help="members following the meeting beside the mix"
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-load", action="store_true", help="only the in-process figures")
    parser.add_argument(
        "--pages", default=",".join(MIX), help="the pages of the mix (comma-separated)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="the mix right after publication: no in-process figures, warm-up and solo runs",
    )
    parser.add_argument(
        "--clear-cache", action="store_true", help="empty the cache before the load (no PDF ahead)"
    )
    args = parser.parse_args()

    database_url, created = create_database("dap_bench_web", WORK)
    env = bench_environment(database_url)
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    gunicorn = None
    try:
        seeded = seed(args.users)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(
            f"Seed agenda of 6 October 2025, {args.users} signed-in members; database {engine}, "
            f"cache {cache}, storage {settings.DAP_STORAGE}, {os.cpu_count()} CPUs"
        )
        mix = {label: MIX[label] for label in args.pages.split(",")}
        if not args.cold:
            in_process(seeded, args.repeat)
        if args.no_load:
            return
        from django.db import connections

        connections.close_all()
        gunicorn, base = start_gunicorn(env, args.workers)
        print(f"\nLoad: gunicorn with {args.workers} workers at {base}, {args.users} at once")
        if args.cold:
            if args.clear_cache:
                from django.core.cache import cache

                cache.clear()
            stats = run_load(
                base, seeded, mix, users=args.users, seconds=args.duration, timeout=args.timeout
            )
            report(
                f"Right after publication, mix {mix}, {args.duration:.0f} s:", stats, args.duration
            )
            return
        # Warm-up, not counted: every worker loads its URLs, templates and connections.
        run_load(base, seeded, {**MIX, "login": 1}, users=8, seconds=5, timeout=30)
        solo = {}
        for label in ("login", "meeting"):
            stats = run_load(
                base,
                seeded,
                {label: 1},
                users=args.users,
                seconds=args.solo,
                timeout=args.timeout,
                signed_in=label != "login",
            )
            solo.update(report(f"{label} alone, {args.solo:.0f} s:", stats, args.solo))
        stats = run_load(
            base,
            seeded,
            mix,
            users=args.users,
            seconds=args.duration,
            timeout=args.timeout,
            followers=args.followers,
        )
        report(
            f"Mix {mix}, {args.duration:.0f} s, and {args.followers} members following the "
            "meeting (a poll every 10 s):",
            stats,
            args.duration,
        )
        polls = stats.times.get("follow (304)", [])
        print(
            f"  following: {len(polls)} polls answered 304, p99 "
            f"{percentile(polls, 0.99) * 1000:.1f} ms"
        )
        everything = [t for times in stats.times.values() for t in times]
        print(
            f"\n  goals: 0 errors (is {sum(stats.errors.values())}), 0 time-outs "
            f"(is {sum(stats.timeouts.values())}), p99 < 1 s "
            f"(is {percentile(everything, 0.99):.2f} s), meeting page ≥ 0.6× login throughput "
            f"(is {solo['meeting'] / solo['login']:.2f}×)"
        )
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=35)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        from django.db import connections

        connections.close_all()
        drop_database(created)


if __name__ == "__main__":
    main()
