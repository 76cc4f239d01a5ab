"""SQL queries per request on the bench's small firm (run inside `manage.py shell`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.test import Client

from portico.testing.query_budget import BUDGETS, count_queries


def main() -> None:
    out = json.loads((Path(os.environ["PORTICO_VAR_DIR"]) / "seed.json").read_text())["small"]
    clients = {}
    for who in ("client", "staff"):
        clients[who] = Client()
        clients[who].cookies["portico_session"] = out[who]
    counts = {}
    for budget in BUDGETS:
        status, queries = count_queries(clients[budget.who], budget.path(out))
        counts[budget.name] = queries if status == 200 else f"{queries} (status {status})"
    print(json.dumps(counts))
