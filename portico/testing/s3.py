"""S3-compatible object storage for tests: moto's standalone server on 127.0.0.1, started once
per test session; each test gets a bucket of its own, and documents are stored there through
django-storages, exactly as `STORAGE_URL=s3://...` configures it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from portico.testing.upload_server import free_port


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_storage(moto_server, settings, monkeypatch) -> str:
    """Point Django's default storage at a new bucket on the moto server; its STORAGE_URL."""
    import boto3

    from portico.config.env import storage

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"portico-{secrets.token_hex(6)}"
    boto3.client("s3", endpoint_url=moto_server, region_name="us-east-1").create_bucket(
        Bucket=bucket
    )
    url = f"s3://{bucket}?endpoint_url={moto_server}&region_name=us-east-1&addressing_style=path"
    settings.STORAGES = {**settings.STORAGES, "default": storage(url)}
    return url
