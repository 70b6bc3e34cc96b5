"""Is the service answering, and if not, mend it: a real query for /healthz, a rebuild after failures.

``Health.probe()`` runs one real search (the embedded or remote vector store included), so
``/healthz`` says ok only when a question can be answered. ``failed()`` is called by a
request whose answer failed and by a failed probe; after ``FAILURES_TO_REPAIR`` failures in a
row the index is rebuilt from the corpus in a background thread, once at a time, and
swapped in when it loads (``engine.reload_if_changed``). Meanwhile the service answers
503 on /healthz and a Chinese error on questions; it never takes the process down.

Not here: the index watcher that picks up rebuilds made by another process (bot/guard.py).
"""
from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
PROBE_QUESTION = "上半年学生资助的金额是多少？"
FAILURES_TO_REPAIR = 3


class Health:
    def __init__(self, engine, rebuild=None):
        """``rebuild()``: makes a new current build (default: a full build of the corpus)."""
        self.engine = engine
        self.rebuild = rebuild or self._full_build
        self.failures = 0
        self.repairing = threading.Lock()
        self.last_error = ""

    def probe(self) -> bool:
        """One real search through the current build (a newer build, if one is there, first)."""
        try:
            self._search()
        except Exception as e:  # noqa: BLE001 - any failure means: not answering
            try:  # the build in use may have been pruned by an update another process made: take the new one
                if self.engine.reload_if_changed():
                    self._search()
                    self.failures = 0
                    return True
            except Exception:  # noqa: BLE001 - reported below as the probe's failure
                pass
            log.warning("健康检查失败：%s", f"{type(e).__name__}: {e}"[:300])
            self.failed(e)  # a passing hiccup rebuilds nothing; FAILURES_TO_REPAIR in a row do
            return False
        self.failures = 0
        return True

    def _search(self) -> None:
        loaded = self.engine.loaded
        loaded.searcher.search(self.engine.analyse(PROBE_QUESTION, [], loaded))
        loaded.index.collections["sentences"].count()  # the store too, though a small index is searched without it

    def ok(self) -> None:
        self.failures = 0

    def failed(self, error: BaseException) -> None:
        self.failures += 1
        self.last_error = f"{type(error).__name__}: {error}"[:300]
        if self.failures >= FAILURES_TO_REPAIR:
            self.repair()

    @property
    def is_repairing(self) -> bool:
        return self.repairing.locked()

    def repair(self) -> bool:
        """Start a rebuild in the background unless one runs; True if one was started."""
        if not self.repairing.acquire(blocking=False):
            return False
        threading.Thread(target=self._repair, name="index-repair", daemon=True).start()
        return True

    def _repair(self) -> None:
        try:
            log.warning("索引查询连续失败（%s），正在从语料重建索引……", self.last_error)
            self.rebuild()
            self.engine.reload_if_changed()
            self.failures = 0
            log.warning("索引已重建并切换，恢复服务")
        except Exception:  # noqa: BLE001 - logged; the next failures try again
            log.exception("索引重建失败")
        finally:
            self.repairing.release()

    def _full_build(self) -> None:
        from . import index as index_mod

        # a full rebuild (an update would copy the broken vector store), under the build lock
        index_mod.ensure(self.engine.settings, self.engine.embeddings, rebuild=True, show_progress=False)
