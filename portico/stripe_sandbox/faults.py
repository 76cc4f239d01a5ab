"""Test controls of the sandbox, kept in this process: answer the next N API calls with a given
status and body (`POST /_sandbox/faults`), or hold the next N idempotent calls in flight until
released, so a test can send the same key while the first is still running."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    status: int
    body: dict
    remaining: int


_lock = threading.Lock()
_faults: list[Fault] = []
_held = {"to_hold": 0, "waiting": 0}
_release = threading.Event()


def add(status: int, body: dict, count: int) -> None:
    with _lock:
        _faults.append(Fault(status, body, count))


def take() -> Fault | None:
    with _lock:
        while _faults and _faults[0].remaining <= 0:
            _faults.pop(0)
        if not _faults:
            return None
        _faults[0].remaining -= 1
        return _faults[0]


def hold(count: int) -> None:
    with _lock:
        _release.clear()
        _held["to_hold"] = count


def release() -> None:
    with _lock:
        _held["to_hold"] = 0
    _release.set()


def waiting() -> int:
    with _lock:
        return _held["waiting"]


def wait_if_held(timeout: float = 30) -> None:
    with _lock:
        if _held["to_hold"] <= 0:
            return
        _held["to_hold"] -= 1
        _held["waiting"] += 1
    try:
        _release.wait(timeout)
    finally:
        with _lock:
            _held["waiting"] -= 1


def reset() -> None:
    with _lock:
        _faults.clear()
        _held.update(to_hold=0, waiting=0)
    _release.set()
