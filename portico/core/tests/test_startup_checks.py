"""Checks at start, on the machine's PostgreSQL with roles and a database each test makes and
drops: `migrate` refuses an app role that could not hold the firm wall, the web process
refuses to serve as the owner or a role bypassing row-level security, and `check --deploy`
passes with the production settings docs/production.md lists."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
SERVER = os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture
def scratch():
    """A fresh database and a name prefix for roles; both dropped afterwards."""
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server at CI_POSTGRES_URL or 127.0.0.1:5432")
    prefix = f"startck_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{prefix}"')
    yield admin, prefix
    admin.execute(f'DROP DATABASE IF EXISTS "{prefix}" WITH (FORCE)')
    for (role,) in admin.execute(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", [f"{prefix}%"]
    ).fetchall():
        admin.execute(f'DROP ROLE "{role}"')
    admin.close()


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "PORTICO_ALLOW_OWNER_CONNECTION"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def _migrate(prefix: str, role: str, user: str = "postgres") -> subprocess.CompletedProcess:
    url = SERVER.replace("postgres@", f"{user}@", 1) if user != "postgres" else SERVER
    return _run(
        ["manage.py", "migrate", "--noinput"],
        DATABASE_URL=f"{url}/{prefix}",
        DATABASE_APP_ROLE=role,
    )


def _tables(admin, prefix: str) -> int:
    with psycopg.connect(f"{SERVER}/{prefix}") as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]


def test_migrate_refuses_an_app_role_that_does_not_exist(scratch):
    admin, prefix = scratch
    result = _migrate(prefix, f"{prefix}_nobody")
    assert result.returncode != 0
    assert f"DATABASE_APP_ROLE is '{prefix}_nobody', but PostgreSQL has no such role" in (
        result.stderr
    )
    assert f'CREATE ROLE "{prefix}_nobody" LOGIN' in result.stderr
    assert "Traceback" not in result.stderr
    # nothing was migrated, and no role was made behind the operator's back
    assert _tables(admin, prefix) == 0
    assert not admin.execute(
        "SELECT 1 FROM pg_roles WHERE rolname = %s", [f"{prefix}_nobody"]
    ).fetchone()


@pytest.mark.parametrize(
    ("attributes", "says", "fix"),
    [
        ("NOLOGIN", "cannot log in", "LOGIN PASSWORD"),
        ("LOGIN BYPASSRLS", "bypasses row-level security (BYPASSRLS)", "NOBYPASSRLS"),
        ("LOGIN SUPERUSER", "bypasses row-level security (SUPERUSER)", "NOSUPERUSER"),
    ],
)
def test_migrate_refuses_an_app_role_that_could_not_hold_the_wall(scratch, attributes, says, fix):
    admin, prefix = scratch
    role = f"{prefix}_app"
    admin.execute(f'CREATE ROLE "{role}" {attributes}')
    result = _migrate(prefix, role)
    assert result.returncode != 0
    assert says in result.stderr and fix in result.stderr
    assert _tables(admin, prefix) == 0


def test_migrate_refuses_when_the_app_role_is_the_owner(scratch):
    admin, prefix = scratch
    owner = f"{prefix}_owner"
    admin.execute(f'CREATE ROLE "{owner}" LOGIN')
    admin.execute(f'ALTER DATABASE "{prefix}" OWNER TO "{owner}"')
    result = _migrate(prefix, owner, user=owner)
    assert result.returncode != 0
    assert f"DATABASE_APP_ROLE is '{owner}', which owns the tables" in result.stderr
    assert _tables(admin, prefix) == 0


def _start_web(prefix: str, user: str, **env: str) -> subprocess.CompletedProcess:
    """Import the ASGI application as uvicorn does when the web process starts."""
    url = SERVER.replace("postgres@", f"{user}@", 1) if user != "postgres" else SERVER
    return _run(["-c", "import portico.config.asgi"], DATABASE_URL=f"{url}/{prefix}", **env)


def test_the_web_process_refuses_the_owner_and_roles_that_bypass_the_wall(scratch):
    admin, prefix = scratch
    owner, bypass, app = f"{prefix}_owner", f"{prefix}_bypass", f"{prefix}_app"
    admin.execute(f'CREATE ROLE "{owner}" LOGIN')
    admin.execute(f'CREATE ROLE "{bypass}" LOGIN BYPASSRLS')
    admin.execute(f'CREATE ROLE "{app}" LOGIN NOSUPERUSER NOBYPASSRLS')
    admin.execute(f'ALTER DATABASE "{prefix}" OWNER TO "{owner}"')
    with psycopg.connect(f"{SERVER}/{prefix}", autocommit=True) as conn:
        conn.execute("CREATE TABLE tenancy_firm (id uuid PRIMARY KEY)")
        conn.execute(f'ALTER TABLE tenancy_firm OWNER TO "{owner}"')

    as_superuser = _start_web(prefix, "postgres")
    assert as_superuser.returncode != 0
    assert "connects to PostgreSQL as 'postgres', a superuser" in as_superuser.stderr
    as_owner = _start_web(prefix, owner)
    assert as_owner.returncode != 0 and "the owner of the tables" in as_owner.stderr
    as_bypass = _start_web(prefix, bypass)
    assert as_bypass.returncode != 0 and "a role with BYPASSRLS" in as_bypass.stderr
    assert "PORTICO_ALLOW_OWNER_CONNECTION=1 for development only" in as_bypass.stderr

    # the app role starts; so does the owner when development says so on purpose
    assert _start_web(prefix, app).returncode == 0
    assert _start_web(prefix, owner, PORTICO_ALLOW_OWNER_CONNECTION="1").returncode == 0


def test_check_deploy_passes_with_the_documented_production_settings(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(50),
        PORTICO_BASE_URL="https://portico.example.com",
        ALLOWED_HOSTS="portico.example.com",
        PORTICO_FIELD_ENCRYPTION_KEYS="ZmFrZS1rZXktZm9yLWNoZWNrLTAxMjM0NTY3ODlhYmNkZWY=",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        PORTICO_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
