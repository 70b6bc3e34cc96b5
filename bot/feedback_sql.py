"""Votes and refused questions in PostgreSQL (SQLAlchemy + psycopg), for several app processes.

``SqlFeedbackStore(url)`` is bot/feedback.py's ``FeedbackStore`` for ``BOT_DATABASE_URL``
(``postgresql://user:password@host:5432/db``): the same two tables, the same methods (``vote``,
``refusal``, ``votes``, ``report``, ``between``, ``close``), the same guarantee — ``vote`` returns
only after its transaction is committed, so an acknowledged vote is in the database even if
the process is killed the next moment.

The schema is created on first start and migrated after that: ``MIGRATIONS`` are numbered steps,
applied in order in one transaction that holds a PostgreSQL advisory lock, so processes that
start together wait for each other and a step is applied once or not at all. The version
reached is kept in ``qa_schema``. A database already at a newer version than this program
knows is left alone: writes then fail with ``FeedbackUnavailable`` (and a Chinese log line)
instead of writing into a schema this program does not know.

If PostgreSQL cannot be reached, ``vote`` raises ``FeedbackUnavailable`` (the API answers 503,
nothing is acknowledged), ``refusal`` logs it once and returns (the question was answered;
only its count is lost), and every call tries the database again.

Not here: SQLite (bot/feedback.py, the default), CSV (``write_csv`` there).
"""
from __future__ import annotations

import json
import logging
import threading
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from .feedback import FeedbackUnavailable

log = logging.getLogger(__name__)
LOCK_KEY = 7_171_717  # pg_advisory_xact_lock key: one migrating process at a time
CONNECT_TIMEOUT_S = 5
MIGRATIONS = [  # (version, statements); never edit a step that has shipped, add the next one
    (1, ["""CREATE TABLE IF NOT EXISTS votes (
            id BIGSERIAL PRIMARY KEY,
            ts DOUBLE PRECISION NOT NULL,
            channel TEXT NOT NULL,
            session_key TEXT UNIQUE,
            vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            citations TEXT NOT NULL DEFAULT '[]',
            refused INTEGER NOT NULL DEFAULT 0)""",
         """CREATE TABLE IF NOT EXISTS refusals (
            id BIGSERIAL PRIMARY KEY,
            ts DOUBLE PRECISION NOT NULL,
            channel TEXT NOT NULL,
            question TEXT NOT NULL)"""]),
    (2, ["CREATE INDEX IF NOT EXISTS votes_ts ON votes (ts)",
         "CREATE INDEX IF NOT EXISTS refusals_ts ON refusals (ts)"]),
]
LATEST = MIGRATIONS[-1][0]


def engine_url(url: str):
    """``postgresql://…`` (or ``postgres://``) -> SQLAlchemy's URL for the psycopg 3 driver."""
    u = make_url(url.replace("postgres://", "postgresql://", 1))
    return u.set(drivername="postgresql+psycopg")


def schema_version(conn) -> int:
    conn.execute(text("CREATE TABLE IF NOT EXISTS qa_schema (version INTEGER NOT NULL)"))
    return conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM qa_schema")).scalar_one()


def migrate(engine, upto: int = LATEST) -> int:
    """Apply the steps after the database's version (up to ``upto``), in one locked transaction."""
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        have = schema_version(conn)
        if have > LATEST:
            raise FeedbackUnavailable(f"反馈数据库的结构版本是 {have}，比本程序认识的 {LATEST} 新：请先升级本程序")
        for version, statements in MIGRATIONS:
            if have < version <= upto:
                for sql in statements:
                    conn.execute(text(sql))
                conn.execute(text("DELETE FROM qa_schema"))
                conn.execute(text("INSERT INTO qa_schema (version) VALUES (:v)"), {"v": version})
                have = version
        return have


