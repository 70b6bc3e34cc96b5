"""What a public page needs around the API and the chat: limits, headers, clean input, quiet logs.

- ``RateLimiter``: a token bucket per client (``BOT_RATE_LIMIT`` a minute, default 30; a
  burst of that many, then one every 60/N s), shared by ``/api/*`` and the page's chat.
  An IPv6 client is its /64. ``hit(key)`` returns 0 or the seconds to wait.
- ``ApiGuard``: ASGI middleware for ``/api/*``: 429 + ``Retry-After`` over the rate,
  503 + ``Retry-After`` when ``BOT_MAX_CONCURRENT`` requests are already in this process.
- ``security_headers(origins)``: CSP (``frame-ancestors`` from ``BOT_ALLOWED_ORIGINS``),
  ``X-Content-Type-Options``, ``Referrer-Policy``, ``Permissions-Policy`` for every response.
- ``clean_text``: control, format and lone-surrogate characters out of user text
  (``'a\\x00b\\u202e'`` -> ``'ab'``), so they reach neither the engine nor SQLite nor a JSON encoder.
- ``IndexWatcher``: a thread that calls ``engine.reload_if_changed()`` once a second, so a
  ``python -m bot index --rebuild`` run elsewhere is picked up without a request paying for it.
- ``hide_client_ips``: uvicorn's access log without client addresses (unless ``BOT_LOG_IPS=1``).

The client is ``scope["client"]``: uvicorn replaces it with ``X-Forwarded-For`` only for a
proxy it trusts (``--forwarded-allow-ips``, default 127.0.0.1). Not here: CORS and the
origin check (bot/api.py ``OriginGuard``), the routes and body size (bot/gradio_guard.py). See SECURITY.md.
"""
from __future__ import annotations

import ipaddress
import logging
import math
import re
import threading
import time
from pathlib import Path

from starlette.responses import JSONResponse

from . import messages

log = logging.getLogger(__name__)
API_PREFIX = "/api/"
MAX_KEYS = 100_000  # clients remembered at once; the oldest full buckets go first
# C0/C1 controls (not \t \n \r), zero-width and bidi controls, BOM, lone surrogates
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                          "\ufeff\ufff9-\ufffb\ud800-\udfff]")


def clean_text(s: str) -> str:
    """User text without invisible control characters: ``'问\\x00题\\u200b'`` -> ``'问题'``."""
    return UNSAFE_CHARS.sub("", s)


def clean_json(value):
    """``clean_text`` on every string inside lists and dicts (keys included)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    return value


def client_key(host: str | None) -> str:
    """The rate-limit key of a client address: itself, or its /64 for IPv6.

    ``'2001:db8::1'`` -> ``'2001:db8::/64'``; ``'203.0.113.5'`` -> ``'203.0.113.5'``
    """
    if not host:
        return "unknown"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host
    if ip.version == 6:
        return str(ip.ipv4_mapped) if ip.ipv4_mapped else str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def scope_client(scope) -> str:
    client = scope.get("client")
    return client_key(client[0] if client else None)


class RateLimiter:
    """Token bucket per client: ``per_min`` at once, refilled at ``per_min`` a minute. 0 = no limit."""

    def __init__(self, per_min: int, max_keys: int = MAX_KEYS, clock=time.monotonic):
        self.per_min, self.max_keys, self.clock = per_min, max_keys, clock
        self.rate = per_min / 60.0  # tokens a second
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, time)
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Take one token for ``key``: 0 if allowed, else whole seconds until one is there (≥ 1)."""
        if self.per_min <= 0:
            return 0
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.per_min), now))
            tokens = min(float(self.per_min), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)  # re-inserted: the dict stays oldest-first
                allowed = True
            else:
                self._buckets[key] = (tokens, now)
                allowed = False
            if len(self._buckets) > self.max_keys:
                self._prune(now)
        return 0 if allowed else max(1, math.ceil((1 - tokens) / self.rate))

    def _prune(self, now: float) -> None:
        full_after = 60.0  # an untouched bucket is full again after a minute
        for key in [k for k, (_, t) in self._buckets.items() if now - t >= full_after]:
            del self._buckets[key]
        while len(self._buckets) > self.max_keys:  # a flood of new clients: forget the oldest
            del self._buckets[next(iter(self._buckets))]


