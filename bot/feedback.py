"""What users tell us back: 👍/👎 votes and refused questions, in SQLite (WAL).

``data/feedback.db`` holds two tables:

    votes     (id, ts, channel, session_key, vote 'up'|'down', question, answer, citations JSON, refused)
    refusals  (id, ts, channel, question)

A vote is committed before the call returns (WAL, synchronous=FULL), so a vote
acknowledged to the user survives a crash of the server. A page vote carries a
``session_key`` (session + message index): voting again on the same answer
replaces the earlier vote instead of counting twice.

``report(since)`` groups both tables for staff: the questions the report leaves
open (refused) and the answers users disliked, each with a count:

    >>> store.report()
    {"refused": [{"question": "2019年全市GDP是多少？", "count": 3, "last": 1732780800.0}],
     "disliked": [{"question": "…", "answer": "…", "count": 1, "last": …}]}

The store always writes to the file that is at ``path`` now: before each operation it
compares the file's (st_dev, st_ino) with the one its connection has open. If feedback.db
was deleted or replaced under a running server, it checkpoints the old file's WAL into
the old file, removes the old file's -wal/-shm left at the path (they would be replayed
into the new file), and opens (or creates, with the schema) the file at the path. If that
fails it raises ``FeedbackUnavailable`` (the API answers 503): a vote is never
acknowledged unless it is in the file at the path.

``write_csv`` writes every CSV the product writes (``python -m bot report --csv``): each
cell goes through ``csv_cell``, so text that Excel/WPS would read as a formula gets a
leading ``'`` (OWASP), and a cell's own line breaks are quoted.

``open_store(settings)`` picks this store or, with ``BOT_DATABASE_URL``, the PostgreSQL one
(bot/feedback_sql.py: same tables and methods, for several app processes).

Not here: rate limits, who the user is (no IP or identity is stored).
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS votes (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    channel TEXT NOT NULL,
    session_key TEXT UNIQUE,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]',
    refused INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS refusals (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    channel TEXT NOT NULL,
    question TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS votes_ts ON votes (ts);
CREATE INDEX IF NOT EXISTS refusals_ts ON refusals (ts);
"""
FILENAME = "feedback.db"
SIDECARS = ("-wal", "-shm")
# a spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection);
# the full-width forms too, which some Excel/WPS versions in CJK locales treat the same way
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: ``'=1+1'`` -> ``"'=1+1"``; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(stream, rows) -> None:
    """``rows`` as CSV that a spreadsheet cannot run: every cell through ``csv_cell``, and CRLF line
    ends (RFC 4180), so a cell's own CR or LF is quoted and can never start a row of its own."""
    import csv

    csv.writer(stream, lineterminator="\r\n").writerows([csv_cell(c) for c in row] for row in rows)


