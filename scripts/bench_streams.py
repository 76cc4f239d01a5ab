#!/usr/bin/env python
"""Open 1,000 live streams on one web process and check that every one gets an event.

    .venv/bin/python scripts/bench_streams.py [--streams 1000]

Starts the web process as production does (uvicorn serving portico.config.asgi) on a fresh
SQLite database under a temporary folder (or on DATABASE_URL's PostgreSQL when set: the bench
then creates and drops its own `<name>_bench` database), signs a member in, opens N
`/workspace/events` streams, posts one comment through the staff API, and reports: the web
process's memory (RSS) and threads before and with the streams open, how long opening took,
and how many streams got the event and how fast. Not part of `make test` (for `make bench`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def rss_mib(pid: int) -> float:
    return int(proc_status(pid)["VmRSS"].split()[0]) / 1024


def threads(pid: int) -> int:
    return int(proc_status(pid)["Threads"])


def database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    import psycopg

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'portico'}_bench"
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # `make bench` hands over a freshly migrated database to copy (migrate then has
        # nothing to do), rather than migrating every bench's database from scratch.
        template = os.environ.get("BENCH_TEMPLATE_DATABASE")
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return parsed._replace(path=f"/{name}").geturl()


def prepare(env: dict[str, str]) -> dict[str, str]:
    """Migrate, and make a firm, a signed-in partner, a case and an API key (in a child
    process, so this one stays free of Django)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    code = """
import datetime
import json
from django.contrib.sessions.backends.db import SessionStore
from portico.accounts.session import SessionPrincipal
from portico.clients.actions import create_contact
from portico.clients.inputs import ContactInput
from portico.matters.actions import create_case
from portico.matters.inputs import CaseInput
from portico.tenancy.actions import create_api_key
from portico.tenancy.models import Firm, StaffMember
firm = Firm.objects.create(name="Bench & Co", slug="bench")
member = StaffMember.objects.create(firm=firm, sub="bench|alice", email="alice@bench.example",
                                    name="Alice Bench", role=StaffMember.Role.PARTNER)
contact = create_contact(firm=firm, data=ContactInput(first_name="Carol"), actor=member)
case = create_case(firm=firm, data=CaseInput(name="Bench v. Load", client_ids=[contact.id],
                   practice_area="personal_injury", opened_on=datetime.date(2026, 3, 2)),
                   actor=member)
_key, raw = create_api_key(firm=firm, name="bench", actor=member)
session = SessionStore()
SessionPrincipal(kind="staff", sub=member.sub, firm_id=str(firm.id), sid="bench",
                 id_token="bench", exp=0).store(session)
session.save()
print(json.dumps({"session": session.session_key, "case": str(case.id), "key": raw}))
"""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"could not prepare the bench:\n{done.stderr}")
    out = done.stdout
    return json.loads(out.strip().splitlines()[-1])


