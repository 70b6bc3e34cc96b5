"""Baselines built honestly from the same report and the same E5 embeddings, for ``python -m eval compare``.

(a) the LangChain tutorial pipeline with Langchain-Chatchat's Chinese splitter settings:
    ``RecursiveCharacterTextSplitter``, chunk 250 / overlap 50, a real Chroma collection
    (``langchain_chroma.Chroma``, telemetry off, in a temporary folder), top-1 chunk shown, never refusing;
(b) BM25 only (bm25s over the engine's jieba tokens) over the same chunks, top-1 chunk;
(c) dense only over the same chunks: the E5 passage matrix and a dot product, no vector store.
    With ~25 chunks Chroma's search is exact, so (a) and (c) should agree: a cross-check of (a).

A chunk is cited as the section its first character falls in; a chunk that starts in the
gap between two items (a part heading such as ``二、下半年工作计划安排``) is cited as the
item that follows. Not handled: history (follow-ups are asked as they are), refusal.
"""
from __future__ import annotations

import logging
import time
import uuid

import numpy as np

CHATCHAT_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", ""]
CHUNK_SIZE, CHUNK_OVERLAP = 250, 50


def section_at(items: list, start: int):
    """The item holding character ``start``, else the next one, else the last.

    Items (0,108) (121,405): start 50 -> the first, start 110 (the part heading) -> the second.
    """
    for it in items:
        if start < it.end:
            return it
    return items[-1]


def split_report(docs) -> list:
    """The cleaned documents cut the Langchain-Chatchat way, each chunk tagged with doc, section, start, end."""
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(separators=CHATCHAT_SEPARATORS, chunk_size=CHUNK_SIZE,
                                              chunk_overlap=CHUNK_OVERLAP, add_start_index=True,
                                              keep_separator="end")
    chunks = []
    for doc in docs:
        items = sorted(doc.items(), key=lambda it: it.start)
        for c in splitter.split_documents([Document(page_content=doc.text, metadata={"doc": doc.doc_id})]):
            start = c.metadata["start_index"]
            item = section_at(items, start)
            c.metadata.update(section_id=item.section_id, section=item.label, start=start,
                              end=start + len(c.page_content))
            chunks.append(c)
    return chunks


class ChunkBaseline:
    """One baseline: rank the shared chunks (``how`` = tutorial | bm25 | dense), answer with the first."""

    def __init__(self, engine, name: str, how: str, chunks: list, store_dir: str | None = None):
        self.engine, self.name, self.how, self.chunks = engine, name, how, chunks
        texts = [c.page_content for c in chunks]
        if how == "tutorial":
            import chromadb
            from chromadb.config import Settings as ChromaSettings
            from langchain_chroma import Chroma

            client = chromadb.PersistentClient(path=store_dir, settings=ChromaSettings(anonymized_telemetry=False))
            self.store = Chroma(client=client, collection_name=f"baseline-{uuid.uuid4().hex[:8]}",
                                embedding_function=engine.embeddings)
            self.store.add_documents(chunks, ids=[str(i) for i in range(len(chunks))])
        elif how == "bm25":
            import bm25s

            logging.getLogger("bm25s").setLevel(logging.WARNING)
            self.tokens = engine.index.tokenizer.tokens
            self.bm25 = bm25s.BM25()
            self.bm25.index([self.tokens(t) for t in texts], show_progress=False)
        elif how == "dense":
            self.matrix = engine.embeddings.passage_matrix(texts)
        else:
            raise ValueError(f"unknown baseline {how!r}: tutorial, bm25 or dense")

    def ranked(self, question: str) -> list:
        """Every chunk, best first."""
        if self.how == "tutorial":
            return [d for d, _ in self.store.similarity_search_with_score(question, k=len(self.chunks))]
        if self.how == "bm25":
            scores = self.bm25.get_scores(self.tokens(question))
        else:
            scores = self.matrix @ self.engine.embeddings.query_vector(question)
        return [self.chunks[i] for i in np.argsort(-scores, kind="stable")]

    def ask(self, question, history):
        t0 = time.perf_counter()
        top = self.ranked(question)[0]
        m = top.metadata
        return {"question": question, "answer": top.page_content, "refused": False, "mode": f"baseline-{self.how}",
                "citations": [{"n": 1, "doc": m["doc"], "section_id": m["section_id"], "section": m["section"],
                               "quote": top.page_content, "start": m["start"], "end": m["end"]}],
                "latency_ms": round((time.perf_counter() - t0) * 1000, 2)}

    def sections(self, question, history):
        return list(dict.fromkeys(c.metadata["section_id"] for c in self.ranked(question)))


def baselines(engine, store_dir: str) -> list[ChunkBaseline]:
    """The three baselines over the engine's documents; (a)'s Chroma data goes to ``store_dir``."""
    chunks = split_report(engine.index.docs.values())
    return [ChunkBaseline(engine, "(a) LangChain 教程流水线（Chroma，top-1 分块）", "tutorial", chunks, store_dir),
            ChunkBaseline(engine, "(b) 仅 BM25（jieba）", "bm25", chunks),
            ChunkBaseline(engine, "(c) 仅向量检索（E5，点积）", "dense", chunks)]
