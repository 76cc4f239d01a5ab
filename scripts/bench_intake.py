#!/usr/bin/env python
"""Saving an intake answer, from the client's request to the staff page's update.

    .venv/bin/python scripts/bench_intake.py [--answers 200] [--json]

Starts the web process as production does (uvicorn serving portico.config.asgi) on a fresh
database (SQLite under a temporary folder, or DATABASE_URL's PostgreSQL: then its own
`<name>_bench` database, dropped after), with a firm, a partner signed in to the workspace, a
client signed in to the portal and a case with an intake form. A real SSE client holds the
staff page's stream (/workspace/events) open; the client's browser then saves answers one
after another through the portal API (PUT, as intake.js does), and each is timed from the
moment its request is sent to the moment the staff stream delivers its `IntakeAnswerSaved`.
Reports p50 and p99. Not part of `make test` (for `make bench`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_streams import database_url, free_port, open_stream, serving  # noqa: E402

PREPARE = """
import datetime, json, time
from django.contrib.sessions.backends.db import SessionStore
from portico.accounts.session import SessionPrincipal
from portico.clients.actions import create_contact
from portico.clients.inputs import ContactInput, EmailInput
from portico.intake.actions import QuestionInput, add_question, attach_form, create_form
from portico.matters.actions import create_case
from portico.matters.inputs import CaseInput
from portico.portal.models import PortalAccount
from portico.tenancy.models import Firm, StaffMember
firm = Firm.objects.create(name="Bench & Co", slug="bench-intake")
member = StaffMember.objects.create(firm=firm, sub="bench|alice", email="alice@bench.example",
                                    name="Alice Bench", role=StaffMember.Role.PARTNER)
contact = create_contact(firm=firm, data=ContactInput(
    first_name="Carol", emails=[EmailInput(address="carol@bench.example", is_primary=True)]),
    actor=member)
case = create_case(firm=firm, data=CaseInput(name="Bench v. Load", client_ids=[contact.id],
                   practice_area="personal_injury", opened_on=datetime.date(2026, 3, 2)),
                   actor=member)
account = PortalAccount.objects.create(firm_id=firm.id, contact=contact,
    email="carol@bench.example", identity_user_id="bench|carol", status="active")
form = create_form(firm_id=firm.id, name="Bench intake", actor=member)
question = add_question(form=form, data=QuestionInput(label="Where did it happen?",
                        kind="short_text", required=True), actor=member)
attach_form(matter=case, form=form, actor=member)
sessions = {}
for kind, sub, extra in (("staff", member.sub, {}),
                         ("client", account.identity_user_id, {"contact_id": str(contact.id)})):
    session = SessionStore()
    SessionPrincipal(kind=kind, sub=sub, firm_id=str(firm.id), sid="bench", id_token="bench",
                     exp=0, signed_in_at=time.time(), **extra).store(session)
    session.save()
    sessions[kind] = session.session_key
print(json.dumps({"staff": sessions["staff"], "client": sessions["client"],
                  "case": str(case.id), "question": str(question.id)}))
"""


def prepare(env: dict[str, str]) -> dict[str, str]:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PREPARE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"could not prepare the bench:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def next_saved(reader: asyncio.StreamReader, buffer: bytearray) -> None:
    """Read the staff stream until one `IntakeAnswerSaved` event has arrived."""
    marker = b"intake.IntakeAnswerSaved"
    while True:
        at = buffer.find(marker)
        if at != -1:
            end = buffer.find(b"\n\n", at)
            if end != -1:
                del buffer[: end + 2]
                return
        chunk = await reader.read(4096)
        if not chunk:
            raise RuntimeError("the staff stream closed")
        buffer += chunk


async def bench(port: int, made: dict, answers: int) -> list[float]:
    import httpx

    reader, writer = await open_stream(port, f"portico_session={made['staff']}")
    csrf = secrets.token_hex(16)  # 32 characters: Django's secret, sent as cookie and header
    url = f"http://127.0.0.1:{port}/portal/api/v1/cases/{made['case']}/intake/{made['question']}"
    timings = []
    buffer = bytearray()
    async with httpx.AsyncClient(
        cookies={"portico_session": made["client"], "portico_csrftoken": csrf},
        headers={"X-CSRFToken": csrf},
        timeout=30,
    ) as client:
        for i in range(answers + 5):  # the first five warm the process up, and are not counted
            started = time.monotonic()
            arrived = asyncio.ensure_future(next_saved(reader, buffer))
            response = await client.put(url, json={"value": f"At the loading dock, bay {i}"})
            response.raise_for_status()
            await asyncio.wait_for(arrived, timeout=30)
            if i >= 5:
                timings.append(time.monotonic() - started)
    writer.close()
    return sorted(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": database_url(Path(tmp)), "PORTICO_VAR_DIR": tmp}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        made = prepare(env)
        port = free_port()
        with serving(env, port):
            timings = asyncio.run(bench(port, made, args.answers))
    p50 = timings[len(timings) // 2]
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"database            {database}")
    print(
        f"answer saved -> staff stream  {len(timings)} answers; p50 {p50 * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms"
    )
    if args.json:
        print(json.dumps({"answers": len(timings), "p50": p50, "p99": p99, "max": timings[-1]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())


# For `make bench` (scripts/bench/__main__.py): the row, measured on PostgreSQL.


def bench_row(server: str) -> dict | None:
    """Run this bench on `server`'s PostgreSQL; its figures, or None (said why on stderr)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/bench_intake",
        "PORTICO_ALLOW_OWNER_CONNECTION": "1",
    }
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        print(f"  the intake bench failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return None
    finally:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "bench_intake_bench" WITH (FORCE)')


def table_row(result: dict) -> tuple[str, str, str, str]:
    return (
        "saving an answer, from the client's request to the staff page's update",
        f"{result['answers']} answers; p50 {result['p50'] * 1000:.0f} ms, "
        f"p99 {result['p99'] * 1000:.0f} ms",
        "",
        "p99 < 250 ms",
    )
