"""Rows 6 and 8 of `make bench`: granting portal access end to end, then the soak and faults.

The whole system runs as production runs it, on a PostgreSQL cluster of the bench's own (made
with initdb under var/bench/, or a temporary folder owned by `postgres` when the bench runs as
root, on a free port), so that restarting it touches nobody else's databases:

- the bundled identity service (idp/, under uvicorn), a real SMTP server recording what it
  accepts (scripts/bench/sink.py), the web app under uvicorn with WEB_CONCURRENCY processes as
  `make run` serves it, and the worker as the Procfile starts it (`manage.py run_worker`), kept
  running by a supervisor that starts it again when it exits (as systemd's Restart=always).

Row 6: the staff grant portal access through the staff API, one contact at a time; measured
from the request to the invitation arriving at the SMTP server (p50, p99 over BENCH_GRANTS).

Row 8: BENCH_SOAK_USERS (200) signed-in portal clients load pages, write messages and upload
files for BENCH_SOAK_SECONDS (300), with think time; every error is counted. Then, under the
same load: staff grant access to more clients, PostgreSQL is restarted, and the worker is killed
with SIGKILL while it is sending an invitation (the SMTP server holds the message unanswered
until the worker is dead). Counted afterwards: messages and uploads acknowledged against those
stored, invitations queued against those delivered (each exactly once), tasks left undone.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
GRANTS = int(os.environ.get("BENCH_GRANTS", "20"))
USERS = int(os.environ.get("BENCH_SOAK_USERS", "200"))
SOAK_SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "300"))
FAULT_GRANTS = int(os.environ.get("BENCH_SOAK_FAULT_GRANTS", "10"))
# Seconds a portal user reads before the next click (uniform between the two).
THINK = tuple(float(x) for x in os.environ.get("BENCH_SOAK_THINK", "10-30").split("-"))
# The grant row, when the soak runs too, starts this many seconds into the soak (users start
# clicking over its first 30 s).
GRANT_AFTER = float(os.environ.get("BENCH_GRANT_AFTER", "30"))
LEASE_SECONDS = os.environ.get("BENCH_WORKER_LEASE_SECONDS", "10")
DB = "bench_soak"
APP_ROLE = "portico_bench_app"
MGMT_SCOPES = (
    "create:users read:users update:users delete:users update:users_app_metadata "
    "create:user_tickets create:organizations read:organizations update:organizations"
)


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


# PostgreSQL of the bench's own


class PrivatePostgres:
    """initdb + pg_ctl from the machine's PostgreSQL binaries; never the shared server."""

    def __init__(self, out: Path) -> None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            raise SystemExit("bench: no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
        self.bin = found[-1].parent
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            # PostgreSQL refuses to run as root: the cluster belongs to `postgres`, in a folder
            # of its own (var/ is readable by its owner alone).
            self.home = Path(tempfile.mkdtemp(prefix="portico-bench-pg-"))
            user = pwd.getpwnam("postgres")
            os.chown(self.home, user.pw_uid, user.pw_gid)
        else:
            self.home = out / "soak-pg"
            shutil.rmtree(self.home, ignore_errors=True)
            self.home.mkdir(parents=True)
        self.data = self.home / "data"
        self.log = self.home / "postgres.log"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.home)

    def _options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c max_connections=200"
        )

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self._options(),
            "-w",
            "start",
        )

    def restart(self) -> float:
        started = time.monotonic()
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-m", "fast", "-w", "restart",
        )  # fmt: skip
        return time.monotonic() - started

    def stop(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.home, ignore_errors=True)

    def url(self, user: str = "postgres", db: str = DB) -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{db}"


# Processes


