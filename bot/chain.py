"""Question (+ history) -> retrieval -> answer -> citations, as a LangChain Runnable.

``Engine`` loads the index once (building it when missing or stale) and answers;
``Engine.runnable()`` is the same pipeline as composable LangChain runnables:

    analyse | retrieve | answer        input {"question": str, "history": [str | {"role","content"}], "doc": str (optional)}

Every interface (CLI, API, page, eval) goes through ``Engine.ask``.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import NamedTuple

from langchain_core.runnables import RunnableLambda

from . import index as index_mod
from . import messages
from .answer import ExtractiveAnswerer, render
from .config import Settings
from .embeddings import make_embeddings
from .multidoc import with_conflicts
from .lang.question import analyse
from .retrieval import HybridSearcher, ReportRetriever

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 500
MAX_HISTORY_TURNS = 20
RELEASE_AFTER_S = 60.0  # a replaced build's Chroma client is closed this long after the swap


class BadQuestion(ValueError):
    """A question we cannot take; the message is for the user (Chinese)."""


class UnknownDocument(BadQuestion):
    """``doc=`` names no document of the index."""


def user_turns(history) -> list[str]:
    """Earlier user turns, oldest first, from strings or {"role", "content"} messages."""
    out = []
    for h in history or []:
        if isinstance(h, str):
            out.append(h)
        elif isinstance(h, dict) and h.get("role", "user") == "user" and isinstance(h.get("content"), str):
            out.append(h["content"])
    return out[-MAX_HISTORY_TURNS:]


class Loaded(NamedTuple):
    """One build's parts. A request reads them once, so a reload meanwhile cannot mix two builds."""
    index: index_mod.LoadedIndex
    searcher: HybridSearcher
    answerer: ExtractiveAnswerer


