"""Choosing sentences: the fewest verbatim sentences that answer, or a refusal, with the rule that decided.

- fact: the best sentence that holds what the question asks for (a number, an amount, …);
- list (有哪些…): one bullet per relevant sentence;
- plan (下半年X有什么计划): the sentences of the plan item about X.

Candidates are ranked by whether they can answer at all (bot/answer/rules.py), then by retrieval
score plus their support of the question; the best one is refused by the first rule that objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..evidence import Evidence, Hit
from ..thresholds import FACT_POOL, LIST_MAX, LIST_RATIO, SUPPORT_WEIGHT
from .asked import Asked
from .mentions import mention_hits
from .rules import Check, check, judge

ACCEPTED = "accepted"
NO_EVIDENCE = "no evidence"
EXPLAIN_CANDIDATES = 3  # how many candidates the "why" of an answer lists


@dataclass
class Verdict:
    refused: bool
    hits: list[Hit]
    reason: str = ""
    rule: str = ACCEPTED  # the rule that refused, or "accepted"
    candidates: list[dict] = field(default_factory=list)  # the best few, with their scores and failed rules
    scope: str = ""  # report / part / topic when the answer follows the report's structure
    lead: str = ""  # a yes/no answer's verdict, said before the evidence
    related: bool = False  # refused, but its first hit is about something close: shown as related

    def why(self, a: Asked) -> dict:
        """What decided, for a debug view (CLI --explain, eval): kind, scope, rule, reason, candidates."""
        return {"kind": a.kind, "scope": self.scope or "fact", "part": a.q.part_kind, "rule": self.rule,
                "reason": self.reason, "candidates": self.candidates}


def choose(a: Asked, ev: Evidence) -> Verdict:
    hits, lib = ev.hits, ev.library
    if not hits:
        return Verdict(True, [], NO_EVIDENCE, NO_EVIDENCE)
    pool = [h for h in hits if not h.unit.is_heading] or hits
    pool = pool[:FACT_POOL] if a.kind == "fact" else pool
    checks = {h.idx: check(a, h, lib) for h in pool}
    # rank: can answer at all, then retrieval score with the evidence's support of the question
    ranked = sorted(pool, key=lambda h: (bool(checks[h.idx].hard), -(h.score + SUPPORT_WEIGHT * checks[h.idx].support)))
    best, c = ranked[0], checks[ranked[0].idx]
    seen = _candidates(ranked, checks)
    if c.hard:
        return Verdict(True, hits, "; ".join(c.hard), c.failed[0], seen)
    if refusal := judge(a, best, lib, c):
        return Verdict(True, hits, refusal[1], refusal[0], seen)
    if a.kind == "fact":
        return Verdict(False, [best], candidates=seen)
    if a.kind == "plan":
        return Verdict(False, _plan_sentences(a, best, ev), candidates=seen)
    if mentioned := mention_hits(a, ev):
        return Verdict(False, mentioned, candidates=seen, rule="scope:mentions")
    return Verdict(False, _list_sentences(a, best, ranked, checks, ev), candidates=seen)


def _candidates(ranked: list[Hit], checks: dict[int, Check]) -> list[dict]:
    return [{"section_id": h.unit.section_id, "text": h.unit.text, "score": round(h.score, 4),
             "dense": round(h.dense, 4), "support": round(checks[h.idx].support, 3), "failed": checks[h.idx].failed}
            for h in ranked[:EXPLAIN_CANDIDATES]]


def _list_sentences(a: Asked, best: Hit, ranked: list[Hit], checks: dict[int, Check], ev: Evidence) -> list[Hit]:
    kinds = ev.library.part_kinds
    out = [best]
    for h in ranked:
        if len(out) >= LIST_MAX:
            break
        if h in out or h.unit.is_heading or h.score < LIST_RATIO * best.score or not checks[h.idx].ok:
            continue
        if a.q.part_kind and kinds.get(h.unit.section_id) != kinds.get(best.unit.section_id):
            continue
        out.append(h)
    return sorted(out, key=lambda h: (h.unit.doc, h.unit.start))


def _plan_sentences(a: Asked, best: Hit, ev: Evidence) -> list[Hit]:
    """The whole item when the question names the item's topic; else its relevant sentences."""
    lib, words = ev.library, a.words
    sid = best.unit.section_id
    topic = [w for w in words if w in best.unit.heading]
    if topic or not words:
        idxs = [i for i in lib.section_units[sid] if not lib.units[i].is_heading]
        by_idx = {h.idx: h for h in ev.hits}
        return [by_idx.get(i) or Hit(i, lib.units[i], 0.0, 0.0, 0.0, best.section) for i in idxs]
    same = [h for h in ev.hits if h.unit.section_id == sid and not h.unit.is_heading
            and h.score >= LIST_RATIO * best.score and (h is best or check(a, h, lib).ok)]
    return sorted(same or [best], key=lambda h: h.unit.start)[:LIST_MAX]
