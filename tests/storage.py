"""An S3-compatible server for the tests: a real HTTP server (moto), never a mocked client.

`.ci/run` starts `moto_server` and sets AWS_S3_ENDPOINT_URL; where nothing answers there, the
`s3_endpoint` fixture starts moto's threaded server on a free port of 127.0.0.1 for the run.
With DAP_STORAGE=s3 every test gets a fresh bucket (tests/conftest.py, `media_root`).
"""

import logging
import os
import uuid
from collections.abc import Iterator
from functools import cache

import pytest
from django.core.files.storage import Storage, default_storage

TEST_KEY = "dap-test"
TEST_SECRET = "dap-test-secret"  # moto accepts any key; never a real one
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from tests.conftest import tcp_answers

    url = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    if url and tcp_answers(url, default_port=80):
        yield url
        return
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@cache
def _client(endpoint: str):  # a boto3 client has no importable type
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID") or TEST_KEY,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") or TEST_SECRET,
    )


def s3_storage_setting(endpoint: str, bucket: str) -> dict:
    """The STORAGES["default"] entry the settings make for DAP_STORAGE=s3, on this bucket."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or TEST_KEY,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or TEST_SECRET,
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }


def new_bucket(endpoint: str) -> str:
    name = f"dap-test-{uuid.uuid4().hex[:16]}"
    _client(endpoint).create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_storage(settings, s3_endpoint: str) -> Storage:
    """Django's default storage on a fresh, empty bucket of the S3 server."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_setting(s3_endpoint, new_bucket(s3_endpoint)),
    }
    settings.DAP_STORAGE = "s3"
    settings.DAP_DOWNLOAD_URL_SECONDS = 60
    return default_storage