class Engine:
    def __init__(self, settings: Settings | None = None, build: bool = True, show_progress: bool = False):
        self.settings = settings or Settings()
        self.embeddings = make_embeddings(self.settings)
        self._lock = threading.Lock()
        if build:
            what, build_dir = index_mod.ensure(self.settings, self.embeddings, show_progress=show_progress)
            self.last_index_action = what
        else:
            build_dir = index_mod.current_build(self.settings.index_dir)
            if build_dir is None:
                raise RuntimeError(messages.NO_INDEX)
            self.last_index_action = "loaded"
        try:
            self._load(build_dir)
        except Exception as e:  # files there but unreadable (e.g. a corrupted Chroma database)
            if not build:
                raise
            log.warning("索引已损坏，无法加载（%s: %s），正在重建……", type(e).__name__, e)
            self._load(index_mod.build(self.settings, self.embeddings, show_progress=show_progress))
            self.last_index_action = "rebuilt"
        self.llm = None
        if self.settings.llm_base_url:
            from .llm import LLMAnswerer

            self.llm = LLMAnswerer(self.settings)

    def _load(self, build_dir):
        idx = index_mod.LoadedIndex(build_dir, self.settings)
        searcher = HybridSearcher(idx, self.embeddings)
        answerer = ExtractiveAnswerer(idx, searcher.lexicon)
        # swapped in one assignment, after everything loaded: requests meanwhile use the previous build
        old, self.loaded = getattr(self, "loaded", None), Loaded(idx, searcher, answerer)
        if old is not None and old.index is not idx:
            # closed once requests that took it have long finished (answers take milliseconds)
            timer = threading.Timer(RELEASE_AFTER_S, old.index.close)
            timer.daemon = True
            timer.start()

    @property
    def index(self) -> index_mod.LoadedIndex:
        return self.loaded.index

    @property
    def searcher(self) -> HybridSearcher:
        return self.loaded.searcher

    @property
    def answerer(self) -> ExtractiveAnswerer:
        return self.loaded.answerer

    def reload_if_changed(self) -> bool:
        """Pick up a build made by another process (``python -m bot index --rebuild``)."""
        build_dir = index_mod.current_build(self.settings.index_dir)
        if build_dir is None or build_dir == self.index.build_dir:
            return False
        with self._lock:
            self._load(build_dir)
        log.info("已切换到新索引 %s", build_dir.name)
        return True

    def analyse(self, question: str, history=None, loaded: Loaded | None = None):
        return analyse(question, user_turns(history), (loaded or self.loaded).index.tokenizer.words)

    def document(self, doc, loaded: Loaded | None = None) -> str | None:
        """The id of the document ``doc`` names (its id or title); None for all documents."""
        if doc is None or doc == "":
            return None
        index = (loaded or self.loaded).index
        found = index.find_doc(doc) if isinstance(doc, str) else None
        if found is None:
            choices = "、".join(list(index.docs)[:10]) + ("……" if len(index.docs) > 10 else "")
            raise UnknownDocument(messages.UNKNOWN_DOC.format(doc=str(doc)[:80], choices=choices))
        return found

    def ask(self, question, history=None, doc=None) -> dict:
        """The answer object; ``doc`` (a document id or title) answers from that document only."""
        t0 = time.perf_counter()
        self._check(question)
        loaded = self.loaded
        doc = self.document(doc, loaded)
        if self.llm is not None:
            return next(v for kind, v in self.events(question, history, t0, doc, loaded) if kind == "final")
        q = self.analyse(question, history, loaded)
        if not q.text:
            raise BadQuestion(messages.EMPTY_QUESTION)
        return self._answer(q, loaded.searcher.search(q, doc=doc), t0, loaded)

    def ask_stream(self, question, history=None, doc=None):
        """("delta", text)… then ("final", answer object); extractive mode sends the final only."""
        t0 = time.perf_counter()
        if self.llm is None:
            yield "final", self.ask(question, history, doc)
            return
        self._check(question)
        loaded = self.loaded
        yield from self.events(question, history, t0, self.document(doc, loaded), loaded)

    def events(self, question, history, t0, doc=None, loaded: Loaded | None = None):
        from .llm import llm_events

        # one deadline per request: the follow-up rewrite may use it, the answer gets what is left
        deadline = time.monotonic() + self.llm.timeout
        loaded = loaded or self.loaded
        turns = user_turns(history)
        standalone = self.llm.condense(question, turns, deadline) if turns else question
        q = self.analyse(standalone, [] if standalone != question else history, loaded)
        q.original = question
        if not q.text:
            raise BadQuestion(messages.EMPTY_QUESTION)
        yield from llm_events(self, self.llm, q, loaded.searcher.search(q, doc=doc), t0, loaded, deadline)

    @staticmethod
    def _check(question) -> None:
        if not isinstance(question, str) or not question.strip():
            raise BadQuestion(messages.EMPTY_QUESTION)
        if len(question) > MAX_QUESTION_CHARS:
            raise BadQuestion(messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS))

    @staticmethod
    def _finish(out: dict, t0: float) -> dict:
        out["latency_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        from .signing import answer_id  # the signed id a vote must carry (POST /api/feedback)
        out["answer_id"] = answer_id(out)
        return out

    def _answer(self, q, hits, t0: float, loaded: Loaded | None = None) -> dict:
        answerer, index = (loaded or self.loaded).answerer, (loaded or self.loaded).index
        verdict = answerer.choose(q, hits, answerer.names_in(q))
        verdict = with_conflicts(answerer, q, verdict, hits, index)
        out = render(q, verdict, index)
        if len({c["doc"] for c in out["citations"]}) > 1 and not out["refused"] and q.kind == "fact":
            out["answer"] = messages.CONFLICT + "\n" + out["answer"]
        return self._finish(out, t0)

    # -- LangChain seams ---------------------------------------------------------------
    def retriever(self, k: int = 8, doc=None) -> ReportRetriever:
        return ReportRetriever(searcher=self.searcher, analyse=lambda qs, h: self.analyse(qs, h), k=k,
                               doc=self.document(doc))

    def runnable(self):
        """The pipeline as runnables: {"question", "history", "doc" (optional)} -> answer object."""
        def _analyse(inp):
            loaded = self.loaded
            return {"q": self.analyse(inp["question"], inp.get("history"), loaded), "t0": time.perf_counter(),
                    "doc": self.document(inp.get("doc"), loaded), "loaded": loaded}

        def _retrieve(state):
            return {**state, "hits": state["loaded"].searcher.search(state["q"], doc=state["doc"])}

        def _answer(state):
            return self._answer(state["q"], state["hits"], state["t0"], state["loaded"])

        return RunnableLambda(_analyse) | RunnableLambda(_retrieve) | RunnableLambda(_answer)