class FeedbackUnavailable(sqlite3.OperationalError):
    """The file at the store's path cannot be opened or written: nothing was stored."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


@contextlib.contextmanager
def _dir_lock(directory: Path):
    """An exclusive flock on the folder: processes sharing it reopen one at a time (best effort)."""
    try:
        import fcntl

        fd = os.open(directory, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # releases the lock


class FeedbackStore:
    """One SQLite connection shared by the server's threads (serialised by a lock)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._ids: tuple = ()  # (st_dev, st_ino) of the file and its -wal, -shm when opened
        self._closed = False
        self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(SCHEMA)
            db.commit()
        except BaseException:
            db.close()
            raise
        self._db = db
        self._ids = (_identity(self.path), *(_identity(_sidecar(self.path, s)) for s in SIDECARS))

    def _reopen(self) -> None:
        """The file at the path is not the one open (deleted or replaced): switch to it."""
        with _dir_lock(self.path.parent):
            old, self._db = self._db, None
            if old is not None:
                with contextlib.suppress(sqlite3.Error):
                    old.execute("PRAGMA wal_checkpoint(PASSIVE)")  # a renamed-away file keeps its votes
                with contextlib.suppress(sqlite3.Error):
                    old.close()
            if self._ids and _identity(self.path) != self._ids[0]:
                # the old file's WAL and index at the path would be replayed into the new file
                for suffix, ident in zip(SIDECARS, self._ids[1:]):
                    side = _sidecar(self.path, suffix)
                    if ident is not None and _identity(side) == ident:
                        side.unlink(missing_ok=True)
            try:
                self._open()
            except (sqlite3.Error, OSError) as e:
                raise FeedbackUnavailable(f"cannot open {self.path}: {e}") from e

    def _conn(self) -> sqlite3.Connection:
        """The connection to the file at the path now (called with the lock held)."""
        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        if self._db is None or _identity(self.path) != self._ids[0]:
            self._reopen()
        return self._db

    @classmethod
    def in_dir(cls, data_dir: Path | str) -> "FeedbackStore":
        return cls(Path(data_dir) / FILENAME)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- writing ---------------------------------------------------------------------
    def vote(self, vote: str, question: str, answer: str, citations=(), refused: bool = False,
             channel: str = "page", session_key: str | None = None) -> int:
        """Store one vote ('up' or 'down'); returns its row id."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        row = (time.time(), channel, session_key, vote, question, answer,
               json.dumps(list(citations), ensure_ascii=False), int(bool(refused)))
        with self._lock:
            db = self._conn()
            with db:
                cur = db.execute(
                    "INSERT INTO votes (ts, channel, session_key, vote, question, answer, citations, refused)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (session_key) DO UPDATE SET ts = excluded.ts, vote = excluded.vote"
                    " RETURNING id", row)
                return cur.fetchone()[0]

    def refusal(self, question: str, channel: str = "api") -> None:
        with self._lock:
            db = self._conn()
            with db:
                db.execute("INSERT INTO refusals (ts, channel, question) VALUES (?, ?, ?)",
                           (time.time(), channel, question))

    # -- reading ---------------------------------------------------------------------
    def votes(self) -> list[dict]:
        with self._lock:
            cur = self._conn().execute("SELECT * FROM votes ORDER BY id")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]

    def between(self, lo: float, hi: float, limit: int) -> tuple[list[tuple], list[tuple]]:
        """For the console (bot/admin/openq.py): refusals ``(ts, question)`` and 👎 votes
        ``(ts, question, answer, citations)`` with ``lo <= ts < hi``, oldest first."""
        with self._lock:
            db = self._conn()
            refusals = db.execute("SELECT ts, question FROM refusals WHERE ts >= ? AND ts < ? ORDER BY ts LIMIT ?",
                                  (lo, hi, limit)).fetchall()
            downs = db.execute("SELECT ts, question, answer, citations FROM votes WHERE vote = 'down' AND ts >= ?"
                               " AND ts < ? ORDER BY ts LIMIT ?", (lo, hi, limit)).fetchall()
        return refusals, downs

    def report(self, since: float = 0.0) -> dict:
        """Refused questions and disliked answers since ``since`` (unix time), most frequent first."""
        with self._lock:
            db = self._conn()
            refused = db.execute(
                "SELECT question, COUNT(*), MAX(ts) FROM refusals WHERE ts >= ?"
                " GROUP BY question ORDER BY COUNT(*) DESC, MAX(ts) DESC", (since,)).fetchall()
            disliked = db.execute(
                "SELECT question, answer, COUNT(*), MAX(ts) FROM votes WHERE vote = 'down' AND ts >= ?"
                " GROUP BY question, answer ORDER BY COUNT(*) DESC, MAX(ts) DESC", (since,)).fetchall()
        return {
            "refused": [{"question": q, "count": n, "last": t} for q, n, t in refused],
            "disliked": [{"question": q, "answer": a, "count": n, "last": t} for q, a, n, t in disliked],
        }


def open_store(settings):
    """The store the settings name: PostgreSQL with ``BOT_DATABASE_URL`` (bot/feedback_sql.py),
    else ``$BOT_DATA_DIR/feedback.db``."""
    if getattr(settings, "database_url", ""):
        from .feedback_sql import SqlFeedbackStore

        return SqlFeedbackStore(settings.database_url)
    return FeedbackStore.in_dir(settings.data_dir)
