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
        if q.lang == "zh" and verdict.related and cites:  # a figure or list about something else
            text = messages.RELATED_ONLY.format(topic=topic[:40]) + f"{cites[0]['quote']}[1]"
            return {"question": q.original, "answer": text, "refused": True, "related": True, "mode": "extractive",
                    "citations": cites[:1]}
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
    if verdict.scope:
        text = structured(verdict, cites, lib)
    elif len(cites) == 1:
        text = f"{cites[0]['quote']}[1]"
    else:
        lines = [f"- {c['quote']}[{c['n']}]" for c in cites]
        if q.kind == "plan":
            lines.insert(0, f"**{cites[0]['section']}**")
        text = "\n".join(lines)
    if verdict.lead:
        text = f"{verdict.lead}\n{text}"
    if q.lang == "en":
        text = f"{messages.EN_PREFIX}\n\n{text}"
    if q.kind == "fact" and len({c["doc"] for c in cites}) > 1:  # figures that differ between documents
        text = messages.CONFLICT + "\n" + text
    return {"question": q.original, "answer": text, "refused": False, "mode": "extractive",
            "citations": cites}


def structured(verdict: Verdict, cites: list[dict], lib: Library) -> str:
    """An answer in the report's own structure: a bold heading per part (report, part scope) or per
    section (topic scope), a bullet per item or sentence, each with its mark."""
    lines, heading = [], None
    for c, h in zip(cites, verdict.hits):
        doc = lib.docs[h.unit.doc]
        part = next((p for p in doc.parts if any(it.section_id == h.unit.section_id for it in p.items)), None)
        head = (part.heading if part else "") if verdict.scope in ("report", "part") else c["section"]
        if head and head != heading:
            lines.append(f"**{head}**")
            heading = head
        item = h.unit.heading.rstrip("。；：")
        if verdict.scope in ("report", "part") and part and item == part.heading:  # a preamble: no heading of its own
            lines.append(f"- {c['quote']}[{c['n']}]")
        elif verdict.scope == "report":
            lines.append(f"- {item}[{c['n']}]")
        elif verdict.scope == "part":
            lines.append(f"- {item}：{c['quote']}[{c['n']}]")
        else:
            lines.append(f"- {c['quote']}[{c['n']}]")
    return "\n".join(lines)
