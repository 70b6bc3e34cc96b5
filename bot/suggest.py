"""Suggested follow-up questions, drawn from the report's own section tree around an answer's sources.

``suggest(docs, answer, asked)`` -> at most three questions, each about one item of the report
next to the first cited item: its counterpart in the other part (what was done ↔ what is
planned, paired by a shared phrase of at least three characters in their headings, e.g.
``三是高教职教实现提升发展`` ↔ ``三是推动高教职教重点突破``), then its siblings in the same part.
A question is the item's own heading in a fixed frame (``下半年“推动高教职教重点突破”有哪些安排？``):
it names what the report calls the item and states no fact, so it can invent none.

Not here: answering them (the page asks a clicked suggestion like a typed question).
"""
from __future__ import annotations

import re

from . import messages

MAX_SUGGESTIONS = 3
MIN_SHARED = 3  # characters two headings must share to be one topic done and planned
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百]+是|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")
WHEN = re.compile(r"上半年|下半年|全年|今年|明年|下一步|\d{4}年")


def topic(heading: str) -> str:
    """An item's heading without its ordinal and final stop: ``'三是推动高教职教重点突破。'`` -> ``'推动高教职教重点突破'``"""
    return ORDINAL.sub("", heading.strip()).rstrip("。；;．.").strip()


def shared(a: str, b: str) -> int:
    """Length of the longest run of characters ``a`` and ``b`` share: ``('基础教育水平', '提高基础教育')`` -> 4"""
    best, prev = 0, [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def question(part, item) -> str | None:
    """The follow-up that asks for ``item``: ``下半年“推动高教职教重点突破”有哪些安排？``; None for an
    item of a part that is neither results nor plans (an introduction)."""
    frame = {"plan": messages.SUGGEST_PLAN, "done": messages.SUGGEST_DONE}.get(part.kind)
    name = topic(item.heading)
    if frame is None or len(name) < 2:
        return None
    when = WHEN.search(part.heading)
    return frame.format(when=when.group(0) if when else "", topic=name)


def counterpart(doc, part, item):
    """The item of another part (done ↔ plan) whose heading shares the longest phrase with ``item``'s, if any."""
    other = {"done": "plan", "plan": "done"}.get(part.kind)
    best, best_len = None, MIN_SHARED - 1
    for p in doc.parts:
        if p.kind != other:
            continue
        for it in p.items:
            n = shared(topic(item.heading), topic(it.heading))
            if n > best_len:
                best, best_len = (p, it), n
    return best


def neighbours(part, item) -> list:
    """The items after and before ``item`` in its part, nearest first."""
    i, items = part.items.index(item), part.items
    order = [j for k in range(1, len(items)) for j in (i + k, i - k) if 0 <= j < len(items)]
    return [(part, items[j]) for j in order]


def _locate(doc, section_id: str):
    for p in doc.parts:
        for it in p.items:
            if it.section_id == section_id:
                return p, it
    return None


def _norm(q: str) -> str:
    return re.sub(r"[\s？?。！!，,“”\"]", "", q)


def suggest(docs: dict, answer: dict, asked=(), limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` follow-up questions for ``answer`` (an answer object), none of them in ``asked``
    and none about a section the answer already quotes (a refusal's nearest sections come first).
    ``docs``: doc id -> bot.corpus Document."""
    cites = answer.get("citations") or []
    if not cites:
        return []
    first = cites[0]
    doc = docs.get(first.get("doc"))
    found = _locate(doc, first.get("section_id")) if doc else None
    if found is None:
        return []
    part, item = found
    seen = {_norm(q) for q in asked}
    pair = counterpart(doc, part, item)
    candidates = ([pair] if pair else []) + neighbours(part, item)
    if answer.get("refused"):  # the nearest sections were named, not answered from: ask about them first
        near = [_locate(doc, c.get("section_id")) for c in cites if c.get("doc") == first.get("doc")]
        candidates, cited = [x for x in near if x] + candidates, set()
    else:
        cited = {c.get("section_id") for c in cites}
    out: list[str] = []
    for p, it in candidates:
        q = question(p, it)
        if q and it.section_id not in cited and _norm(q) not in seen:
            seen.add(_norm(q))
            out.append(q)
        if len(out) == limit:
            break
    return out