class SqlFeedbackStore:
    def __init__(self, url: str, pool_size: int = 5):
        self.url = engine_url(url)
        self.engine = create_engine(self.url, pool_size=pool_size, max_overflow=10, pool_timeout=CONNECT_TIMEOUT_S,
                                    pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        self._ready = False
        self._lock = threading.Lock()
        self._failing = False  # a database outage is logged once, and its end once
        try:
            self._ensure()
        except FeedbackUnavailable:
            pass  # logged; the next call tries again

    @property
    def where(self) -> str:
        """The database without user or password, for logs: ``'127.0.0.1:5432/qa'``."""
        return f"{self.url.host}:{self.url.port or 5432}/{self.url.database}"

    def _ensure(self) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                try:
                    version = migrate(self.engine)
                except (SQLAlchemyError, FeedbackUnavailable) as e:  # unreachable, or a newer schema
                    raise self._down(e) from None
                self._ready = True
                log.info("反馈存入 PostgreSQL %s（结构版本 %d）", self.where, version)

    def _down(self, e: Exception) -> FeedbackUnavailable:
        """Log the first failure of an outage (not the password: SQLAlchemy's messages carry none)."""
        if not self._failing:
            self._failing = True
            why = str(e) if isinstance(e, FeedbackUnavailable) else str(e).splitlines()[0][:200]
            log.warning("反馈数据库 PostgreSQL %s 不可用：%s。投票暂时无法保存（返回 503），恢复后自动继续。",
                        self.where, why)
        return e if isinstance(e, FeedbackUnavailable) else FeedbackUnavailable(f"PostgreSQL {self.where}: "
                                                                               f"{type(e).__name__}")

    def _run(self, sql: str, params: dict | None = None, write: bool = False):
        self._ensure()
        try:
            with (self.engine.begin() if write else self.engine.connect()) as conn:
                result = conn.execute(text(sql), params or {})
                rows = result.fetchall() if result.returns_rows else []
            # leaving engine.begin() committed the transaction: only now is a write acknowledged
        except SQLAlchemyError as e:
            raise self._down(e) from None
        if self._failing:
            self._failing = False
            log.warning("反馈数据库 PostgreSQL %s 已恢复。", self.where)
        return rows

    # -- writing ---------------------------------------------------------------------
    def vote(self, vote: str, question: str, answer: str, citations=(), refused: bool = False,
             channel: str = "page", session_key: str | None = None) -> int:
        """Store one vote ('up' or 'down'); returns its row id once committed."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        rows = self._run(
            "INSERT INTO votes (ts, channel, session_key, vote, question, answer, citations, refused)"
            " VALUES (:ts, :channel, :session_key, :vote, :question, :answer, :citations, :refused)"
            " ON CONFLICT (session_key) DO UPDATE SET ts = excluded.ts, vote = excluded.vote RETURNING id",
            {"ts": time.time(), "channel": channel, "session_key": session_key, "vote": vote, "question": question,
             "answer": answer, "citations": json.dumps(list(citations), ensure_ascii=False),
             "refused": int(bool(refused))}, write=True)
        return rows[0][0]

    def refusal(self, question: str, channel: str = "api") -> None:
        try:
            self._run("INSERT INTO refusals (ts, channel, question) VALUES (:ts, :channel, :question)",
                      {"ts": time.time(), "channel": channel, "question": question}, write=True)
        except FeedbackUnavailable:
            pass  # logged once by _down: the answer was given, only this count is lost

    # -- reading ---------------------------------------------------------------------
    def votes(self) -> list[dict]:
        names = ["id", "ts", "channel", "session_key", "vote", "question", "answer", "citations", "refused"]
        rows = self._run(f"SELECT {', '.join(names)} FROM votes ORDER BY id")
        return [dict(zip(names, r)) for r in rows]

    def report(self, since: float = 0.0) -> dict:
        """Refused questions and disliked answers since ``since`` (unix time), most frequent first."""
        refused = self._run("SELECT question, COUNT(*), MAX(ts) FROM refusals WHERE ts >= :since"
                            " GROUP BY question ORDER BY COUNT(*) DESC, MAX(ts) DESC", {"since": since})
        disliked = self._run("SELECT question, answer, COUNT(*), MAX(ts) FROM votes WHERE vote = 'down'"
                             " AND ts >= :since GROUP BY question, answer ORDER BY COUNT(*) DESC, MAX(ts) DESC",
                             {"since": since})
        return {
            "refused": [{"question": q, "count": n, "last": t} for q, n, t in refused],
            "disliked": [{"question": q, "answer": a, "count": n, "last": t} for q, a, n, t in disliked],
        }

    def between(self, lo: float, hi: float, limit: int) -> tuple[list[tuple], list[tuple]]:
        """For the console (bot/admin/openq.py): refusals ``(ts, question)`` and 👎 votes
        ``(ts, question, answer, citations)`` with ``lo <= ts < hi``, oldest first."""
        args = {"lo": lo, "hi": hi, "n": limit}
        refusals = self._run("SELECT ts, question FROM refusals WHERE ts >= :lo AND ts < :hi ORDER BY ts LIMIT :n",
                             args)
        downs = self._run("SELECT ts, question, answer, citations FROM votes WHERE vote = 'down' AND ts >= :lo"
                          " AND ts < :hi ORDER BY ts LIMIT :n", args)
        return [tuple(r) for r in refusals], [tuple(r) for r in downs]

    def close(self) -> None:
        self.engine.dispose()
