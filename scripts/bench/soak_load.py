"""The soak's users, in a process of their own: each signed-in portal client loops through
think time and one action (a page, a message to the firm, an upload) until FOLDER/stop exists.

    python -m scripts.bench.soak_load FOLDER        (FOLDER/config.json: base, clients, think)

Writes FOLDER/load.json: every request as [start (epoch s), kind, status or error, seconds],
and the message bodies and upload names sent and acknowledged, for the driver to count against
what the database holds.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

import httpx

CSRF = "soakbenchcsrftoken0123456789abcd"  # 32 characters, as Django's CSRF secret
PDF = b"%PDF-1.4\n% portico soak upload\n" + os.urandom(32 * 1024)
MIX = (
    ("portal home", 0.30),
    ("case page", 0.25),
    ("API matters", 0.15),
    ("message", 0.20),
    ("upload", 0.10),
)


async def user(n: int, who: dict, config: dict, http: httpx.AsyncClient, out: dict, stop: Path):
    rng = random.Random(n)  # noqa: S311 (think times, not secrets)
    low, high = config["think"]
    headers = {
        "Cookie": f"portico_session={who['session']}; portico_csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
    }
    case = who["case"]
    sent = 0
    await think(rng.uniform(0, high), stop)
    while not stop.exists():
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        started = time.time()
        try:
            if kind == "portal home":
                answer = await http.get("/portal/", headers=headers)
            elif kind == "case page":
                answer = await http.get(f"/portal/cases/{case}/", headers=headers)
            elif kind == "API matters":
                answer = await http.get("/portal/api/v1/matters", headers=headers)
            elif kind == "message":
                sent += 1
                body = f"soak message {n}-{sent}"
                out["messages_sent"].append(body)
                answer = await http.post(
                    f"/portal/api/v1/cases/{case}/messages", headers=headers, json={"body": body}
                )
                if answer.status_code == 201:
                    out["messages_acknowledged"].append(body)
            else:
                sent += 1
                name = f"soak-upload-{n}-{sent}.pdf"
                out["uploads_sent"].append(name)
                answer = await http.post(
                    f"/portal/cases/{case}/documents/upload/",
                    params={"name": name},
                    headers={**headers, "Content-Type": "application/pdf"},
                    content=PDF,
                )
                if answer.status_code in (200, 201):
                    out["uploads_acknowledged"].append(name)
            outcome: int | str = answer.status_code
            if answer.status_code >= 400 and len(out["samples"]) < 20:
                out["samples"].append(f"{kind}: {answer.status_code} {answer.text[:200]}")
        except httpx.HTTPError as error:
            outcome = type(error).__name__
            if len(out["samples"]) < 20:
                out["samples"].append(f"{kind}: {outcome} {error}")
        out["requests"].append([started, kind, outcome, time.time() - started])
        await think(rng.uniform(low, high), stop)


async def think(seconds: float, stop: Path) -> None:
    """The user reads the page; the run's end interrupts them."""
    until = time.monotonic() + seconds
    while not stop.exists() and time.monotonic() < until:
        await asyncio.sleep(min(0.5, until - time.monotonic()))


async def main(folder: Path) -> None:
    config = json.loads((folder / "config.json").read_text())
    out: dict = {
        "requests": [],
        "messages_sent": [],
        "messages_acknowledged": [],
        "uploads_sent": [],
        "uploads_acknowledged": [],
        "samples": [],
    }
    stop = folder / "stop"
    # A new connection for every click, as users reading for 10-30 s between clicks get from a
    # server that closes idle connections after 5 s (uvicorn): reusing one the server is closing
    # at that moment fails at the client (a reset, not an answer), which browsers retry unseen
    # but the bench's users would count as an error of the system.
    limits = httpx.Limits(max_connections=len(config["clients"]), max_keepalive_connections=0)
    async with httpx.AsyncClient(
        base_url=config["base"], timeout=config.get("timeout", 60), limits=limits
    ) as http:
        (folder / "started").write_text(str(time.time()))
        await asyncio.gather(
            *(user(n, who, config, http, out, stop) for n, who in enumerate(config["clients"]))
        )
    (folder / "load.json").write_text(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