class Process:
    def __init__(self, name: str, args: list[str], env: dict, out: Path) -> None:
        self.name, self.args, self.env = name, args, env
        self.log_path = out / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log_file = open(self.log_path, "a")  # noqa: SIM115 (kept open by the child)
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT
        )
        log_file.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Supervised(Process):
    """A process started again one second after it exits, as systemd's Restart=always."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.restarts = 0
        self._stopping = threading.Event()
        self._watch: threading.Thread | None = None

    def start(self) -> None:
        super().start()
        self._watch = threading.Thread(target=self._keep_running, daemon=True)
        self._watch.start()

    def _keep_running(self) -> None:
        while not self._stopping.is_set():
            if self.process is not None and self.process.poll() is not None:
                time.sleep(1)
                if self._stopping.is_set():
                    return
                self.restarts += 1
                Process.start(self)
            time.sleep(0.1)

    def stop(self) -> None:
        self._stopping.set()
        super().stop()


def wait_for(what: str, check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"bench: {what} did not come up within {seconds:.0f} s")


# The system


class System:
    def __init__(self, out: Path) -> None:
        self.out = out / "soak"
        shutil.rmtree(self.out, ignore_errors=True)
        self.out.mkdir(parents=True)
        self.pg = PrivatePostgres(out)
        self.mail = self.out / "mail"
        self.stack = ExitStack()

    def _env(self, **extra: str) -> dict:
        env = {**os.environ, **extra}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return env

    def django(self, code: str, env: dict) -> str:
        done = subprocess.run(
            [PY, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"bench: a Django step failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self, *, users: int, candidates: int) -> dict:
        """The cluster, both databases migrated, the data seeded: nothing served yet, so that
        this can run while `make bench` prepares its own database (nothing is measured then)."""
        import psycopg

        log(f"soak: a PostgreSQL of the bench's own ({self.pg.bin}), port {self.pg.port} ...")
        self.pg.start()
        self.stack.callback(self.pg.stop)
        with psycopg.connect(self.pg.url(db="postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DB}"')
            conn.execute(f'CREATE ROLE "{APP_ROLE}" LOGIN NOSUPERUSER NOBYPASSRLS')

        sink_port, idp_port, web_port = free_port(), free_port(), free_port()
        sink = Process(
            "sink",
            [PY, "-m", "scripts.bench.sink", str(sink_port), str(self.mail)],
            self._env(),
            self.out,
        )
        sink.start()
        self.stack.callback(sink.stop)
        wait_for("the SMTP server", lambda: (self.mail / "ready").exists(), 30)

        idp_secret = "bench-web-secret-0123456789abcdef"
        mgmt_id, mgmt_secret = "bench-management", "bench-management-secret-0123456789"
        idp_env = self._env(
            IDENTITY_DATABASE_URL=f"sqlite:///{self.out / 'identity.sqlite3'}",
            IDP_DOMAIN=f"127.0.0.1:{idp_port}",
            IDP_SCHEME="http",
            IDP_RSA_KEY_FILE=str(self.out / "idp-rsa.pem"),
            IDP_SECRET_KEY="bench-identity-secret-key-0123456789abcdef",
            EMAIL_URL=f"smtp://127.0.0.1:{sink_port}",
        )
        issuer = f"http://127.0.0.1:{idp_port}/"
        base = f"http://127.0.0.1:{web_port}"
        log("soak: identity service: migrate and register, alongside Portico's migrate ...")

        def prepare_identity() -> None:
            for args in (
                ["migrate", "--noinput", "-v", "0"],
                ["register_client", "--name", "Portico", "--client-id", "portico-web",
                 f"--client-secret={idp_secret}", "--redirect-uri", f"{base}/accounts/callback/",
                 "--logout-uri", f"{base}/accounts/signed-out/"],
                ["register_m2m_client", "--name", "Portico management", "--client-id", mgmt_id,
                 f"--client-secret={mgmt_secret}", "--audience", f"{issuer}api/v2/",
                 "--scopes", MGMT_SCOPES],
            ):  # fmt: skip
                subprocess.run(
                    [PY, "-m", "idp", *args], cwd=ROOT, env=idp_env, check=True, capture_output=True
                )

        idp_ready = threading.Thread(target=prepare_identity)
        idp_ready.start()

        common = dict(
            PORTICO_BASE_URL=base,
            PORTICO_VAR_DIR=str(self.out / "var"),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_APP_ROLE=APP_ROLE,
            IDP_DOMAIN=f"127.0.0.1:{idp_port}",
            IDP_SCHEME="http",
            IDP_CLIENT_ID="portico-web",
            IDP_CLIENT_SECRET=idp_secret,
            IDP_MGMT_CLIENT_ID=mgmt_id,
            IDP_MGMT_CLIENT_SECRET=mgmt_secret,
            EMAIL_URL=f"smtp://127.0.0.1:{sink_port}",
            PORTICO_API_AUDIENCE=f"{base}/api/v1",
            PORTICO_WORKER_LEASE_SECONDS=LEASE_SECONDS,
        )
        owner_env = self._env(DATABASE_URL=self.pg.url(), **common)
        app_env = self._env(DATABASE_URL=self.pg.url(user=APP_ROLE), **common)
        log(f"soak: migrate, seed {users} portal clients and {candidates} to invite ...")
        subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=owner_env,
            check=True,
        )
        made = json.loads(
            self.django(
                "from scripts.bench.soak_seed import main; main()",
                {**owner_env, "SOAK_USERS": str(users), "SOAK_CANDIDATES": str(candidates)},
            )
            .strip()
            .splitlines()[-1]
        )
        idp_ready.join()
        self._serve = dict(
            sink_port=sink_port, idp_port=idp_port, web_port=web_port, idp_env=idp_env,
            issuer=issuer, base=base, app_env=app_env,
        )  # fmt: skip
        return made

    def serve(self, made: dict) -> dict:
        """The identity service, the web app and the worker, started on the prepared data."""
        s = self._serve
        idp_port, idp_env, issuer = s["idp_port"], s["idp_env"], s["issuer"]
        base, web_port, app_env = s["base"], s["web_port"], s["app_env"]
        idp = Process(
            "identity",
            [PY, "-m", "uvicorn", "idp.config.asgi:application", "--host", "127.0.0.1",
             "--port", str(idp_port), "--no-access-log"],
            idp_env,
            self.out,
        )  # fmt: skip
        idp.start()
        self.stack.callback(idp.stop)
        wait_for(
            "the identity service",
            lambda: (
                httpx.get(f"{issuer}.well-known/openid-configuration", timeout=2).status_code == 200
            ),
        )

        workers = os.environ.get("WEB_CONCURRENCY") or str(os.cpu_count() or 1)
        self.web = Process(
            "web",
            [PY, "-m", "uvicorn", "portico.config.asgi:application", "--host", "127.0.0.1",
             "--port", str(web_port), "--workers", workers, "--no-access-log",
             "--backlog", "4096", "--timeout-graceful-shutdown", "5"],
            app_env,
            self.out,
        )  # fmt: skip
        self.web.start()
        self.stack.callback(self.web.stop)
        wait_for("the web app", lambda: httpx.get(f"{base}/healthz", timeout=2).status_code == 200)
        # The Procfile's worker line, as the app role.
        self.worker = Supervised("worker", [PY, "manage.py", "run_worker"], app_env, self.out)
        self.worker.start()
        self.stack.callback(self.worker.stop)
        made.update(base=base, web_processes=int(workers))
        return made

    def close(self) -> None:
        self.stack.close()

    # What the SMTP server got

    def delivered(self) -> list[dict]:
        path = self.mail / "delivered.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.pg.url(), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


def grant(base: str, api_key: str, contact: str, *, patient: bool = False) -> tuple[float, int]:
    """POST the grant as the staff API does; with `patient`, try again (as staff would click
    again) while the system answers an error. Returns (epoch at the first try, status)."""
    started = time.time()
    while True:
        try:
            answer = httpx.post(
                f"{base}/api/v1/contacts/{contact}/portal-access",
                headers={"Authorization": f"Bearer {api_key}"},
                timeout=60,
            )
            status = answer.status_code
        except httpx.HTTPError:
            status = 0
        if status == 201 or not patient or time.time() - started > 120:
            return started, status
        time.sleep(1)


def wait_delivered(system: System, email: str, seconds: float) -> dict | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for line in system.delivered():
            if email in line["to"]:
                return line
        time.sleep(0.02)
    return None


# Row 6


def grant_row(system: System, made: dict, invitees: list[dict]) -> dict:
    log(
        f"granting portal access: {len(invitees)} grants, API request to the email at the SMTP server ..."
    )
    totals, requests, missing = [], [], 0
    for invitee in invitees:
        started, status = grant(made["base"], made["api_key"], invitee["contact"])
        requested = time.time() - started
        if status != 201:
            log(f"  the grant answered {status}")
            missing += 1
            continue
        line = wait_delivered(system, invitee["email"], 60)
        if line is None:
            missing += 1
            continue
        requests.append(requested)
        totals.append(line["at"] - started)
    if not totals:
        return {"grants": len(invitees), "delivered": 0, "missing": missing}
    result = {
        "grants": len(invitees),
        "delivered": len(totals),
        "missing": missing,
        "p50": statistics.median(totals),
        "p99": quantile(totals, 0.99),
        "request_p50": statistics.median(requests),
    }
    log(
        f"  {result['delivered']} of {result['grants']} delivered; p50 {result['p50'] * 1000:.0f} ms, "
        f"p99 {result['p99'] * 1000:.0f} ms (the grant request itself p50 "
        f"{result['request_p50'] * 1000:.0f} ms)"
    )
    return result


# Row 8


@contextmanager
def load(system: System, made: dict):
    folder = system.out / "load"
    folder.mkdir()
    (folder / "config.json").write_text(
        json.dumps({"base": made["base"], "clients": made["clients"], "think": list(THINK)})
    )
    runner = subprocess.Popen(
        [PY, "-m", "scripts.bench.soak_load", str(folder)],
        cwd=ROOT,
        stdout=open(system.out / "load.log", "a"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    wait_for("the soak's users", lambda: (folder / "started").exists(), 60)
    result: dict = {}
    try:
        yield result
    finally:
        (folder / "stop").write_text("stop")
        try:
            runner.wait(timeout=120)
        except subprocess.TimeoutExpired:
            runner.kill()
        loaded = folder / "load.json"
        result.update(json.loads(loaded.read_text()) if loaded.exists() else {})


def fail(outcome) -> bool:
    return not isinstance(outcome, int) or outcome >= 400


def summary(records: list) -> dict:
    latencies = [r[3] for r in records]
    errors = [r for r in records if fail(r[2])]
    by_kind: dict[str, int] = {}
    for r in records:
        by_kind[r[1]] = by_kind.get(r[1], 0) + 1
    return {
        "requests": len(records),
        "errors": len(errors),
        "by_kind": by_kind,
        "p50": statistics.median(latencies) if latencies else None,
        "p99": quantile(latencies, 0.99) if latencies else None,
        "rps": len(records) / max(1e-9, (records[-1][0] - records[0][0]))
        if len(records) > 1
        else 0,
    }


def latency_by_kind(records: list) -> dict:
    kinds: dict[str, list[float]] = {}
    for r in records:
        kinds.setdefault(r[1], []).append(r[3])
    return {
        k: {"count": len(v), "p50": statistics.median(v), "p99": quantile(v, 0.99)}
        for k, v in kinds.items()
    }


def soak_row(
    system: System,
    made: dict,
    invitees: list[dict],
    *,
    grant_invitees: list[dict] = (),
    results: dict | None = None,
) -> dict:
    """Row 8; with `grant_invitees`, row 6 too, measured during the soak (from
    GRANT_AFTER s in, once every user is clicking) and stored in `results["grant"]`."""
    log(
        f"soak: {len(made['clients'])} portal users for {SOAK_SECONDS} s (pages, messages, "
        f"uploads; think {THINK[0]:g}-{THINK[1]:g} s), then faults under the same load ..."
    )
    faults: dict = {}
    granted: list[dict] = []
    with load(system, made) as loaded:
        soak_started = time.time()
        granting_row = None
        if grant_invitees:

            def grants_under_load() -> None:
                time.sleep(min(GRANT_AFTER, SOAK_SECONDS))
                log("  granting portal access under the soak's load ...")
                row = grant_row(system, made, list(grant_invitees))
                row["under_soak"] = len(made["clients"])
                if results is not None:
                    results["grant"] = row

            granting_row = threading.Thread(target=grants_under_load, daemon=True)
            granting_row.start()
        time.sleep(SOAK_SECONDS)
        if granting_row is not None:
            granting_row.join()  # within the soak: 20 grants take a minute or two
        soak_ended = time.time()
        soak_ended = time.time()
        web_log_at_fault = len((system.out / "web.log").read_text())
        log("  faults: staff grant access while PostgreSQL restarts ...")

        def grant_during_faults() -> None:
            for invitee in invitees[:-1]:
                _at, status = grant(made["base"], made["api_key"], invitee["contact"], patient=True)
                granted.append({**invitee, "status": status})
                time.sleep(1)

        granting = threading.Thread(target=grant_during_faults)
        granting.start()
        time.sleep(2)
        faults["pg_restart_at"] = time.time()
        faults["pg_restart_seconds"] = system.pg.restart()
        faults["pg_back_at"] = time.time()
        log(f"  PostgreSQL restarted in {faults['pg_restart_seconds']:.1f} s")
        time.sleep(5)

        # The worker killed in the middle of a task: the SMTP server holds the next message
        # unanswered, so the worker is inside send_portal_invitation when SIGKILL lands.
        target = invitees[-1]
        hold, held = system.mail / "hold", system.mail / "held"
        hold.write_text("hold")
        _at, status = grant(made["base"], made["api_key"], target["contact"], patient=True)
        granted.append({**target, "status": status})
        wait_for("the worker to be sending", held.exists, 120)
        victim = system.worker.process.pid
        os.kill(victim, signal.SIGKILL)
        faults["worker_killed_at"] = time.time()
        log(f"  worker {victim} killed with SIGKILL while sending to {target['email']}")
        time.sleep(0.5)
        hold.unlink()
        line = wait_delivered(system, target["email"], float(LEASE_SECONDS) + 120)
        faults["killed_task_delivered_after"] = (
            line["at"] - faults["worker_killed_at"] if line else None
        )
        granting.join()
        # Everyone granted should have their invitation by now, or soon.
        deadline = time.monotonic() + float(LEASE_SECONDS) + 60
        while time.monotonic() < deadline:
            got = {to for d in system.delivered() for to in d["to"]}
            if all(g["email"] in got for g in granted):
                break
            time.sleep(0.5)
        faults["recovered_load_from"] = time.time()
        time.sleep(10)  # the load carries on, recovered
        faults["ended_at"] = time.time()
    time.sleep(2)
    records = sorted(loaded.get("requests", []), key=lambda r: r[0])
    # The soak: requests answered before the faults began. Any still in flight then, or made
    # after, belong to the fault phase; "after recovery" are those made from 5 s after
    # PostgreSQL was back.
    in_soak = [r for r in records if r[0] + r[3] < soak_ended]
    in_faults = [r for r in records if r[0] + r[3] >= soak_ended]
    settled = faults["pg_back_at"] + 5
    after = [r for r in in_faults if r[0] >= settled]
    fault_errors = [r for r in in_faults if fail(r[2])]
    last_error = max((r[0] for r in fault_errors), default=None)
    result = {
        "users": len(made["clients"]),
        "seconds": SOAK_SECONDS,
        "seconds_measured": soak_ended - soak_started,
        "web_processes": made["web_processes"],
        "soak": summary(in_soak),
        "soak_started": soak_started,
        "faults": {
            **faults,
            "requests": len(in_faults),
            "errors": len(fault_errors),
            "errors_after_recovery": sum(1 for r in after if fail(r[2])),
            "last_error_after_pg_back": None
            if last_error is None
            else last_error - faults["pg_back_at"],
            "worker_restarts": system.worker.restarts,
        },
        "error_samples": loaded.get("samples", [])[:10],
        "latency_by_kind": latency_by_kind(in_soak),
        "web_log_at_fault": web_log_at_fault,
    }
    result["lost"] = count_lost(system, loaded, granted)
    s = result["soak"]
    log(
        f"  soak: {s['requests']} requests, {s['errors']} errors, p50 {s['p50'] * 1000:.0f} ms, "
        f"p99 {s['p99'] * 1000:.0f} ms; faults: {result['faults']['errors']} errors during, "
        f"{result['faults']['errors_after_recovery']} after recovery"
    )
    log(f"  counted: {json.dumps(result['lost'])}")
    return result


# django-tasks-db's table: what the worker did, did not do yet, or never will.
TASKS_SQL = """
    SELECT CASE WHEN status = 'READY' AND run_after > now() THEN 'deferred (by design)'
                WHEN status = 'READY' THEN 'due, not run' ELSE lower(status) END, count(*)
    FROM django_tasks_database_dbtaskresult GROUP BY 1
