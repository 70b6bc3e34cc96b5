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

import functools
import math
import re
from dataclasses import dataclass

from . import messages
from .index.read import LoadedIndex
from .lang.question import ANY_NUMBER, FILLER, NUMERAL, Question, strip_cues
from .lang.text import (KIND_SHAPE, PERSON_TITLE, PLACE_NAME, SCHOOL_NAME, TIME, abbreviation_in, clauses, digits,
                        place_core_in, quoted, year_of)
from .lang.vocab import column, rows
from .retrieval import Hit

QUESTION_WORDS = set(column("question_words", ignored_in="content"))
MEASURE_CLASS = {r["word"]: tuple(r["counts"].split()) for r in rows("measure_words") if r["counts"]}  # 38所 counts 学校
GENERIC_MEASURED = set(column("generic_measured"))
NAME_FLAGS = {"ns", "nr", "nt", "nz"}  # jieba: place, person, organisation, other proper noun
MIN_SUPPORT = 0.42  # calibrated: between the best-supported unanswerable (0.39) and the weakest paraphrase (0.47) on eval/qa.jsonl; idf share of the question's report words that the evidence must hold
MIN_DENSE_UNMATCHED = 0.88  # no question word matched: only a very close sentence may answer
MIN_DENSE_EN = 0.70  # English questions have no lexical signal: a floor on similarity
SUPPORT_WEIGHT = 0.6  # how much the evidence's support of the question weighs against retrieval score
FACT_POOL, LIST_MAX, LIST_RATIO = 6, 6, 0.72
IDF_PRIOR_UNITS = 5  # a document this many units long counts half in its words' rarity, the corpus the other half


@dataclass
class Verdict:
    refused: bool
    hits: list[Hit]
    reason: str = ""


@dataclass
class Check:
    """How well one sentence answers the question."""
    hard: list[str]  # reasons it cannot answer: a missing year/name, no figure of the kind asked
    missing_known: list[str]  # question words used elsewhere in the report, absent here
    matched: list[str]  # question words found here

    support: float = 1.0  # idf share of the question's known words that this evidence holds

    @property
    def ok(self) -> bool:
        return not self.hard and self.support >= MIN_SUPPORT


