"""EMAIL_URL and STORAGE_URL: read the same way by both projects, and documents on S3 (moto's
S3 server standing in for AWS) as well as on local files."""

from __future__ import annotations

import io

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portico.config import env
from portico.testing.identity import free_port


@pytest.mark.parametrize(
    ("url", "host", "port", "tls", "ssl"),
    [
        ("smtp://127.0.0.1:1025", "127.0.0.1", 1025, False, False),
        ("smtp://relay.example.com", "relay.example.com", 25, False, False),
        ("smtp+tls://relay.example.com", "relay.example.com", 587, True, False),
        ("smtps://relay.example.com", "relay.example.com", 465, False, True),
    ],
)
def test_email_url_means_the_same_relay_as_at_the_identity_service(url, host, port, tls, ssl):
    # the identity service's reading (idp/config/env.py `_mailer`) gives these same values
    options = env.mailer(url)["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"], options["use_ssl"]) == (
        host,
        port,
        tls,
        ssl,
    )


def test_email_url_with_credentials_and_an_unknown_scheme():
    options = env.mailer("smtp+tls://me%40firm:p%2Fss@relay.example.com:2525")["OPTIONS"]
    assert (options["username"], options["password"], options["port"]) == (
        "me@firm",
        "p/ss",
        2525,
    )
    with pytest.raises(ValueError, match="not supported"):
        env.mailer("http://relay.example.com")


def test_storage_url_chooses_local_files_or_s3():
    assert env.storage("file:///srv/portico/media") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/portico/media"},
    }
    s3 = env.storage(
        "s3://firm-docs/portico?endpoint_url=https://s3.example.com&region_name=eu-west-1"
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "firm-docs"
    assert s3["OPTIONS"]["location"] == "portico"
    assert s3["OPTIONS"]["endpoint_url"] == "https://s3.example.com"
    assert s3["OPTIONS"]["region_name"] == "eu-west-1"
    with pytest.raises(ValueError, match="unknown option 'acl'"):
        env.storage("s3://firm-docs?acl=public-read")
    with pytest.raises(ValueError, match="file:// or s3://"):
        env.storage("ftp://files.example.com")


@pytest.fixture
def s3_server(monkeypatch):
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
        Bucket="firm-docs"
    )
    yield endpoint
    server.stop()


@pytest.mark.slow
def test_a_firms_logo_is_kept_in_s3_and_served_from_there(
    s3_server, settings, harbor, as_alice, client
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": env.storage(
            f"s3://firm-docs/portico?endpoint_url={s3_server}&region_name=us-east-1"
            "&addressing_style=path"
        ),
    }
    image = io.BytesIO()
    Image.new("RGB", (120, 60), "#7a1f5c").save(image, format="PNG")
    upload = SimpleUploadedFile("logo.png", image.getvalue(), content_type="image/png")
    saved = as_alice.post(
        "/workspace/settings/",
        {"logo": upload, "accent_colour": "#7a1f5c", "email_sender_name": ""},
    )
    assert saved.status_code == 302
    harbor.refresh_from_db()
    # the file is in the bucket, under the prefix
    keys = [
        o["Key"]
        for o in boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
        .list_objects_v2(Bucket="firm-docs")
        .get("Contents", [])
    ]
    assert keys == [f"portico/{harbor.logo.name}"]
    # and the firm's logo is served from it
    served = client.get(f"/brand/{harbor.id}/logo.png")
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