async def open_stream(port: int, cookie: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /workspace/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    buffer = b""
    while b": open" not in buffer:
        chunk = await reader.read(4096)
        if not chunk:
            raise RuntimeError(f"stream closed before opening: {buffer!r}")
        buffer += chunk
    return reader, writer


async def wait_for_event(reader: asyncio.StreamReader) -> float:
    buffer = b""
    while b"CommentAdded" not in buffer:
        chunk = await reader.read(4096)
        if not chunk:
            raise RuntimeError("stream closed before the event")
        buffer += chunk
    return time.monotonic()


async def bench(port: int, cookie: str, case_id: str, key: str, count: int, pid: int) -> dict:
    import httpx

    started = time.monotonic()
    streams = []
    for batch in range(0, count, 100):  # opened in batches, as page loads would arrive
        streams += await asyncio.gather(
            *(open_stream(port, cookie) for _ in range(min(100, count - batch)))
        )
    opened_in = time.monotonic() - started
    await asyncio.sleep(1)
    with_streams = rss_mib(pid), threads(pid)
    waiting = [asyncio.ensure_future(wait_for_event(r)) for r, _w in streams]
    async with httpx.AsyncClient() as client:
        sent = time.monotonic()
        response = await client.post(
            f"http://127.0.0.1:{port}/api/v1/cases/{case_id}/comments",
            json={"body": "Bench event.", "private": True},
            headers={"Authorization": f"Bearer {key}"},
        )
        response.raise_for_status()
        answered = time.monotonic()  # the comment was committed before the API answered
    done, pending = await asyncio.wait(waiting, timeout=60)
    arrivals = sorted(t.result() - sent for t in done if not t.exception())
    after_answer = sorted(t.result() - answered for t in done if not t.exception())
    for task in pending:
        task.cancel()
    for _r, writer in streams:
        writer.close()
    return {
        "opened_in": opened_in,
        "with_streams": with_streams,
        "got_event": len(arrivals),
        "first": arrivals[0] if arrivals else None,
        "median": arrivals[len(arrivals) // 2] if arrivals else None,
        "last": arrivals[-1] if arrivals else None,
        "p99": arrivals[min(len(arrivals) - 1, int(len(arrivals) * 0.99))] if arrivals else None,
        "api": answered - sent,
        "p50_after_answer": after_answer[len(after_answer) // 2] if after_answer else None,
        "p99_after_answer": after_answer[min(len(after_answer) - 1, int(len(after_answer) * 0.99))]
        if after_answer
        else None,
    }


@contextlib.contextmanager
def serving(env: dict, port: int, *options: str):
    """The web app under uvicorn on `port` (with uvicorn `options`), once `/healthz` answers;
    stopped on the way out. The intake bench serves it the same way."""
    import httpx

    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "portico.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            *options,
            "--timeout-graceful-shutdown",
            "2",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(200):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield web
    finally:
        web.terminate()
        web.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, args.streams * 2 + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))  # inherited by the web process
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": database_url(Path(tmp)), "PORTICO_VAR_DIR": tmp}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        made = prepare(env)
        port = free_port()
        with serving(env, port, "--backlog", "4096") as web:
            idle = rss_mib(web.pid), threads(web.pid)
            cookie = f"portico_session={made['session']}"
            result = asyncio.run(
                bench(port, cookie, made["case"], made["key"], args.streams, web.pid)
            )
    mib, count = result["with_streams"]
    print(
        f"database            {'PostgreSQL' if env['DATABASE_URL'].startswith('postgres') else 'SQLite'}"
    )
    print(f"streams opened      {args.streams} in {result['opened_in']:.2f} s")
    print(
        f"web process RSS     {idle[0]:.1f} MiB idle -> {mib:.1f} MiB with the streams open "
        f"(+{mib - idle[0]:.1f} MiB, {(mib - idle[0]) * 1024 / args.streams:.1f} KiB per stream)"
    )
    print(f"web process threads {idle[1]} idle -> {count} with the streams open")
    if result["got_event"]:
        print(
            f"got the event       {result['got_event']} of {args.streams}; after "
            f"{result['first'] * 1000:.0f} ms (first), {result['median'] * 1000:.0f} ms "
            f"(median), {result['last'] * 1000:.0f} ms (last)"
        )
        print(
            f"the API call        answered after {result['api'] * 1000:.0f} ms; from its answer "
            f"the streams got the event after {result['p50_after_answer'] * 1000:.0f} ms (median), "
            f"{result['p99_after_answer'] * 1000:.0f} ms (99th percentile)"
        )
    else:
        print("got the event       none")
    if args.json:
        print(
            json.dumps(
                {
                    "streams": args.streams,
                    "opened_in": result["opened_in"],
                    "rss_idle_mib": idle[0],
                    "rss_open_mib": mib,
                    "got_event": result["got_event"],
                    "p50": result["median"],
                    "p99": result["p99"],
                    "max": result["last"],
                    "api": result["api"],
                    "p50_after_answer": result["p50_after_answer"],
                    "p99_after_answer": result["p99_after_answer"],
                }
            )
        )
    return 0 if result["got_event"] == args.streams else 1


if __name__ == "__main__":
    sys.exit(main())
