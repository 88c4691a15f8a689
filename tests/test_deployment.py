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


WEB_INSTANCES = ("web", "web2")
PORTAL_PROCESSES = (*WEB_INSTANCES, "worker", "beat", "migrate")


def test_compose_has_the_whole_set_of_services(compose):
    assert set(compose["services"]) == {
        "db",
        "redis",
        "storage",
        "bucket",
        "migrate",
        "web",
        "web2",
        "proxy",
        "worker",
        "beat",
    }


def test_database_is_postgresql_17_with_a_volume_and_a_healthcheck(compose):
    db = compose["services"]["db"]

    assert db["image"] == "postgres:17"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_redis_is_redis_7(compose):
    assert compose["services"]["redis"]["image"] == "redis:7"


def test_migrations_run_once_before_any_web_instance(compose):
    assert command_line(compose["services"]["migrate"]) == "python manage.py migrate --noinput"
    assert compose["services"]["migrate"]["restart"] == "no"
    for name in WEB_INSTANCES:
        condition = compose["services"][name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


@pytest.mark.parametrize("name", WEB_INSTANCES)
def test_web_instances_collect_static_and_serve_with_gunicorn_and_its_config(compose, name):
    service = compose["services"][name]
    command = command_line(service)

    assert "migrate" not in command  # two instances must not migrate at once
    assert command.index("collectstatic") < command.index("gunicorn")
    assert "gunicorn -c python:dap_portal.gunicorn_conf dap_portal.wsgi" in command
    assert "0.0.0.0:8000" in command
    assert "ports" not in service  # only the proxy is reachable from outside
    assert "/healthz" in " ".join(service["healthcheck"]["test"])


def test_proxy_balances_over_both_web_instances_by_their_health(compose):
    proxy = compose["services"]["proxy"]
    caddyfile = compose["configs"]["caddyfile"]["content"]

    assert proxy["image"].startswith("caddy:")
    assert "reverse_proxy web:8000 web2:8000" in caddyfile
    assert "health_uri /healthz" in caddyfile
    for name in WEB_INSTANCES:
        assert proxy["depends_on"][name]["condition"] == "service_healthy"


def test_gunicorn_config_loads_with_four_workers_by_default():
    from dap_portal import gunicorn_conf

    assert gunicorn_conf.workers == 4
    assert gunicorn_conf.preload_app is True
    assert "request_id" in gunicorn_conf.access_log_format


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("worker", "celery -A dap_portal worker -l info"),
        ("beat", "celery -A dap_portal beat -l info"),
    ],
)
def test_celery_processes(compose, name, command):
    assert command_line(compose["services"][name]).startswith(command)


@pytest.mark.parametrize("name", PORTAL_PROCESSES)
def test_portal_processes_wait_for_database_broker_and_bucket(compose, name):
    depends_on = compose["services"][name]["depends_on"]

    assert {"db", "redis", "bucket"} <= set(depends_on)
    assert depends_on["db"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["bucket"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize("name", PORTAL_PROCESSES)
def test_portal_processes_run_in_production_mode(compose, name):
    env = compose["services"][name]["environment"]

    assert env["DJANGO_DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in env["DATABASE_URL"]
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    # Required: compose refuses to start without a secret key instead of using a default.
    assert env["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "DJANGO_ALLOWED_HOSTS" in env
    assert "EMAIL_URL" in env  # the SMTP server in one value


@pytest.mark.parametrize("name", [*WEB_INSTANCES, "worker"])
def test_web_instances_and_worker_share_the_bucket_and_the_cache(compose, name):
    env = compose["services"][name]["environment"]

    assert env["DAP_STORAGE"] == "s3"
    assert env["AWS_STORAGE_BUCKET_NAME"] == "${DAP_BUCKET:-dap-portal}"
    assert env["AWS_S3_ENDPOINT_URL"] == "${AWS_S3_ENDPOINT_URL:-http://storage:9000}"
    assert env["AWS_SECRET_ACCESS_KEY"].startswith("${AWS_SECRET_ACCESS_KEY:?")
    assert env["REDIS_URL"] == "redis://redis:6379/1"
    # Nothing on a disk of their own: no media volume to keep in step between machines.
    assert "volumes" not in compose["services"][name]
    assert "media" not in compose["volumes"]


def test_dockerfile_builds_a_slim_non_root_image_without_dev_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert "FROM python:3.12-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "\nUSER app\n" in dockerfile
    # Compiled at build time: a command or a worker does not compile the project on start.
    assert "UV_COMPILE_BYTECODE=1" in dockerfile
    assert "gunicorn_conf" in dockerfile


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
        {"DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "dap_portal.settings.base"},
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
            "DJANGO_SETTINGS_MODULE": "dap_portal.settings.base",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "dap.example",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
