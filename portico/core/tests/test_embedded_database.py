"""`make run`'s embedded database under several writers: the web process's request (one
transaction that reads, then writes) waits its turn while the worker writes, instead of
failing with "database is locked" (CI once saw a sign-in fail so, with the worker's lease
beating at the same moment)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent(
    """
    import threading, time
    import django
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as c:
        c.execute("create table t (x integer)")
        c.execute("insert into t values (0)")
        c.execute("pragma journal_mode")
        print("journal", c.fetchone()[0])

    writing = threading.Event()

    def worker_beats():
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("update t set x = x + 1")
            writing.set()
            time.sleep(0.5)
        connection.close()

    other = threading.Thread(target=worker_beats)
    other.start()
    writing.wait()
    with transaction.atomic():  # a request: it reads, then writes
        with connection.cursor() as c:
            c.execute("select x from t")
            c.execute("update t set x = x + 10")
    other.join()
    with connection.cursor() as c:
        c.execute("select x from t")
        print("value", c.fetchone()[0])
    """
)


@pytest.mark.slow
def test_a_request_that_reads_then_writes_waits_for_another_writer(tmp_path):
    # given the embedded database as make run configures it, with another connection writing
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portico.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "portico.config.settings",
    }
    # when a request's transaction reads and then writes meanwhile
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    # then it waited and both writes landed, in write-ahead-log mode (readers go on meanwhile)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["journal", "wal", "value", "11"]
