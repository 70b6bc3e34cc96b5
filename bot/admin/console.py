"""The console's state and helpers: sign-in, templates, the audit log, staged uploads, the index job."""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from ..corpus import ingest
from ..guard import scope_client
from .auth import COOKIE, Auth, csrf_ok
from .jobs import AuditLog, IndexJobs

HERE = Path(__file__).resolve().parent
TOKEN = re.compile(r"^[0-9a-f]{16}$")
STAGED_TTL_S = 24 * 3600


def to_login() -> Response:
    return RedirectResponse("/admin/login", status_code=303)


def forbidden() -> Response:
    return JSONResponse({"error": "需要先登录管理后台，或页面已过期，请刷新后重试。"}, status_code=403)


class Console:
    def __init__(self, engine, settings):
        self.engine, self.settings = engine, settings
        self.auth = Auth(settings.admin_password, idle_s=settings.admin_session_minutes * 60)
        self.audit = AuditLog(Path(settings.data_dir) / "admin-audit.jsonl", settings.log_ips)
        self.jobs = IndexJobs(engine, settings, self.audit)
        self.staging = Path(settings.data_dir) / "admin-uploads"
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self._nearest: dict[str, str | None] = {}
        self._feedback = None  # the PostgreSQL store, opened when first read

    # -- helpers ---------------------------------------------------------------------------
    def feedback_source(self):
        """Where the open questions are read: PostgreSQL (``BOT_DATABASE_URL``), else feedback.db's path."""
        if not getattr(self.settings, "database_url", ""):
            from ..feedback import FILENAME

            return Path(self.settings.data_dir) / FILENAME
        if self._feedback is None:
            from ..feedback_sql import SqlFeedbackStore

            self._feedback = SqlFeedbackStore(self.settings.database_url, pool_size=2)
        return self._feedback

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

