"""Build a new index aside, or update the current one, then make it current.

An **update** (the corpus changed) starts from the current build: documents whose source hash is
unchanged keep their vectors, terms and tokens; a changed or new document re-uses the vector of
every passage whose text it still has, and only the rest is embedded. With the embedded store the
Chroma database is copied and only the changed documents' rows are deleted and added. Chroma ids are
``<doc>/s<k>`` and ``<doc>/c<k>`` (the k-th sentence / chunk of a document).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..corpus.chunking import CHUNKER_VERSION, Chunk, SentenceUnit, chunk_document, sentence_units
from ..corpus.document import PARSER_VERSION, Document, parse
from ..corpus.files import corpus_hash, load_corpus
from ..lang import dictionary as jdict
from ..lang.lexicon import derive, installation_names
from ..lang.tokenizer import Tokenizer, extract_terms
from .manifest import (INDEX_FORMAT, current_build, drop_abandoned, manifest_for, prune, status, write_atomic,
                       write_json)
from .store import KINDS, BuildWriter, open_store
from .vectors import Embedding

log = logging.getLogger(__name__)


def passage_text(u: SentenceUnit) -> str:
    """What is embedded for a sentence: its item heading gives the context."""
    return u.text if u.is_heading else f"{u.heading}：{u.text}"


@dataclass
class _Doc:
    """One document while a build is made: what goes into docs.json, its rows, and where they came from."""
    doc: Document
    status: str  # added / changed / unchanged
    units: list[SentenceUnit]
    chunks: list[Chunk]
    terms: set[str]
    tokens: dict = field(default_factory=dict)  # kind -> [tokens per row]
    vectors: dict = field(default_factory=dict)  # kind -> matrix (rows not yet known are filled later)

    def record(self) -> dict:
        d = self.doc
        return {"doc_id": d.doc_id, "meta": d.meta, "text": d.text, "outline": d.outline, "hash": d.source_hash,
                "terms": sorted(self.terms), "sentences": len(self.units), "chunks": len(self.chunks)}

    def passages(self, kind: str) -> list[str]:
        """What is embedded for each row of this kind ("sentences", "chunks")."""
        if kind == "sentences":
            return [passage_text(u) for u in self.units]
        return [c.page_content for c in self.chunks]


class _Previous:
    """The build an update starts from: its documents, vectors and tokens, sliced per document."""

    def __init__(self, build_dir: Path):
        self.dir = Path(build_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text())
        self.records = {r["doc_id"]: r for r in json.loads((self.dir / "docs.json").read_text(encoding="utf-8"))}
        self.vectors = {k: np.load(self.dir / f"{k}.npy", mmap_mode="r") for k in KINDS}
        self.lexical = json.loads((self.dir / "lexical.json").read_text(encoding="utf-8"))
        self.rows: dict[str, dict[str, tuple[int, int]]] = {k: {} for k in KINDS}
        for k in KINDS:
            at = 0
            for doc_id, r in self.records.items():
                self.rows[k][doc_id] = (at, at + r[k])
                at += r[k]
            if at != len(self.vectors[k]) or at != len(self.lexical[k]):
                raise ValueError(f"{k}: {at} rows in docs.json, {len(self.vectors[k])} vectors")
        self.terms = set().union(*(set(r["terms"]) for r in self.records.values())) if self.records else set()

    def same_rows(self, settings) -> bool:
        """Would a document with the same source hash get the same rows (same parser, chunker and chunk size)?"""
        m = self.manifest
        return (m.get("format") == INDEX_FORMAT and m.get("parser_version") == PARSER_VERSION
                and m.get("chunker_version") == CHUNKER_VERSION and m.get("chunk_tokens") == settings.chunk_tokens)

    def slice(self, kind: str, doc_id: str):
        a, b = self.rows[kind][doc_id]
        return np.asarray(self.vectors[kind][a:b]), self.lexical[kind][a:b]

    def passage_vectors(self, doc_ids, chunk_tokens: int) -> dict[str, np.ndarray]:
        """Passage text -> vector for these documents as they were in this build."""
        out = {}
        for doc_id in doc_ids:
            r = self.records[doc_id]
            doc = parse(doc_id, r["text"], r["meta"], r.get("outline"))
            old = _Doc(doc, "", sentence_units(doc), chunk_document(doc, self.manifest.get("chunk_tokens", chunk_tokens)),
                       set())
            for k in KINDS:
                a, _ = self.rows[k][doc_id]
                for i, t in enumerate(old.passages(k)):
                    out.setdefault(t, self.vectors[k][a + i])
        return out


def _previous(settings, model_id: str) -> _Previous | None:
    build = current_build(settings.index_dir)
    if build is None:
        return None
    try:
        prev = _Previous(build)
    except (OSError, ValueError, KeyError) as e:
        log.info("上一版索引不可复用（%s），将全部重建", e)
        return None
    return prev if prev.manifest.get("embedding_model") == model_id else None


def build(settings, embeddings, show_progress: bool = True, incremental: bool = False) -> Path:
    """Build a new index aside, then make it current; returns the build folder.

    ``incremental``: start from the current build (see the module's docstring); otherwise
    everything is embedded again. ``manifest.json`` says what changed (``changes``).
    """
    t0 = time.perf_counter()
    docs = load_corpus(settings.corpus_dir)
    if not docs:
        raise ValueError(f"语料目录 {settings.corpus_dir} 中没有 .txt/.md/.docx 文档")
    manifest = manifest_for(settings, embeddings.model_id, corpus_hash(docs=docs))  # the files as read
    prev = _previous(settings, embeddings.model_id) if incremental else None
    same_rows = prev is not None and prev.same_rows(settings)
    store = open_store(settings)
    store.connect()  # an unreachable server fails now, not after the embedding
    builds = Path(settings.index_dir) / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = new_build_id()
    drop_abandoned(builds, settings)
    tmp = builds / f".tmp-{build_id}-{os.getpid()}"
    tmp.mkdir()
    manifest["collections"] = store.names(build_id)
    writer = embedding = None
    try:
        plan = _plan(docs, prev, same_rows)
        removed = sorted(set(prev.records) - {d.doc.doc_id for d in plan}) if prev else []
        # the embedding runs on a thread of its own (bot/index/vectors.py), the sentences' passages from
        # now, while this one cuts the chunks and the words and derives the bridges
        embedding = Embedding(plan, prev, settings, removed, embeddings, show_progress)
        for d in plan:
            d.chunks = chunk_document(d.doc, settings.chunk_tokens)
        embedding.add("chunks")
        if embedding.todo:
            log.info("需嵌入 %d 段，预计约 %.0f 秒（2 核的机器，无其他负载时）", len(embedding.todo),
                     estimate_s(len(embedding.todo)))
        words = _dictionary(tmp, prev)
        terms = _terms(plan, prev, words)
        _tokens(plan, prev, terms, Tokenizer(terms, words))
        vocab = {t for d in plan for toks in d.tokens["sentences"] for t in toks}
        tags = jdict.tagged_words(words)
        write_json(tmp / "lexicon.json", derive(vocab, tags, installation_names(jdict.source_id(), tags)))
        writer = BuildWriter(store, tmp, build_id, plan, prev, same_rows, removed)
        writer.open()  # chromadb imported and the collections made while the embedding runs
        embedded, reused = embedding.finish()
        chroma = writer.fill()
        for k in KINDS:
            np.save(tmp / f"{k}.npy", _stack([d.vectors[k] for d in plan]))
        write_json(tmp / "lexical.json", {k: [t for d in plan for t in d.tokens[k]] for k in KINDS})
        (tmp / "userdict.txt").write_text("\n".join(sorted(terms)) + "\n", encoding="utf-8")
        write_json(tmp / "docs.json", [d.record() for d in plan])
        # the chunks' places, so a start need not count tokens again (tiktoken: 0.8 s to load)
        write_json(tmp / "chunks.json", [c.metadata() for d in plan for c in d.chunks])
        changes = {"added": [d.doc.doc_id for d in plan if d.status == "added"],
                   "changed": [d.doc.doc_id for d in plan if d.status == "changed"], "removed": removed,
                   "unchanged": sum(d.status == "unchanged" for d in plan),
                   "embedded": embedded, "reused": reused, "chroma": chroma,
                   "from_build": prev.dir.name if prev else None}
        manifest.update(documents=len(plan), chunks=sum(len(d.chunks) for d in plan),
                        sentences=sum(len(d.units) for d in plan), build_id=build_id,
                        built_at=time.strftime("%Y-%m-%dT%H:%M:%S"), changes=changes,
                        build_seconds=round(time.perf_counter() - t0, 2))
        write_json(tmp / "manifest.json", manifest)
        final = builds / build_id
        tmp.rename(final)
        write_atomic(Path(settings.index_dir) / "CURRENT", build_id)
    except BaseException:
        if embedding is not None:
            embedding.stop()
        if writer is not None:
            writer.close()
        shutil.rmtree(tmp, ignore_errors=True)
        store.drop(tmp, manifest)
        raise
    prune(builds, keep=build_id, settings=settings)
    log.info("索引已建成：%d 篇文档（新增 %d，修改 %d，删除 %d），%d 个分块，%d 个句子；嵌入 %d 段，复用 %d 段，用时 %.1f 秒",
             len(plan), len(changes["added"]), len(changes["changed"]), len(removed), manifest["chunks"],
             manifest["sentences"], embedded, reused, time.perf_counter() - t0)
    return final


def _dictionary(tmp: Path, prev: _Previous | None) -> jdict.Dictionary:
    """jieba's dictionary, compiled, in the new build: linked from the previous build when made from
    the same dict.txt, else copied from this installation's (compiled once: about a second)."""
    source = jdict.source_id()
    if not (prev is not None and prev.manifest.get("dictionary") == source and jdict.copy_compiled(prev.dir, tmp)):
        jdict.copy_compiled(jdict.compiled(), tmp)
    return jdict.load_dictionary(tmp)


def _plan(docs: list[Document], prev: _Previous | None, same_rows: bool) -> list[_Doc]:
    """Each document with its state and sentence units (its chunks are cut later, beside the embedding)."""
    plan = []
    for d in docs:
        old = prev.records.get(d.doc_id) if prev else None
        if old is None:
            state = "added"
        elif old["hash"] == d.source_hash and same_rows:
            state = "unchanged"
        else:
            state = "changed"
        plan.append(_Doc(d, state, sentence_units(d), [], set()))
    return plan


def _terms(plan: list[_Doc], prev: _Previous | None, words) -> set[str]:
    """Each document's terms (kept from the previous build for an unchanged file); all of them."""
    for d in plan:
        old = prev.records.get(d.doc.doc_id) if prev else None
        d.terms = set(old["terms"]) if old is not None and old["hash"] == d.doc.source_hash \
            else extract_terms(d.doc.text, words)
    return set().union(*(d.terms for d in plan))


def _tokens(plan: list[_Doc], prev: _Previous | None, terms: set[str], tok: Tokenizer) -> None:
    """Tokens of every document: an unchanged one keeps its own unless a term added or dropped occurs in it."""
    delta = {t.lower() for t in (terms ^ prev.terms)} if prev else set()
    for d in plan:
        if d.status == "unchanged":
            low = d.doc.text.lower()
            if not any(t in low for t in delta):
                d.tokens = {k: prev.slice(k, d.doc.doc_id)[1] for k in KINDS}
        if not d.tokens:
            d.tokens = {"sentences": [tok.tokens(f"{u.heading} {u.text}") for u in d.units],
                        "chunks": [tok.tokens(c.page_content) for c in d.chunks]}


SECONDS_PER_PASSAGE = 0.025  # 2-core AMD EPYC, nothing else running (eval bench: 123 passages)
SECONDS_FIXED = 2.5  # the rest of a build beside it: dictionary, terms, tokens, bridges, Chroma


def estimate_s(passages: int) -> float:
    """How long a build that embeds this many passages takes on the 2-core machine (the log says it)."""
    return SECONDS_FIXED + SECONDS_PER_PASSAGE * passages


def _stack(parts: list) -> np.ndarray:
    parts = [np.atleast_2d(p) for p in parts if p is not None and len(p)]
    return np.vstack(parts).astype(np.float32) if parts else np.zeros((0, 0), np.float32)


def _locked(index_dir: Path):
    """One builder at a time per index folder (another process waits, then finds the index fresh):
    filelock's ``FileLock`` on ``.lock`` (an fcntl lock on Unix), the file kept between builds."""
    from filelock import FileLock

    Path(index_dir).mkdir(parents=True, exist_ok=True)
    return FileLock(Path(index_dir) / ".lock", preserve_lock_file=True)


def ensure(settings, embeddings, rebuild: bool = False, show_progress: bool = True) -> tuple[str, Path]:
    """Build when missing, update when stale, rebuild when broken or asked to.

    Returns (what happened: "up-to-date" | "built" | "updated" | "rebuilt", build folder);
    the build's ``manifest.json`` has the details under ``changes``.
    """
    if not rebuild and status(settings, embeddings.model_id)[0] == "fresh":
        # builds are made aside and named in CURRENT atomically: a fresh one is read without the lock
        return "up-to-date", current_build(settings.index_dir)
    with _locked(settings.index_dir):
        state, reason = status(settings, embeddings.model_id)
        if state == "fresh" and not rebuild:
            return "up-to-date", current_build(settings.index_dir)
        log.info("%s，正在%s……", reason if state != "fresh" else "按要求重建索引",
                 "更新" if state == "stale" and not rebuild else "重建")
        what = "built" if state == "missing" else "updated" if state == "stale" and not rebuild else "rebuilt"
        return what, build(settings, embeddings, show_progress, incremental=not rebuild)


def new_build_id() -> str:
    """A build's name: its creation time to the microsecond, then a random tag. Names sort in creation
    order, which pruning relies on; builds now take seconds, so two may start within one second."""
    from datetime import datetime

    return datetime.now().strftime("%Y%m%d-%H%M%S%f-") + uuid.uuid4().hex[:6]
