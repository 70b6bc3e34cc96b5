"""Build, check and load the index: Chroma (dense) + jieba/bm25s (lexical) + a manifest.

Layout of ``index_dir``::

    CURRENT             the id of the build in use (replaced atomically)
    builds/<id>/        chroma/ (collections "sentences" and "chunks"), docs.json,
                        lexical.json (jieba tokens), userdict.txt, manifest.json

A build is written into a fresh ``builds/<id>`` and only then named in CURRENT,
so a crash mid-build leaves the previous index in use. The two newest builds
are kept, so a process still reading the older one is not cut off.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import chromadb
import jieba
from chromadb.config import Settings as ChromaSettings
from tqdm import tqdm

from .chunking import CHUNKER_VERSION, Chunk, chunk_document
from .corpus import PARSER_VERSION, Document, corpus_hash, load_corpus, parse

log = logging.getLogger(__name__)
INDEX_FORMAT = "2"
KEEP_BUILDS = 2
jieba.setLogLevel(logging.WARNING)
logging.getLogger("bm25s").setLevel(logging.WARNING)

QUOTED_TERMS = re.compile(r"《([^《》]{2,40})》|“([^“”]{2,20})”")
# school, university and district names: the report's own proper nouns
NAME_TERMS = re.compile(r"[\u4e00-\u9fa5]{2,10}?(?:大学|学院|高职|高中|中学|小学|幼儿园|学校|校区|一中|区|县|市)")
NOT_IN_NAMES = ("v", "vn", "d", "a", "ad", "p", "c", "u", "r", "m", "f")  # a verb or particle means a phrase
PUNCT = set("，。、；：？！“”‘’《》（）()【】「」—…·,.;:?!\"' \n\t-+/%")
STOPWORDS = set("的 了 和 与 及 等 在 是 为 对 把 被 将 并 也 都 又 而 或 就 从 向 以 于 之 其 这 那 个 有 中 上 下".split())


@dataclass
class SentenceUnit:
    doc: str
    section_id: str
    label: str
    heading: str
    part: int
    item: int
    start: int
    end: int
    text: str
    is_heading: bool


def extract_terms(text: str) -> set[str]:
    """Proper terms of a document for jieba's user dictionary.

    ``'出台《无锡教育现代化2035》，锡山高中获批'`` -> ``{'无锡教育现代化2035', '锡山高中'}``
    """
    import jieba.posseg

    terms = {a or b for a, b in QUOTED_TERMS.findall(text)}
    for chunk in re.split(r"[^\u4e00-\u9fa5]+", text):
        for word, flag in jieba.posseg.cut(chunk):
            if flag in ("nt", "ns") and len(word) >= 2:
                terms.add(word)
        for m in NAME_TERMS.finditer(chunk):
            name = m.group(0)
            head = name[:-2] if name[-2:] in ("大学", "学院", "高职", "高中", "中学", "小学", "学校", "校区", "一中") else name[:-1]
            pieces = list(jieba.posseg.cut(head))
            if pieces and not any(p.flag.startswith(NOT_IN_NAMES) for p in pieces) and len(name) <= 10:
                terms.add(name)
    return {t for t in terms if 2 <= len(t) <= 40}


class Tokenizer:
    """jieba with the corpus's own terms; search-mode cut, no punctuation or stopwords."""

    def __init__(self, terms=()):
        self._jieba = jieba.Tokenizer()
        for t in sorted(terms):
            self._jieba.add_word(t, freq=2000)
        self.terms = set(terms)
        self._pos = None

    def pos(self, text: str) -> list[tuple[str, str]]:
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self._jieba)
        return [(p.word, p.flag) for p in self._pos.cut(text)]

    def dict_tags(self) -> dict[str, str]:
        """jieba's dictionary part-of-speech tags (not its guesses for unknown words)."""
        if self._pos is None:
            self.pos("")
        return self._pos.word_tag_tab

    def words(self, text: str) -> list[str]:
        return [w for w in self._jieba.lcut(text) if w.strip() and w not in PUNCT]

    def tokens(self, text: str) -> list[str]:
        out = []
        for w in self._jieba.cut_for_search(text.lower()):
            w = w.strip()
            if w and w not in PUNCT and w not in STOPWORDS:
                out.append(w)
        return out


