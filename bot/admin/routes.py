"""The staff console's pages (server-rendered, Jinja2) under /admin.

    GET  /admin/login, POST /admin/login, POST /admin/logout
    GET  /admin/docs                 indexed documents, files not yet indexed, uploads awaiting review, index job
    POST /admin/upload               multipart ``file`` (+ ``name``): checked, staged, then its preview
    GET  /admin/staged/<token>       the upload's section tree and metadata before it goes live
    POST /admin/staged/<token>/publish | /discard
    GET  /admin/docs/<doc>           a live document's section tree; POST /admin/docs/<doc>/delete
    POST /admin/reindex              update the index now; GET /admin/jobs/current: its progress (JSON)
    GET  /admin/open[.csv]           open questions (refused, 👎) by date range and document; CSV
    GET|POST /admin/try              ask a question and see why it was answered or refused
    GET  /admin/log                  the audit log

Every page needs a session (else: to the sign-in page; a POST: 403); every POST carries the
session's CSRF token; every action goes to the audit log. The document pages are bot/admin/docs.py;
the console's state and helpers bot/admin/console.py.
"""
from __future__ import annotations

import io
import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..feedback import write_csv
from ..guard import scope_client
from . import openq
from .auth import COOKIE, TooManyAttempts
from .console import HERE, Console, forbidden, to_login
from .docs import add_document_routes
from .views import why_view


def build_router(console: Console) -> APIRouter:
    r = APIRouter(prefix="/admin", include_in_schema=False)
    c = console

    @r.get("")
    @r.get("/")
    def home(request: Request):
        return RedirectResponse("/admin/docs" if c.session(request) else "/admin/login", status_code=303)

    # -- signing in ------------------------------------------------------------------------------
    @r.get("/login")
    def login_page(request: Request):
        return c.page(request, "login.html", None)

    @r.post("/login")
    async def login(request: Request):
        form = await request.form(max_files=0, max_fields=5, max_part_size=4096)
        client = scope_client(request.scope)
        try:
            got = await run_in_threadpool(c.auth.login, str(form.get("password") or ""), client)
        except TooManyAttempts as e:
            c.log(request, "login", ok=False, reason="too many attempts")
            return c.page(request, "login.html", None, status=429,
                          error=f"尝试次数过多，请 {e.wait_s // 60 + 1} 分钟后再试。")
        if got is None:
            c.log(request, "login", ok=False, reason="wrong password")
            return c.page(request, "login.html", None, status=401, error="密码不正确。")
        token, session = got
        c.log(request, "login", session)
        resp = RedirectResponse("/admin/docs", status_code=303)
        resp.set_cookie(COOKIE, token, path="/admin", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
        return resp

    @r.post("/logout")
    async def logout(request: Request):
        s = c.session(request)
        if s is None or await c.form(request, s) is None:
            return forbidden()
        c.auth.logout(request.cookies.get(COOKIE))
        c.log(request, "logout", s)
        resp = to_login()
        resp.delete_cookie(COOKIE, path="/admin")
        return resp

    add_document_routes(r, c)


    # -- open questions ---------------------------------------------------------------------------------
    def open_filters(request: Request):
        q = request.query_params
        since, until = openq.parse_day(q.get("since")), openq.parse_day(q.get("until"))
        doc = q.get("doc") or None
        return since, until, (doc if doc in c.engine.index.docs else None)

    @r.get("/open")
    async def open_page(request: Request):
        s = c.session(request)
        if s is None:
            return to_login()
        try:
            since, until, doc = open_filters(request)
        except ValueError:
            return c.page(request, "open.html", s, status=400, error="日期格式不对（应为 YYYY-MM-DD）。", oq=None,
                          docs=c.engine.index.docs.values(), q=request.query_params)
        oq = await run_in_threadpool(openq.collect, c.feedback_source(), since, until, doc, c.nearest)
        return c.page(request, "open.html", s, oq=oq, chart=openq.chart(oq.days), when=openq.when,
                      docs=c.engine.index.docs.values(), q=request.query_params, query=str(request.query_params))

    @r.get("/open.csv")
    async def open_csv(request: Request):
        s = c.session(request)
        if s is None:
            return forbidden()
        try:
            since, until, doc = open_filters(request)
        except ValueError:
            return JSONResponse({"error": "日期格式不对（应为 YYYY-MM-DD）。"}, status_code=400)
        oq = await run_in_threadpool(openq.collect, c.feedback_source(), since, until, doc, c.nearest)
        out = io.StringIO()
        out.write("\ufeff")  # Excel and WPS read UTF-8 only with a BOM
        write_csv(out, openq.csv_rows(oq))  # cells neutralised: no formula runs in a spreadsheet
        c.log(request, "export", s, since=str(since or ""), until=str(until or ""), doc=doc or "",
              rows=len(oq.refused) + len(oq.disliked))
        name = time.strftime("open-questions-%Y%m%d.csv")
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # -- try a question ----------------------------------------------------------------------------------
    @r.get("/try")
    def try_page(request: Request):
        s = c.session(request)
        return c.page(request, "try.html", s, docs=c.engine.index.docs.values()) if s else to_login()

    @r.post("/try")
    async def try_ask(request: Request):
        s = c.session(request)
        form = await c.form(request, s) if s else None
        if form is None:
            return forbidden()
        question = str(form.get("question") or "").strip()[:500]
        doc = str(form.get("doc") or "") or None
        ctx = {"docs": c.engine.index.docs.values(), "question": question, "doc": doc}
        if not question:
            return c.page(request, "try.html", s, status=400, error="请输入问题。", **ctx)
        try:
            ans = await run_in_threadpool(_ask_explained, c.engine, question, doc)
        except ValueError as e:  # BadQuestion, UnknownDocument: their Chinese message
            return c.page(request, "try.html", s, status=400, error=str(e), **ctx)
        c.log(request, "try", s, question=question, doc=doc or "", refused=bool(ans.get("refused")))
        return c.page(request, "try.html", s, answer=ans, why=why_view(ans.get("why")), **ctx)

    @r.get("/log")
    def audit_page(request: Request):
        s = c.session(request)
        return c.page(request, "log.html", s, rows=c.audit.tail(300)) if s else to_login()

    @r.get("/static/{name}")
    def static(name: str):
        types = {"admin.css": "text/css", "admin.js": "application/javascript"}
        if name not in types:
            return JSONResponse({"error": "没有这个文件。"}, status_code=404)
        return Response((HERE / "static" / name).read_bytes(), media_type=types[name] + "; charset=utf-8")

    @r.api_route("/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
    def unknown(rest: str):  # never falls through to the public page mounted at /
        return JSONResponse({"error": "管理后台没有这个页面。"}, status_code=404)

    return r


def _ask_explained(engine, question: str, doc: str | None) -> dict:
    """The answer with its "why"; an engine without ``explain`` still answers (no "why" then)."""
    try:
        return engine.ask(question, [], doc=doc, explain=True)
    except TypeError:
        return engine.ask(question, [], doc=doc)
