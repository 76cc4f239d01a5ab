"""Load at a fixed number of connections for a bounded time: wrk when installed, else an
asyncio HTTP/1.1 keep-alive generator in its own process (`python -m scripts.bench.wrk`)."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import time


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run_load(url: str, *, connections: int, seconds: int, headers: dict[str, str]) -> dict:
    """{"rps", "p50", "p99" (seconds), "requests", "errors", "tool"}."""
    if shutil.which("wrk"):
        args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
        for name, value in headers.items():
            args += ["-H", f"{name}: {value}"]
        out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
        latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+[a-z]+)", out, re.M))
        if "99" not in latency:
            raise RuntimeError(f"wrk gave no latency distribution:\n{out}")
        requests = int(re.search(r"(\d+) requests in", out).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        socket_errors = re.search(r"Socket errors: (.*)$", out, re.M)
        failed = int(errors.group(1)) if errors else 0
        if socket_errors:
            failed += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": _seconds(latency["50"]),
            "p99": _seconds(latency["99"]),
            "requests": requests,
            "errors": failed,
            "tool": "wrk",
        }
    args = [sys.executable, "-m", "scripts.bench.wrk", url, str(connections), str(seconds)]
    out = subprocess.run(
        args, input=json.dumps(headers), capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


async def _worker(host, port, request, until, latencies, errors) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    while time.monotonic() < until:
        started = time.monotonic()
        writer.write(request)
        status = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        latencies.append(time.monotonic() - started)
        if not status.split()[1].startswith((b"2", b"3")):
            errors.append(status)
    writer.close()


async def _main(url: str, connections: int, seconds: int, headers: dict) -> dict:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n{head}\r\n".encode()
    latencies: list[float] = []
    errors: list = []
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(
            _worker(parts.hostname, parts.port, request, until, latencies, errors)
            for _ in range(connections)
        )
    )
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[int(len(latencies) * 0.99)],
        "requests": len(latencies),
        "errors": len(errors),
        "tool": "asyncio",
    }


if __name__ == "__main__":
    result = asyncio.run(
        _main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.stdin.read()))
    )
    print(json.dumps(result))
