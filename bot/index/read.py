"""One build loaded for queries: documents, sentence units, chunks, Chroma collections, BM25, vectors,
and what the build worked out once: jieba's compiled dictionary with the corpus's terms, the CC-CEDICT bridges."""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import numpy as np

from .. import messages
from ..corpus.chunking import Chunk, sentence_units
from ..corpus.document import Document, parse
from ..lang.dictionary import load_dictionary
from ..lang.lexicon import Lexicon
from ..lang.tokenizer import Tokenizer
from .manifest import INDEX_FORMAT
from .store import KINDS, store_for_manifest

LEXICAL_SEP = "\x1f"  # joins a row's tokens in memory (no token holds it)


class LoadedIndex:
    """Everything a query needs, loaded once: documents, units, Chroma collections, BM25."""

    def __init__(self, build_dir: Path, settings=None):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG when imported: no log per load
        self.build_dir = Path(build_dir)
        self.manifest = json.loads((self.build_dir / "manifest.json").read_text())
        if self.manifest.get("format") != INDEX_FORMAT:
            raise RuntimeError(messages.INDEX_OLD_FORMAT)
        docs = json.loads((self.build_dir / "docs.json").read_text(encoding="utf-8"))
        self.docs: dict[str, Document] = {d["doc_id"]: parse(d["doc_id"], d["text"], d["meta"], d.get("outline"))
                                          for d in docs}
        self.units = [u for d in self.docs.values() for u in sentence_units(d)]
        self.chunks: list[Chunk] = [Chunk(**m, text=self.docs[m["doc"]].text[m["start"]:m["end"]])
                                    for m in json.loads((self.build_dir / "chunks.json").read_text(encoding="utf-8"))]
        # Chroma id -> row; rows of each document (for a filter by document)
        self.row_of: dict[str, dict[str, int]] = {"sentences": {}, "chunks": {}}
        self.doc_rows: dict[str, dict[str, range]] = {k: {} for k in KINDS}
        for kind, rows in (("sentences", self.units), ("chunks", self.chunks)):
            seen: dict[str, int] = {}
            for i, r in enumerate(rows):
                k = seen.get(r.doc, 0)
                seen[r.doc] = k + 1
                self.row_of[kind][f"{r.doc}/{kind[0]}{k}"] = i
            at = 0
            for doc_id in self.docs:
                self.doc_rows[kind][doc_id] = range(at, at + seen.get(doc_id, 0))
                at += seen.get(doc_id, 0)
        terms = (self.build_dir / "userdict.txt").read_text(encoding="utf-8").split()
        self.tokenizer = Tokenizer(terms, load_dictionary(self.build_dir))
        lexical = json.loads((self.build_dir / "lexical.json").read_text(encoding="utf-8"))
        self.bm25 = {}
        for name in KINDS:
            r = bm25s.BM25()
            r.index(lexical[name], show_progress=False)
            self.bm25[name] = r
        self.vocab = set(t for toks in lexical["sentences"] for t in toks)
        self.lexicon = Lexicon(self.vocab, json.loads((self.build_dir / "lexicon.json").read_text(encoding="utf-8")))
        # for a search within one document: the build's vectors (memory-mapped, rows in unit order)
        # and its tokens, kept compact (one string per row)
        self.vectors = {k: np.load(self.build_dir / f"{k}.npy", mmap_mode="r") for k in KINDS}
        self.lexical_rows = {name: [LEXICAL_SEP.join(toks) for toks in lexical[name]] for name in KINDS}
        if len(self.vectors["sentences"]) != len(self.units) or len(self.vectors["chunks"]) != len(self.chunks):
            raise RuntimeError(messages.INDEX_MISMATCH)
        self._store = store_for_manifest(self.manifest, settings)
        self._collections = None  # opened on first use: a small index is searched exactly, without Chroma
        self._closed = False
        self._lock = threading.Lock()

    @property
    def collections(self):
        """The build's Chroma collections, opened (0.45 s: import and client) the first time they are asked for."""
        with self._lock:
            if self._closed:
                raise RuntimeError(messages.INDEX_RELEASED)
            if self._collections is None:
                cols = self._store.open(self.build_dir, self.manifest)
                if cols["sentences"].count() != len(self.units):
                    self._store.close(cols)
                    raise RuntimeError(messages.INDEX_MISMATCH)
                self._collections = cols
            return self._collections

    def find_doc(self, name: str) -> str | None:
        """A document by its id or its exact title: ``'wuxi-education-2020-h1'`` -> itself."""
        if name in self.docs:
            return name
        return next((d.doc_id for d in self.docs.values() if d.title == name), None)

    def close(self) -> None:
        """Release the Chroma client (if it was opened); the index answers no more after this."""
        with self._lock:
            self._closed = True
            if self._collections is not None:
                self._store.close(self._collections)

    def stats(self) -> dict:
        return {"documents": len(self.docs), "chunks": len(self.chunks), "sentences": len(self.units)}
