"""Hybrid retrieval: dense (Chroma, E5) + lexical (jieba, BM25) on sentences and chunks, fused.

A sentence's score is reciprocal-rank fusion of its own dense and lexical
ranks, plus its section's fused chunk score, plus a bonus when its part is of
the kind the question points at (plan / done) — a preference, never a filter.
With several documents, a question naming a year or period (2020年, 2020年上半年, 今年)
prefers the documents of that period the same way; ``doc=`` restricts a search to one
document (a filter).
Question words that are not in the corpus but sound like a corpus word
(pypinyin, toneless) are read as that word: 资注 → 资助.
``evidence`` hands the answerer the hits with the library (bot/evidence.py); the weights are
in bot/thresholds.py.
"""
from __future__ import annotations

import functools
import re

import bm25s
import numpy as np
from .evidence import Evidence, Hit, Library, representative
from .index.read import LEXICAL_SEP, LoadedIndex
from .lang.question import Question
from .lang.text import year_of
from .thresholds import CHUNK_K, DENSE_K, EXACT_MAX_ROWS, LEXICAL_K, PART_BONUS, PERIOD_BONUS, RRF_K, SECTION_WEIGHT, YEAR_BONUS

DOC_BM25_CACHE = 256  # documents whose own BM25 is kept for filtered searches


class HybridSearcher:
    def __init__(self, index: LoadedIndex, embeddings):
        self.index = index
        self.embeddings = embeddings
        self.lexicon = index.lexicon  # the CC-CEDICT bridges and sounds, worked out at index time
        self._pinyin = self.lexicon.sounds
        self.library = Library(index.docs, index.units, index.tokenizer, self.lexicon)
        self.library.representative = representatives(self.library, index.vectors["sentences"])
        self.library.vectors = index.vectors["sentences"]
        # (doc, kind) -> BM25 of that document alone, the most recently used kept
        self._doc_bm25 = functools.lru_cache(maxsize=DOC_BM25_CACHE)(self._bm25_of)
        self.periods = {d.doc_id: (year_of(d.meta, ("year", "period", "date")), str(d.meta.get("period") or "")) for d in index.docs.values()}

    def correct(self, words: list[str]) -> list[str]:
        """Replace out-of-corpus words by a corpus word that sounds the same."""
        if not self._pinyin:
            return words
        out = []
        for w in words:
            if len(w) >= 2 and w not in self.index.vocab:
                out.append(self.lexicon.sounds_like(w) or w)
            else:
                out.append(w)
        return out

    def lexical_tokens(self, text: str, lang: str = "zh") -> list[str]:
        """BM25 query tokens; words the report does not use are bridged to words it does."""
        if lang != "zh":
            return self.lexicon.from_english(text) + re.findall(r"\d+", text)
        words = self.correct(self.index.tokenizer.words(text))
        extra = [syn for w in words if len(w) >= 2 and w not in self.index.vocab for syn in self.lexicon.synonyms(w)]
        extra += [w for words in self.lexicon.everyday(text) for w in words]
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

    def _dense_in(self, doc: str, kind: str, qvec: np.ndarray, k: int) -> dict[int, float]:
        """Exact cosine search over one document's vectors (the build's own, memory-mapped).

        Chroma's HNSW with a ``where`` filter misses close vectors when the document is a small
        part of a large index (at 200 documents a sentence the unfiltered search ranks first went
        missing), and is slower; one report's few hundred vectors are cheap to score all.
        """
        return self._exact(kind, self.index.doc_rows[kind][doc], qvec, k)

    def _exact(self, kind: str, rows: range, qvec: np.ndarray, k: int) -> dict[int, float]:
        """Cosine similarity of the query to every row of ``rows``, the ``k`` best."""
        if k <= 0 or not len(rows):
            return {}
        m = np.asarray(self.index.vectors[kind][rows.start:rows.stop], dtype=np.float32)
        sims = (m @ qvec) / (np.linalg.norm(m, axis=1) * np.linalg.norm(qvec) + 1e-12)
        top = np.argsort(-sims)[:k]
        return {rows[j]: float(sims[j]) for j in top}

    def _lexical_in(self, doc: str, kind: str, tokens: list[str]) -> dict[int, float]:
        """BM25 within one document, on its own word statistics: other reports' wording must not
        change how this one's sentences rank (the corpus-wide index did at 200 documents)."""
        rows = self.index.doc_rows[kind][doc]
        if not tokens or not len(rows):
            return {}
        return {rows[i]: s for i, s in _lexical(self._doc_bm25(doc, kind), tokens).items()}

    def _bm25_of(self, doc: str, kind: str):
        rows = self.index.doc_rows[kind][doc]
        bm25 = bm25s.BM25()
        bm25.index([self.index.lexical_rows[kind][i].split(LEXICAL_SEP) for i in rows], show_progress=False)
        return bm25

    def evidence(self, q: Question, doc: str | None = None) -> Evidence:
        """The evidence for a question: its best sentences and the library they come from."""
        return Evidence(self.search(q, doc=doc), self.library)

    def search(self, q: Question, k: int = 12, doc: str | None = None) -> list[Hit]:
        """Best sentences for a question, from every document or only from ``doc``."""
        qvec = self.embeddings.query_vector(q.search_text)
        tokens = self.lexical_tokens(q.search_text, q.lang)
        if doc:  # one document: exact search over its own vectors and word statistics
            if doc not in self.index.doc_rows["sentences"]:
                return []
            dense_s = self._dense_in(doc, "sentences", qvec, DENSE_K)
            dense_c = self._dense_in(doc, "chunks", qvec, CHUNK_K)
            lex_s, lex_c = self._lexical_in(doc, "sentences", tokens), self._lexical_in(doc, "chunks", tokens)
        elif len(self.index.units) <= EXACT_MAX_ROWS:  # exact and cheap; Chroma is not even opened
            dense_s = self._exact("sentences", range(len(self.index.units)), qvec, DENSE_K)
            dense_c = self._exact("chunks", range(len(self.index.chunks)), qvec, CHUNK_K)
            lex_s, lex_c = _lexical(self.index.bm25["sentences"], tokens), _lexical(self.index.bm25["chunks"], tokens)
        else:
            cols, row_of = self.index.collections, self.index.row_of
            dense_s = _dense(cols["sentences"], qvec, min(DENSE_K, len(self.index.units)), row_of["sentences"])
            dense_c = _dense(cols["chunks"], qvec, min(CHUNK_K, len(self.index.chunks)), row_of["chunks"])
            lex_s, lex_c = _lexical(self.index.bm25["sentences"], tokens), _lexical(self.index.bm25["chunks"], tokens)
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
            if q.part_kind and self.library.part_kinds.get(u.section_id) == q.part_kind:
                score += PART_BONUS * (2 if q.part_strong else 1)
            if prefer:  # a sentence that itself names the year counts like a document of that year
                score += max(prefer.get(u.doc, 0.0), YEAR_BONUS if any(y in u.text for y in years) else 0.0)
            hits.append(Hit(i, u, score, dense_s.get(i, 0.0), lex_s.get(i, 0.0), sec))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]


