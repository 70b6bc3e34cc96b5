"""The console's document pages: the list, upload → staged preview → publish or discard, a live
document's tree, delete, index updates and their progress (see bot/admin/routes.py for the map)."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile

from ..corpus import ingest
from .console import TOKEN, Console, forbidden, to_login
from .views import doc_row, tree


def add_document_routes(r: APIRouter, c: Console) -> None:
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
