"""Shared test set-up: the services some tests need, and a media folder of each test's own.

A test that needs a service says so with a marker (registered in pyproject.toml):

    @pytest.mark.postgres     the default database is PostgreSQL (DATABASE_URL=postgres://...)
    @pytest.mark.redis        Redis answers at REDIS_URL / CELERY_BROKER_URL (or 127.0.0.1:6379)
    @pytest.mark.browser      Debian's Chromium at /usr/bin/chromium, and Playwright
    @pytest.mark.libreoffice  soffice or libreoffice on PATH
    @pytest.mark.ocr          Tesseract with its Danish data (tesseract-ocr, tesseract-ocr-dan)
    @pytest.mark.vnu          the Nu Html Checker: Java and node_modules/vnu-jar (npm ci)

Where the service is missing the test is skipped with the reason; with CI=true it fails
instead, so CI can never pass by quietly skipping what it was meant to test.
"""

import importlib.util
import os
import shutil
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.storage import s3_endpoint, s3_storage  # noqa: F401  (fixtures)

CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CI", "").strip().lower() in TRUE_WORDS


@dataclass(frozen=True)
class Outcome:
    """What to do with a test whose service may be missing: run, skip or fail."""

    action: str  # "run", "skip" or "fail"
    reason: str = ""


def decide(missing: list[str], *, ci: bool) -> Outcome:
    """Run when nothing is missing; otherwise skip, or fail when running in CI."""
    if not missing:
        return Outcome("run")
    reason = "; ".join(missing)
    if ci:
        return Outcome("fail", f"{reason} (CI=true: a missing service is a failure, not a skip)")
    return Outcome("skip", reason)


def redis_url(environ: Mapping[str, str] = os.environ) -> str:
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        value = environ.get(name, "")
        if value.startswith(("redis://", "rediss://")):
            return value
    return DEFAULT_REDIS_URL


def tcp_answers(url: str, *, default_port: int, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), timeout=timeout
        ):
            return True
    except OSError:
        return False


def missing_postgres() -> str | None:
    from django.db import connections

    vendor = connections["default"].vendor
    if vendor == "postgresql":
        return None
    return (
        f"needs PostgreSQL, the default database is {vendor} "
        "(run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/dap_portal)"
    )


@cache
def missing_redis() -> str | None:
    url = redis_url()
    if tcp_answers(url, default_port=6379):
        return None
    return f"needs Redis, nothing answers at {urlsplit(url).netloc or url}"


def missing_browser(chromium: Path = CHROMIUM) -> str | None:
    if not os.access(chromium, os.X_OK):
        return f"needs Debian's Chromium at {chromium} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "needs Playwright (uv sync)"
    return None


def missing_libreoffice() -> str | None:
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return None
    return "needs LibreOffice: soffice or libreoffice on PATH (apt-get install libreoffice-nogui)"


@cache
def missing_ocr() -> str | None:
    from meetings.archive.ocr import ocr_missing

    if ocr_missing():
        return (
            "needs Tesseract with Danish data for OCR "
            "(apt-get install tesseract-ocr tesseract-ocr-dan ghostscript)"
        )
    return None


VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist"
VNU_JAR = VNU_JAR / "vnu.jar"


def missing_vnu(jar: Path = VNU_JAR) -> str | None:
    if not shutil.which("java"):
        return "needs Java for the Nu Html Checker (apt-get install default-jre-headless)"
    if not jar.is_file():
        return f"needs the Nu Html Checker at {jar} (npm ci --ignore-scripts)"
    return None


SERVICE_CHECKS: dict[str, Callable[[], str | None]] = {
    "postgres": missing_postgres,
    "redis": missing_redis,
    "browser": missing_browser,
    "libreoffice": missing_libreoffice,
    "ocr": missing_ocr,
    "vnu": missing_vnu,
}


# What writes or reads stored files (bilag, renditions, cached PDFs, packs, archive originals,
# backups): marked `storage`, to run just those against an S3 bucket (`-m storage`); .ci/run
# runs the whole suite a second time with DAP_STORAGE=s3.
STORAGE_PATHS = (
    "tests/ops/",
    "tests/meetings/bilag/",
    "tests/meetings/documents/",
    "tests/meetings/member/",
    "tests/meetings/archive/",
    "tests/meetings/interchange/",
    "tests/meetings/procedures/",
    "tests/meetings/offline/",
    "tests/meetings/editor/test_views.py",
    "tests/meetings/editor/test_plain_forms.py",
    "tests/browser/test_member_flow.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(str(config.rootpath))
    for item in items:
        path = Path(str(item.path)).relative_to(root).as_posix()
        if path.startswith(STORAGE_PATHS) or "s3_storage" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.storage)


def pytest_runtest_setup(item: pytest.Item) -> None:
    missing = [
        reason
        for marker, check in SERVICE_CHECKS.items()
        if item.get_closest_marker(marker) is not None and (reason := check()) is not None
    ]
    outcome = decide(missing, ci=in_ci())
    if outcome.action == "skip":
        pytest.skip(outcome.reason)
    elif outcome.action == "fail":
        pytest.fail(outcome.reason, pytrace=False)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """DAP_TEST_DB_SUFFIX gives a run a test database of its own (.ci/run: test_dap_portal_ci;
    on SQLite a file of its own under var/, so two runs in one checkout do not share one).

    Without it, a run that finds test_dap_portal drops it, even while another run on the same
    server is using it.
    """
    suffix = os.environ.get("DAP_TEST_DB_SUFFIX", "").strip()
    if not suffix:
        return
    from django.conf import settings

    for database in settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
            continue  # in memory: one per run already
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_{suffix}"


@pytest.fixture(autouse=True)
def media_root(request: pytest.FixtureRequest, settings, tmp_path: Path) -> Path:
    """Bilag written by a test land in its own temporary folder, never in var/media.

    With DAP_STORAGE=s3 (the second run of .ci/run) they land in a fresh bucket of the S3
    server instead; the folder is still there for what needs a local file.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir(exist_ok=True)
    if settings.DAP_STORAGE == "s3":
        request.getfixturevalue("s3_storage")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: cached pages of one test never leak into another."""
    from django.core.cache import cache

    cache.clear()
