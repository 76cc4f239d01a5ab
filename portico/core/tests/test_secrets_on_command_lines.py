"""A generated secret may begin with a dash (`secrets.token_urlsafe` draws from letters, digits,
`-` and `_`). Passed as `--client-secret "$X"`, argparse takes such a value for an option and
`make run` stopped with "expected one argument" about once in 32 fresh starts. Every script,
guide and helper passes secrets as `--client-secret=…`, which argparse never splits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PLACES = ["scripts", "docs", "portico/testing", "README.md", "Procfile"]


def test_every_secret_on_a_command_line_is_joined_to_its_option():
    split = []
    for place in PLACES:
        path = ROOT / place
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            if file.suffix not in {".sh", ".py", ".md", ""}:
                continue
            for number, line in enumerate(file.read_text(errors="ignore").splitlines(), 1):
                if re.search(r"""--client-secret["']?(,|\s+[^=\s\\])""", line):
                    split.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not split, "\n".join(split)


@pytest.mark.slow
def test_a_secret_that_begins_with_a_dash_is_registered_whole(tmp_path):
    env = {**os.environ, "IDENTITY_DATABASE_URL": f"sqlite:///{tmp_path / 'idp.sqlite3'}"}

    def identity(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "idp", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    assert identity("migrate", "--noinput", "-v", "0").returncode == 0
    # when make run registers the web app with a secret that begins with a dash
    done = identity(
        "register_client",
        "--name=Portico",
        "--client-id=portico-web",
        "--client-secret=-starts-with-a-dash-0123456789",
        "--redirect-uri=http://127.0.0.1:8000/accounts/callback/",
    )
    # then it is registered, not refused as a missing argument
    assert done.returncode == 0, done.stderr[-2000:]
