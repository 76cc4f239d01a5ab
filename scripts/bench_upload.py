#!/usr/bin/env python
"""Upload a 1 GiB file to a real web process (uvicorn, the ASGI front) and compare with `cp`.

Reports the upload's throughput against `cp` of the same file to the same disk, and the web
process's peak memory growth (VmHWM over its RSS before the upload). Goal: at least 0.7 of
`cp`, and under 50 MiB. Run: .venv/bin/python scripts/bench_upload.py [size in MiB]
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portico.testing.upload_server import start_upload_server

PDF_HEAD = b"%PDF-1.4\n% portico upload benchmark\n"


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def main() -> None:
    mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    size = mib * 1024 * 1024
    folder = Path(tempfile.mkdtemp(prefix="portico-bench-", dir=Path.cwd() / "var"))
    try:
        source = folder / "source.pdf"
        with open(source, "wb") as fh:
            fh.write(PDF_HEAD)
            block = os.urandom(4 * 1024 * 1024)
            left = size - len(PDF_HEAD)
            while left > 0:
                fh.write(block[: min(len(block), left)])
                left -= min(len(block), left)
        subprocess.run(["sync"], check=True)
        # cp of the same file to the same disk (the page cache warm for both)
        start = time.perf_counter()
        subprocess.run(["cp", str(source), str(folder / "copy.pdf")], check=True)
        subprocess.run(["sync"], check=True)
        cp_seconds = time.perf_counter() - start
        (folder / "copy.pdf").unlink()

        server = start_upload_server(folder / "web", max_bytes=size + 1)
        try:
            # one small upload first, so the process has imported and connected everything
            conn = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=600)
            conn.request(
                "POST", server.upload_path("warm.pdf"), body=PDF_HEAD, headers=server.headers()
            )
            conn.getresponse().read()
            before = rss_kib(server.process.pid, "VmRSS")
            start = time.perf_counter()
            with open(source, "rb") as body:
                conn.request(
                    "POST",
                    server.upload_path("big.pdf"),
                    body=body,
                    headers={**server.headers(), "Content-Length": str(size)},
                )
                response = conn.getresponse()
                answer = response.read()
            subprocess.run(["sync"], check=True)
            upload_seconds = time.perf_counter() - start
            peak = rss_kib(server.process.pid, "VmHWM")
            assert response.status == 201, answer
        finally:
            server.stop()
        mb = size / 1024 / 1024
        print(f"file: {mb:.0f} MiB")
        print(f"cp:     {cp_seconds:6.2f} s  {mb / cp_seconds:7.1f} MiB/s")
        print(
            f"upload: {upload_seconds:6.2f} s  {mb / upload_seconds:7.1f} MiB/s (sha256 included)"
        )
        print(f"ratio (upload throughput / cp): {cp_seconds / upload_seconds:.2f}  (goal >= 0.70)")
        print(f"web process peak memory growth: {(peak - before) / 1024:.1f} MiB  (goal < 50)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
