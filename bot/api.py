"""The HTTP API (FastAPI): POST /api/chat, POST /api/feedback, GET /healthz, GET /widget.js.

``create_api(engine, store, settings)`` returns the FastAPI app; ``app.py`` mounts the
Gradio page at ``/`` on it. Contract (see README): every error is ``{"error": "中文消息"}``
with 400 (bad JSON, empty question), 413 (body over 64 KB, question over 500 characters),
422 (wrong fields) or 403 (browser origin not allowed); never FastAPI's default bodies.

Who may use the service from a browser is ``BOT_ALLOWED_ORIGINS`` (comma-separated
origins, ``*`` for any; empty = same origin only). It sets CORS for ``/api/*`` — a
cross-origin call from any other origin is refused with 403 and no
``Access-Control-Allow-Origin`` — and the ``Content-Security-Policy: frame-ancestors``
of every response, so only those origins can frame the page.

Rate limits, the bound on concurrent requests, the other security headers and the
cleaning of user text are bot/guard.py's; they are wired in here.
"""
from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Annotated, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from . import messages
from .admin import admin_headers, from_elsewhere, is_admin
from .chain import MAX_QUESTION_CHARS, BadQuestion, UnknownDocument
from .forwarded import ForwardedHeaders, parse_proxies, request_origin
from .gradio_guard import MAX_BODY_BYTES, RouteGuard
from .health import Health
from .guard import ApiGuard, RateLimiter, add_headers, clean_json, security_headers
from .site import add_site_routes

log = logging.getLogger(__name__)
MAX_HISTORY_ITEMS = 200
API_PREFIX = "/api/"


def _clean(value):
    return clean_json(value) if isinstance(value, (str, dict)) else value


# control characters and lone surrogates go before validation (pydantic's length check cannot read the latter)
CleanStr = Annotated[StrictStr, BeforeValidator(_clean)]


# -- request / response models (also the OpenAPI docs at /docs) --------------------------
class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant"]
    content: CleanStr


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra={
        "examples": [{"question": "那访问量是多少？",
                      "history": [{"role": "user", "content": "在线教学持续了几周？"},
                                  {"role": "assistant", "content": "连续12周向全市70万中小学生提供在线教学……[1]"}]}]})
    question: CleanStr = Field(description="问题，最多 500 个字")
    history: list[Turn | CleanStr] = Field(default_factory=list, max_length=MAX_HISTORY_ITEMS,
                                            description="之前的对话，按时间顺序")
    doc: CleanStr | None = Field(default=None, max_length=200,
                                 description="可选：只在这份文档中查找（文档名或标题）；不给则在全部文档中查找")


class Citation(BaseModel):
    n: int
    doc: str
    title: str | None = None
    section_id: str
    section: str
    quote: str
    start: int
    end: int
    score: float


class Answer(BaseModel):
    question: str
    answer: str = Field(description="Markdown；[n] 指 citations[n-1]")
    refused: bool
    mode: str
    citations: list[Citation]
    latency_ms: float
    answer_id: str = Field(description="本服务签发的回答编号；对回答评价（/api/feedback）时原样带上")
    note: str | None = Field(default=None, description="附注，例如大模型回答未通过核对时")


class FeedbackRequest(BaseModel):
    """A vote on an answer this service gave: ``answer_id`` must verify against question, answer
    and the citations' section ids (bot/signing.py)."""
    model_config = ConfigDict(extra="ignore")
    vote: Literal["up", "down"]
    question: CleanStr = Field(max_length=MAX_QUESTION_CHARS)
    answer: CleanStr = Field(max_length=20_000)
    citations: list[Annotated[dict, BeforeValidator(_clean)]] = Field(default_factory=list, max_length=50)
    refused: StrictBool = False
    answer_id: CleanStr = Field(max_length=200, description="答案对象中的 answer_id（7 天内有效）")
    channel: Literal["api", "widget"] = Field(default="api", description="来源：api 或 widget（网站浮动窗口）")


class Error(BaseModel):
    error: str


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


# -- origins: CORS for /api/*, frame-ancestors for everything -------------------------------
def parse_origins(value: str) -> list[str]:
    """``"https://jyj.wuxi.gov.cn/, http://a:8080"`` -> ``["https://jyj.wuxi.gov.cn", "http://a:8080"]``"""
    return [o.strip().rstrip("/").lower() for o in (value or "").split(",") if o.strip()]


