"""Settings from the environment: the database, the shared cache, the storage of files,
e-mail and SAML."""

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
            "DATABASE_URL",
            "EMAIL_URL",
            "DAP_SAML",
        ):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("DAP_VAR_DIR", str(tmp_path / "var"))
        monkeypatch.setenv("DJANGO_DEBUG", "true")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # base.py imports its sign-in part relatively: read both afresh, as a module.
        monkeypatch.delitem(sys.modules, "dap_portal.settings.signin", raising=False)
        monkeypatch.delitem(sys.modules, "dap_portal.settings.base", raising=False)
        return runpy.run_module("dap_portal.settings.base")

    return load


def test_demo_caches_in_local_memory_and_keeps_files_on_disk(load):
    settings = load()

    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["DAP_LOG_FORMAT"] == "text"


def test_production_caches_in_redis_from_redis_url(load):
    settings = load(REDIS_URL="redis://cache:6379/1", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k")

    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/1"
    assert settings["DAP_LOG_FORMAT"] == "json"


def test_the_sign_in_lockout_counts_in_the_same_shared_cache(load):
    # allauth's rate limits (lockout) use the default cache: one setting, REDIS_URL.
    settings = load(REDIS_URL="redis://cache:6379/1", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k")

    assert "allauth.account" in settings["INSTALLED_APPS"]
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/1"


def test_a_secret_key_starting_with_a_dollar_is_taken_as_it_is(load):
    settings = load(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="$HOME-is-not-a-reference")

    assert settings["SECRET_KEY"] == "$HOME-is-not-a-reference"


def test_without_database_url_the_database_is_sqlite_under_var(load, tmp_path):
    settings = load()

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "var" / "dap_portal.sqlite3")


def test_database_url_names_the_server_and_its_connection_lifetime(load):
    settings = load(DATABASE_URL="postgres://dap:geheim@db:5432/dap_portal?conn_max_age=60")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db", 5432, "dap_portal")
    assert database["CONN_MAX_AGE"] == 60


def test_the_demo_writes_mail_to_files_and_production_sends_by_smtp(load, tmp_path):
    demo = load()["MAILERS"]["default"]
    production = load(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k")["MAILERS"]["default"]

    assert demo["BACKEND"].endswith("filebased.EmailBackend")
    assert demo["OPTIONS"]["file_path"] == str(tmp_path / "var" / "mail")
    assert production["BACKEND"].endswith("smtp.EmailBackend")
    assert production["OPTIONS"]["host"] == "localhost"
    assert production["OPTIONS"]["port"] == 587
    assert production["OPTIONS"]["use_tls"] is True


def test_email_url_names_the_smtp_server_in_one_value(load):
    settings = load(EMAIL_URL="smtp+tls://dap:hemmelig%40ord@smtp.example.dk:587")

    options = settings["MAILERS"]["default"]["OPTIONS"]
    assert (options["host"], options["port"]) == ("smtp.example.dk", 587)
    assert (options["username"], options["password"]) == ("dap", "hemmelig@ord")
    assert options["use_tls"] is True


SAML = (
    '{"idp_metadata_url": "https://idp.example.dk/metadata.xml",'
    ' "idp_entity_id": "https://idp.example.dk", "idp_origins": ["https://login.example.dk"],'
    ' "sp_entity_id": "https://dap.example.dk/saml"}'
)


def test_saml_is_off_without_dap_saml(load):
    settings = load()

    assert "saml" not in settings["SOCIALACCOUNT_PROVIDERS"]
    assert "allauth.socialaccount.providers.saml" not in settings["INSTALLED_APPS"]


def test_dap_saml_turns_on_the_saml_provider_from_one_json_value(load):
    settings = load(DAP_SAML=SAML)

    app = settings["SOCIALACCOUNT_PROVIDERS"]["saml"]["APPS"][0]
    assert "allauth.socialaccount.providers.saml" in settings["INSTALLED_APPS"]
    assert app["name"] == "Log ind med MitID Erhverv"
    assert app["settings"]["idp"] == {
        "entity_id": "https://idp.example.dk",
        "metadata_url": "https://idp.example.dk/metadata.xml",
    }
    assert app["settings"]["sp"] == {"entity_id": "https://dap.example.dk/saml"}
    assert app["settings"]["attribute_mapping"]["uid"] == "nameid"
    assert "https://login.example.dk" in settings["SECURE_CSP"]["form-action"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{"idp_entity_id": "https://idp.example.dk"}', "idp_metadata_url"),
        (
            '{"idp_metadata_url": "https://idp.example.dk/m.xml", "idp_entitiy_id": "x"}',
            "idp_entitiy_id",
        ),
    ],
)
def test_dap_saml_without_metadata_or_with_an_unknown_key_refuses_to_start(load, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load(DAP_SAML=value)


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
