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

Not here: rate limits, who the user is (no IP or identity is stored).
"""
from __future__ import annotations

import json
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


class FeedbackStore:
    """One SQLite connection shared by the server's threads (serialised by a lock)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._db.commit()

    @classmethod
    def in_dir(cls, data_dir: Path | str) -> "FeedbackStore":
        return cls(Path(data_dir) / FILENAME)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing ---------------------------------------------------------------------
    def vote(self, vote: str, question: str, answer: str, citations=(), refused: bool = False,
             channel: str = "page", session_key: str | None = None) -> int:
        """Store one vote ('up' or 'down'); returns its row id."""
        if vote not in ("up", "down"):
            raise ValueError(f"vote must be 'up' or 'down', not {vote!r}")
        row = (time.time(), channel, session_key, vote, question, answer,
               json.dumps(list(citations), ensure_ascii=False), int(bool(refused)))
        with self._lock, self._db:
            cur = self._db.execute(
                "INSERT INTO votes (ts, channel, session_key, vote, question, answer, citations, refused)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_key) DO UPDATE SET ts = excluded.ts, vote = excluded.vote"
                " RETURNING id", row)
            return cur.fetchone()[0]

    def refusal(self, question: str, channel: str = "api") -> None:
        with self._lock, self._db:
            self._db.execute("INSERT INTO refusals (ts, channel, question) VALUES (?, ?, ?)",
                             (time.time(), channel, question))

    # -- reading ---------------------------------------------------------------------
    def votes(self) -> list[dict]:
        with self._lock:
            cur = self._db.execute("SELECT * FROM votes ORDER BY id")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]

    def report(self, since: float = 0.0) -> dict:
        """Refused questions and disliked answers since ``since`` (unix time), most frequent first."""
        with self._lock:
            refused = self._db.execute(
                "SELECT question, COUNT(*), MAX(ts) FROM refusals WHERE ts >= ?"
                " GROUP BY question ORDER BY COUNT(*) DESC, MAX(ts) DESC", (since,)).fetchall()
            disliked = self._db.execute(
                "SELECT question, answer, COUNT(*), MAX(ts) FROM votes WHERE vote = 'down' AND ts >= ?"
                " GROUP BY question, answer ORDER BY COUNT(*) DESC, MAX(ts) DESC", (since,)).fetchall()
        return {
            "refused": [{"question": q, "count": n, "last": t} for q, n, t in refused],
            "disliked": [{"question": q, "answer": a, "count": n, "last": t} for q, a, n, t in disliked],
        }
