"""The Celery application: broker and schedule come from Django settings."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.settings.base")

ROOT = Path(__file__).resolve().parent.parent


def task_packages() -> list[str]:
    """Every package of the project with a tasks.py: the apps' feature packages too.

    Celery's autodiscovery looks for `<app>.tasks` only; the tasks of `meetings/` live in its
    feature packages (`meetings/reminders/tasks.py`, ...), which a worker must import to know.
    """
    return sorted(
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in ROOT.glob("*/*/tasks.py")
        if (path.parent / "__init__.py").exists()
    )


app = Celery("dap_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(task_packages)