def representatives(lib: Library, vectors) -> dict[str, int]:
    """Each section's most representative sentence: the one nearest its sentences' centroid."""
    out = {}
    for sid, idxs in lib.section_units.items():
        body = [i for i in idxs if not lib.units[i].is_heading]
        if body:
            out[sid] = body[representative([lib.units[i] for i in body], vectors[body] if len(vectors) else None)]
    return out


def _dense(collection, qvec: np.ndarray, k: int, row_of: dict[str, int]) -> dict[int, float]:
    if k <= 0:
        return {}
    res = collection.query(query_embeddings=[qvec], n_results=k, include=["distances"])
    return {row_of[i]: 1.0 - d for i, d in zip(res["ids"][0], res["distances"][0])}


def _lexical(bm25, tokens: list[str], k: int = LEXICAL_K) -> dict[int, float]:
    if not tokens:
        return {}
    scores = bm25.get_scores(tokens)
    top = np.argsort(-scores)[:k]
    return {int(i): float(scores[i]) for i in top if scores[i] > 0}


def _ranks(scores: dict[int, float]) -> dict[int, int]:
    return {i: r for r, (i, _) in enumerate(sorted(scores.items(), key=lambda kv: -kv[1]))}


def ReportRetriever(**fields):  # noqa: N802 - builds the LangChain class below, as if it were that class
    """The hybrid searcher as a LangChain retriever: sentences as Documents, best first.

    Fields: ``searcher``, ``analyse`` (callable(question, history) -> Question), ``k`` (8), ``doc``
    (one document only). langchain_core is imported here, for LangChain users: not on every start.
    """
    return _report_retriever_class()(**fields)


@functools.lru_cache(maxsize=1)
def _report_retriever_class():
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document as LCDocument
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

    class ReportRetriever(BaseRetriever):
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

    return ReportRetriever
