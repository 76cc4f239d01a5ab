"""Uploads that stream: a raw ASGI route in front of Django, and the same upload as a Django view.

Django under ASGI reads a request's whole body into a temporary file before any middleware or
view runs (../shared/reference/realtime-and-uploads.md): an unauthenticated stranger could fill
the disk, and a 1 GB file is written twice. `UploadApp` answers the upload URLs itself, before
Django: it resolves the path with Django's URL configuration, signs the request in and checks
CSRF and the matter (`UploadView.authorize`, through the composition's `prepare`) and the
declared size, all before it reads a byte of the body; then it streams the body to a temporary
file, hashing it as it goes, with the limit enforced again on every chunk; then the view's
`finish` checks the content and records the document (`actions.upload_document`).

The same `UploadView` serves these URLs when no front is mounted (the test client, WSGI): it
reads the request in chunks through the same steps.

The request body is the file itself (`Content-Type` of the file), and its name is the `name`
query parameter; the answer is JSON: 201 with the document, or 4xx with `detail` in plain words.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views import View

from portico.core.rls import activate_firm
from portico.documents.names import UploadRefused, clean_name
from portico.documents.storage import Incoming

logger = logging.getLogger(__name__)
# Bytes handed to the writer thread at a time; the next batch arrives while one is written.
BATCH = 1024 * 1024
READ_CHUNK = 256 * 1024

type Scope = dict[str, Any]
type Receive = Callable[[], Awaitable[dict]]
type Send = Callable[[dict], Awaitable[None]]


@dataclass
class UploadTarget:
    """Where an authorized upload goes and who makes it."""

    firm_id: Any
    actor: Any
    matter: Any
    name: str
    shared: bool = False
    # The document a new version joins (a version upload).
    document: Any = None
    # The intake question the file answers (a file answer, from the workspace or the portal).
    question: Any = None


def refusal(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def too_large_message() -> str:
    mb = settings.DOCUMENTS_MAX_BYTES / (1024 * 1024)
    return f"The file is larger than the {mb:.0f} MB limit. Nothing was stored."


class UploadView(View):
    """Base of the upload URLs. Subclasses say who may upload where (`authorize`) and what is
    done with a received file (`finish`); both run inside a transaction scoped to the firm."""

    http_method_names = ["post"]
    streaming_upload = True

    def authorize(self, request: HttpRequest, **kwargs) -> UploadTarget:
        """Who is asking may upload here: the target, or Http404/PermissionDenied/UploadRefused."""
        raise NotImplementedError

    def finish(self, request: HttpRequest, target: UploadTarget, incoming: Incoming) -> dict:
        """Record the received file; the JSON answer."""
        raise NotImplementedError

    @staticmethod
    def requested_name(request: HttpRequest) -> str:
        return clean_name(request.GET.get("name", ""))

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        try:
            target = self.authorize(request, **kwargs)
        except UploadRefused as refused:
            return refusal(refused.message, refused.status)
        declared = request.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > settings.DOCUMENTS_MAX_BYTES:
            return refusal(too_large_message(), 413)
        incoming = Incoming(settings.DOCUMENTS_MAX_BYTES)
        try:
            while chunk := request.read(READ_CHUNK):
                incoming.write(chunk)
        except Incoming.TooLarge:
            incoming.discard()
            return refusal(too_large_message(), 413)
        except BaseException:
            incoming.discard()
            raise
        incoming.close()
        try:
            return JsonResponse(self.finish(request, target, incoming), status=201)
        except UploadRefused as refused:
            return refusal(refused.message, refused.status)


class UploadApp:
    """The raw ASGI front for upload URLs; every other request goes to `app` (Django).

    `prepare(request)` signs the request in as Django's middleware would (session, who is
    asking, the firm for the transaction) and returns None, or a response that refuses it
    (CSRF); the composition (config) provides it, since sign-in sits above documents."""

    def __init__(self, app, prepare: Callable[[HttpRequest], HttpResponse | None]) -> None:
        self.app = app
        self.prepare = prepare

    def upload_view(self, scope: Scope):
        if scope["type"] != "http":
            return None
        try:
            match = resolve(scope["path"])
        except Resolver404:
            return None
        view_class = getattr(match.func, "view_class", None)
        if view_class is None or not getattr(view_class, "streaming_upload", False):
            return None
        return match, view_class

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self.upload_view(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        match, view_class = found
        response = await self.handle(scope, receive, match, view_class)
        await send_response(response, send)

    async def handle(self, scope, receive, match, view_class) -> HttpResponse:
        if scope["method"] != "POST":
            return refusal("Send the file with POST.", 405)
        # Nothing of the body is read before this request is known to be allowed.
        request = ASGIRequest(scope, io.BytesIO())
        view = view_class(**getattr(match.func, "view_initkwargs", {}))
        view.setup(request, **match.kwargs)
        target = await sync_to_async(self._authorize)(request, view, match.kwargs)
        if isinstance(target, HttpResponse):
            return target
        declared = request.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > settings.DOCUMENTS_MAX_BYTES:
            return refusal(too_large_message(), 413)
        incoming = await sync_to_async(Incoming, thread_sensitive=False)(
            settings.DOCUMENTS_MAX_BYTES
        )
        try:
            complete = await self._stream(receive, incoming)
        except Incoming.TooLarge:
            await asyncio.to_thread(incoming.discard)
            return refusal(too_large_message(), 413)
        except BaseException:
            await asyncio.to_thread(incoming.discard)
            raise
        if not complete:
            await asyncio.to_thread(incoming.discard)
            return refusal("The upload was interrupted. Nothing was stored.", 400)
        return await sync_to_async(self._finish)(request, view, target, incoming)

    @staticmethod
    async def _stream(receive: Receive, incoming: Incoming) -> bool:
        """Write the body to `incoming`, a batch in a thread while the next one arrives."""
        limit = incoming.max_bytes
        pending: asyncio.Future | None = None
        batch = bytearray()
        received = 0
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return False
                body = message.get("body", b"")
                received += len(body)
                if received > limit:
                    raise Incoming.TooLarge
                batch += body
                more = message.get("more_body", False)
                if len(batch) >= BATCH or not more:
                    if pending is not None:
                        await pending
                    pending = asyncio.ensure_future(asyncio.to_thread(incoming.write, bytes(batch)))
                    batch.clear()
                if not more:
                    await pending
                    pending = None
                    await asyncio.to_thread(incoming.close)
                    return True
        finally:
            if pending is not None:
                await asyncio.gather(pending, return_exceptions=True)

    def _authorize(self, request, view: UploadView, kwargs) -> UploadTarget | HttpResponse:
        with transaction.atomic():
            refused = self.prepare(request)
            if refused is not None:
                return refused
            try:
                return view.authorize(request, **kwargs)
            except Http404:
                return refusal("Not found.", 404)
            except PermissionDenied as denied:
                return refusal(str(denied) or "You may not upload here.", 403)
            except UploadRefused as refused:
                return refusal(refused.message, refused.status)

    def _finish(self, request, view: UploadView, target: UploadTarget, incoming) -> HttpResponse:
        try:
            with transaction.atomic():
                activate_firm(target.firm_id)
                return JsonResponse(view.finish(request, target, incoming), status=201)
        except UploadRefused as refused:
            return refusal(refused.message, refused.status)


async def send_response(response: HttpResponse, send: Send) -> None:
    headers = [(b"content-type", response["Content-Type"].encode())]
    for name, value in response.items():
        if name.lower() != "content-type":
            headers.append((name.lower().encode(), str(value).encode()))
    body = response.content
    headers.append((b"content-length", str(len(body)).encode()))
    headers.append((b"x-content-type-options", b"nosniff"))
    headers.append((b"cache-control", b"no-store"))
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def document_json(document, version) -> dict:
    return json.loads(
        json.dumps(
            {
                "id": str(document.id),
                "name": version.name,
                "version": version.number,
                "size": version.size,
                "sha256": version.sha256,
                "shared": document.shared_with_clients,
                "scan": version.get_scan_state_display(),
            }
        )
    )