class OriginGuard:
    """ASGI middleware: answers CORS preflights for /api/*, refuses cross-origin API calls
    from origins not allowed, and adds the security headers (CSP with ``frame-ancestors``,
    nosniff, referrer policy) to every response, its own included."""

    def __init__(self, app, origins: list[str]):
        self.app, self.origins = app, origins

    def allowed(self, origin: str, scope) -> bool:
        """A listed origin, or the page's own (scheme, host and port all equal)."""
        return "*" in self.origins or origin.lower() in self.origins or origin.lower() == request_origin(scope)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        origin, path = headers.get("origin"), scope["path"]
        extra = admin_headers() if is_admin(path) else security_headers(self.origins, path)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                add_headers(message, extra)
            await send(message)

        # the staff console: its own origin only, whatever BOT_ALLOWED_ORIGINS allows (no CORS, no widget)
        if is_admin(path) and from_elsewhere(scope, headers):
            log.info("refused cross-origin %s %s from %s", scope["method"], path, origin)
            return await error(403, messages.ADMIN_OTHER_ORIGIN)(scope, receive, send_with_headers)
        if path.startswith(API_PREFIX) and origin and not self.allowed(origin, scope):
            log.info("refused cross-origin %s %s from %s", scope["method"], path, origin)
            return await error(403, messages.ORIGIN_NOT_ALLOWED)(scope, receive, send_with_headers)
        if (path.startswith(API_PREFIX) and origin and scope["method"] == "OPTIONS"
                and "access-control-request-method" in headers):
            return await Response(status_code=204, headers={
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "600",
                "Vary": "Origin"})(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)


# -- errors -----------------------------------------------------------------------------------
def _field(loc) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


