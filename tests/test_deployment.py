"""The production set-up: docker-compose.yml runs the whole set; production settings are safe."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def command_line(service: dict) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_has_the_whole_set_of_services(compose):
    assert set(compose["services"]) == {"db", "redis", "web", "worker", "beat"}


def test_database_is_postgresql_17_with_a_volume_and_a_healthcheck(compose):
    db = compose["services"]["db"]

    assert db["image"] == "postgres:17"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_redis_is_redis_7(compose):
    assert compose["services"]["redis"]["image"] == "redis:7"


def test_web_migrates_collects_static_and_serves_with_gunicorn(compose):
    command = command_line(compose["services"]["web"])

    assert command.index("migrate") < command.index("collectstatic") < command.index("gunicorn")
    assert "gunicorn dap_portal.wsgi" in command
    assert "0.0.0.0:8000" in command


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("worker", "celery -A dap_portal worker -l info"),
        ("beat", "celery -A dap_portal beat -l info"),
    ],
)
def test_celery_processes(compose, name, command):
    assert command_line(compose["services"][name]).startswith(command)


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_portal_processes_wait_for_database_and_broker(compose, name):
    depends_on = compose["services"][name]["depends_on"]

    assert set(depends_on) == {"db", "redis"}
    assert depends_on["db"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_portal_processes_run_in_production_mode(compose, name):
    env = compose["services"][name]["environment"]

    assert env["DJANGO_DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in env["DATABASE_URL"]
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    # Required: compose refuses to start without a secret key instead of using a default.
    assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "DJANGO_ALLOWED_HOSTS" in env


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_share_the_media_volume(compose, name):
    service = compose["services"][name]
    media_root = service["environment"]["DJANGO_MEDIA_ROOT"]

    assert f"media:{media_root}" in service["volumes"]
    assert "media" in compose["volumes"]


def test_dockerfile_builds_a_slim_non_root_image_without_dev_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert "FROM python:3.12-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "\nUSER app\n" in dockerfile


def run_python(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Python in a clean environment: nothing from this test run's settings leaks in."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DAP_VAR_DIR": str(tmp_path / "var"),
        **env,
    }
    return subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_python(
        "import django; django.setup()",
        {"DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "dap_portal.settings"},
        tmp_path,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    code = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run_python(
        code,
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "dap_portal.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "dap.example",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