class ExtractiveAnswerer:
    def __init__(self, index: LoadedIndex, lexicon=None):
        self.index = index
        self.lexicon = lexicon
        self.corpus_text = "\n".join(d.text for d in index.docs.values())
        # substring search of the whole corpus, remembered: it grows with the corpus
        self.in_corpus = functools.lru_cache(maxsize=65536)(self.corpus_text.__contains__)
        self.meta_text = {d.doc_id: " ".join(str(v) for v in d.meta.values()) for d in index.docs.values()}
        self._corpus_idf: dict[str, float] = {}
        self._idf: dict[tuple[str, str], float] = {}  # (word, doc) -> blended idf
        self.doc_year = {d.doc_id: year_of(d.meta) for d in index.docs.values()}

    def _context(self, h: Hit) -> str:
        return f"{h.unit.text} {h.unit.label} {self.meta_text.get(h.unit.doc, '')}"

    def names_in(self, q: Question) -> list[str]:
        """Names the question is specific about: schools, places, organisations, titles.

        A word counts when jieba's dictionary tags it as a place/organisation, or it ends
        like a school or a place (…大学, …区); its guesses for unknown words do not count.
        """
        if q.lang != "zh":
            return []
        names = set(quoted(q.text))
        tags = self.index.tokenizer.dict_tags()
        for word, flag in self.index.tokenizer.pos(q.text):
            if len(word) < 2:
                continue
            shaped = SCHOOL_NAME.fullmatch(word) or PLACE_NAME.fullmatch(word)
            tagged = tags.get(word) in ("ns", "nt") and (not self.lexicon or self.lexicon.is_proper(word))
            # "x": a term of the report's own dictionary (江南大学), untagged
            if tagged or (flag in NAME_FLAGS | {"x"} and shaped):
                names.add(word)
        return sorted(n for n in names if n not in FILLER)

    def content_words(self, q: Question) -> list[str]:
        text = strip_cues(q.search_text if q.is_followup else q.text)
        words = self.index.tokenizer.words(text)
        return [w for w in dict.fromkeys(words) if len(w) >= 2 and w not in FILLER and w not in QUESTION_WORDS
                and not w.isascii()]

    def check(self, q: Question, h: Hit, names: list[str], words: list[str]) -> Check:
        u = h.unit
        ctx = self._context(h)
        body = f"{u.text} {u.label}"
        hard = [y for y in q.years if y not in ctx]
        year = self.doc_year.get(u.doc)
        hard += [f"{year + r}年" for r in q.relative_years if year and str(year + r) not in u.text]
        hard += [n for n in q.numbers + q.ordinals + q.months if n not in u.text]
        hard += [n for n in names if n not in ctx and not place_core_in(n, ctx) and not abbreviation_in(n, u.text)]
        halves = [h for h in ("上半年", "下半年") if h in q.text]
        if len(halves) == 1 and self.half_of(u) not in (None, halves[0]):
            hard.append(f"not {halves[0]}")  # 下半年…要提高到多少: a first-half result does not say
        # 15个专业是哪些: the names must stand with the count the question repeats, not elsewhere in the sentence
        named = "，".join(c for c in clauses(u.text) if any(n in c for n in q.numbers)) if q.numbers else u.text
        names_new = q.asks_names and self._new_names(named, q.text, person=q.asks_person, kind=self.names_kind(q))
        if q.asks_names and not names_new:
            hard.append("names nothing new")
        counted = self.counted_noun(q)
        if q.answer_rx is not None:
            figures = self.figures(q, u.text, counted)
            if not figures and not names_new:  # 有几个…分别是哪些: naming them all answers how many
                hard.append("no figure of the kind asked")
            elif counted and self.in_corpus(counted) and counted not in MEASURE_CLASS.get(q.count_measure, ()) \
                    and not any(counted in c for c, _ in figures):
                hard.append(f"counts no {counted}")  # the report counts it elsewhere, not in this figure's clause
            elif kinds := [w for w, _ in self.counted_phrase(q)[:-1] if len(w) >= 2 and self.in_corpus(w)
                           and w not in u.text]:
                hard.append(f"counts no {''.join(kinds)}")  # 几所平安校园示范校: not 6所…智慧校园示范校
            elif measured := self.measured_noun(q):
                # 平均工资是多少: the figure must stand with 工资; a thing the report never names has no figure here
                if not any(measured in c for c, _ in figures):
                    hard.append(f"no figure of {measured}")
        # a plan's time is its part's (下半年); a result needs a time of its own
        when = body if self.index.part_kinds.get(u.section_id) == "plan" else u.text
        if q.asks_time and not TIME.search(when):
            hard.append("no time")
        if q.asks_time:  # 什么时候建成: a time for another step (开工建设) is no answer
            hard += [v for v in self.time_verbs(q) if v not in u.text]
        missing = [w for w in words if w not in ctx and self.in_corpus(w)]
        matched = [w for w in words if w in body]
        have = sum(self.idf(w, u.doc) for w in words if w in ctx)
        total = have + sum(self.idf(w, u.doc) for w in missing)
        # an everyday word (补习班) counts as the report's word for it (校外培训机构), present or missing
        for alts in self.everyday(q):
            present = [self.idf(w, u.doc) for w in alts if w in ctx]
            if present:
                have, total = have + max(present), total + max(present)
            else:
                total += min(self.idf(w, u.doc) for w in alts)
        return Check(hard, missing, matched, have / total if total else 1.0)

    def everyday(self, q: Question) -> list[list[str]]:
        """The report's words for the question's everyday ones, those this corpus uses."""
        if not self.lexicon or q.lang != "zh":
            return []
        return [alts for alts in ([w for w in g if self.in_corpus(w)] for g in self.lexicon.everyday(q.text)) if alts]

    def figures(self, q: Question, text: str, counted: str) -> list[tuple[str, str]]:
        """The figures of the kind asked in ``text``, each with its clause.

        Not a figure the question already gives (113名…里去新疆的有几个 -> not 113名).
        A bare 70万中小学生 counts people without a measure word (not for 多少所: it is no count of 中小学).
        """
        bare = (re.compile(rf"{NUMERAL}\s*[多余]?(?:万|亿)?{re.escape(counted)}")
                if counted and q.count_measure in ("", "名", "人", "位", "个") else None)
        found = []
        for c in clauses(text):
            for rx in (q.answer_rx, bare):
                if rx is None or (rx is bare and counted not in self.index.tokenizer.words(c)):
                    continue
                found += [(c, m.group(0)) for m in rx.finditer(c) if digits(m.group(0)) not in q.numbers]
        return found

    def idf(self, word: str, doc: str) -> float:
        """Rarer words weigh more: log(N / sentences holding the word), computed once.

        Rarity within the evidence's own document, blended with the whole corpus's in
        proportion to the document's size: a notice of five sentences says too little
        about which words are rare, a report of a hundred says most of it.
        """
        key = (word, doc)
        if key not in self._idf:
            if word not in self._corpus_idf:
                self._corpus_idf[word] = _idf(word, self.index.units)
            rows = self.index.doc_rows["sentences"].get(doc, range(0))
            units = self.index.units[rows.start:rows.stop]
            weight = len(units) / (len(units) + IDF_PRIOR_UNITS)
            self._idf[key] = weight * _idf(word, units) + (1 - weight) * self._corpus_idf[word]
        return self._idf[key]

    def counted_noun(self, q: Question) -> str:
        """The head of the noun phrase after 多少/几: ``中小学教师`` -> ``教师``, ``学生感染`` -> ``学生``."""
        nouns = [w for w, noun in self.counted_phrase(q) if noun]
        return nouns[-1] if nouns and len(nouns[-1]) >= 2 else ""

    def counted_phrase(self, q: Question) -> list[tuple[str, bool]]:
        """The words of the phrase after 多少/几, each with whether it is a noun:
        ``平安校园示范校`` -> 平安 (an adjective), 校园, 示范校."""
        run, pos = [], self.index.tokenizer.pos(q.count_tail)
        for i, (w, f) in enumerate(pos):
            noun = f.startswith("n") or f == "j"
            # a verb or adjective inside the noun phrase (城镇小区配套幼儿园, 平安校园) when a noun follows it
            if not noun and not (f in ("v", "vn", "a") and (run or f == "a") and i + 1 < len(pos)
                                 and pos[i + 1][1].startswith("n")):
                break
            run.append((w, noun))
        return run

    def half_of(self, u) -> str | None:
        """The half-year a sentence is about: a first-half report's results 上半年, its plan 下半年."""
        period = str(self.index.docs[u.doc].meta.get("period") or "")
        kind = self.index.part_kinds.get(u.section_id)
        if period.endswith("上半年"):
            return {"done": "上半年", "plan": "下半年"}.get(kind)
        if period.endswith("下半年") and kind == "done":
            return "下半年"
        return None

    def time_verbs(self, q: Question) -> list[str]:
        """The report's verbs the question asks the time of: 江阴校区什么时候能建成投用 -> 建成."""
        return [w for w, f in self.index.tokenizer.pos(q.text) if f == "v" and len(w) >= 2 and w not in FILLER
                and w not in QUESTION_WORDS and self.in_corpus(w)]

    def measured_noun(self, q: Question) -> str:
        """What a bare 多少 measures: the last noun before it (平均年工资是多少 -> 工资, 专任教师总数 -> 专任教师).

        Only when nothing follows 多少 (多少所学校 is counted_noun's, 几级体系 neither's).
        """
        if q.answer_rx is not ANY_NUMBER or q.count_tail:
            return ""
        for word, flag in reversed(self.index.tokenizer.pos(q.count_head)):
            if (flag.startswith("n") or flag == "vn") and len(word) >= 2 and word not in GENERIC_MEASURED \
                    and word not in FILLER and word not in QUESTION_WORDS and not PLACE_NAME.fullmatch(word):
                return word
        return ""

    def names_kind(self, q: Question) -> str:
        """哪个小学 -> 小学; not when the word is part of another (哪个关于中小学食堂的办法)."""
        kind = q.names_kind
        return kind if kind and kind in self.index.tokenizer.words(q.text) else ""

    def _new_names(self, sentence: str, question: str, person: bool = False, kind: str = "") -> bool:
        """Does the sentence name something (a title, a school, a place; a person if asked) the question does not?

        ``kind`` narrows it for a school or a place: 哪个小学 wants a …小学, 哪个区 a …区.
        """
        tags = self.index.tokenizer.dict_tags()
        words = self.index.tokenizer.pos(sentence)
        if person:  # a person is named with a title in a report: 局长张三, 张三同志
            if not PERSON_TITLE.search(sentence):
                return False
            found = {w for w, f in words if f == "nr" and tags.get(w) == "nr"}
        else:
            found = set(quoted(sentence))
            # a school-like word counts unless jieba's dictionary knows it as a common noun (中等职业学校)
            found |= {w for w, f in words if len(w) >= 2 and (tags.get(w) in ("ns", "nt")
                                                             or (SCHOOL_NAME.fullmatch(w) and w not in tags))}
        if kind in ("部门", "单位"):  # jieba names no department: 与公安、卫生健康、市场监管等 lists them, short
            found = {w for w, f in words if tags.get(w) == "nt"}
            found |= {w for c in clauses(sentence) if "、" in c for w in re.split(r"[、等和与及]", c)[1:-1]
                      if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)}
        found = {n for n in found if n and n not in question}
        if kind in KIND_SHAPE:
            found = {n for n in found if re.search(KIND_SHAPE[kind], n)}
        return bool(found)

    # -- choosing sentences ------------------------------------------------------------
    def choose(self, q: Question, hits: list[Hit], names: list[str]) -> Verdict:
        if not hits:
            return Verdict(True, [], "no evidence")
        words = self.content_words(q) if q.lang == "zh" else []
        pool = [h for h in hits if not h.unit.is_heading] or hits
        pool = pool[:FACT_POOL] if q.kind == "fact" else pool
        checks = {h.idx: self.check(q, h, names, words) for h in pool}
        # rank: can answer at all, then retrieval score with the evidence's support of the question
        ranked = sorted(pool, key=lambda h: (bool(checks[h.idx].hard), -(h.score + SUPPORT_WEIGHT * checks[h.idx].support)))
        best, c = ranked[0], checks[ranked[0].idx]
        if c.hard:
            return Verdict(True, hits, "; ".join(c.hard))
        if c.support < MIN_SUPPORT:
            return Verdict(True, hits, f"support {c.support:.2f}, missing: " + "、".join(c.missing_known))
        typed = q.answer_rx is not None and q.answer_rx is not ANY_NUMBER  # it holds the very kind of figure asked
        if q.lang == "zh" and not c.matched and not typed and best.dense < MIN_DENSE_UNMATCHED:
            return Verdict(True, hits, f"nothing matched, dense {best.dense:.3f}")
        if q.lang == "en" and best.dense < MIN_DENSE_EN:
            return Verdict(True, hits, f"dense {best.dense:.3f}")
        if q.kind == "fact":
            return Verdict(False, [best])
        if q.kind == "plan":
            return Verdict(False, self._plan_sentences(q, best, hits, words, names))
        return Verdict(False, self._list_sentences(q, best, ranked, checks))

    def _list_sentences(self, q, best, ranked, checks) -> list[Hit]:
        out = [best]
        for h in ranked:
            if len(out) >= LIST_MAX:
                break
            if h in out or h.unit.is_heading or h.score < LIST_RATIO * best.score or not checks[h.idx].ok:
                continue
            if q.part_kind and self.index.part_kinds.get(h.unit.section_id) != self.index.part_kinds.get(best.unit.section_id):
                continue
            out.append(h)
        return sorted(out, key=lambda h: (h.unit.doc, h.unit.start))

    def _plan_sentences(self, q, best, hits, words, names) -> list[Hit]:
        """The whole item when the question names the item's topic; else its relevant sentences."""
        sid = best.unit.section_id
        topic = [w for w in words if w in best.unit.heading]
        if topic or not words:
            idxs = [i for i in self.index.section_units[sid] if not self.index.units[i].is_heading]
            by_idx = {h.idx: h for h in hits}
            return [by_idx.get(i) or Hit(i, self.index.units[i], 0.0, 0.0, 0.0, best.section) for i in idxs]
        same = [h for h in hits if h.unit.section_id == sid and not h.unit.is_heading
                and h.score >= LIST_RATIO * best.score and (h is best or self.check(q, h, names, words).ok)]
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


def _idf(word: str, units) -> float:
    df = sum(1 for u in units if word in u.text or word in u.heading)
    return math.log((len(units) + 1) / (df + 0.5))