def validation_message(errors) -> tuple[int, str]:
    """Pydantic/FastAPI errors -> (status, Chinese message); invalid JSON is a 400."""
    for e in errors:
        if e.get("type") == "json_invalid":
            return 400, messages.BAD_JSON
    e = errors[0] if errors else {}
    kind, loc = e.get("type", ""), e.get("loc", ())
    if tuple(loc) == ("body",):
        detail = messages.BODY_NOT_OBJECT
    elif kind == "missing":
        detail = messages.FIELD_MISSING.format(field=_field(loc))
    elif kind == "too_long" or kind.endswith("_too_long"):
        detail = messages.FIELD_TOO_LONG.format(field=_field(loc))
    else:
        detail = messages.FIELD_TYPE.format(field=_field(loc))
    return 422, messages.BAD_FIELDS.format(detail=detail)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):
        status, msg = validation_message(exc.errors())
        return error(status, msg)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        msg = {400: messages.BAD_JSON, 404: messages.NOT_FOUND, 413: messages.BODY_TOO_LARGE.format(
            limit=MAX_BODY_BYTES // 1024)}.get(exc.status_code, messages.INTERNAL_ERROR)
        return error(exc.status_code, msg, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error(500, messages.INTERNAL_ERROR)


# -- the app --------------------------------------------------------------------------------
def _doc(req: ChatRequest) -> dict:
    """``doc=`` only when the request names a document (engines without a document filter still work)."""
    return {"doc": req.doc} if req.doc else {}


def widget_source() -> str:
    return resources.files("bot").joinpath("static/widget.js").read_text(encoding="utf-8")


def create_api(engine, store, settings, limiter: RateLimiter | None = None, health: Health | None = None) -> FastAPI:
    """The FastAPI app with the API routes; mount the Gradio page on it afterwards.

    ``limiter`` (default: one from ``settings.rate_limit_per_min``) is shared with the page's chat.
    """
    origins = parse_origins(settings.allowed_origins)
    limiter = limiter or RateLimiter(settings.rate_limit_per_min)
    health = health or Health(engine)  # /healthz runs a real query; failures rebuild the index
    app = FastAPI(
        title=messages.APP_TITLE + " API",
        description="基于报告原文的问答接口。每个回答都附有出处（citations），错误返回 {\"error\": \"中文消息\"}。",
        version="1.0",
        docs_url=None, redoc_url=None,  # served offline by bot/site.py
    )
    install_error_handlers(app)
    app.state.gradio_inputs = {}  # the page's events, filled in by bot/ui.py mount_ui
    # only our routes and the page's; every body ≤ 64 KB, on every route; queue joins checked
    app.add_middleware(RouteGuard, inputs=lambda: app.state.gradio_inputs)
    # inside CORS, so a 429/503 still carries Access-Control-Allow-Origin and the widget can show it
    app.add_middleware(ApiGuard, limiter=limiter, max_concurrent=settings.max_concurrent)
    # a CORSMiddleware on the parent app also stops Gradio adding its own CORS headers
    app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type"], max_age=600)
    app.add_middleware(OriginGuard, origins=origins)
    # outermost: proxy headers only from BOT_TRUSTED_PROXIES, a Host that is a host name
    app.add_middleware(ForwardedHeaders, trusted=parse_proxies(getattr(settings, "trusted_proxies", "")))
    widget_js = widget_source()
    err = {c: {"model": Error} for c in (400, 403, 413, 422)}

    @app.post("/api/chat", tags=["问答"], summary="提问，返回答案对象", responses={200: {"model": Answer}, **err})
    def chat(req: ChatRequest):
        if len(req.question) > MAX_QUESTION_CHARS:
            return error(413, messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS))
        history = [h if isinstance(h, str) else h.model_dump() for h in req.history]
        try:
            ans = engine.ask(req.question, history, **_doc(req))
        except UnknownDocument as e:
            return error(422, str(e))
        except BadQuestion as e:
            return error(400, str(e))
        except Exception as e:  # noqa: BLE001 - the index failed: count it, mend it, say so in Chinese
            log.exception("answering failed")
            health.failed(e)
            return error(503, messages.REPAIRING, headers={"Retry-After": "10"})
        health.ok()
        if ans.get("refused"):
            store.refusal(req.question, channel="api")
        return ans

    @app.post("/api/chat/stream", tags=["问答"], summary="提问，以 SSE 流式返回：delta 事件（文字片段），最后一个 final 事件（答案对象）",
              responses={200: {"content": {"text/event-stream": {}}}, **err})
    def chat_stream(req: ChatRequest):
        if len(req.question) > MAX_QUESTION_CHARS:
            return error(413, messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS))
        history = [h if isinstance(h, str) else h.model_dump() for h in req.history]
        events = engine.ask_stream(req.question, history, **_doc(req))
        try:
            first = next(events)  # bad input shows here, before any byte is sent
        except UnknownDocument as e:
            return error(422, str(e))
        except BadQuestion as e:
            return error(400, str(e))

        def sse():
            import itertools

            for kind, value in itertools.chain([first], events):
                data = {"text": value} if kind == "delta" else value
                if kind == "final" and value.get("refused"):
                    store.refusal(req.question, channel="api")
                yield f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"

        return StreamingResponse(sse(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.post("/api/feedback", tags=["问答"], summary="对一个回答点赞（up）或点踩（down）",
              responses={**err, 503: {"model": Error}})
    def feedback(req: FeedbackRequest):
        import sqlite3

        from . import signing

        try:  # only answers this service gave, not older than 7 days
            signing.verify(signing.default_key(), req.answer_id, req.question, req.answer,
                           signing.section_ids(req.citations))
        except signing.ExpiredToken:
            return error(422, messages.FEEDBACK_EXPIRED.format(days=signing.MAX_AGE_S // 86400))
        except signing.InvalidToken:
            return error(422, messages.FEEDBACK_NOT_OUR_ANSWER)
        try:  # committed to the file at the store's path before it is acknowledged
            row = store.vote(req.vote, req.question, req.answer, req.citations, refused=req.refused,
                             channel=req.channel)
        except sqlite3.Error as e:
            log.warning("vote not stored: %s", e)
            return error(503, messages.FEEDBACK_UNAVAILABLE, headers={"Retry-After": "5"})
        return {"ok": True, "id": row}

    @app.get("/healthz", tags=["运维"], summary="索引已加载时返回 ok")
    def healthz():
        if not health.probe():
            return JSONResponse({"status": "error", "error": messages.REPAIRING}, status_code=503,
                                headers={"Retry-After": "10"})
        s = engine.index.stats()
        return {"status": "ok", "documents": s["documents"], "chunks": s["chunks"]}

    @app.get("/widget.js", tags=["嵌入"], summary="网站浮动问答窗口脚本", response_class=Response)
    def widget():
        return Response(widget_js, media_type="application/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"})

    add_site_routes(app, engine)  # favicon, offline /docs and /redoc, GET /api/section

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def api_fallback(rest: str, request: Request):
        if rest in ("chat", "feedback"):
            return error(405, messages.METHOD_NOT_ALLOWED.format(path=request.url.path, method="POST"),
                         headers={"Allow": "POST"})
        return error(404, messages.NOT_FOUND)

    return app

