"""The staff console at /admin: documents (upload with a preview of the section tree, index
updates with progress, delete), the questions the reports leave open, and "try a question"
with the reasons for its answer. Server-rendered pages on the same server as the public page.

``mount_admin(app, engine, settings)`` adds the routes (before the public page is mounted at /);
with no ``BOT_ADMIN_PASSWORD`` every /admin path is a 404, as if there were no console.
``admin_headers()`` are the console's response headers (bot/api.py's ``OriginGuard`` sends them
for /admin instead of the public ones, and refuses any cross-origin request there): the console
is never framed (``frame-ancestors 'none'``, whatever ``BOT_ALLOWED_ORIGINS`` says), runs no
inline script, and is never cached. See bot/admin/auth.py for sessions, CSRF and sign-in limits.
"""
from __future__ import annotations

from fastapi.responses import JSONResponse

from .. import messages

PREFIX = "/admin"
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def is_admin(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def from_elsewhere(scope, headers: dict) -> bool:
    """A request another site's page made (a script, a form, a frame): refused, cookies or not.
    A plain link followed to the console from elsewhere (a top-level GET) is let through."""
    from ..forwarded import request_origin

    origin = headers.get("origin")
    if origin and origin.lower() != request_origin(scope):
        return True
    site = headers.get("sec-fetch-site", "same-origin")
    if site in ("same-origin", "none"):
        return False
    return not (scope["method"] in ("GET", "HEAD") and headers.get("sec-fetch-mode") == "navigate"
                and headers.get("sec-fetch-dest", "document") == "document")


def admin_headers() -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", POLICY.encode()), (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
            (b"cache-control", b"no-store"), (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()")]


def mount_admin(app, engine, settings) -> None:
    if not settings.admin_password:
        @app.api_route(PREFIX + "{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                       include_in_schema=False)
        def admin_off(rest: str):
            return JSONResponse({"error": messages.NOT_FOUND}, status_code=404)
        return
    from .routes import Console, build_router

    console = Console(engine, settings)
    app.state.admin = console
    app.include_router(build_router(console))
