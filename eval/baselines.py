"""Baselines built honestly from the same report and the same E5 embeddings, for ``python -m eval compare``.

(a) the LangChain tutorial pipeline with Langchain-Chatchat's Chinese splitter settings:
    RecursiveCharacterTextSplitter, chunk 250 / overlap 50, Chroma, top-1 chunk shown, never refusing;
(b) BM25 only (jieba tokens) over the same chunks; (c) dense only over the same chunks.
A chunk is cited as the section its first character falls in.
"""
from __future__ import annotations

import time
import uuid

import numpy as np

CHATCHAT_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", ""]


class ChunkBaseline:
    """Shared by the three: the same chunks of the cleaned reports, mapped to their sections."""

    def __init__(self, engine, name: str, how: str, store_dir: str):
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.engine, self.name, self.how = engine, name, how
        splitter = RecursiveCharacterTextSplitter(separators=CHATCHAT_SEPARATORS, chunk_size=250,
                                                  chunk_overlap=50, add_start_index=True, keep_separator="end")
        self.chunks = []
        for doc in engine.index.docs.values():
            for c in splitter.split_documents([Document(page_content=doc.text, metadata={"doc": doc.doc_id})]):
                start = c.metadata["start_index"]
                item = next((it for it in doc.items() if it.start <= start < it.end + 1), doc.items()[-1])
                c.metadata.update(section_id=item.section_id, section=item.label, start=start,
                                  end=start + len(c.page_content))
                self.chunks.append(c)
        if how == "bm25":
            import bm25s

            self.tokens = engine.index.tokenizer.tokens
            self.bm25 = bm25s.BM25()
            self.bm25.index([self.tokens(c.page_content) for c in self.chunks], show_progress=False)
        else:
            from chromadb.config import Settings as ChromaSettings
            from langchain_chroma import Chroma

            self.store = Chroma(collection_name=f"baseline-{uuid.uuid4().hex[:8]}", embedding_function=engine.embeddings,
                                persist_directory=store_dir,
                                client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True,
                                                               persist_directory=store_dir))
            self.store.add_documents(self.chunks)

    def ranked(self, question: str) -> list:
        if self.how == "bm25":
            scores = self.bm25.get_scores(self.tokens(question))
            return [self.chunks[i] for i in np.argsort(-scores)]
        return [d for d, _ in self.store.similarity_search_with_score(question, k=len(self.chunks))]

    def ask(self, question, history):
        t0 = time.perf_counter()
        top = self.ranked(question)[0]
        m = top.metadata
        return {"question": question, "answer": top.page_content, "refused": False, "mode": self.how,
                "citations": [{"n": 1, "doc": m["doc"], "section_id": m["section_id"], "section": m["section"],
                               "quote": top.page_content, "start": m["start"], "end": m["end"]}],
                "latency_ms": round((time.perf_counter() - t0) * 1000, 1)}

    def sections(self, question, history):
        return list(dict.fromkeys(c.metadata["section_id"] for c in self.ranked(question)))


def baselines(engine, store_dir: str) -> list[ChunkBaseline]:
    return [ChunkBaseline(engine, "(a) LangChain 教程流水线（Chroma，top-1 分块）", "tutorial", store_dir),
            ChunkBaseline(engine, "(b) 仅 BM25（jieba）", "bm25", store_dir),
            ChunkBaseline(engine, "(c) 仅向量检索", "dense", store_dir)]