"""


def drain(system: System, seconds: float = 60) -> None:
    """Give the worker time to finish what is due (the load has stopped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tasks = dict(system.query(TASKS_SQL))
        if not tasks.get("due, not run") and not tasks.get("running"):
            return
        time.sleep(0.5)


def count_lost(system: System, loaded: dict, granted: list[dict]) -> dict:
    drain(system)
    stored_messages = [
        row[0]
        for row in system.query(
            "SELECT body FROM matters_comment WHERE body LIKE 'soak message %%'"
        )
    ]
    stored_uploads = [
        row[0]
        for row in system.query(
            "SELECT name FROM documents_document WHERE name LIKE 'soak-upload-%%'"
        )
    ]
    acked_m = set(loaded.get("messages_acknowledged", []))
    acked_u = set(loaded.get("uploads_acknowledged", []))
    deliveries: dict[str, int] = {}
    for line in system.delivered():
        for to in line["to"]:
            deliveries[to] = deliveries.get(to, 0) + 1
    emails = [g["email"] for g in granted]
    tasks = dict(system.query(TASKS_SQL))
    return {
        "messages_sent": len(loaded.get("messages_sent", [])),
        "messages_acknowledged": len(acked_m),
        "messages_stored": len(stored_messages),
        "messages_lost": len(acked_m - set(stored_messages)),
        "messages_duplicated": len(stored_messages) - len(set(stored_messages)),
        "uploads_sent": len(loaded.get("uploads_sent", [])),
        "uploads_acknowledged": len(acked_u),
        "uploads_stored": len(stored_uploads),
        "uploads_lost": len(acked_u - set(stored_uploads)),
        "uploads_duplicated": len(stored_uploads) - len(set(stored_uploads)),
        "invitations_queued": sum(1 for g in granted if g["status"] == 201),
        "invitations_delivered_once": sum(1 for e in emails if deliveries.get(e) == 1),
        "invitations_missing": sum(1 for e in emails if not deliveries.get(e)),
        "invitations_duplicated": sum(1 for e in emails if deliveries.get(e, 0) > 1),
        "tasks": tasks,
    }


class Prepared:
    """The grant and soak rows' system, prepared in a thread (`start`) while the caller does
    other setup; `main` waits for it."""

    def __init__(self, out: Path, wanted) -> None:
        self.wanted = wanted
        self.system = System(out)
        self.grants = GRANTS if wanted("grant") else 0
        self.fault_grants = FAULT_GRANTS + 1 if wanted("soak") else 0
        self.made: dict | None = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._prepare, daemon=True)

    def _prepare(self) -> None:
        started = time.monotonic()
        try:
            self.made = self.system.prepare(
                users=USERS if self.wanted("soak") else 1,
                candidates=self.grants + self.fault_grants,
            )
        except BaseException as error:  # raised again in wait()
            self.error = error
        self.seconds = time.monotonic() - started

    def start(self) -> Prepared:
        self._thread.start()
        return self

    def wait(self) -> dict:
        if self._thread.ident is None:  # never started: prepare here
            self._prepare()
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.made is not None
        return self.made


