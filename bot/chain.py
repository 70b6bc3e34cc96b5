"""One pipeline: question (+ history) -> read -> retrieve -> decide -> respond, for every face.

    read      check the question, resolve ``doc``, (LLM mode) rewrite a follow-up, analyse it
    retrieve  hybrid search -> Evidence (bot/retrieval.py)
    decide    what is asked (once), choose sentences under the named rules, differing figures
              between documents, render the extractive answer object (bot/answer/)
    respond   extractive: that answer; LLM mode: the model's checked answer, streamed, or that
              answer with a note (bot/answer/llm.py)

``Engine.ask`` and ``Engine.ask_stream`` (CLI, API, page, eval) and ``Engine.runnable()`` (LangChain:
``read | retrieve | decide | respond``, input {"question", "history", "doc" (optional), "explain" (optional)})
are these same steps. ``explain=True`` adds ``"why"``: the kind, the rule that refused (or "accepted"),
its reason, and the best candidates with their scores and the rules that failed them.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple


from . import index as index_mod
from . import messages
from .answer.asked import Asked
from .answer.choose import Verdict
from .answer.compound import join, leans_on_before, one_figure_for_all, unanswered, with_topic
from .answer.render import render
from .answer.route import decide as decide_answer
from .lang.forms import addressed_smalltalk, smalltalk, split_compound
from .lang.shortnames import expand
from .lang.sounds import pinyin
from .config import Settings
from .embeddings import make_embeddings
from .evidence import Evidence
from .lang.question import Question, analyse, normalise, question_part
from .retrieval import HybridSearcher, ReportRetriever
from .thresholds import EXACT_MAX_ROWS

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


@dataclass
class Turn:
    """One question on its way through the pipeline; each step fills in its part."""
    question: str
    history: list
    doc: str | None  # the document id the answer must come from (None: all)
    explain: bool
    t0: float
    loaded: Loaded
    q: Question
    deadline: float | None = None  # LLM mode: the request's (time.monotonic())
    evidence: Evidence | None = None
    asked: Asked | None = None
    verdict: Verdict | None = None
    answer: dict | None = None  # the extractive answer object


class Engine:
    def __init__(self, settings: Settings | None = None, build: bool = True, show_progress: bool = False,
                 check_store: bool = False):
        """``check_store``: open and count the build's vector store when a build loads (a server does: a
        corrupted store is rebuilt at start), though a small index is searched without it."""
        self.settings = settings or Settings()
        self.check_store = check_store
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
            from .answer.llm import LLMAnswerer

            self.llm = LLMAnswerer(self.settings)

    def _load(self, build_dir):
        idx = index_mod.LoadedIndex(build_dir, self.settings)
        if self.check_store:
            idx.collections  # noqa: B018 - opened and counted: raises on a corrupted store
        searcher = HybridSearcher(idx, self.embeddings)
        # swapped in one assignment, after everything loaded: requests meanwhile use the previous build
        old, self.loaded = getattr(self, "loaded", None), Loaded(idx, searcher)
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

    def warm(self) -> None:
        """Load now what an answer would load on first use, for a server to be ready without a slow first
        request: the model's first query, jieba's tagger, pypinyin's phrases (a word that may sound like a
        corpus word: 资注) and, for an index too large to score exactly, Chroma."""
        first = next((u.text for u in self.index.units if not u.is_heading), "")
        self.ask(first[:30] + "？")  # the report's own words: the model's first query, the tagger, the rules
        pinyin("资助")
        if len(self.index.units) > EXACT_MAX_ROWS:
            self.index.collections  # noqa: B018 - opened on first use

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
        loaded = loaded or self.loaded
        tok, lex = loaded.index.tokenizer, loaded.searcher.library.lexicon
        forms = lex.short_names if lex else {}  # 江大 -> 江南大学: the name as the report writes it
        return analyse(expand(question, forms), [expand(h, forms) for h in user_turns(history)],
                       tok.words, pos_of=tok.pos)

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

    def ask(self, question, history=None, doc=None, explain: bool = False) -> dict:
        """The answer object; ``doc`` (a document id or title) answers from that document only;
        ``explain`` adds ``"why"`` (the kind, the rule that decided, the best candidates)."""
        return next(v for kind, v in self.ask_stream(question, history, doc, explain) if kind == "final")

    def ask_stream(self, question, history=None, doc=None, explain: bool = False):
        """("delta", text)… then ("final", answer object); extractive mode sends the final only.

        Small talk gets a short reply (``mode: "chat"``); two questions in one are answered as two."""
        self._check(question)
        pos = self.index.tokenizer.pos
        text = question_part(normalise(question), pos_of=pos)
        # a turn said to the assistant is small talk only when it names nothing of the report (tagged only then)
        said_to_me = addressed_smalltalk(text)
        if (talk := smalltalk(text) or (said_to_me if said_to_me and not self._names_report(text) else None)) is not None:
            yield "final", self._stamp(self._chat(question, talk), time.perf_counter())
            return
        parts = split_compound(question_part(normalise(question, join_chinese=False), pos_of=pos))
        if len(parts) > 1:
            t0, answers = time.perf_counter(), []
            for i, part in enumerate(parts):  # later parts read earlier ones as their conversation
                part = parts[i] = with_topic(part, parts[0], self._names_report, pos) if i else part
                before = list(user_turns(history)) + parts[:i]
                if i and answers[-1]["refused"] and not answers[-1].get("related") \
                        and leans_on_before(part, self.analyse(part, before).is_followup):
                    answers.append(unanswered(part))  # A市的覆盖率是多少，跟B市比呢: nothing to compare
                    continue
                answers.append(self.ask(part, before, doc, explain))
            why = {"kind": "compound", "scope": "compound", "parts": [a.get("why") for a in answers]}
            joint = one_figure_for_all(question, answers, lambda p: self.analyse(p).answer_rx)
            if joint is not None:
                why["rule"] = "one figure for all"
            yield "final", self._stamp(joint or join(question, parts, answers), t0, why if explain else None)
            return
        turn = self.read(question, history, doc, explain)
        self.retrieve(turn)
        self.decide(turn)
        yield from self.respond(turn)

    def _names_report(self, text: str) -> bool:
        """Does the text hold a noun of the report (not its people or an asking word)? 开始招生 names a doing."""
        from .answer.asked import QUESTION_WORDS
        from .answer.scope import AUDIENCE, GENERIC
        from .lang.question import FILLER

        lib, tok = self.searcher.library, self.index.tokenizer
        skip = AUDIENCE | GENERIC | FILLER | QUESTION_WORDS
        return any(len(p) >= 2 and p not in skip and lib.in_corpus(p)
                   for w, f in tok.pos(text) if f in ("vn", "l") or not f.startswith(("v", "d", "p", "c", "u", "r", "y", "a", "t"))
                   for p in ([w] if lib.in_corpus(w) else tok.tokens(w))) \
            or bool(lib.lexicon and any(x not in skip and lib.in_corpus(x) for g in lib.lexicon.everyday(text) for x in g))
        # 教育规划: 规划 is the report's; 网课: an everyday word for the report's (在线教学)

    # -- the steps ----------------------------------------------------------------------
    def read(self, question, history=None, doc=None, explain: bool = False) -> Turn:
        """Check the question, resolve ``doc``, rewrite a follow-up (LLM mode) and analyse it."""
        t0 = time.perf_counter()
        self._check(question)
        loaded = self.loaded
        doc = self.document(doc, loaded)
        standalone, deadline = question, None
        if self.llm is not None:
            # one deadline per request: the follow-up rewrite may use it, the answer gets what is left
            deadline = time.monotonic() + self.llm.timeout
            turns = user_turns(history)
            standalone = self.llm.condense(question, turns, deadline) if turns else question
        q = self.analyse(standalone, [] if standalone != question else history, loaded)
        q.original = question
        if not q.text:
            raise BadQuestion(messages.EMPTY_QUESTION)
        return Turn(question, history or [], doc, explain, t0, loaded, q, deadline)

    @staticmethod
    def retrieve(turn: Turn) -> Turn:
        turn.evidence = turn.loaded.searcher.evidence(turn.q, doc=turn.doc)
        return turn

    @staticmethod
    def decide(turn: Turn) -> Turn:
        """What is asked and the Verdict (bot/answer/route.py); the extractive answer object."""
        turn.asked, turn.verdict = decide_answer(turn.q, turn.evidence)
        turn.answer = render(turn.q, turn.verdict, turn.evidence.library)
        return turn

    def respond(self, turn: Turn):
        """("delta", text)… ("final", answer object): the extractive answer, or the model's (LLM mode)."""
        if self.llm is None:
            yield "final", self._finish(turn.answer, turn)
            return
        from .answer.llm import llm_events

        for kind, value in llm_events(self.llm, turn.q, turn.verdict, turn.evidence, turn.answer, turn.deadline):
            yield kind, self._finish(value, turn) if kind == "final" else value

    def _chat(self, question: str, talk: str) -> dict:
        """A short friendly reply to small talk, with example questions; no citations, not a refusal."""
        examples = "\n".join(f"- {q}" for q in messages.EXAMPLES[:4])
        reply = f"{messages.CHAT_REPLIES[talk]}\n\n{messages.CHAT_EXAMPLES}\n{examples}"
        if talk in ("thanks", "bye"):
            reply = messages.CHAT_REPLIES[talk]
        return {"question": question, "answer": reply, "refused": False, "mode": "chat", "citations": []}

    @staticmethod
    def _check(question) -> None:
        if not isinstance(question, str) or not question.strip():
            raise BadQuestion(messages.EMPTY_QUESTION)
        if len(question) > MAX_QUESTION_CHARS:
            raise BadQuestion(messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS))

    @staticmethod
    def _finish(out: dict, turn: Turn) -> dict:
        return Engine._stamp(out, turn.t0, turn.verdict.why(turn.asked) if turn.explain else None)

    @staticmethod
    def _stamp(out: dict, t0: float, why: dict | None = None) -> dict:
        """Every answer object leaves through here: its latency, the signed id a vote must carry
        (POST /api/feedback) and, when asked for, why it was answered so."""
        from .signing import answer_id

        out["latency_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out["answer_id"] = answer_id(out)
        if why is not None:
            out["why"] = why
        return out

    # -- LangChain seams ---------------------------------------------------------------
    def retriever(self, k: int = 8, doc=None) -> ReportRetriever:
        return ReportRetriever(searcher=self.searcher, analyse=lambda qs, h: self.analyse(qs, h), k=k,
                               doc=self.document(doc))

    def runnable(self):
        """The pipeline as runnables, the same steps as ``ask``:
        {"question", "history", "doc" (optional), "explain" (optional)} -> answer object."""
        def _read(inp):
            return self.read(inp["question"], inp.get("history"), inp.get("doc"), inp.get("explain", False))

        def _respond(turn):
            return next(v for kind, v in self.respond(turn) if kind == "final")

        from langchain_core.runnables import RunnableLambda  # LangChain users only: the CLI does not pay for it

        return (RunnableLambda(_read) | RunnableLambda(self.retrieve) | RunnableLambda(self.decide)
                | RunnableLambda(_respond))
