"""Which of Gradio's routes the public page may use, and what a request may carry.

Gradio mounts some forty routes (file serving, uploads, deep links, a proxy, run/call
APIs, monitoring, login …); the page needs six. ``RouteGuard`` is ASGI middleware on the
whole app that lets through our own routes and the page's, and answers everything else
with a Chinese 404, so ``/gradio_api/file=…``, ``/gradio_api/upload`` and
``/gradio_api/deep_link`` are closed at the door rather than trusted to Gradio's checks.
It also bounds every request body (64 KB, chunked or not; the staff console's upload has its own
limit, ``BODY_LIMITS``) and checks a queue join
before Gradio parses it: a known event, the right number of inputs; otherwise a Chinese
422 instead of Gradio's plain-text 500.

Not here: the API's own limits (bot/guard.py ``ApiGuard``), CORS (bot/api.py).
"""
from __future__ import annotations

import json
import re

from starlette.responses import JSONResponse

from . import messages

MAX_BODY_BYTES = 64 * 1024
# the staff console's upload (bot/admin/): a report file up to 20 MB in a multipart form; its
# body is never buffered here, and must declare its length (Content-Length) up front
BODY_LIMITS = {"/admin/upload": 20 * 1024 * 1024 + 64 * 1024}
OURS = re.compile(r"^/(?:api/.*|admin(?:/.*)?|healthz|widget\.js|docs|redoc|openapi\.json|favicon\.(?:ico|svg)"
                  r"|docs-assets/(?:swagger-ui-bundle\.js|swagger-ui\.css|redoc\.standalone\.js))$")
PAGE_GET = re.compile(r"^/(?:|config/?|theme\.css|assets/[^?]+|static/[^?]+|gradio_api/info/?"
                      r"|gradio_api/heartbeat/[\w-]{1,64}|gradio_api/queue/data)$")
PAGE_POST = {"/gradio_api/queue/join"}


def json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def allowed(method: str, path: str) -> bool:
    """``('GET', '/gradio_api/file=/etc/passwd')`` -> False; ``('POST', '/gradio_api/queue/join')`` -> True"""
    if OURS.match(path):
        return True
    if method in ("GET", "HEAD"):
        return bool(PAGE_GET.match(path))
    return method == "POST" and path in PAGE_POST


def join_problem(body: bytes, inputs: dict[int, int]) -> str | None:
    """Why a queue join cannot be taken (Chinese), or None.

    ``inputs``: event id -> number of inputs, from the Blocks.
    """
    try:
        req = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return messages.BAD_JSON
    if not isinstance(req, dict):
        return messages.BODY_NOT_OBJECT
    fn, data = req.get("fn_index"), req.get("data")
    if not isinstance(fn, int) or isinstance(fn, bool) or fn not in inputs:
        return messages.UNKNOWN_EVENT
    if not isinstance(data, list) or len(data) != inputs[fn]:
        return messages.BAD_EVENT_DATA
    if not isinstance(req.get("session_hash"), str) or not 0 < len(req["session_hash"]) <= 64:
        return messages.BAD_EVENT_DATA
    return None


class RouteGuard:
    """ASGI middleware: only our routes and the page's; every body ≤ ``limit`` bytes; joins checked.

    ``inputs`` is a callable returning {event id: input count} (the page is mounted after this
    middleware is added, so it is looked up per request).
    """

    def __init__(self, app, inputs=lambda: {}, limit: int = MAX_BODY_BYTES):
        self.app, self.inputs, self.limit = app, inputs, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        method, path = scope["method"], scope["path"]
        if method == "OPTIONS" and OURS.match(path):
            return await self.app(scope, receive, send)
        if not allowed(method, path):
            return await json_error(404, messages.NOT_FOUND)(scope, receive, send)
        if method in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        limit = BODY_LIMITS.get(path, self.limit)
        too_large = json_error(413, messages.BODY_TOO_LARGE.format(limit=limit // 1024))
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await too_large(scope, receive, send)
        if path in BODY_LIMITS:  # streamed to its handler (which checks the session before reading it)
            if length is None:
                return await json_error(411, messages.LENGTH_REQUIRED)(scope, receive, send)
            return await self.app(scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await too_large(scope, receive, send)
            if not message.get("more_body"):
                break
        body, sent = b"".join(chunks), False
        if path in PAGE_POST and (problem := join_problem(body, self.inputs())):
            return await json_error(422, problem)(scope, receive, send)

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def event_inputs(demo) -> dict[int, int]:
    """{event id: number of inputs} of a Gradio Blocks."""
    return {i: len(fn.inputs) for i, fn in demo.fns.items()}
