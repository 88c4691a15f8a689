"""Whether this instance can serve: the database, the cache, the broker and the storage answer."""

import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from kombu import Connection

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2.0
PROBE_KEY = "ops:healthz"


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    milliseconds: float
    error: str = ""


def check_database() -> None:
    # A query, not only a connection: a database that accepts connections but whose tables
    # are gone (or not yet migrated) cannot serve either.
    ContentType.objects.exists()


def check_cache() -> None:
    # A key of this probe's own: the instances share the cache and are probed at the same
    # moment, and a shared key written by one between the other's write and read failed it.
    key = f"{PROBE_KEY}:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=30)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not keep a value")
    finally:
        cache.delete(key)


def check_broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        if not os.access(folder, os.W_OK):
            raise RuntimeError(f"the broker folder {folder} is not writable")
        return
    with Connection(url, connect_timeout=TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)


def check_storage() -> None:
    if settings.DAP_STORAGE == "filesystem":
        root = settings.MEDIA_ROOT
        if not (os.path.isdir(root) and os.access(root, os.W_OK)):
            raise RuntimeError(f"MEDIA_ROOT {root} is missing or not writable")
        return
    # A HEAD request on the bucket: answers False for a missing key, raises when the bucket
    # cannot be reached or the keys are refused.
    default_storage.exists("healthz-probe")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def run_checks(checks: dict[str, Callable[[], None]] | None = None) -> list[CheckResult]:
    """Every check, each timed; a failure is logged with its cause, for the operators."""
    results = []
    for name, check in (checks or CHECKS).items():
        start = time.perf_counter()
        try:
            check()
        except Exception as exc:
            elapsed = (time.perf_counter() - start) * 1000
            logger.error("Health check %s failed: %s", name, exc, extra={"check": name})
            results.append(CheckResult(name, False, elapsed, f"{type(exc).__name__}: {exc}"))
        else:
            results.append(CheckResult(name, True, (time.perf_counter() - start) * 1000))
    return results
