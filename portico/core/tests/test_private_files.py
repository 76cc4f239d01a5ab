"""`make run` keeps its secrets and data to their owner: var/dev.env, the SQLite databases
(and their journals) made by its processes, and those left by an older run are 0600."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_make_runs_secrets_and_databases_are_readable_by_their_owner_only(tmp_path):
    # given a checkout with a database an older run left world-readable
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "dev_env.sh", tmp_path / "scripts" / "dev_env.sh")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (tmp_path / "var").mkdir()
    old = tmp_path / "var" / "portico.sqlite3"
    old.write_bytes(b"")
    old.chmod(0o644)
    # when make run prepares the machine (as run.sh does) and a process makes a database
    make_db = (
        f"{sys.executable} -c \"import sqlite3; c = sqlite3.connect('var/identity.sqlite3'); "
        "c.execute('pragma journal_mode=wal'); c.execute('create table t (x)'); c.commit()\""
    )
    subprocess.run(
        ["bash", "-c", f"set -euo pipefail; umask 022; . scripts/dev_env.sh; {make_db}"],
        cwd=tmp_path,
        env={**os.environ},
        check=True,
    )
    # then only their owner may read them
    var = tmp_path / "var"
    assert mode(var / "dev.env") == 0o600
    assert mode(old) == 0o600
    made = sorted(var.glob("identity.sqlite3*"))
    assert made and all(mode(p) == 0o600 for p in made), {p.name: oct(mode(p)) for p in made}
    assert mode(var) == 0o700
