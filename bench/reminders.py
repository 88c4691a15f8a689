"""Benchmark of the reminder scan: 10,000 meetings with their reminders, one scan, its plan.

Usage: uv run python bench/reminders.py [--meetings N] [--repeat N]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/dap_portal uv run python bench/reminders.py

Builds a throw-away database (SQLite in memory, or a test database on DATABASE_URL's server
that is dropped afterwards), creates N meetings over three years with four reminders each
(bulk_create: past ones sent, future ones pending, a few due now) and reports:

- the scan's query alone (pending and due, oldest first, LIMIT the batch), median of --repeat;
- one whole scan (lock, select, mark handed over; tasks are not sent anywhere);
- the query plan of the scan's query (after ANALYZE on PostgreSQL): it should use the partial
  index `reminder_pending_due`, not a sequential scan.
"""

import argparse
import datetime as dt
import os
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

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)


def describe(label: str, times: list[float]) -> str:
    median = statistics.median(times) * 1000
    spread = (max(times) - min(times)) * 1000
    return f"{label:<34} median {median:8.2f} ms   (n={len(times)}, spread {spread:.2f} ms)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.meetings, args.repeat)
    finally:
        teardown_databases(old_config, verbosity=0)


def build(count: int, now: dt.datetime) -> int:
    """N meetings, one every few days around now, with the committee's four reminders each."""
    from meetings.models import Committee, Meeting, MeetingStatus, Reminder, ReminderStatus
    from meetings.reminders import services as reminders
    from meetings.reminders.times import due_time, meeting_times

    committee = Committee.objects.create(name="Styregruppen for Bench", short_name="BENCH")
    rules = reminders.reminder_rules_ensure_defaults(committee=committee)
    today = now.date()
    span = 3 * 365
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=committee,
            title=f"Bench-møde {number}",
            date=today + dt.timedelta(days=(number * span) // count - span // 2),
            start_time=dt.time(13, 0),
            end_time=dt.time(15, 0),
            status=MeetingStatus.PUBLISHED,
        )
        for number in range(count)
    )
    rows = []
    for number, meeting in enumerate(meetings):
        start, end = meeting_times(meeting)
        for rule in rules:
            due = due_time(rule, start, end)
            status = ReminderStatus.SENT if due < now - dt.timedelta(hours=1) else "pending"
            if number % 50 == 0:
                # A backlog for the scan to find: due in the last minutes, not yet sent.
                due = now - dt.timedelta(minutes=number % 7 + 1)
                status = ReminderStatus.PENDING
            rows.append(
                Reminder(
                    rule=rule, meeting=meeting, meeting_starts_at=start, due_at=due, status=status
                )
            )
    Reminder.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def run(count: int, repeat: int) -> None:
    from meetings.models import Reminder, ReminderStatus
    from meetings.reminders import tasks as scanning

    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    total = build(count, now)
    built = time.perf_counter() - started
    pending = Reminder.objects.filter(status=ReminderStatus.PENDING).count()
    due = scanning.due_reminders(now).count()
    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}")
    print(
        f"{count} meetings, {total} reminders ({pending} pending, {due} due now); "
        f"built in {built:.1f} s"
    )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_reminder")

    query = scanning.due_reminders(now).values_list("pk", flat=True)[: scanning.SCAN_BATCH]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = list(query.all())
        times.append(time.perf_counter() - start)
    print(describe(f"scan query ({len(found)} due)", times))

    print("query plan of the scan's query:")
    locked = scanning.due_reminders(now).select_for_update(skip_locked=True)
    locked = locked.values_list("pk", flat=True)[: scanning.SCAN_BATCH]
    from django.db import transaction

    with transaction.atomic():
        if vendor == "postgresql":
            plan = locked.explain(analyze=True, buffers=True)
        else:
            plan = locked.explain()
    print(plan)
    if "reminder_pending_due" in plan:
        print("\n=> uses the partial index reminder_pending_due")
    else:
        print("\n=> WARNING: the partial index reminder_pending_due is not used")
    print()

    start = time.perf_counter()
    handed = scanning.scan(now=now, dispatch=lambda pk: None)
    print(describe(f"whole scan ({len(handed)} handed over)", [time.perf_counter() - start]))
    start = time.perf_counter()
    again = scanning.scan(now=now + dt.timedelta(minutes=1), dispatch=lambda pk: None)
    print(describe(f"next scan ({len(again)} handed over)", [time.perf_counter() - start]))


if __name__ == "__main__":
    main()
