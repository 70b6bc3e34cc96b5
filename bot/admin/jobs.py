"""The staff console's background work: updating the index, one job at a time, with its progress.

``IndexJobs.start(reason)`` runs ``bot.index.ensure`` (incremental: only new and changed documents
are embedded) in a thread, then swaps the new build into the running engine, so the public page
answers from it as soon as the job says 完成. The page polls ``state()``: stage, done/total of
the passages embedded, percent, the result or the error (Chinese). A build made meanwhile by
``python -m bot index`` waits on the same lock (bot/index/build.py).

``AuditLog``: every staff action as one JSON line in ``$BOT_DATA_DIR/admin-audit.jsonl`` (and the
``bot.admin`` logger): time, action, outcome, details, the session's short id; the client's
address only with ``BOT_LOG_IPS=1``.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

log = logging.getLogger("bot.admin")


class AuditLog:
    def __init__(self, path: Path, log_ips: bool = False):
        self.path, self.log_ips = Path(path), log_ips
        self._lock = threading.Lock()

    def write(self, action: str, ok: bool = True, session: str = "", client: str = "", **details) -> None:
        row = {"time": time.strftime("%Y-%m-%d %H:%M:%S"), "action": action, "ok": ok, "session": session, **details}
        if self.log_ips and client:
            row["client"] = client
        line = json.dumps(row, ensure_ascii=False)
        log.info("admin %s", line)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def tail(self, n: int = 200) -> list[dict]:
        """The last ``n`` entries, newest first."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()[-n:]
        except OSError:
            return []
        out = []
        for ln in reversed(lines):
            try:
                out.append(json.loads(ln))
            except ValueError:
                continue
        return out


class _Progress:
    """The engine's embeddings, counting the passages a build embeds."""

    def __init__(self, inner, job: dict):
        self._inner, self._job = inner, job

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def passage_matrix(self, texts, progress=None):
        self._job.update(stage="正在嵌入向量", total=len(texts), done=0)

        def step(n):
            self._job["done"] += n
            if progress is not None:
                progress(n)

        out = self._inner.passage_matrix(texts, progress=step)
        self._job["stage"] = "正在写入索引"
        return out


class IndexJobs:
    def __init__(self, engine, settings, audit: AuditLog):
        self.engine, self.settings, self.audit = engine, settings, audit
        self._lock = threading.Lock()
        self._job: dict = {"id": 0, "running": False, "stage": "", "done": 0, "total": 0}
        self._again: str | None = None  # asked for while one was running: run once more after it

    def state(self) -> dict:
        job = dict(self._job)
        if job["running"]:
            embedded = job["done"] / job["total"] if job["total"] else 0.0
            job["percent"] = 5 + int(85 * embedded) if job["stage"] != "正在切换到新索引" else 95
        else:
            job["percent"] = 100 if job.get("result") else 0
        return job

    def start(self, reason: str, session: str = "") -> bool:
        """Start an index update; False when one is running already (it then runs once more after it)."""
        with self._lock:
            if self._job["running"]:
                self._again = reason
                return False
            self._job = {"id": self._job["id"] + 1, "running": True, "stage": "正在读取文档", "done": 0, "total": 0,
                         "reason": reason, "started": time.strftime("%H:%M:%S")}
            job = self._job
        threading.Thread(target=self._run, args=(job, session), name="admin-index", daemon=True).start()
        return True

    def _run(self, job: dict, session: str) -> None:
        from ..index import ensure

        t0 = time.perf_counter()
        try:
            what, build_dir = ensure(self.settings, _Progress(self.engine.embeddings, job), show_progress=False)
            job["stage"] = "正在切换到新索引"
            self.engine.reload_if_changed()
            manifest = json.loads((Path(build_dir) / "manifest.json").read_text())
            ch = manifest.get("changes") or {}
            job["result"] = (("索引已是最新" if what == "up-to-date" else "索引已更新")
                             + f"：{manifest.get('documents')} 篇文档，{manifest.get('chunks')} 个分块"
                             + (f"（新增 {len(ch.get('added', []))}，修改 {len(ch.get('changed', []))}，"
                                f"删除 {len(ch.get('removed', []))}）" if what != "up-to-date" else "")
                             + f"，用时 {time.perf_counter() - t0:.1f} 秒")
            self.audit.write("index", True, session, reason=job["reason"], result=job["result"])
        except Exception as e:  # noqa: BLE001 - shown to staff; the running index stays in use
            log.exception("admin index update failed")
            job["error"] = str(e) if isinstance(e, (ValueError, RuntimeError)) and str(e) else \
                f"索引更新失败（{type(e).__name__}），当前索引继续使用。"
            self.audit.write("index", False, session, reason=job["reason"], error=job["error"])
        finally:
            job["stage"] = "完成" if "result" in job else "失败"
            job["finished"] = time.strftime("%H:%M:%S")
            with self._lock:
                job["running"] = False
                again, self._again = self._again, None
            if again:
                self.start(again, session)
