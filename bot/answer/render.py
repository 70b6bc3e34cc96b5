"""The answer object of design.md (without latency): the chosen sentences quoted and cited, or a refusal
that points to the nearest sections. Every user-facing sentence comes from bot/messages.py.
"""
from __future__ import annotations

from .. import messages
from ..evidence import Hit, Library
from ..lang.question import Question
from .choose import Verdict


def citation(n: int, h: Hit, lib: Library) -> dict:
    u = h.unit
    doc = lib.docs[u.doc]
    return {"n": n, "doc": u.doc, "title": doc.title, "section_id": u.section_id, "section": u.label,
            "quote": doc.text[u.start:u.end], "start": u.start, "end": u.end, "score": round(h.score, 4)}


def render(q: Question, verdict: Verdict, lib: Library) -> dict:
    """``{"question", "answer", "refused", "mode": "extractive", "citations"}``."""
    if verdict.refused:
        topic = q.text.rstrip("？?。！!") if q.lang == "zh" else q.text
        seen, nearest = set(), []
        for h in verdict.hits:
            if h.unit.section_id not in seen:
                seen.add(h.unit.section_id)
                nearest.append(h)
            if len(nearest) == 2:
                break
        cites = [citation(i + 1, h, lib) for i, h in enumerate(nearest)]
        if q.lang == "zh":
            text = messages.REFUSED.format(topic=topic[:40])
            if cites:
                text += messages.NEAREST + "；".join(f"{c['section']}[{c['n']}]" for c in cites) + "。"
        else:
            text = messages.REFUSED_EN
            if cites:
                text += " " + messages.NEAREST_EN + " " + "; ".join(f"{c['section']} [{c['n']}]" for c in cites)
        return {"question": q.original, "answer": text, "refused": True, "mode": "extractive",
                "citations": cites}
    cites = [citation(i + 1, h, lib) for i, h in enumerate(verdict.hits)]
    if len(cites) == 1:
        text = f"{cites[0]['quote']}[1]"
    else:
        lines = [f"- {c['quote']}[{c['n']}]" for c in cites]
        if q.kind == "plan":
            lines.insert(0, f"**{cites[0]['section']}**")
        text = "\n".join(lines)
    if q.lang == "en":
        text = f"{messages.EN_PREFIX}\n\n{text}"
    if q.kind == "fact" and len({c["doc"] for c in cites}) > 1:  # figures that differ between documents
        text = messages.CONFLICT + "\n" + text
    return {"question": q.original, "answer": text, "refused": False, "mode": "extractive",
            "citations": cites}
