"""Hybrid retrieval: dense (Chroma, E5) + lexical (jieba, BM25) on sentences and chunks, fused.

A sentence's score is reciprocal-rank fusion of its own dense and lexical
ranks, plus its section's fused chunk score, plus a bonus when its part is of
the kind the question points at (plan / done) — a preference, never a filter.
With several documents, a question naming a year or period (2020年, 2020年上半年, 今年)
prefers the documents of that period the same way; ``doc=`` restricts a search to one
document (a filter).
Question words that are not in the corpus but sound like a corpus word
(pypinyin, toneless) are read as that word: 资注 → 资助.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .index import LoadedIndex, SentenceUnit
from .lexicon import Lexicon
from .query import Question

RRF_K = 10
SECTION_WEIGHT = 0.8
PART_BONUS = 0.35
YEAR_BONUS, PERIOD_BONUS = 0.6, 0.3  # a document of the year the question names; of its very period (2020年上半年)
DENSE_K, LEXICAL_K, CHUNK_K = 60, 60, 20


@dataclass
class Hit:
    idx: int
    unit: SentenceUnit
    score: float
    dense: float  # cosine similarity to the question
    lexical: float  # BM25 score
    section: float  # the section's fused score


class HybridSearcher:
    def __init__(self, index: LoadedIndex, embeddings):
        self.index = index
        self.embeddings = embeddings
        self._pinyin = _pinyin_map(index.vocab)
        self.lexicon = Lexicon(index.vocab)
        self.periods = {d.doc_id: (_doc_year(d.meta), str(d.meta.get("period") or "")) for d in index.docs.values()}

    def correct(self, words: list[str]) -> list[str]:
        """Replace out-of-corpus words by a corpus word that sounds the same."""
        if not self._pinyin:
            return words
        out = []
        for w in words:
            if len(w) >= 2 and w not in self.index.vocab:
                out.append(self._pinyin.get(_pinyin_key(w), w))
            else:
                out.append(w)
        return out

    def lexical_tokens(self, text: str, lang: str = "zh") -> list[str]:
        """BM25 query tokens; words the report does not use are bridged to words it does."""
        if lang != "zh":
            return self.lexicon.from_english(text) + re.findall(r"\d+", text)
        words = self.correct(self.index.tokenizer.words(text))
        extra = [syn for w in words if len(w) >= 2 and w not in self.index.vocab for syn in self.lexicon.synonyms(w)]
        return self.index.tokenizer.tokens(" ".join(words + extra))

    def doc_preference(self, q: Question) -> dict[str, float]:
        """Bonus per document for the period a question names: 2020年 -> the 2020 documents."""
        if len(self.periods) < 2:
            return {}
        text, years = q.text, {int(y) for y in q.years}
        latest = max((y for y, _ in self.periods.values() if y), default=None)
        if latest and "今年" in text:
            years.add(latest)
            text = text.replace("今年", f"{latest}年")
        out = {}
        for doc_id, (year, period) in self.periods.items():
            bonus = YEAR_BONUS * (year in years) + PERIOD_BONUS * bool(period and period in text)
            if bonus:
                out[doc_id] = bonus
        return out

    def search(self, q: Question, k: int = 12, doc: str | None = None) -> list[Hit]:
        """Best sentences for a question, from every document or only from ``doc``."""
        qvec = self.embeddings.query_vector(q.search_text)
        tokens = self.lexical_tokens(q.search_text, q.lang)
        where = {"doc": doc} if doc else None
        rows = {kind: self.index.doc_rows[kind].get(doc, range(0)) if doc else None for kind in ("sentences", "chunks")}
        n_s = len(rows["sentences"]) if doc else len(self.index.units)
        n_c = len(rows["chunks"]) if doc else len(self.index.chunks)
        dense_s = _dense(self.index.collections["sentences"], qvec, min(DENSE_K, n_s), self.index.row_of["sentences"], where)
        dense_c = _dense(self.index.collections["chunks"], qvec, min(CHUNK_K, n_c), self.index.row_of["chunks"], where)
        lex_s = _lexical(self.index.bm25["sentences"], tokens, rows=rows["sentences"])
        lex_c = _lexical(self.index.bm25["chunks"], tokens, rows=rows["chunks"])
        prefer = {} if doc else self.doc_preference(q)
        years = [f"{y}年" for y in q.years]

        section: dict[str, float] = {}
        for ranks in (_ranks(dense_c), _ranks(lex_c)):
            for i, r in ranks.items():
                sid = self.index.chunks[i].section_id
                section[sid] = section.get(sid, 0.0) + RRF_K / (RRF_K + r)
        # a section's score is its best chunk's, summed over the two signals
        fused: dict[int, float] = {}
        for ranks in (_ranks(dense_s), _ranks(lex_s)):
            for i, r in ranks.items():
                fused[i] = fused.get(i, 0.0) + RRF_K / (RRF_K + r)
        top_section = max(section.values(), default=1.0) or 1.0
        hits = []
        for i, s in fused.items():
            u = self.index.units[i]
            sec = section.get(u.section_id, 0.0) / top_section
            score = s + SECTION_WEIGHT * sec
            if q.part_kind and self.index.part_kinds.get(u.section_id) == q.part_kind:
                score += PART_BONUS * (2 if q.part_strong else 1)
            if prefer:  # a sentence that itself names the year counts like a document of that year
                score += max(prefer.get(u.doc, 0.0), YEAR_BONUS if any(y in u.text for y in years) else 0.0)
            hits.append(Hit(i, u, score, dense_s.get(i, 0.0), lex_s.get(i, 0.0), sec))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]


def _dense(collection, qvec: np.ndarray, k: int, row_of: dict[str, int], where: dict | None = None) -> dict[int, float]:
    if k <= 0:
        return {}
    res = collection.query(query_embeddings=[qvec], n_results=k, include=["distances"], where=where)
    return {row_of[i]: 1.0 - d for i, d in zip(res["ids"][0], res["distances"][0])}


def _lexical(bm25, tokens: list[str], k: int = LEXICAL_K, rows: range | None = None) -> dict[int, float]:
    if not tokens:
        return {}
    scores = bm25.get_scores(tokens)
    offset = 0
    if rows is not None:  # one document's rows only
        scores, offset = scores[rows.start:rows.stop], rows.start
    top = np.argsort(-scores)[:k]
    return {int(i) + offset: float(scores[i]) for i in top if scores[i] > 0}


def _doc_year(meta: dict) -> int | None:
    m = re.search(r"(?:19|20)\d{2}", str(meta.get("year") or meta.get("period") or meta.get("date") or ""))
    return int(m.group(0)) if m else None


def _ranks(scores: dict[int, float]) -> dict[int, int]:
    return {i: r for r, (i, _) in enumerate(sorted(scores.items(), key=lambda kv: -kv[1]))}


def _pinyin_key(word: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(word))


def _pinyin_map(vocab: set[str]) -> dict[str, str]:
    try:
        import pypinyin  # noqa: F401
    except ImportError:
        return {}
    out: dict[str, str] = {}
    for w in sorted(vocab, key=len, reverse=True):
        if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w):
            out.setdefault(_pinyin_key(w), w)
    return out


class ReportRetriever(BaseRetriever):
    """The hybrid searcher as a LangChain retriever: sentences as Documents, best first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    searcher: HybridSearcher
    analyse: object  # callable(question, history) -> Question
    k: int = 8
    doc: str | None = None  # one document only

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                history: list[str] | None = None) -> list[LCDocument]:
        q = self.analyse(query, history or [])
        return [LCDocument(page_content=h.unit.text,
                           metadata={**h.unit.__dict__, "score": round(h.score, 4)})
                for h in self.searcher.search(q, self.k, doc=self.doc)]