def json_error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class ApiGuard:
    """ASGI middleware for ``/api/*``: per-client rate limit, then a bound on requests in flight."""

    def __init__(self, app, limiter: RateLimiter, max_concurrent: int = 32):
        self.app, self.limiter, self.max_concurrent = app, limiter, max_concurrent
        self.active = 0  # only touched on the event loop: no lock needed

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX) or scope["method"] == "OPTIONS":
            return await self.app(scope, receive, send)
        wait = self.limiter.hit(scope_client(scope))
        if wait:
            return await json_error(429, messages.RATE_LIMITED.format(seconds=wait),
                                    {"Retry-After": str(wait)})(scope, receive, send)
        if self.max_concurrent and self.active >= self.max_concurrent:
            return await json_error(503, messages.BUSY, {"Retry-After": "1"})(scope, receive, send)
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1


# -- response headers ---------------------------------------------------------------------------
PAGE_POLICY = [
    # Gradio's page needs inline scripts and styles, and its HTML component evaluates JS strings;
    # so the CSP bounds where things come from (this server only), escaping stops injection
    "default-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:", "font-src 'self' data:", "media-src 'self' data: blob:",
    "connect-src 'self'", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'",
    "form-action 'self'",
]


def frame_ancestors(origins: list[str]) -> str:
    """``['https://a.gov.cn']`` -> ``"frame-ancestors 'self' https://a.gov.cn"``; ``['*']`` -> any."""
    if "*" in origins:
        return "frame-ancestors *"
    return " ".join(["frame-ancestors 'self'", *origins])


def content_security_policy(origins: list[str]) -> str:
    """One policy for every response: /docs and /redoc load Swagger UI and ReDoc from this server too
    (bot/site.py, from the fastapi-offline package), so no page needs a CDN."""
    return "; ".join([*PAGE_POLICY, frame_ancestors(origins)])


def security_headers(origins: list[str], path: str = "/") -> list[tuple[bytes, bytes]]:
    """The headers every response carries (raw ASGI form)."""
    return [(b"content-security-policy", content_security_policy(origins).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()")]


def add_headers(message: dict, extra: list[tuple[bytes, bytes]]) -> None:
    """Add ``extra`` to an ``http.response.start`` message, replacing any header of the same name."""
    names = {k for k, _ in extra}
    message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names] + extra


# -- the index, swapped under a running server --------------------------------------------------
class IndexWatcher:
    """A daemon thread: ``engine.reload_if_changed()`` every ``every_s`` seconds; a failure is logged,
    and the current index stays in use."""

    def __init__(self, engine, every_s: float = 1.0, health=None, probe_every: int = 10):
        """``health`` (bot/health.py): probed every ``probe_every`` ticks, so a broken index is
        noticed and rebuilt even when nobody asks."""
        self.engine, self.every_s, self.health, self.probe_every = engine, every_s, health, probe_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="index-watcher", daemon=True)

    def start(self) -> "IndexWatcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        failed = None  # a build that would not load is reported once, not every second
        ticks = 0
        while not self._stop.wait(self.every_s):
            ticks += 1
            if self.health is not None and ticks % self.probe_every == 0 and not self.health.is_repairing:
                self.health.probe()
            try:
                self.engine.reload_if_changed()
            except Exception:  # noqa: BLE001 - a bad new build must not take the server down
                current = (Path(self.engine.settings.index_dir) / "CURRENT").read_text(errors="replace")
                if current != failed:
                    log.exception("新索引 %s 无法加载，继续使用当前索引", current.strip())
                    failed = current


# -- logs -----------------------------------------------------------------------------------------
class _NoClientAddr(logging.Filter):
    """uvicorn's access log record is ``(client_addr, method, path, http_version, status)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            record.args = ("-", *record.args[1:])
        return True


def hide_client_ips(log_ips: bool) -> None:
    """Unless ``log_ips``, the access log shows ``-`` where the client's address was."""
    logger = logging.getLogger("uvicorn.access")
    for f in [f for f in logger.filters if isinstance(f, _NoClientAddr)]:
        logger.removeFilter(f)
    if not log_ips:
        logger.addFilter(_NoClientAddr())
