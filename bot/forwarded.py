"""Who the client is, and which host it asked for: proxy headers only from proxies we trust.

``ForwardedHeaders`` (ASGI middleware, outermost) removes ``X-Forwarded-For``,
``X-Forwarded-Proto``, ``X-Forwarded-Host`` and ``Forwarded`` from any client that is not a
trusted proxy (``BOT_TRUSTED_PROXIES``: addresses or networks, comma-separated; default none),
so a client can neither pick its rate-limit address nor make Gradio's page and ``/config``
name another host. From a trusted proxy, uvicorn's own ``ProxyHeadersMiddleware`` sets the
client address and scheme. A ``Host`` that is no host name is a 400. With ``BOT_PUBLIC_URL``
set, the page names that URL and never the request's host (bot/ui.py passes it to Gradio).
The page's HTML and ``/config`` are never cached (a poisoned copy cannot be served to others).
"""
from __future__ import annotations

import re

from starlette.responses import JSONResponse
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from . import messages

PROXY_HEADERS = {b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host", b"x-forwarded-port",
                 b"x-forwarded-prefix", b"forwarded"}
HOST = re.compile(r"^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$")
NO_STORE = {"/", "/config", "/config/"}


def parse_proxies(value: str) -> list[str]:
    """``"127.0.0.1, 10.0.0.0/8"`` -> ``["127.0.0.1", "10.0.0.0/8"]``"""
    return [p.strip() for p in (value or "").split(",") if p.strip()]


class ForwardedHeaders:
    def __init__(self, app, trusted: list[str]):
        self.app, self.trusted = app, trusted
        # uvicorn's middleware applies the headers of trusted proxies (rightmost untrusted X-Forwarded-For)
        self.proxied = ProxyHeadersMiddleware(app, trusted_hosts=trusted or [])
        self.is_trusted = self.proxied.trusted_hosts.__contains__

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        client = scope.get("client")
        if not (self.trusted and client and self.is_trusted(client[0])):
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k not in PROXY_HEADERS]
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if host and not HOST.match(host):
            return await JSONResponse({"error": messages.BAD_HOST}, status_code=400)(scope, receive, send)
        if scope["type"] == "http" and scope["path"] in NO_STORE:
            send = _no_store(send)
        return await self.proxied(scope, receive, send)


def _no_store(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
            message["headers"].append((b"cache-control", b"no-store"))
        await send(message)
    return wrapped


def request_origin(scope) -> str:
    """``scheme://host`` of a request as the browser saw it: ``'http://127.0.0.1:7860'``."""
    host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}".lower()
