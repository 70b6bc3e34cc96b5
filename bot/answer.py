"""Extractive answers: the fewest verbatim sentences that answer, each cited — or an honest refusal.

- fact: the best sentence that holds what the question asks for (a number, an amount, …);
- list (有哪些…): one bullet per relevant sentence;
- plan (下半年X有什么计划): the sentences of the plan item about X.

The report does not answer — and we say so — when the evidence misses a year, a
number or a name the question is specific about, when the question asks for a
figure that no candidate sentence holds, or when the evidence covers too little
of the question. Dense similarity alone is no signal for this (unanswerable
questions still score 0.88+), so coverage of the question's own terms decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import messages
from .index import LoadedIndex
from .query import FILLER, Question
from .retrieval import Hit

FUNCTION_CHARS = set("的了吗呢么是在有和与及等对把被将并也都又或就从向以于之其这那个什怎样如何哪些多少几吧呀啊请问一下还要会能可")
CUE_CHARS = set("上下半年计划安排打算完成取得进展情况工作今")
NAME_SUFFIX = re.compile(r"[\u4e00-\u9fa5]{1,10}(?:大学|学院|中学|小学|高中|学校|幼儿园|一中|二中|集团|公司|医院)")
NAME_FLAGS = {"ns", "nr", "nt", "nz"}  # jieba: place, person, organisation, other proper noun
MIN_COVERAGE = 0.5  # share of the question's content characters found in the evidence
MIN_DENSE_EN = 0.80  # English questions: no lexical signal, so a floor on similarity
FACT_POOL, LIST_MAX, LIST_RATIO = 6, 6, 0.72


@dataclass
class Verdict:
    refused: bool
    hits: list[Hit]
    reason: str = ""


def content_chars(text: str) -> set[str]:
    """``'上半年资助了多少学生？'`` -> ``{'资', '助', '学', '生'}``"""
    return {c for c in text if "\u4e00" <= c <= "\u9fff" and c not in FUNCTION_CHARS and c not in CUE_CHARS}


def coverage(q_chars: set[str], evidence: str) -> float:
    if not q_chars:
        return 1.0
    return sum(1 for c in q_chars if c in evidence) / len(q_chars)


class ExtractiveAnswerer:
    def __init__(self, index: LoadedIndex):
        self.index = index
        self.corpus_text = "\n".join(d.text for d in index.docs.values())
        self.meta_text = {d.doc_id: " ".join(str(v) for v in d.meta.values()) for d in index.docs.values()}

    # -- what the evidence must hold -------------------------------------------------
    def _context(self, h: Hit) -> str:
        return f"{h.unit.text} {h.unit.label} {self.meta_text.get(h.unit.doc, '')}"

    def names_in(self, q: Question) -> list[str]:
        """Names the question is specific about: schools, places, people, titles."""
        if q.lang != "zh":
            return []
        names = {a or b for a, b in re.findall(r"《([^》]+)》|“([^”]+)”", q.text)}
        for word, flag in self.index.tokenizer.pos(q.text):
            if len(word) >= 2 and (flag in NAME_FLAGS or NAME_SUFFIX.fullmatch(word)):
                names.add(word)
        return sorted(n for n in names if n not in FILLER)

    def missing_specifics(self, q: Question, names: list[str], evidence: list[Hit]) -> list[str]:
        ctx = " ".join(self._context(h) for h in evidence)
        missing = [y for y in q.years if y not in ctx]
        missing += [n for n in q.numbers if n not in ctx]
        for n in names:
            if n not in ctx and not self._known_name(n, ctx):
                missing.append(n)
        return missing

    def _known_name(self, name: str, ctx: str) -> bool:
        # 无锡市 ~ 无锡, 锡山区 ~ 锡山: a place with its suffix dropped
        core = re.sub(r"(省|市|区|县)$", "", name)
        return len(core) >= 2 and core in ctx

    # -- choosing sentences ------------------------------------------------------------
    def choose(self, q: Question, hits: list[Hit], names: list[str]) -> Verdict:
        if not hits:
            return Verdict(True, [], "no evidence")
        q_chars = content_chars(q.search_text if q.is_followup else q.text)
        pool = hits[:FACT_POOL] if q.kind == "fact" else hits
        ranked = sorted(pool, key=lambda h: -(h.score + 0.6 * coverage(q_chars, self._context(h))))
        if q.answer_rx is not None:
            holding = [h for h in ranked if q.answer_rx.search(h.unit.text)]
            if not holding:
                return Verdict(True, hits, "no sentence holds the figure asked for")
            ranked = holding + [h for h in ranked if h not in holding]
        best = ranked[0]
        missing = self.missing_specifics(q, names, [best])
        if missing:
            alt = [h for h in ranked[1:] if not self.missing_specifics(q, names, [h])
                   and (q.answer_rx is None or q.answer_rx.search(h.unit.text))]
            if not alt:
                return Verdict(True, hits, "missing: " + "、".join(missing))
            best = alt[0]
        if q.lang == "zh":
            cov = coverage(q_chars, self._context(best))
            if cov < MIN_COVERAGE:
                return Verdict(True, hits, f"coverage {cov:.2f}")
        elif best.dense < MIN_DENSE_EN:
            return Verdict(True, hits, f"dense {best.dense:.2f}")
        if q.kind == "fact":
            return Verdict(False, [best])
        if q.kind == "plan":
            return Verdict(False, self._plan_sentences(q, best, hits, q_chars))
        return Verdict(False, self._list_sentences(q, best, ranked, q_chars))

    def _list_sentences(self, q, best, ranked, q_chars) -> list[Hit]:
        out = [best]
        for h in ranked:
            if len(out) >= LIST_MAX:
                break
            if h in out or h.score < LIST_RATIO * best.score or h.unit.is_heading:
                continue
            if q.answer_rx is not None and not q.answer_rx.search(h.unit.text):
                continue
            out.append(h)
        return sorted(out, key=lambda h: (h.unit.doc, h.unit.start))

    def _plan_sentences(self, q, best, hits, q_chars) -> list[Hit]:
        """The whole item when the question names the item's topic; else its relevant sentences."""
        sid = best.unit.section_id
        topic_cov = coverage(q_chars, best.unit.heading)
        if topic_cov >= 0.5:
            idxs = [i for i in self.index.section_units[sid] if not self.index.units[i].is_heading]
            by_idx = {h.idx: h for h in hits}
            return [by_idx.get(i) or Hit(i, self.index.units[i], 0.0, 0.0, 0.0, best.section) for i in idxs]
        same = [h for h in hits if h.unit.section_id == sid and not h.unit.is_heading
                and h.score >= LIST_RATIO * best.score]
        return sorted(same or [best], key=lambda h: h.unit.start)[:LIST_MAX]