def main(out: Path, wanted, prepared: Prepared | None = None, timings: dict | None = None) -> dict:
    """The rows wanted ("grant", "soak"), measured on one system brought up once. With both,
    the grants are made during the soak, under its load."""
    results: dict = {}
    prepared = prepared or Prepared(out, wanted)
    system, grants = prepared.system, prepared.grants
    timings = timings if timings is not None else {}
    try:
        made = prepared.wait()
        timings["soak setup (cluster, migrate, seed)"] = prepared.seconds
        started = time.monotonic()
        made = system.serve(made)
        timings["soak servers started"] = time.monotonic() - started
        invitees = made["invitees"]
        if wanted("soak"):
            started = time.monotonic()
            results["soak"] = soak_row(
                system, made, invitees[grants:], grant_invitees=invitees[:grants], results=results
            )
            timings["grant + soak + faults"] = time.monotonic() - started
        elif wanted("grant"):
            started = time.monotonic()
            results["grant"] = grant_row(system, made, invitees[:grants])
            timings["grant"] = time.monotonic() - started
    finally:
        system.close()
    web_log = system.out / "web.log"
    if "soak" in results and web_log.exists():
        text = web_log.read_text()
        split = results["soak"].pop("web_log_at_fault", len(text))
        results["soak"]["server_errors_logged_soak"] = _logged_errors(text[:split])
        results["soak"]["server_errors_logged_faults"] = _logged_errors(text[split:])
    return results


