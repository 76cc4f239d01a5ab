"""The bench's mail server: a real SMTP server (aiosmtpd) in its own process that records every
message it accepts, one JSON line each, with the moment it arrived.

    python -m scripts.bench.sink PORT FOLDER

FOLDER/delivered.jsonl gets {"at", "to", "subject", "message_id"} per accepted message. While
FOLDER/hold exists, a message is not accepted: the server waits before answering its DATA (the
sender is then in the middle of sending) and writes FOLDER/held; once `hold` is removed it
answers 451 (try again later), so a message whose sender died meanwhile is never delivered,
as with any SMTP server that never said 250.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.delivered = folder / "delivered.jsonl"
        self.hold = folder / "hold"
        self.held = folder / "held"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold.exists():
            self.held.write_text(json.dumps({"at": time.time(), "to": envelope.rcpt_tos}))
            while self.hold.exists():
                await asyncio.sleep(0.05)
            return "451 Requested action aborted: try again later"
        message = message_from_bytes(envelope.content)
        line = {
            "at": time.time(),
            "to": envelope.rcpt_tos,
            "subject": str(message.get("Subject", "")),
            "message_id": str(message.get("Message-ID", "")),
        }
        with self.delivered.open("a") as out:
            out.write(json.dumps(line) + "\n")
        return "250 Message accepted for delivery"


def main() -> None:
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Recorder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    (folder / "ready").write_text("ready")
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
