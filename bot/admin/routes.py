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
session's CSRF token; every action goes to the audit log.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import shutil
import time
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.templating import Jinja2Templates

from ..corpus import ingest
from ..feedback import FILENAME, write_csv
from ..guard import scope_client
from . import openq
from .auth import COOKIE, Auth, TooManyAttempts, csrf_ok
from .jobs import AuditLog, IndexJobs
from .views import doc_row, tree, why_view

HERE = Path(__file__).resolve().parent
TOKEN = re.compile(r"^[0-9a-f]{16}$")
STAGED_TTL_S = 24 * 3600


class Console:
    def __init__(self, engine, settings):
        self.engine, self.settings = engine, settings
        self.auth = Auth(settings.admin_password, idle_s=settings.admin_session_minutes * 60)
        self.audit = AuditLog(Path(settings.data_dir) / "admin-audit.jsonl", settings.log_ips)
        self.jobs = IndexJobs(engine, settings, self.audit)
        self.staging = Path(settings.data_dir) / "admin-uploads"
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self._nearest: dict[str, str | None] = {}

    # -- helpers ---------------------------------------------------------------------------
    def session(self, request: Request):
        return self.auth.session(request.cookies.get(COOKIE))

    def page(self, request: Request, name: str, session, status: int = 200, **ctx) -> Response:
        return self.templates.TemplateResponse(request, name, {"csrf": session.csrf if session else "",
                                                               "signed_in": session is not None, **ctx},
                                               status_code=status)

    async def form(self, request: Request, session):
        """The POSTed form, or None when its CSRF token is not the session's."""
        form = await request.form(max_files=1, max_fields=20, max_part_size=64 * 1024)
        return form if csrf_ok(session, form.get("csrf")) else None

    def log(self, request: Request, action: str, session=None, ok: bool = True, **details) -> None:
        self.audit.write(action, ok, session.id if session else "", scope_client(request.scope), **details)

    def corpus_files(self) -> dict[str, str]:
        folder = Path(self.settings.corpus_dir)
        return {p.stem: p.name for p in sorted(folder.iterdir())
                if p.suffix in ingest.ALL_SUFFIXES and not p.name.startswith((".", "~$"))} if folder.is_dir() else {}

    def staged(self, token: str) -> tuple[Path, dict] | None:
        folder = self.staging / token
        try:
            info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return folder / info["file"], info

    def staged_list(self) -> list[dict]:
        out = []
        for folder in sorted(self.staging.glob("*")) if self.staging.is_dir() else []:
            got = self.staged(folder.name) if TOKEN.match(folder.name) else None
            if got is None or time.time() - got[1]["time"] > STAGED_TTL_S:
                shutil.rmtree(folder, ignore_errors=True)
                continue
            out.append({"token": folder.name, **got[1]})
        return out

    def nearest(self, question: str) -> str | None:
        """The document whose sections came nearest to a (refused) question, asked again now."""
        if question not in self._nearest:
            try:
                cites = self.engine.ask(question).get("citations") or []
            except Exception:  # noqa: BLE001 - a question the engine no longer takes
                cites = []
            if len(self._nearest) > 5000:
                self._nearest.clear()
            self._nearest[question] = cites[0].get("doc") if cites else None
        return self._nearest[question]


