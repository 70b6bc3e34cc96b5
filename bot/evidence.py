"""What retrieval hands the answerer for one question: the hits, and what may be looked up about the documents.

``Evidence(hits, library)``: the ranked ``Hit``s (a sentence unit with its scores) and the ``Library``,
one per loaded build: the documents (text, title, metadata), their sentence units, the units of each
section and each section's part kind (plan / done), word rarity per document (idf), whether a word
occurs anywhere in the corpus, the tokenizer and the lexicon. Retrieval builds both from the index;
the answerer reads them and never opens the index. Tests build a Library from parsed documents.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .lang.text import quoted, year_of
from .thresholds import IDF_PRIOR_UNITS


@dataclass
class Hit:
    idx: int  # the unit's row in Library.units
    unit: object  # bot.corpus.chunking.SentenceUnit
    score: float
    dense: float  # cosine similarity to the question
    lexical: float  # BM25 score
    section: float  # the section's fused score


class Library:
    """Per build: what may be looked up about the documents, with the lookups remembered."""

    def __init__(self, docs: dict, units: list, tokenizer, lexicon=None):
        self.docs = docs  # doc id -> bot.corpus.Document
        self.units = units  # every sentence unit, documents in order
        self.tokenizer = tokenizer
        self.lexicon = lexicon
        self.part_kinds = {it.section_id: p.kind for d in docs.values() for p in d.parts for it in p.items}
        self.section_units: dict[str, list[int]] = {}
        self.doc_rows: dict[str, range] = {}
        for i, u in enumerate(units):
            self.section_units.setdefault(u.section_id, []).append(i)
            first = self.doc_rows.get(u.doc, range(i, i))
            self.doc_rows[u.doc] = range(first.start, i + 1)
        self.corpus_text = "\n".join(d.text for d in docs.values())
        # substring search of the whole corpus, remembered: it grows with the corpus
        self.in_corpus = functools.lru_cache(maxsize=65536)(self.corpus_text.__contains__)
        self.meta_text = {d.doc_id: " ".join(str(v) for v in d.meta.values()) for d in docs.values()}
        self.doc_year = {d.doc_id: year_of(d.meta) for d in docs.values()}
        self.representative: dict[str, int] = {}  # section -> the unit that best stands for it (set by retrieval)
        self.vectors = None  # the sentence vectors, rows as ``units`` (set by retrieval)
        self._centred: dict[str, object] = {}
        self._corpus_idf: dict[str, float] = {}
        self._idf: dict[tuple[str, str], float] = {}  # (word, doc) -> blended idf
        self._carried: dict[int, list[str]] = {}

    def context(self, u) -> str:
        """A sentence with what stands around it: its section's label and its document's metadata."""
        return f"{u.text} {u.label} {self.meta_text.get(u.doc, '')}"

    def idf(self, word: str, doc: str) -> float:
        """Rarer words weigh more: log(N / sentences holding the word), computed once.

        Rarity within the evidence's own document, blended with the whole corpus's in
        proportion to the document's size: a notice of five sentences says too little
        about which words are rare, a report of a hundred says most of it.
        """
        key = (word, doc)
        if key not in self._idf:
            if word not in self._corpus_idf:
                self._corpus_idf[word] = _idf(word, self.units)
            rows = self.doc_rows.get(doc, range(0))
            units = self.units[rows.start:rows.stop]
            weight = len(units) / (len(units) + IDF_PRIOR_UNITS)
            self._idf[key] = weight * _idf(word, units) + (1 - weight) * self._corpus_idf[word]
        return self._idf[key]

    def carried(self, idx: int) -> list[str]:
        """The “named” things a sentence speaks of without naming them: those of the sentence before it in
        its item, when it names none of its own and goes on about the same thing (a word of 2+
        characters shared): 组织名师建设“锡慧在线”课程资源… / 连续12周…制作在线课程3000多节."""
        if idx in self._carried:
            return self._carried[idx]
        u, found = self.units[idx], []
        prev = self.units[idx - 1] if idx > 0 else None
        if prev is not None and prev.section_id == u.section_id and not prev.is_heading and not quoted(u.text):
            words = lambda t: {w for w in self.tokenizer.tokens(t) if len(w) >= 2}  # noqa: E731
            if words(u.text) & words(prev.text):
                # a named thing (锡慧在线), not a document's title or a list of slogans (全学段、全学科…)
                found = [q for q in quoted(prev.text) if len(q) <= 8 and "、" not in q and not q.startswith("关于")]
        self._carried[idx] = found
        return found

    def centred(self, doc: str):
        """The document's sentence vectors less their mean, unit length (bot/answer/kin.py), computed once."""
        if doc not in self._centred:
            rows = self.doc_rows[doc]
            self._centred[doc] = centred(self.vectors[rows.start:rows.stop])
        return self._centred[doc]

    def half_of(self, u) -> str | None:
        """The half-year a sentence is about: a first-half report's results 上半年, its plan 下半年."""
        period = str(self.docs[u.doc].meta.get("period") or "")
        kind = self.part_kinds.get(u.section_id)
        if period.endswith("上半年"):
            return {"done": "上半年", "plan": "下半年"}.get(kind)
        if period.endswith("下半年") and kind == "done":
            return "下半年"
        return None


@dataclass
class Evidence:
    """One question's hits, best first, and the library they come from."""
    hits: list[Hit]
    library: Library


def representative(sentences: list, vectors=None) -> int:
    """Index of the sentence that best stands for its item: the one nearest the item's centroid
    (when sentence vectors are given), else the first."""
    if vectors is None or len(sentences) < 3:
        return 0
    import numpy as np

    m = np.asarray(vectors, dtype=np.float32)
    m = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    centre = m.mean(axis=0)
    return int(np.argmax(m @ centre))


def centred(vectors):
    """Rows less their mean, each of unit length (a row equal to the mean stays zero): what sets each
    sentence apart from the tone all of a document's sentences share (bot/answer/kin.py)."""
    import numpy as np

    m = np.asarray(vectors, dtype=np.float32)
    m = m - m.mean(axis=0)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def _idf(word: str, units) -> float:
    df = sum(1 for u in units if word in u.text or word in u.heading)
    return math.log((len(units) + 1) / (df + 0.5))