def _logged_errors(text: str) -> int:
    return text.count("Internal Server Error") + text.count("Exception in ASGI application")


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def table_rows(results: dict) -> list[tuple[str, str, str, str]]:
    """(row, figure, ratio, goal) for the bench's table."""
    rows: list[tuple[str, str, str, str]] = []
    g = results.get("grant")
    if g:
        rows.append(
            (
                f"granting portal access: API request to the invitation at the SMTP server "
                f"({g['grants']} grants, identity service and worker for real"
                + (
                    f"; during the soak, under its {g['under_soak']} portal users)"
                    if g.get("under_soak")
                    else "; nothing else running)"
                ),
                f"p50 {ms(g.get('p50'))}, p99 {ms(g.get('p99'))}; {g['delivered']} of "
                f"{g['grants']} delivered",
                f"the request itself p50 {ms(g.get('request_p50'))}",
                "all delivered",
            )
        )
    s = results.get("soak")
    if s and "soak" in s:
        soak, f, lost = s["soak"], s["faults"], s["lost"]
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(soak["by_kind"].items()))
        rows.append(
            (
                f"soak: {s['users']} portal users for {s['seconds']} s, "
                f"{s['web_processes']} web processes",
                f"{soak['errors']} errors in {soak['requests']} requests ({kinds}); "
                f"p50 {ms(soak['p50'])}, p99 {ms(soak['p99'])}; "
                f"{s.get('server_errors_logged_soak', 0)} errors in the web log",
                f"{soak['rps']:.0f} req/s",
                "0 errors",
            )
        )
        after = f["last_error_after_pg_back"]
        rows.append(
            (
                "faults: PostgreSQL restarted under the soak's load",
                f"down {f['pg_restart_seconds']:.1f} s; {f['errors']} errors in "
                f"{f['requests']} requests of the fault phase (the last failed one made "
                f"{'-' if after is None else f'{after:+.1f} s'} from it being back); "
                f"{f['errors_after_recovery']} errors in requests made from 5 s after",
                "recovered by itself" if f["errors_after_recovery"] == 0 else "NOT recovered",
                "0 errors after recovery",
            )
        )
        delivered = f.get("killed_task_delivered_after")
        rows.append(
            (
                "faults: worker killed (SIGKILL) in the middle of sending an invitation",
                f"the task ran again and its invitation arrived "
                f"{'never' if delivered is None else f'{delivered:.1f} s'} after the kill "
                f"(lease {LEASE_SECONDS} s); worker restarted {f['worker_restarts']} time(s)",
                "",
                "exactly once",
            )
        )
        rows.append(
            (
                "nothing lost: messages to the firm",
                f"{lost['messages_acknowledged']} acknowledged, {lost['messages_stored']} stored "
                f"(of {lost['messages_sent']} sent); {lost['messages_lost']} lost, "
                f"{lost['messages_duplicated']} duplicated",
                "",
                "0 lost, 0 duplicated",
            )
        )
        rows.append(
            (
                "nothing lost: uploads",
                f"{lost['uploads_acknowledged']} acknowledged, {lost['uploads_stored']} stored "
                f"(of {lost['uploads_sent']} sent); {lost['uploads_lost']} lost, "
                f"{lost['uploads_duplicated']} duplicated",
                "",
                "0 lost, 0 duplicated",
            )
        )
        tasks = ", ".join(f"{n} {k}" for k, n in sorted(lost["tasks"].items()))
        rows.append(
            (
                "nothing lost: invitations granted during the faults",
                f"{lost['invitations_queued']} queued, {lost['invitations_delivered_once']} "
                f"delivered exactly once, {lost['invitations_missing']} missing, "
                f"{lost['invitations_duplicated']} twice; tasks: {tasks}",
                "",
                "exactly once",
            )
        )
    return rows
