"""/healthz tells the load balancer whether this instance can serve, and nobody else why not."""

import io
import json
import logging
import sys

import pytest
from django.urls import reverse

from ops import health
from ops.logging import RequestIdFilter, json_formatter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def failing(message: str):
    def check() -> None:
        raise RuntimeError(message)

    return check


def test_healthy_instance_answers_200_ok_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("name", ["database", "cache", "broker", "storage"])
def test_any_failing_service_makes_it_503_with_no_details_for_anonymous(
    client, monkeypatch, caplog, name
):
    monkeypatch.setitem(health.CHECKS, name, failing("hemmelig-vært:5432 svarer ikke"))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    # The operators find the cause in the log, not the caller in the answer.
    assert f"Health check {name} failed: hemmelig-vært:5432 svarer ikke" in caplog.text


def test_missing_media_folder_is_an_unhealthy_storage(client, settings, tmp_path):
    settings.DAP_STORAGE = "filesystem"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "findes-ikke"

    assert client.get("/healthz").status_code == 503


def test_unreachable_broker_is_unhealthy(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # discard port: nothing listens

    assert client.get("/healthz").status_code == 503


def test_staff_see_each_check_and_its_cause(client, monkeypatch):
    client.force_login(UserFactory(is_staff=True))
    monkeypatch.setitem(health.CHECKS, "storage", failing("bucket væk"))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["healthy"] is False
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["storage"] == {
        "ok": False,
        "ms": body["checks"]["storage"]["ms"],
        "error": "RuntimeError: bucket væk",
    }


def test_plain_members_get_no_details(client):
    client.force_login(UserFactory())

    assert client.get("/healthz").content == b"ok\n"


def test_health_is_asked_over_plain_http_without_a_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("login")).status_code == 301


@pytest.mark.redis
def test_healthy_with_redis_as_cache_and_broker(client, settings):
    from tests.conftest import redis_url

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
        }
    }
    settings.CELERY_BROKER_URL = redis_url()

    response = client.get("/healthz")

    assert response.status_code == 200, response.content


def test_healthy_with_storage_in_a_bucket(client, s3_storage):
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["storage"]["ok"] is True


def test_unreachable_bucket_is_unhealthy(client, settings, s3_storage):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": "http://127.0.0.1:9",
            },
        },
    }

    assert client.get("/healthz").status_code == 503


# Request ids and JSON logs


def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_a_plain_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "abc-123-def-456"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "x\n{injected}"})

    assert kept["X-Request-ID"] == "abc-123-def-456"
    assert replaced["X-Request-ID"] != "x\n{injected}"
    assert len(replaced["X-Request-ID"]) == 32


def test_log_lines_of_a_request_are_json_with_its_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    client.force_login(UserFactory())
    try:
        response = client.get("/moeder/999999/")
    finally:
        logger.removeHandler(handler)

    assert response.status_code == 404
    entry = json.loads(stream.getvalue().splitlines()[0])
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["status_code"] == 404
    assert entry["time"].endswith("+00:00")


def test_json_formatter_keeps_the_exception():
    formatter = json_formatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "failed %s",
            ("here",),
            exc_info=sys.exc_info(),
        )
    RequestIdFilter().filter(record)

    entry = json.loads(formatter.format(record))

    assert entry["message"] == "failed here"
    assert entry["request_id"] == "-"
    assert "ValueError: boom" in entry["exception"]


@pytest.mark.redis
def test_the_production_cache_is_djangos_redis_cache_and_keeps_values():
    from django.core.cache.backends.redis import RedisCache

    from tests.conftest import redis_url

    cache = RedisCache(redis_url(), {"KEY_PREFIX": "dap-test"})
    cache.set("dap-test-client", {"a": 1}, 30)

    assert cache.get("dap-test-client") == {"a": 1}
    cache.delete("dap-test-client")
    assert cache.get("dap-test-client") is None


def test_the_cache_probe_is_not_failed_by_another_instance_probing_at_the_same_moment(
    monkeypatch,
):
    """Two web instances share Redis and are probed together: one's probe writing between the
    other's write and read must not make the other answer 503."""
    from django.core.cache import cache

    real_get, real_set = cache.get, cache.set
    written = []

    def remember(key, *args, **kwargs):
        written.append(key)
        return real_set(key, *args, **kwargs)

    def get_after_another_probe(key, *args, **kwargs):
        real_set(health.PROBE_KEY, "another instance", timeout=30)  # the other's write
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", remember)
    monkeypatch.setattr(cache, "get", get_after_another_probe)

    health.check_cache()  # raised when it read the other's value

    assert written
    assert real_get(written[0]) is None  # its own key is gone again
