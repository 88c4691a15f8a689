"""Settings from the environment: the shared cache and the storage of files."""

import runpy
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured


@pytest.fixture
def load(monkeypatch, tmp_path):
    def load(**env: str) -> dict:
        for name in (
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "DAP_STORAGE",
            "AWS_STORAGE_BUCKET_NAME",
            "AWS_S3_ENDPOINT_URL",
            "DAP_DOWNLOAD_URL_SECONDS",
            "DAP_LOG_FORMAT",
            "DAP_CACHE_URL",
        ):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("DAP_VAR_DIR", str(tmp_path / "var"))
        monkeypatch.setenv("DJANGO_DEBUG", "true")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # settings.py imports its sign-in part relatively: read both afresh, as a module.
        monkeypatch.delitem(sys.modules, "dap_portal.signin_settings", raising=False)
        monkeypatch.delitem(sys.modules, "dap_portal.settings", raising=False)
        return runpy.run_module("dap_portal.settings")

    return load


def test_demo_caches_in_local_memory_and_keeps_files_on_disk(load):
    settings = load()

    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["DAP_LOG_FORMAT"] == "text"


def test_production_caches_in_redis_from_redis_url(load):
    settings = load(REDIS_URL="redis://cache:6379/1", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k")

    assert settings["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/1"
    assert settings["DAP_LOG_FORMAT"] == "json"


def test_the_sign_in_lockout_counts_in_the_same_shared_cache(load):
    # allauth's rate limits (lockout) use the default cache: one setting, REDIS_URL.
    settings = load(REDIS_URL="redis://cache:6379/1", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k")

    assert "allauth.account" in settings["INSTALLED_APPS"]
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/1"


def test_the_old_dap_cache_url_alone_is_refused_not_ignored(load):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        load(DAP_CACHE_URL="redis://cache:6379/1")


def test_a_redis_broker_serves_as_cache_when_redis_url_is_unset(load):
    settings = load(CELERY_BROKER_URL="redis://redis:6379/0")

    assert settings["CACHES"]["default"]["LOCATION"] == "redis://redis:6379/0"


def test_s3_storage_with_bucket_endpoint_and_a_one_minute_url_by_default(load):
    settings = load(
        DAP_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="dap", AWS_S3_ENDPOINT_URL="http://s3:9000"
    )

    default = settings["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "dap"
    assert default["OPTIONS"]["endpoint_url"] == "http://s3:9000"
    assert default["OPTIONS"]["querystring_expire"] == 60
    assert default["OPTIONS"]["default_acl"] is None


def test_presigned_url_lifetime_is_a_setting(load):
    settings = load(DAP_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="dap", DAP_DOWNLOAD_URL_SECONDS="30")

    assert settings["STORAGES"]["default"]["OPTIONS"]["querystring_expire"] == 30


def test_s3_storage_without_a_bucket_refuses_to_start(load):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        load(DAP_STORAGE="s3")


def test_unknown_storage_refuses_to_start(load):
    with pytest.raises(ImproperlyConfigured, match="DAP_STORAGE"):
        load(DAP_STORAGE="ftp")


def test_files_round_trip_through_the_s3_server(s3_storage):
    from django.core.files.base import ContentFile

    name = s3_storage.save("bilag/test.pdf", ContentFile(b"%PDF-1.4 indhold"))

    assert s3_storage.exists(name)
    with s3_storage.open(name, "rb") as stored:
        assert stored.read() == b"%PDF-1.4 indhold"
    url = s3_storage.url(name)
    assert "X-Amz-Expires=60" in url
    assert "X-Amz-Signature=" in url
