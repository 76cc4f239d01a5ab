"""Reading the environment: the signing key file and EMAIL_URL."""

import stat

import pytest

from idp.config.env import _load_or_create_rsa_key, _mailer


def test_signing_key_is_created_once_private_and_then_reused(tmp_path):
    path = tmp_path / "var" / "idp-rsa.pem"

    first = _load_or_create_rsa_key(path)
    second = _load_or_create_rsa_key(path)

    assert first.startswith("-----BEGIN PRIVATE KEY-----")
    assert second == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_email_url_becomes_the_default_mailer():
    assert _mailer("smtps://user:p%40ss@mail.example.com") == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.com",
            "port": 465,
            "username": "user",
            "password": "p@ss",
            "use_tls": False,
            "use_ssl": True,
            "timeout": 10,
        },
    }
    assert _mailer("console://") == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    with pytest.raises(ValueError, match="not supported"):
        _mailer("sendgrid://key")
