"""gunicorn's settings: gunicorn -c python:dap_portal.gunicorn_conf dap_portal.wsgi

Each can be changed from the environment; the defaults suit one container of two cores.
"""

import json
import os

bind = os.environ.get("DAP_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# One request at a time per worker (sync): the kernel hands each new connection to a free
# worker. With threads (gthread) a worker keeps its clients' keep-alive connections and
# queues them behind each other, which under 50 members at once left some waiting over 2 s
# (bench/web.py). Downloads from a bucket can go by a presigned redirect
# (DAP_DOWNLOAD_REDIRECT) instead of through a worker.
threads = int(os.environ.get("DAP_GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Load Django once in the master: workers start in milliseconds and share its memory.
preload_app = True
timeout = int(os.environ.get("DAP_GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A fresh worker now and then bounds the memory a long-running worker can collect (at
# 150 requests a second, not more often than every couple of minutes).
max_requests = 20000
max_requests_jitter = 2000
# Heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The reverse proxy in front sets X-Forwarded-*; trust it only from where it runs.
forwarded_allow_ips = os.environ.get("DAP_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("DAP_ACCESS_LOG", "-") or None
# One JSON object per request, with the request id the portal put on the response.
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "level": "INFO",
        "logger": "gunicorn.access",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "remote": "%(h)s",
        "user_agent": "%(a)s",
        "request_id": "%({x-request-id}o)s",
    }
)
