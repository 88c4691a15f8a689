"""A worker knows every task: those of the feature packages inside meetings/ too."""

import os
import subprocess
import sys
from pathlib import Path

from dap_portal.celery import task_packages

ROOT = Path(__file__).resolve().parent.parent


def test_every_tasks_module_of_the_project_is_discovered():
    on_disk = {".".join(path.parent.relative_to(ROOT).parts) for path in ROOT.glob("*/*/tasks.py")}
    assert on_disk <= set(task_packages())
    assert {"meetings.bilag", "meetings.documents", "meetings.reminders"} <= on_disk


def test_a_fresh_worker_process_registers_the_pinned_task_names():
    # What `celery -A dap_portal worker` does at start: import the app and its task modules.
    script = (
        "from dap_portal.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print('\\n'.join(sorted(app.tasks)))\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dap_portal.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    registered = set(result.stdout.split())
    assert {
        "meetings.tasks.build_meeting_pack",
        "meetings.tasks.convert_bilag_to_pdf",
        "meetings.tasks.scan_reminders",
        "meetings.tasks.deliver_reminder",
    } <= registered
