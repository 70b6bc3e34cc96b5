"""Answers across documents: when two documents give different figures for the same thing.

A one-sentence (fact) answer is checked against the other documents' candidates: a
sentence from another document of the same issuer and period, that answers the
question as well (the answerer's own check), says the same thing (the two sentences
are alike once their figures are masked) and gives other figures, is cited too —
each figure with its own citation. Documents of other periods or issuers are not in
conflict: 2020 and 2021 figures are two facts, not one disputed fact.

``'新建融合教育资源中心60个'`` (计划) and ``'新建融合教育资源中心62个'`` (通知) -> both, each cited.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..evidence import Evidence
from ..thresholds import MAX_DOCS, MIN_ALIKE
from .asked import Asked
from .choose import Verdict
from .rules import check

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> set[str]:
    """``'制作在线课程3000多节，访问量超过2亿人次'`` -> ``{'3000', '2'}``"""
    return set(NUMBER.findall(text))


def alike(a: str, b: str) -> float:
    """Similarity of two sentences with their figures masked: ``'资助1人'`` vs ``'资助2人'`` -> 1.0"""
    return SequenceMatcher(None, NUMBER.sub("#", a), NUMBER.sub("#", b), autojunk=False).ratio()


def same_footing(meta_a: dict, meta_b: dict) -> bool:
    """Same issuer and period (a field missing on either side does not tell them apart)."""
    for key in ("issuer", "period"):
        a, b = meta_a.get(key), meta_b.get(key)
        if a and b and a != b:
            return False
    ya, yb = meta_a.get("year"), meta_b.get("year")
    return not (ya and yb and str(ya) != str(yb))


def with_conflicts(a: Asked, verdict: Verdict, ev: Evidence) -> Verdict:
    """The verdict, plus other documents' differing figures for the same thing when there are any."""
    docs_meta = ev.library.docs
    if verdict.refused or a.kind != "fact" or len(verdict.hits) != 1 or len(docs_meta) < 2:
        return verdict
    best = verdict.hits[0]
    mine = figures(best.unit.text)
    if not mine:
        return verdict
    out, docs = [best], {best.unit.doc}
    for h in ev.hits:
        u = h.unit
        if u.doc in docs or u.is_heading or len(out) >= MAX_DOCS:
            continue
        theirs = figures(u.text)
        if not theirs or theirs == mine or alike(best.unit.text, u.text) < MIN_ALIKE:
            continue
        if not same_footing(docs_meta[best.unit.doc].meta, docs_meta[u.doc].meta):
            continue
        if check(a, h, ev.library, a.content_words).ok:
            out.append(h)
            docs.add(u.doc)
    if len(out) == 1:
        return verdict
    return Verdict(False, out, "figures differ between documents", verdict.rule, verdict.candidates)
