"""The questions the reports leave open, for the console: ``python -m bot report`` with filters and days.

Reads ``feedback.db`` (bot/feedback.py's tables), or PostgreSQL with ``BOT_DATABASE_URL``, for a date range (local days, both ends included):
refused questions grouped by question, 👎 answers grouped by question and answer, each with its
count and last time, and the counts of both per day (the chart). Filtered by document:
a 👎 answer belongs to the documents it cites; a refused question (the store does not keep a
document for it) to the document whose sections came nearest when it is asked again now
(``nearest(question)``, cached). ``csv_rows`` is the same in rows for bot/feedback.py's ``write_csv``.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

MAX_ROWS = 200_000


@dataclass
class OpenQuestions:
    refused: list[dict] = field(default_factory=list)  # question, count, last
    disliked: list[dict] = field(default_factory=list)  # question, answer, count, last, docs
    days: list[dict] = field(default_factory=list)  # day, refused, disliked

    @property
    def totals(self) -> dict:
        return {"refused": sum(r["count"] for r in self.refused), "disliked": sum(r["count"] for r in self.disliked)}


def parse_day(value: str | None) -> date | None:
    """``'2020-09-01'`` -> that date; empty -> None; anything else -> ValueError."""
    if not value:
        return None
    return datetime.strptime(value.strip(), "%Y-%m-%d").date()


def _ts(day: date) -> float:
    return datetime(day.year, day.month, day.day).timestamp()


def _rows(db_path: Path, sql: str, args: tuple) -> list[tuple]:
    if not Path(db_path).exists():
        return []
    db = sqlite3.connect(db_path, timeout=10)
    try:
        return db.execute(sql + f" LIMIT {MAX_ROWS}", args).fetchall()
    except sqlite3.OperationalError:  # a store not yet given its tables
        return []
    finally:
        db.close()


def _cited_docs(citations: str) -> list[str]:
    try:
        return sorted({c.get("doc") for c in json.loads(citations or "[]") if isinstance(c, dict) and c.get("doc")})
    except ValueError:
        return []


def collect(source, since: date | None = None, until: date | None = None, doc: str | None = None,
            nearest=None) -> OpenQuestions:
    """Open questions between ``since`` and ``until`` (days, inclusive), of document ``doc`` (None: all),
    from ``source``: feedback.db's path, or a store with ``between`` (PostgreSQL)."""
    lo = _ts(since) if since else 0.0
    hi = _ts(until + timedelta(days=1)) if until else 1e12
    if isinstance(source, (str, Path)):  # feedback.db, read as it is (not created when missing)
        refusals = _rows(source, "SELECT ts, question FROM refusals WHERE ts >= ? AND ts < ? ORDER BY ts", (lo, hi))
        downs = _rows(source, "SELECT ts, question, answer, citations FROM votes WHERE vote = 'down' AND ts >= ?"
                      " AND ts < ? ORDER BY ts", (lo, hi))
    else:  # a store (bot/feedback_sql.py for BOT_DATABASE_URL)
        refusals, downs = source.between(lo, hi, MAX_ROWS)
    if doc:
        near = {q: (nearest(q) if nearest else None) for q in {q for _, q in refusals}}
        refusals = [(t, q) for t, q in refusals if near[q] == doc]
        downs = [r for r in downs if doc in _cited_docs(r[3])]
    out = OpenQuestions()
    groups: dict[str, dict] = {}
    for t, q in refusals:
        g = groups.setdefault(q, {"question": q, "count": 0, "last": 0.0})
        g["count"] += 1
        g["last"] = max(g["last"], t)
    out.refused = sorted(groups.values(), key=lambda g: (-g["count"], -g["last"]))
    pairs: dict[tuple, dict] = {}
    for t, q, a, cites in downs:
        g = pairs.setdefault((q, a), {"question": q, "answer": a, "count": 0, "last": 0.0, "docs": _cited_docs(cites)})
        g["count"] += 1
        g["last"] = max(g["last"], t)
    out.disliked = sorted(pairs.values(), key=lambda g: (-g["count"], -g["last"]))
    out.days = _days([t for t, _ in refusals], [r[0] for r in downs], since, until)
    return out


def _days(refused: list[float], disliked: list[float], since: date | None, until: date | None) -> list[dict]:
    """Counts per local day, every day from the first to the last (at least 14, at most the last 92 days)."""
    day = lambda ts: datetime.fromtimestamp(ts).date()  # noqa: E731
    r, d = Counter(map(day, refused)), Counter(map(day, disliked))
    seen = set(r) | set(d)
    if not seen and not (since and until):
        return []
    last = until or max(seen | {date.today()})
    first = since or min(seen | {last - timedelta(days=13)})  # at least two weeks, so one day is no wall
    if (last - first).days > 91:
        first = last - timedelta(days=91)
    out, k = [], first
    while k <= last:
        out.append({"day": k.isoformat(), "refused": r.get(k, 0), "disliked": d.get(k, 0)})
        k += timedelta(days=1)
    return out


def when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def csv_rows(oq: OpenQuestions) -> list[list]:
    rows = [["类型", "次数", "最近一次", "问题", "回答", "文档"]]
    rows += [["未能回答", r["count"], when(r["last"]), r["question"], "", ""] for r in oq.refused]
    rows += [["被点踩", r["count"], when(r["last"]), r["question"], r["answer"], " ".join(r["docs"])]
             for r in oq.disliked]
    return rows


def chart(days: list[dict], width: int = 720, height: int = 160) -> dict:
    """Bars for an inline SVG: per day a refused bar and a disliked bar on top of it (pixel sizes)."""
    if not days:
        return {"bars": [], "width": width, "height": height, "max": 0}
    peak = max(max(d["refused"] + d["disliked"] for d in days), 1)
    step = width / max(len(days), 14)
    bars = []
    for k, d in enumerate(days):
        hr = round((height - 20) * d["refused"] / peak, 1)
        hd = round((height - 20) * d["disliked"] / peak, 1)
        bars.append({**d, "x": round(k * step + 1, 1), "w": round(max(step - 2, 1), 1),
                     "yr": round(height - 16 - hr, 1), "hr": hr, "yd": round(height - 16 - hr - hd, 1), "hd": hd,
                     "label": d["day"][5:] if len(days) <= 31 or k % 7 == 0 else ""})
    return {"bars": bars, "width": width, "height": height, "max": peak}
