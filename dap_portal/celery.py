"""The Celery application: broker and schedule come from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dap_portal.settings")

app = Celery("dap_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Feature packages inside an app keep their tasks in <package>/tasks.py.
app.autodiscover_tasks(["meetings.archive"])