def sentence_units(doc: Document) -> list[SentenceUnit]:
    units = []
    for it in doc.items():
        for k, s in enumerate(it.sentences):
            units.append(SentenceUnit(doc.doc_id, it.section_id, it.label, it.heading, it.part_no,
                                      it.item_no, s.start, s.end, s.text,
                                      k == 0 and s.text.rstrip("。；：").startswith(it.heading)))
    return units


def passage_text(u: SentenceUnit) -> str:
    """What is embedded for a sentence: its item heading gives the context."""
    return u.text if u.is_heading else f"{u.heading}：{u.text}"


def manifest_for(settings, model_id: str) -> dict:
    return {
        "format": INDEX_FORMAT,
        "corpus_hash": corpus_hash(settings.corpus_dir),
        "embedding_model": model_id,
        "chunker_version": CHUNKER_VERSION,
        "parser_version": PARSER_VERSION,
        "chunk_tokens": settings.chunk_tokens,
    }


def current_build(index_dir: Path) -> Path | None:
    try:
        build_id = (Path(index_dir) / "CURRENT").read_text().strip()
    except OSError:
        return None
    path = Path(index_dir) / "builds" / build_id
    return path if (path / "manifest.json").exists() else None


def status(settings, model_id: str) -> tuple[str, str]:
    """('fresh'|'missing'|'stale'|'broken', reason in Chinese)."""
    build = current_build(settings.index_dir)
    if build is None:
        return "missing", "索引不存在"
    try:
        have = json.loads((build / "manifest.json").read_text())
    except (OSError, ValueError):
        return "broken", "索引清单已损坏"
    want = manifest_for(settings, model_id)
    changed = [k for k in want if have.get(k) != want[k]]
    if changed:
        return "stale", "索引已过期（" + "、".join(changed) + " 有变化）"
    if not (build / "chroma").is_dir() or not (build / "lexical.json").exists():
        return "broken", "索引文件不完整"
    return "fresh", "索引是最新的"


def chroma_client(path: Path, settings=None):
    opts = ChromaSettings(anonymized_telemetry=False)
    if settings is not None and settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=opts)
    return chromadb.PersistentClient(path=str(path), settings=opts)


def build(settings, embeddings, show_progress: bool = True) -> Path:
    """Build a new index aside, then make it current. Returns the build folder."""
    t0 = time.perf_counter()
    docs = load_corpus(settings.corpus_dir)
    if not docs:
        raise ValueError(f"语料目录 {settings.corpus_dir} 中没有 .txt/.md 文档")
    manifest = manifest_for(settings, embeddings.model_id)
    builds = Path(settings.index_dir) / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    tmp = builds / f".tmp-{build_id}"
    tmp.mkdir()
    try:
        units = [u for d in docs for u in sentence_units(d)]
        chunks = [c for d in docs for c in chunk_document(d, settings.chunk_tokens)]
        terms = set().union(*(extract_terms(d.text) for d in docs))
        tok = Tokenizer(terms)
        texts = [passage_text(u) for u in units] + [c.page_content for c in chunks]
        bar = tqdm(total=len(texts), desc="嵌入向量", unit="段", disable=not show_progress)
        matrix = embeddings.passage_matrix(texts, progress=bar.update)
        bar.close()
        client = chroma_client(tmp / "chroma")
        _add(client, "sentences", [f"s{i}" for i in range(len(units))], [u.text for u in units],
             [asdict(u) for u in units], matrix[: len(units)])
        _add(client, "chunks", [f"c{i}" for i in range(len(chunks))], [c.page_content for c in chunks],
             [c.metadata() for c in chunks], matrix[len(units):])
        del client
        lexical = {"sentences": [tok.tokens(f"{u.heading} {u.text}") for u in units],
                   "chunks": [tok.tokens(c.page_content) for c in chunks]}
        _write_json(tmp / "lexical.json", lexical)
        (tmp / "userdict.txt").write_text("\n".join(sorted(terms)) + "\n", encoding="utf-8")
        _write_json(tmp / "docs.json", [{"doc_id": d.doc_id, "meta": d.meta, "text": d.text} for d in docs])
        manifest.update(documents=len(docs), chunks=len(chunks), sentences=len(units),
                        build_id=build_id, built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
                        build_seconds=round(time.perf_counter() - t0, 2))
        _write_json(tmp / "manifest.json", manifest)
        final = builds / build_id
        tmp.rename(final)
        _write_atomic(Path(settings.index_dir) / "CURRENT", build_id)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(builds, keep=build_id)
    log.info("索引已建成：%d 篇文档，%d 个分块，%d 个句子，用时 %.1f 秒",
             len(docs), len(chunks), len(units), time.perf_counter() - t0)
    return final


