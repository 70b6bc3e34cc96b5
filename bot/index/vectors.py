"""A build's passage vectors: reused where still valid, the rest embedded on a thread of their own.

The passages to embed are those of added/changed documents whose text no earlier version had. The
sentences' passages are handed over first (``Embedding(...)``), the chunks' when the build has cut
them (``add("chunks")``: chunking loads tiktoken's encoding, 0.2 s, which then runs beside the
embedding instead of before it). The engine releases the GIL, so the embedding runs beside the build's
Python work (cutting words, deriving the bridges), on one worker thread per core (bot/embeddings.py):
a worker that loses its core to that work, or to anything else on the machine, does not hold the other
one up. A passage's vector does not depend on what it is embedded with (tests/test_embeddings.py).

    emb = Embedding(plan, prev, settings, removed, embeddings)   # sentences start embedding now
    ... cut the chunks ...; emb.add("chunks")
    embedded, reused = emb.finish()   # each document's ``vectors[kind]`` is now its matrix
"""
from __future__ import annotations

import queue
import threading

import numpy as np
from tqdm import tqdm


class Embedding:
    """The vectors of every document of a build's plan, by kind (see the module's docstring)."""

    def __init__(self, plan, prev, settings, removed, embeddings, show_progress: bool = True):
        self.plan, self.prev, self.error = plan, prev, None
        self.known: dict = {}  # passage text -> vector, from the previous build
        if prev is not None:
            sources = [d.doc.doc_id for d in plan if d.status == "changed"] + removed
            self.known = prev.passage_vectors(sources, settings.chunk_tokens)
        self.reused, self.todo, self.kinds = 0, [], []
        self.fresh: dict = {}  # passage text -> vector, embedded now
        self._queue: queue.Queue = queue.Queue()
        self._bar = tqdm(total=0, desc="嵌入向量", unit="段", disable=not show_progress)
        self._thread = threading.Thread(target=self._run, args=(embeddings,), daemon=True)
        self._thread.start()
        self.add("sentences")

    def add(self, kind: str) -> None:
        """Reuse or queue the passages of this kind ("sentences", "chunks") of every document."""
        todo = []
        for d in self.plan:
            if d.status == "unchanged":
                d.vectors[kind] = self.prev.slice(kind, d.doc.doc_id)[0]
                self.reused += len(d.units if kind == "sentences" else d.chunks)
                continue
            texts = d.passages(kind)
            d.vectors[kind] = [self.known.get(t) for t in texts]
            todo += [t for t in texts if t not in self.known]
            self.reused += sum(t in self.known for t in texts)
        seen = set(self.todo)
        todo = [t for t in dict.fromkeys(todo) if t not in seen]
        self.todo += todo
        self.kinds.append(kind)
        if todo:
            self._bar.total += len(todo)
            self._bar.refresh()
            self._queue.put(todo)

    def _run(self, embeddings) -> None:
        while (texts := self._queue.get()) is not None:
            if self.error is not None:
                continue
            try:
                self.fresh.update(zip(texts, embeddings.passage_matrix(texts, progress=self._bar.update)))
            except BaseException as e:  # noqa: BLE001 - raised again by finish(), in the building thread
                self.error = e

    def stop(self) -> None:
        """The build failed before ``finish``: the thread ends once the queued passages are done."""
        self._queue.put(None)

    def finish(self) -> tuple[int, int]:
        """Wait for the embedding, put the vectors in place; (passages embedded, passages reused)."""
        self._queue.put(None)
        self._thread.join()
        self._bar.close()
        if self.error is not None:
            raise self.error
        for d in self.plan:
            if d.status == "unchanged":
                continue
            for k in self.kinds:
                texts = d.passages(k)
                vecs = [v if v is not None else self.fresh[t] for v, t in zip(d.vectors[k], texts)]
                d.vectors[k] = np.asarray(vecs, np.float32).reshape(len(texts), -1) if vecs else None
        return len(self.todo), self.reused
