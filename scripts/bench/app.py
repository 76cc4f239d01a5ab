"""The web process under test: Portico's own ASGI application, plus one raw-ASGI hello.

`/_bench/hello` answers from plain ASGI before anything of Portico or Django runs, so the bench
can compare Django's bare endpoint (`/healthz`) with the server's own floor in the same process,
under the same uvicorn settings. Every other request goes to `portico.config.asgi.application`
unchanged. Only `make bench` serves this module.
"""

from portico.config.asgi import application as portico_application

HELLO = b"hello"


async def application(scope, receive, send) -> None:
    if scope["type"] == "http" and scope["path"] == "/_bench/hello":
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"5")],
            }
        )
        await send({"type": "http.response.body", "body": HELLO})
        return
    await portico_application(scope, receive, send)