def ensure(settings, embeddings, rebuild: bool = False, show_progress: bool = True) -> tuple[str, Path]:
    """Build when missing, stale, broken or asked to; returns (what happened, build folder)."""
    state, reason = status(settings, embeddings.model_id)
    if state == "fresh" and not rebuild:
        return "up-to-date", current_build(settings.index_dir)
    log.info("%s，正在重建……", reason if state != "fresh" else "按要求重建索引")
    return ("rebuilt" if state != "missing" else "built"), build(settings, embeddings, show_progress)


def _add(client, name, ids, documents, metadatas, embeddings, batch=2000):
    col = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
    for i in range(0, len(ids), batch):
        col.add(ids=ids[i:i + batch], documents=documents[i:i + batch],
                metadatas=metadatas[i:i + batch], embeddings=embeddings[i:i + batch])


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _prune(builds: Path, keep: str) -> None:
    done = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.name)
    for old in [p for p in done if p.name != keep][:-(KEEP_BUILDS - 1) or None]:
        shutil.rmtree(old, ignore_errors=True)
    for stale_tmp in builds.glob(".tmp-*"):
        if time.time() - stale_tmp.stat().st_mtime > 3600:
            shutil.rmtree(stale_tmp, ignore_errors=True)


class LoadedIndex:
    """Everything a query needs, loaded once: documents, units, Chroma collections, BM25."""

    def __init__(self, build_dir: Path):
        import bm25s

        self.build_dir = Path(build_dir)
        self.manifest = json.loads((self.build_dir / "manifest.json").read_text())
        docs = json.loads((self.build_dir / "docs.json").read_text(encoding="utf-8"))
        self.docs: dict[str, Document] = {d["doc_id"]: parse(d["doc_id"], d["text"], d["meta"]) for d in docs}
        self.units = [u for d in self.docs.values() for u in sentence_units(d)]
        self.chunks: list[Chunk] = [c for d in self.docs.values()
                                    for c in chunk_document(d, self.manifest.get("chunk_tokens", 256))]
        terms = (self.build_dir / "userdict.txt").read_text(encoding="utf-8").split()
        self.tokenizer = Tokenizer(terms)
        lexical = json.loads((self.build_dir / "lexical.json").read_text(encoding="utf-8"))
        self.bm25 = {}
        for name in ("sentences", "chunks"):
            r = bm25s.BM25()
            r.index(lexical[name], show_progress=False)
            self.bm25[name] = r
        self.vocab = set(t for toks in lexical["sentences"] for t in toks)
        client = chroma_client(self.build_dir / "chroma")
        self.collections = {n: client.get_collection(n) for n in ("sentences", "chunks")}
        if self.collections["sentences"].count() != len(self.units):
            raise RuntimeError("索引与语料不一致，请运行 python -m bot index --rebuild")
        self.part_kinds = {it.section_id: p.kind for d in self.docs.values() for p in d.parts for it in p.items}
        self.section_units: dict[str, list[int]] = {}
        for i, u in enumerate(self.units):
            self.section_units.setdefault(u.section_id, []).append(i)

    def stats(self) -> dict:
        return {"documents": len(self.docs), "chunks": len(self.chunks), "sentences": len(self.units)}