def citation(n: int, h: Hit, index: LoadedIndex) -> dict:
    u = h.unit
    doc = index.docs[u.doc]
    return {"n": n, "doc": u.doc, "title": doc.title, "section_id": u.section_id, "section": u.label,
            "quote": doc.text[u.start:u.end], "start": u.start, "end": u.end, "score": round(h.score, 4)}


def render(q: Question, verdict: Verdict, index: LoadedIndex) -> dict:
    """The answer object of design.md (without latency)."""
    if verdict.refused:
        topic = q.text.rstrip("？?。！!") if q.lang == "zh" else q.text
        seen, nearest = set(), []
        for h in verdict.hits:
            if h.unit.section_id not in seen:
                seen.add(h.unit.section_id)
                nearest.append(h)
            if len(nearest) == 2:
                break
        cites = [citation(i + 1, h, index) for i, h in enumerate(nearest)]
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
    cites = [citation(i + 1, h, index) for i, h in enumerate(verdict.hits)]
    if len(cites) == 1:
        text = f"{cites[0]['quote']}[1]"
    else:
        lines = [f"- {c['quote']}[{c['n']}]" for c in cites]
        if q.kind == "plan":
            lines.insert(0, f"**{cites[0]['section']}**")
        text = "\n".join(lines)
    if q.lang == "en":
        text = f"{messages.EN_PREFIX}\n\n{text}"
    return {"question": q.original, "answer": text, "refused": False, "mode": "extractive",
            "citations": cites}
