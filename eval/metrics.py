"""Scoring one answer against a QA item, and summarising many.

A right answer holds every string of some alternative and was not refused; a yes/no item
(``"verdict": "yes"|"no"``) also needs the answer to lead with that verdict; a small-talk item
(``"mode": "chat"``) is right when the reply is ``mode: "chat"``.
A citation is right when one citation points to the gold section, or, for an item with
``section_ids`` (a summary, a compound question), when every listed section is cited.
"Answered wrong" is neither right nor refused: the answer a user would be misled by. "Partly refused":
of the unanswerable two-questions-in-one, the share refused whole or with a part said to be not in the
report (the design answers the other part; "answered wrong" still counts those).
"""
from __future__ import annotations

import statistics


NO_WORDS = ("没有", "不是", "否", "未", "不到", "还没", "尚未", "不会", "不能", "没", "不收", "不用", "不需要", "无需")
YES_WORDS = ("是", "有", "对", "已经", "已", "超过", "达到", "会", "能")


def verdict_of(text: str) -> str | None:
    """The verdict an answer leads with: ``'没有达到。上半年…'`` -> ``'no'``; ``'是的，…'`` -> ``'yes'``."""
    head = text.lstrip("*# \n").lstrip("【[")
    if head.startswith(NO_WORDS):
        return "no"
    if head.startswith(YES_WORDS):
        return "yes"
    return None


def is_chat(item: dict) -> bool:
    return item.get("mode") == "chat"


def is_correct(item: dict, ans: dict) -> bool:
    if is_chat(item):
        return ans.get("mode") == "chat"
    if not item["answers"]:
        return bool(ans.get("refused"))
    if ans.get("refused") or ans.get("mode") == "chat":
        return False
    text = ans.get("answer", "")
    if item.get("verdict") and verdict_of(text) != item["verdict"]:
        return False
    return any(all(s in text for s in alt) for alt in item["answers"])


def cites_gold(item: dict, ans: dict) -> bool:
    if ans.get("refused") or not item.get("section_id"):
        return False
    cited = {c.get("section_id") for c in ans.get("citations", [])}
    if item.get("section_ids"):
        return set(item["section_ids"]) <= cited
    return item["section_id"] in cited


def rank_of(item: dict, sections: list[str]) -> int | None:
    gold = item.get("section_id")
    return sections.index(gold) + 1 if gold in sections else None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summarise(rows: list[dict]) -> dict:
    """rows: {type, answerable, correct, cited, refused, rank, length, latency_ms}."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    sourced = [r for r in ans if r.get("section_id")]  # small talk has no section to cite or retrieve
    ranks = [r["rank"] for r in sourced]
    share = lambda xs, f: round(sum(1 for x in xs if f(x)) / len(xs), 4) if xs else None
    lat = [r["latency_ms"] for r in rows]
    return {
        "n": len(rows),
        "answerable": len(ans),
        "unanswerable": len(una),
        "answer_accuracy": share(ans, lambda r: r["correct"]),
        "citation_accuracy": share(sourced, lambda r: r["cited"]),
        "hit@1": share(sourced, lambda r: r["rank"] is not None and r["rank"] <= 1),
        "hit@3": share(sourced, lambda r: r["rank"] is not None and r["rank"] <= 3),
        "hit@5": share(sourced, lambda r: r["rank"] is not None and r["rank"] <= 5),
        "mrr": round(sum(1 / k for k in ranks if k) / len(sourced), 4) if sourced else None,
        "refusal_accuracy": share(una, lambda r: r["refused"]),
        "false_refusal_rate": share(ans, lambda r: r["refused"]),
        "answered_wrong": share(rows, lambda r: not r["correct"] and not r["refused"]),
        # two questions in one the report answers only in part: the share refused whole or in a part
        "partly_refused": share([r for r in una if r["type"] == "compound"],
                                lambda r: r["refused"] or r.get("parts_refused", 0) > 0),
        "median_answer_chars": statistics.median([r["length"] for r in ans if not r["refused"]] or [0]),
        "latency_p50_ms": round(percentile(lat, 50), 1),
        "latency_p95_ms": round(percentile(lat, 95), 1),
    }


def score_of(s: dict) -> float:
    """One number for a type or section: accuracy on answerable, refusal accuracy on the rest."""
    parts = [v for v in (s.get("answer_accuracy"), s.get("refusal_accuracy")) if v is not None]
    if s["answerable"] and s["unanswerable"]:
        return (s["answer_accuracy"] * s["answerable"] + s["refusal_accuracy"] * s["unanswerable"]) / s["n"]
    return parts[0] if parts else 0.0
