"""A real identity service for the tests: `python -m idp` under uvicorn on a free loopback port,
with its own database (a temporary SQLite file, or a fresh PostgreSQL database when
IDENTITY_DATABASE_URL points at one) and its own signing key."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
MGMT_SCOPES = "create:users read:users update:users delete:users update:users_app_metadata create:user_tickets create:organizations read:organizations update:organizations"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class IdentityService:
    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None
    # What the service emails (reset links), received by a real SMTP server on loopback.
    inbox: Any = None
    mgmt_client_id: str = "test-management"
    mgmt_client_secret: str = "test-management-secret-0123456789"

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"http://{self.domain}/"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "idp", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"idp {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self) -> None:
        log = open(Path(self.env["PORTICO_TEST_IDP_DIR"]) / "idp.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "idp.config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
                # uvicorn would otherwise believe X-Forwarded-For from loopback, letting any
                # local client choose the address lock-outs count (TRUSTED_PROXIES, as in
                # the Procfile).
                f"--forwarded-allow-ips={self.env.get('TRUSTED_PROXIES', '')}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if (
                    httpx.get(
                        f"{self.issuer}.well-known/openid-configuration", timeout=1
                    ).status_code
                    == 200
                ):
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the identity service did not start; see idp.log")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def register_client(
        self, client_id: str, secret: str, base_url: str, *, backchannel_logout: bool = False
    ) -> None:
        """Register a web application; with `backchannel_logout`, logout tokens go to the
        practice app's receiver at `base_url` (Portico's own client only)."""
        extra = (
            ["--backchannel-logout-uri", f"{base_url}/accounts/backchannel-logout/"]
            if backchannel_logout
            else []
        )
        self.manage(
            "register_client",
            "--name",
            client_id,
            "--client-id",
            client_id,
            f"--client-secret={secret}",
            "--redirect-uri",
            f"{base_url}/accounts/callback/",
            "--logout-uri",
            f"{base_url}/accounts/signed-out/",
            *extra,
        )


def _database_url(tmp: Path) -> str:
    url = os.environ.get("IDENTITY_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'identity.sqlite3'}"
    import psycopg

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'portico_identity'}_e2e"
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


@pytest.fixture(scope="session")
def identity_service(tmp_path_factory):
    """The identity service, running, with the Management API client and our API registered;
    what it emails arrives in `identity_service.inbox`."""
    from aiosmtpd.controller import Controller

    from portico.testing.smtp import Inbox

    tmp = tmp_path_factory.mktemp("idp")
    port = free_port()
    inbox = Inbox()
    smtp_port = free_port()
    mail_server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    mail_server.start()
    env = {
        **os.environ,
        "IDENTITY_DATABASE_URL": _database_url(tmp),
        "IDP_DOMAIN": f"127.0.0.1:{port}",
        "IDP_SCHEME": "http",
        "IDP_RSA_KEY_FILE": str(tmp / "idp-rsa.pem"),
        "IDP_SECRET_KEY": "test-identity-secret-key-0123456789abcdef",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "PORTICO_TEST_IDP_DIR": str(tmp),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    service = IdentityService(port=port, env=env, inbox=inbox)
    service.manage("migrate", "--noinput", "-v", "0")
    service.manage(
        "register_m2m_client",
        "--name",
        "Portico management",
        "--client-id",
        service.mgmt_client_id,
        f"--client-secret={service.mgmt_client_secret}",
        "--audience",
        f"{service.issuer}api/v2/",
        "--scopes",
        MGMT_SCOPES,
    )
    service.start()
    yield service
    service.stop()
    mail_server.stop()


WEB_CLIENT_ID = "portico-web-test"
WEB_CLIENT_SECRET = "portico-web-test-secret-0123456789abcdef"


@pytest.fixture
def identity_settings(identity_service, settings):
    """Point the practice app (in this process) at the running identity service."""
    from portico.api import tokens
    from portico.identity.oidc import reset_client

    settings.IDP_DOMAIN = identity_service.domain
    settings.IDP_ISSUER = identity_service.issuer
    settings.IDP_CLIENT_ID = WEB_CLIENT_ID
    settings.IDP_CLIENT_SECRET = WEB_CLIENT_SECRET
    settings.IDP_MGMT_CLIENT_ID = identity_service.mgmt_client_id
    settings.IDP_MGMT_CLIENT_SECRET = identity_service.mgmt_client_secret
    reset_client()
    tokens.forget_keys()
    yield settings
    reset_client()
    tokens.forget_keys()


@pytest.fixture
def web_with_identity(identity_service, identity_settings, live_server, transactional_db):
    """The practice app served over HTTP, signing in at the running identity service."""
    base = live_server.url
    if getattr(identity_service, "_registered_for", None) != base:
        identity_service.register_client(
            WEB_CLIENT_ID, WEB_CLIENT_SECRET, base, backchannel_logout=True
        )
        identity_service.manage(
            "register_api", "--identifier", f"{base}/api/v1", "--name", "Portico staff API"
        )
        identity_service._registered_for = base
    identity_settings.PORTICO_BASE_URL = base
    identity_settings.PORTICO_API_AUDIENCE = f"{base}/api/v1"
    identity_settings.CSRF_TRUSTED_ORIGINS = [base]
    return base


@pytest.fixture
def identity_admin(identity_service):
    """The Management API adapter production uses, pointed at the running identity service."""
    from portico.identity.admin import IdentityAdmin

    return IdentityAdmin(
        issuer=identity_service.issuer,
        client_id=identity_service.mgmt_client_id,
        client_secret=identity_service.mgmt_client_secret,
    )


@pytest.fixture
def identity_unreachable(monkeypatch, settings):
    """The identity service cannot be reached: every call of the Management API adapter fails
    to connect, at its httpx transport, as when the service is down. (One test stops the real
    service instead, to prove this stands for it.)"""
    from portico.identity.admin import IdentityAdmin

    def refuse(request: httpx.Request):
        raise httpx.ConnectError("Connection refused", request=request)

    def from_settings(cls):
        return cls(
            issuer=settings.IDP_ISSUER,
            client_id=settings.IDP_MGMT_CLIENT_ID,
            client_secret=settings.IDP_MGMT_CLIENT_SECRET,
            transport=httpx.MockTransport(refuse),
        )

    monkeypatch.setattr(IdentityAdmin, "from_settings", classmethod(from_settings))


def unique_email(name: str) -> str:
    import secrets

    return f"{name}.{secrets.token_hex(4)}@example.com"


def signed_by_identity_service(service: IdentityService, claims: dict, typ: str | None) -> str:
    """A JWT signed with the running identity service's key and `kid`, as its tokens are, for
    tests of what Portico does with tokens it did not see issued (or that were tampered with)."""
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    key = RSAKey.import_key(Path(service.env["IDP_RSA_KEY_FILE"]).read_text())
    header = {"alg": "RS256", "kid": key.thumbprint()}
    if typ is not None:
        header["typ"] = typ
    return jwt.encode(header, claims, key)


def signed_access_token(
    service: IdentityService, sub: str, audience: str, *, iat: int | None = None
) -> str:
    """A staff access token as the identity service issues them."""
    iat = int(time.time()) if iat is None else iat
    claims = {"iss": service.issuer, "aud": audience, "sub": sub, "iat": iat, "exp": iat + 600}
    return signed_by_identity_service(service, claims, "at+jwt")


TOOL_CLIENT_ID = "firm-tool"
TOOL_CLIENT_SECRET = "firm-tool-secret-0123456789"


def staff_access_token(service: IdentityService, base_url: str, email: str, password: str) -> dict:
    """A firm's tool signs a person in at the identity service (authorization code with PKCE,
    audience the staff API) and exchanges the code: the token response, as a tool gets it."""
    from authlib.common.security import generate_token
    from authlib.integrations.httpx_client import OAuth2Client

    from portico.testing.http_browser import authorize

    if getattr(service, "_tool_registered_for", None) != base_url:
        service.register_client(TOOL_CLIENT_ID, TOOL_CLIENT_SECRET, base_url)
        service._tool_registered_for = base_url
    tool = OAuth2Client(
        TOOL_CLIENT_ID,
        TOOL_CLIENT_SECRET,
        scope="openid email",
        redirect_uri=f"{base_url}/accounts/callback/",
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",
    )
    verifier = generate_token(48)
    url, _state = tool.create_authorization_url(
        f"{service.issuer}authorize", code_verifier=verifier, audience=f"{base_url}/api/v1"
    )
    return tool.fetch_token(
        f"{service.issuer}oauth/token",
        authorization_response=authorize(url, email, password),
        code_verifier=verifier,
    )
