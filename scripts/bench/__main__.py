"""`make bench`: Portico's speed as ratios and counts measured side by side in one run.

    .venv/bin/python -m scripts.bench            (scripts/bench.sh sets up first)

Makes fresh PostgreSQL databases (DATABASE_URL's server; `portico_bench` by default), migrates
and seeds them, serves the web app under uvicorn on free loopback ports exactly as production
does (plus one raw-ASGI hello, scripts/bench/app.py), loads each page for BENCH_SECONDS (6)
at 32 connections, runs the live-stream and upload benches, and writes the table to
var/bench/bench.md and var/bench/bench.json. Absolute figures move with whatever else the
machine runs; the ratios are what to compare between runs.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from scripts import bench_intake
from scripts.bench.wrk import run_load

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
STREAMS = int(os.environ.get("BENCH_STREAMS", "1000"))
UPLOAD_MIB = int(os.environ.get("BENCH_UPLOAD_MIB", "1024"))
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DATABASE", "portico_bench")
APP_ROLE = "portico_bench_app"
TEMPLATE_DB = f"{DB_NAME}_migrated"
PY = sys.executable


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The databases


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        found = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE]).fetchone()
        if not found:
            conn.execute(f'CREATE ROLE "{APP_ROLE}" LOGIN NOSUPERUSER NOBYPASSRLS')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def base_env() -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DB_NAME}",
        "DATABASE_APP_ROLE": APP_ROLE,
        "PORTICO_VAR_DIR": str(OUT / "run"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def app_env() -> dict[str, str]:
    """The web process connects as the app role, as production does (row-level security on)."""
    parsed = urlparse(SERVER)
    host = parsed.netloc.rpartition("@")[2]
    return {**base_env(), "DATABASE_URL": f"postgres://{APP_ROLE}@{host}/{DB_NAME}"}


def django(code: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: a Django step failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare() -> dict:
    log(f"fresh database {DB_NAME}, migrate ...")
    fresh_database()
    (OUT / "run").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=base_env(), check=True
    )
    # A copy of the migrated schema, for the stream and intake benches' own databases.
    drop_database(TEMPLATE_DB)
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{TEMPLATE_DB}" TEMPLATE "{DB_NAME}"')
    os.environ["BENCH_TEMPLATE_DATABASE"] = TEMPLATE_DB
    log("seed ...")
    out = django("from scripts.bench.seed import main; main()")
    made = json.loads(out.strip().splitlines()[-1])
    (OUT / "run" / "seed.json").write_text(json.dumps(made))
    return made


# The web process


@contextmanager
def web(workers: int = 1, pages: str = "wsgi"):
    port = free_port()
    log_file = open(OUT / f"web-{pages}-{workers}.log", "a")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            PY,
            "-m",
            "uvicorn",
            "scripts.bench.app:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--backlog",
            "4096",
            "--timeout-graceful-shutdown",
            "15",  # let requests still queued after a load finish, rather than log them cut
        ],
        cwd=ROOT,
        env={**app_env(), "PORTICO_PAGES_INTERFACE": pages},
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit("bench: the web process exited at start")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()


def page_targets(made: dict) -> list[tuple[str, str, str | None]]:
    small = made["small"]
    return [
        ("raw ASGI hello", "/_bench/hello", None),
        ("bare endpoint /healthz", "/healthz", None),
        ("portal home", "/portal/", small["client"]),
        ("portal case page", f"/portal/cases/{small['case']}/", small["client"]),
        ("portal API matters", "/portal/api/v1/matters", small["client"]),
    ]


def check_pages(base: str, targets) -> None:
    import httpx

    for name, path, session in targets:
        cookies = {"portico_session": session} if session else {}
        answer = httpx.get(base + path, cookies=cookies, follow_redirects=False, timeout=10)
        if answer.status_code != 200:
            raise SystemExit(f"bench: {name} ({path}) answered {answer.status_code}, not 200")


def merge(rounds: list[dict]) -> dict:
    """One figure from alternating rounds: summed requests over the summed time, the rounds'
    mean p50 and worst p99."""
    return {
        "rps": sum(r["rps"] for r in rounds) / len(rounds),
        "p50": sum(r["p50"] for r in rounds) / len(rounds),
        "p99": max(r["p99"] for r in rounds),
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "tool": rounds[0]["tool"],
    }


def load_side_by_side(servers: dict[str, str], targets) -> dict[str, dict[str, dict]]:
    """Each target on each server, in alternating rounds (ROUNDS of SECONDS/ROUNDS each), so
    that whatever else the machine does falls on every server alike."""
    results: dict[str, dict[str, dict]] = {server: {} for server in servers}
    each = max(1, SECONDS // ROUNDS)
    for name, path, session in targets:
        headers = {"Cookie": f"portico_session={session}"} if session else {}
        rounds: dict[str, list[dict]] = {server: [] for server in servers}
        for _ in range(ROUNDS):
            for server, base in servers.items():
                if server == "two" and path == "/_bench/hello":
                    continue
                rounds[server].append(
                    run_load(base + path, connections=CONNECTIONS, seconds=each, headers=headers)
                )
        for server, measured in rounds.items():
            if not measured:
                continue
            r = results[server][name] = merge(measured)
            log(
                f"  {server:4} {name}: {r['rps']:.0f} req/s, p50 {r['p50'] * 1000:.1f} ms, "
                f"p99 {r['p99'] * 1000:.1f} ms, errors {r['errors']}"
            )
    return results


def large_vs_small(base: str, made: dict) -> dict[str, dict]:
    """The same pages for the large firm's client (and staff) and the small firm's, loaded in
    alternating rounds on one server."""
    small, large = made["small"], made["large"]
    pages = [
        ("portal home", "client", lambda f: "/portal/"),
        ("portal case page", "client", lambda f: f"/portal/cases/{f['case']}/"),
        ("portal API matters", "client", lambda f: "/portal/api/v1/matters"),
        ("workspace directory", "staff", lambda f: "/workspace/clients/"),
        ("workspace directory, page 50", "staff", lambda f: "/workspace/clients/?page=50"),
        ("workspace search by name", "staff", lambda f: "/workspace/clients/?q=avery"),
        ("workspace search by email", "staff", lambda f: "/workspace/clients/?q=client7%40"),
        ("workspace search by phone", "staff", lambda f: "/workspace/clients/?q=555-0123"),
        ("workspace case list", "staff", lambda f: "/workspace/cases/"),
    ]
    each = max(1, SECONDS // ROUNDS)
    out = {}
    for name, who, path in pages:
        rounds: dict[str, list[dict]] = {"small": [], "large": []}
        for _ in range(ROUNDS):
            for size, firm in (("small", small), ("large", large)):
                rounds[size].append(
                    run_load(
                        base + path(firm),
                        connections=CONNECTIONS,
                        seconds=each,
                        headers={"Cookie": f"portico_session={firm[who]}"},
                    )
                )
        out[name] = {size: merge(r) for size, r in rounds.items()}
        s, g = out[name]["small"], out[name]["large"]
        log(
            f"  {name}: p99 small {s['p99'] * 1000:.0f} ms, large {g['p99'] * 1000:.0f} ms "
            f"({g['p99'] / s['p99']:.2f}), errors {s['errors'] + g['errors']}"
        )
    return out


# Rows


def pages_rows(made: dict) -> dict:
    """One web process as shipped (pages under WSGI threads), the same with Django's ASGI
    handler for pages (as before `make bench`), and two processes as shipped: all three up at
    once and loaded in turn."""
    targets = page_targets(made)
    log(
        f"pages: {CONNECTIONS} connections, {ROUNDS} alternating rounds of "
        f"{max(1, SECONDS // ROUNDS)} s per server and page ..."
    )
    with web(1) as (one, _a), web(1, pages="asgi") as (asgi, _b), web(2) as (two, _c):
        for base in (one, asgi, two):
            check_pages(base, targets)
        return load_side_by_side({"one": one, "asgi": asgi, "two": two}, targets)


def query_counts() -> dict:
    log("SQL queries per request ...")
    out = django("from scripts.bench.queries import main; main()")
    return json.loads(out.strip().splitlines()[-1])


def streams_row() -> dict | None:
    log(f"live delivery with {STREAMS} streams open ...")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/bench_streams",
        "PORTICO_ALLOW_OWNER_CONNECTION": "1",
    }
    done = subprocess.run(
        [PY, "scripts/bench_streams.py", "--streams", str(STREAMS), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    drop_database("bench_streams_bench")
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        log(f"  the stream bench failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return None


def upload_row() -> dict | None:
    log(f"upload of {UPLOAD_MIB} MiB against cp ...")
    done = subprocess.run(
        [PY, "scripts/bench_upload.py", str(UPLOAD_MIB)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    out = done.stdout
    try:
        return {
            "mib": UPLOAD_MIB,
            "cp_s": float(re.search(r"cp:\s+([\d.]+) s", out).group(1)),
            "upload_s": float(re.search(r"upload:\s+([\d.]+) s", out).group(1)),
            "ratio": float(re.search(r"ratio .*?: ([\d.]+)", out).group(1)),
            "memory_mib": float(re.search(r"memory growth: ([\d.-]+) MiB", out).group(1)),
        }
    except AttributeError:
        log(f"  the upload bench failed:\n{out[-2000:]}{done.stderr[-2000:]}")
        return None


# The table


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, PostgreSQL over loopback"
    )


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def table(results: dict) -> list[tuple[str, str, str, str]]:
    """(row, figure, ratio, goal)"""
    rows: list[tuple[str, str, str, str]] = []
    pages = results.get("pages")
    if pages:
        one, two = pages["one"], pages["two"]
        floor = one["bare endpoint /healthz"]
        hello = one["raw ASGI hello"]

        def fig(r: dict) -> str:
            return f"{r['rps']:.0f} req/s, p50 {ms(r['p50'])}, p99 {ms(r['p99'])}"

        rows.append(("raw ASGI hello (same uvicorn)", fig(hello), "", ""))
        rows.append(
            (
                "bare endpoint /healthz",
                fig(floor),
                f"{floor['rps'] / hello['rps']:.2f} of raw hello",
                ">= 0.30",
            )
        )
        for name in ("portal home", "portal case page", "portal API matters"):
            r = one[name]
            rows.append((name, fig(r), f"{r['rps'] / floor['rps']:.2f} of /healthz", ">= 0.40"))
        for name, r in two.items():
            rows.append(
                (
                    f"2 web processes: {name}",
                    fig(r),
                    f"{r['rps'] / one[name]['rps']:.2f}x one process",
                    ">= 1.6x",
                )
            )
        asgi = pages.get("asgi") or {}
        if asgi:
            a_floor, a_hello = asgi["bare endpoint /healthz"], asgi["raw ASGI hello"]
            rows.append(
                (
                    "ASGI handler: bare endpoint /healthz",
                    fig(a_floor),
                    f"{a_floor['rps'] / a_hello['rps']:.2f} of raw hello",
                    "(before)",
                )
            )
            for name in ("portal home", "portal case page", "portal API matters"):
                r = asgi[name]
                rows.append(
                    (
                        f"ASGI handler: {name}",
                        fig(r),
                        f"{r['rps'] / a_floor['rps']:.2f} of /healthz; "
                        f"WSGI threads serve {one[name]['rps'] / r['rps']:.2f}x",
                        "(before)",
                    )
                )
        errors = sum(r["errors"] for r in [*one.values(), *two.values(), *asgi.values()])
        rows.append(("errors answered under load (all page rows)", str(errors), "", "0"))
    for log_name, count in (results.get("server_errors_logged") or {}).items():
        rows.append((f"errors in var/bench/{log_name}.log", str(count), "", "0"))
    sizes = results.get("large")
    if sizes:
        made = results["large_firm"]
        for name, pair in sizes.items():
            small, large = pair["small"], pair["large"]
            rows.append(
                (
                    f"large firm vs small: {name}",
                    f"p99 {ms(large['p99'])} vs {ms(small['p99'])}; "
                    f"{large['rps']:.0f} vs {small['rps']:.0f} req/s",
                    f"{large['p99'] / small['p99']:.2f} of small's p99",
                    "<= 1.10",
                )
            )
        rows.append(
            (
                "large firm generated",
                f"{made['contacts']} contacts, {made['cases']} cases, {made['documents']} "
                f"documents in {made['seconds']:.0f} s",
                "",
                "minutes",
            )
        )
    from portico.testing.query_budget import BUDGETS

    pins = {b.name: b for b in BUDGETS}
    for name, count in (results.get("queries") or {}).items():
        goal = "<= 8" if pins[name].who == "client" else ""
        rows.append(
            (
                f"SQL queries: {name} (PostgreSQL; plus 1 set_config)",
                str(count),
                f"suite pins <= {pins[name].most} on SQLite",
                goal,
            )
        )
    live = results.get("streams")
    if live:
        rows.append(
            (
                f"live delivery, {live['streams']} streams open",
                f"{live['got_event']} of {live['streams']} got it; p50 {ms(live['p50'])}, "
                f"p99 {ms(live['p99'])}",
                "",
                "p99 < 100 ms",
            )
        )
    if results.get("intake"):
        rows.append(bench_intake.table_row(results["intake"]))
    up = results.get("upload")
    if up:
        rows.append(
            (
                f"upload {up['mib']} MiB",
                f"{up['upload_s']:.2f} s (cp {up['cp_s']:.2f} s); memory +{up['memory_mib']:.1f} MiB",
                f"{up['ratio']:.2f} of cp",
                ">= 0.70, < 50 MiB",
            )
        )
    from scripts.bench.soak import table_rows as soak_table_rows

    rows.extend(soak_table_rows(results))
    return rows


def write(results: dict, started: float) -> str:
    rows = table(results)
    head = ("Row", "Figure", "Ratio", "Goal")
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; "
        f"{CONNECTIONS} connections, {SECONDS} s per load row, load by "
        f"{'wrk' if shutil.which('wrk') else 'an asyncio generator'}; "
        f"whole run {time.monotonic() - started:.0f} s.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        "Time taken: "
        + "; ".join(
            f"{name} {seconds:.0f} s" for name, seconds in results.get("timings", {}).items()
        )
        + ".",
    ]
    text = "\n".join(lines) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.md").write_text(text)
    (OUT / "bench.json").write_text(
        json.dumps({"machine": machine(), "results": results, "table": rows}, indent=2)
    )
    return text


def run_rows(made: dict, wanted, results: dict, timed) -> None:
    """Rows 1-5 and the intake row, one after another on an otherwise idle machine."""
    if wanted("pages"):
        with timed("pages"):
            results["pages"] = pages_rows(made)
    if wanted("large") and "large" in made:
        log(
            f"large firm ({made['large']['contacts']} contacts, {made['large']['cases']} cases, "
            f"{made['large']['documents']} documents, made in {made['large']['seconds']:.0f} s) "
            "against small ..."
        )
        with timed("large"), web(1) as (base, _process):
            check_pages(base, [("large", "/portal/", made["large"]["client"])])
            results["large"] = large_vs_small(base, made)
            results["large_firm"] = {
                k: made["large"][k] for k in ("contacts", "cases", "documents", "seconds")
            }
    if wanted("queries"):
        with timed("queries"):
            results["queries"] = query_counts()
    if wanted("streams"):
        with timed("streams"):
            results["streams"] = streams_row()
    if wanted("upload"):
        with timed("upload"):
            results["upload"] = upload_row()
    if wanted("intake"):
        log("saving an intake answer, to the staff stream ...")
        with timed("intake"):
            results["intake"] = bench_intake.bench_row(SERVER)


def main() -> int:
    started = time.monotonic()
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))

    def wanted(name: str) -> bool:
        return not only or name in only

    results: dict = {}
    timings: dict[str, float] = {}
    results["timings"] = timings

    @contextmanager
    def timed(name: str):
        began = time.monotonic()
        try:
            yield
        finally:
            timings[name] = time.monotonic() - began
            log(f"  ({name}: {timings[name]:.0f} s)")

    for old in OUT.glob("web-*.log"):
        old.unlink()
    prepared = None
    if wanted("grant") or wanted("soak"):  # rows 6 and 8: scripts/bench/soak.py
        from scripts.bench.soak import Prepared

        # Its private cluster is made, migrated and seeded while this process prepares its own
        # database: two mostly single-threaded setups on a 2-core machine, and nothing is
        # measured until both are done.
        prepared = Prepared(OUT, wanted).start()
    try:
        with timed("setup (migrate, seed, large firm)"):
            made = prepare()
        if prepared is not None:
            with timed("setup: waiting for the soak's cluster"):
                prepared.wait()
        run_rows(made, wanted, results, timed)
        if prepared is not None:
            from scripts.bench.soak import main as soak_rows

            results.update(soak_rows(OUT, wanted, prepared, timings))
    finally:
        if prepared is not None:
            prepared.system.close()
    drop_database(DB_NAME)
    drop_database(TEMPLATE_DB)
    results["server_errors_logged"] = {
        path.stem: path.read_text().count("Internal Server Error")
        + path.read_text().count("Exception in ASGI application")
        for path in sorted(OUT.glob("web-*.log"))
    }
    print()
    print(write(results, started))
    print(f"Written to {OUT / 'bench.md'} and {OUT / 'bench.json'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
