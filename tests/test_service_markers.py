"""A test that needs a missing service is skipped on a laptop and fails in CI."""

import socket
from pathlib import Path

import pytest

from tests import conftest


def test_nothing_missing_runs_in_and_out_of_ci():
    assert conftest.decide([], ci=False).action == "run"
    assert conftest.decide([], ci=True).action == "run"


def test_missing_service_skips_with_its_reason_outside_ci():
    outcome = conftest.decide(["needs Redis, nothing answers at 127.0.0.1:6379"], ci=False)

    assert outcome.action == "skip"
    assert outcome.reason == "needs Redis, nothing answers at 127.0.0.1:6379"


def test_missing_service_fails_in_ci_and_names_it():
    outcome = conftest.decide(["needs PostgreSQL", "needs Redis"], ci=True)

    assert outcome.action == "fail"
    assert "needs PostgreSQL; needs Redis" in outcome.reason
    assert "CI=true" in outcome.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("", False), ("false", False)],
)
def test_ci_flag_read_from_environment(value, expected):
    assert conftest.in_ci({"CI": value}) is expected


def test_ci_flag_absent_means_not_ci():
    assert conftest.in_ci({}) is False


def test_redis_url_prefers_redis_url_then_a_redis_broker_then_the_default():
    assert conftest.redis_url({"REDIS_URL": "redis://cache:6380/1"}) == "redis://cache:6380/1"
    assert conftest.redis_url({"CELERY_BROKER_URL": "redis://broker:6379/0"}) == (
        "redis://broker:6379/0"
    )
    # The embedded demo broker is no Redis: the default address is probed instead.
    assert conftest.redis_url({"CELERY_BROKER_URL": "filesystem://"}) == conftest.DEFAULT_REDIS_URL
    assert conftest.redis_url({}) == conftest.DEFAULT_REDIS_URL


def test_tcp_probe_tells_an_open_port_from_a_closed_one():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert conftest.tcp_answers(f"redis://127.0.0.1:{port}/0", default_port=6379)
    assert not conftest.tcp_answers(f"redis://127.0.0.1:{port}/0", default_port=6379)


def test_browser_missing_when_chromium_is_absent(tmp_path: Path):
    reason = conftest.missing_browser(tmp_path / "chromium")

    assert reason is not None
    assert "apt-get install chromium" in reason


def test_libreoffice_missing_when_not_on_path(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert "LibreOffice" in (conftest.missing_libreoffice() or "")


def test_libreoffice_found_on_path(monkeypatch, tmp_path: Path):
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\n")
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert conftest.missing_libreoffice() is None


def test_postgres_marker_follows_the_default_database_vendor():
    from django.db import connection

    reason = conftest.missing_postgres()

    if connection.vendor == "postgresql":
        assert reason is None
    else:
        assert reason is not None
        assert "DATABASE_URL=postgres://" in reason


@pytest.mark.postgres
def test_postgres_marker_runs_only_on_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"