def build_router(console: Console) -> APIRouter:
    r = APIRouter(prefix="/admin", include_in_schema=False)
    c = console

    def to_login() -> Response:
        return RedirectResponse("/admin/login", status_code=303)

    def forbidden() -> Response:
        return JSONResponse({"error": "需要先登录管理后台，或页面已过期，请刷新后重试。"}, status_code=403)

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

    # -- documents ----------------------------------------------------------------------------------
    def docs_page(request: Request, s, status: int = 200, **ctx):
        index = c.engine.index
        files = c.corpus_files()
        chunks: dict[str, int] = {}
        for ch in index.chunks:
            chunks[ch.doc] = chunks.get(ch.doc, 0) + 1
        docs = [doc_row(d, chunks.get(d.doc_id, 0), files.get(d.doc_id, "")) for d in index.docs.values()]
        pending = [name for stem, name in files.items() if stem not in index.docs]
        return c.page(request, "docs.html", s, status=status, docs=docs, pending=pending, staged=c.staged_list(),
                      job=c.jobs.state(), build=index.build_dir.name, max_mb=ingest.MAX_BYTES // 1048576,
                      accept=",".join(sorted(ingest.NAME_SUFFIXES)), **ctx)

    @r.get("/docs")
    def docs(request: Request):
        s = c.session(request)
        return docs_page(request, s) if s else to_login()

    @r.post("/upload")
    async def upload(request: Request):
        s = c.session(request)  # before the body is read: without a session nothing is parsed
        if s is None:
            return forbidden()
        form = await c.form(request, s)
        if form is None:
            return forbidden()
        f = form.get("file")
        if not isinstance(f, UploadFile):
            return docs_page(request, s, 400, error="请选择要上传的文件。")
        data = await f.read(ingest.MAX_BYTES + 1)
        original = (f.filename or "")[:200]
        try:
            kind = ingest.kind_of(data, original)
            name = ingest.check_name(ingest.doc_name(str(form.get("name") or "").strip() or original))
            token = secrets.token_hex(8)
            path = await run_in_threadpool(ingest.stage, c.staging / token, data, kind, name)
            await run_in_threadpool(ingest.preview, path)
        except ingest.Refused as e:
            if "token" in locals():
                shutil.rmtree(c.staging / token, ignore_errors=True)
            c.log(request, "upload", s, ok=False, file=original, size=len(data), error=str(e))
            return docs_page(request, s, 415 if "类型" in str(e) or "内容是" in str(e) else 400, error=str(e))
        info = {"file": path.name, "original": original, "kind": kind, "size": len(data), "time": time.time(),
                "sha256": hashlib.sha256(data).hexdigest()}
        (c.staging / token / "info.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        c.log(request, "upload", s, file=original, name=name, kind=kind, size=len(data), sha256=info["sha256"][:16])
        return RedirectResponse(f"/admin/staged/{token}", status_code=303)

    @r.get("/staged/{token}")
    async def staged(request: Request, token: str):
        s = c.session(request)
        if s is None:
            return to_login()
        got = c.staged(token) if TOKEN.match(token) else None
        if got is None:
            return docs_page(request, s, 404, error="这份上传已过期或不存在，请重新上传。")
        path, info = got
        doc = await run_in_threadpool(ingest.preview, path)
        return c.page(request, "preview.html", s, token=token, info=info, doc=doc_row(doc), tree=tree(doc),
                      meta=ingest.meta_of(doc), replaces=[p.name for p in ingest.documents_named(
                          c.settings.corpus_dir, path.stem)])

    @r.post("/staged/{token}/{action}")
    async def staged_action(request: Request, token: str, action: str):
        s = c.session(request)
        form = await c.form(request, s) if s else None
        got = c.staged(token) if TOKEN.match(token) else None
        if form is None:
            return forbidden()
        if got is None or action not in ("publish", "discard"):
            return docs_page(request, s, 404, error="这份上传已过期或不存在，请重新上传。")
        path, info = got
        if action == "discard":
            shutil.rmtree(c.staging / token, ignore_errors=True)
            c.log(request, "discard", s, name=path.stem, file=info["original"])
            return RedirectResponse("/admin/docs", status_code=303)
        doc = await run_in_threadpool(ingest.preview, path)
        given = {k: str(form.get(k) or "").strip()[:200] for k in ("title", "issuer", "period", "date")}
        if m := re.search(r"(?:19|20)\d{2}", given["period"]):
            given["year"] = int(m.group(0))
        meta = ingest.meta_of(doc, **given, source=info["original"])
        await run_in_threadpool(ingest.publish, c.settings.corpus_dir, path, meta)
        shutil.rmtree(c.staging / token, ignore_errors=True)
        c.log(request, "publish", s, name=path.stem, file=info["original"], title=meta.get("title", ""))
        c.jobs.start(f"上线 {path.stem}", s.id)
        return RedirectResponse("/admin/docs", status_code=303)

    @r.get("/docs/{doc_id}")
    def doc_page(request: Request, doc_id: str):
        s = c.session(request)
        if s is None:
            return to_login()
        doc = c.engine.index.docs.get(doc_id)
        if doc is None:
            return docs_page(request, s, 404, error="没有这份文档（可能已删除，或尚未建入索引）。")
        return c.page(request, "doc.html", s, doc=doc_row(doc), tree=tree(doc))

    @r.post("/docs/{doc_id}/delete")
    async def delete(request: Request, doc_id: str):
        s = c.session(request)
        if s is None or await c.form(request, s) is None:
            return forbidden()
        files = c.corpus_files()
        if doc_id not in files:
            return docs_page(request, s, 404, error="语料目录中没有这份文档。")
        if len(files) <= 1:
            return docs_page(request, s, 409, error="这是唯一的文档，不能删除（问答至少需要一份报告）。")
        gone = ingest.remove(c.settings.corpus_dir, doc_id)
        c.log(request, "delete", s, name=doc_id, files=[p.name for p in gone])
        c.jobs.start(f"删除 {doc_id}", s.id)
        return RedirectResponse("/admin/docs", status_code=303)

    @r.post("/reindex")
    async def reindex(request: Request):
        s = c.session(request)
        if s is None or await c.form(request, s) is None:
            return forbidden()
        started = c.jobs.start("手动更新", s.id)
        c.log(request, "reindex", s, started=started)
        return RedirectResponse("/admin/docs", status_code=303)

    @r.get("/jobs/current")
    def job(request: Request):
        if c.session(request) is None:
            return forbidden()
        return c.jobs.state()

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
        db = Path(c.settings.data_dir) / FILENAME
        oq = await run_in_threadpool(openq.collect, db, since, until, doc, c.nearest)
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
        oq = await run_in_threadpool(openq.collect, Path(c.settings.data_dir) / FILENAME, since, until, doc, c.nearest)
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
