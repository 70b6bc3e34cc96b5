"""LLM answers through any OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, DeepSeek, Qwen, GLM…).

The model sees numbered evidence chosen by the same retrieval as the extractive
answer and writes a short answer with [n] marks, streamed. Before it is shown, the
grounding guard checks it; on any fault (timeout, refused connection, 4xx/5xx, a
cut stream) or failed check the user gets the extractive answer with a note.
Prompts are files in bot/prompts/. langchain-openai is imported only when used.
The question, its extractive verdict and answer come from the one pipeline (bot/chain.py).
"""
from __future__ import annotations

import logging
import queue
import re
import threading
import time
from importlib import resources

from .. import messages
from ..thresholds import MAX_EVIDENCE
from .grounding import problems, warm
from .render import citation

log = logging.getLogger(__name__)
NO_TIME_LEFT = "no time left"  # the follow-up rewrite used the request's whole deadline


def prompt(name: str) -> str:
    return resources.files("bot").joinpath(f"prompts/{name}.txt").read_text(encoding="utf-8")


class LLMFault(RuntimeError):
    pass


class LLMAnswerer:
    def __init__(self, settings):
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as e:  # pragma: no cover - listed in requirements.txt
            raise RuntimeError("LLM 模式需要 langchain-openai：pip install langchain-openai") from e
        self.settings = settings
        self.timeout = float(settings.llm_timeout_s)
        self.model = ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model or "default",
                                api_key=settings.llm_api_key or "none", timeout=self.timeout, max_retries=0,
                                temperature=0)
        self.system = prompt("answer_system")
        warm()  # the guard's dictionaries load at start, not within the first answer's deadline

    def _scrub(self, text: str) -> str:
        key = self.settings.llm_api_key
        return text.replace(key, "***") if key else text

    def condense(self, question: str, history: list[str], deadline: float | None = None) -> str:
        """A standalone question from a follow-up; the question itself on any fault.

        ``deadline`` (time.monotonic()) is the request's: the rewrite may use all of it, and the
        answer gets only what is left (one BOT_LLM_TIMEOUT_S per request, not one per call)."""
        if not history:
            return question
        left = (deadline if deadline is not None else time.monotonic() + self.timeout) - time.monotonic()
        if left <= 0:
            return question
        try:
            msg = prompt("condense").format(history="\n".join(f"- {h}" for h in history[-4:]), question=question)
            out = self.model.invoke([("user", msg)], timeout=left).content.strip()
            return out if 0 < len(out) <= 200 else question
        except Exception as e:  # noqa: BLE001 - any endpoint fault falls back
            log.warning("LLM 改写追问失败（%s），使用原问题", self._scrub(f"{type(e).__name__}: {e}")[:200])
            return question

    def stream(self, question: str, citations: list[dict], deadline: float):
        """Yield text deltas; raise LLMFault on any endpoint fault or when the deadline passes.

        The endpoint is read in a worker thread, so the deadline holds even when the model sends
        a chunk every few seconds (httpx's timeout bounds each read, not the whole answer)."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise LLMFault(NO_TIME_LEFT)
        evidence = "\n".join(f"[{c['n']}] {c['quote']}" for c in citations)
        msgs = [("system", self.system), ("user", prompt("answer_user").format(evidence=evidence, question=question))]
        chunks: queue.Queue = queue.Queue()
        stop = threading.Event()

        def pump():
            try:
                for chunk in self.model.stream(msgs, timeout=left):
                    if stop.is_set():
                        return
                    if chunk.content:
                        chunks.put(("text", chunk.content))
                chunks.put(("end", None))
            except Exception as e:  # noqa: BLE001 - timeouts, refused connections, 4xx/5xx, cut streams
                chunks.put(("error", e))

        threading.Thread(target=pump, name="llm-stream", daemon=True).start()
        try:
            while True:
                try:
                    kind, value = chunks.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise LLMFault("timeout") from None
                if kind == "end":
                    return
                if kind == "error":
                    raise LLMFault(self._scrub(f"{type(value).__name__}: {value}")[:300]) from value
                yield value
        finally:
            stop.set()  # the worker drops the connection at its next chunk

    def check(self, text: str, citations: list[dict]) -> list[str]:
        return problems(text, citations, self.system)


def _complete_upto(text: str) -> int:
    """End of the last whole sentence (with its [n] marks) in a partial answer."""
    end = 0
    for m in re.finditer(r"[。！？!?\n]+(?:\s*\[\d+\])*(?=[^\s\[\d\]])", text):  # its marks have arrived
        end = m.end()
    return end


def llm_events(llm: LLMAnswerer, q, verdict, ev, extractive: dict, deadline: float | None = None):
    """Events for one question in LLM mode: ("delta", text)…, then ("final", answer object without latency).

    ``verdict`` and ``extractive`` are the extractive answer to the same evidence ``ev``: refused, the model
    is not called; on a fault or a failed check it is the answer, with a note. ``deadline``
    (time.monotonic()): the request's, shared with the follow-up rewrite (now + timeout when not given)."""
    if verdict.refused:  # no evidence: refuse without calling the model
        yield "final", extractive
        return
    chosen = list(verdict.hits)
    for h in ev.hits:
        if len(chosen) >= MAX_EVIDENCE:
            break
        if h not in chosen and not h.unit.is_heading:
            chosen.append(h)
    cites = [citation(i + 1, h, ev.library) for i, h in enumerate(chosen)]
    if deadline is None:
        deadline = time.monotonic() + llm.timeout
    parts: list[str] = []
    sent = 0  # characters already released: only whole sentences that pass the guard go out
    try:
        for delta in llm.stream(q.original, cites, deadline):
            parts.append(delta)
            text = "".join(parts)
            done = _complete_upto(text)
            if done > sent:
                if llm.check(text[:done], cites):
                    raise LLMFault("unverified")
                yield "delta", text[sent:done]
                sent = done
    except LLMFault as e:
        unverified = str(e) == "unverified"
        if str(e) == NO_TIME_LEFT:
            log.info("请求时限已用完（追问改写），改用抽取式答案")
        elif not unverified:
            log.warning("LLM 调用失败，改用抽取式答案：%s", e)
        extractive["note"] = messages.LLM_WITHHELD if unverified else messages.LLM_UNAVAILABLE
        yield "final", extractive
        return
    text = "".join(parts).strip()
    issues = llm.check(text, cites) if text else ["空回答"]
    if issues:
        log.info("生成的回答未通过核对，已改用抽取式答案：%s", "；".join(issues[:3]))
        extractive["note"] = messages.LLM_WITHHELD
        yield "final", extractive
        return
    if len(text) > sent:
        yield "delta", "".join(parts)[sent:]
    used = sorted({int(n) for n in re.findall(r"\[(\d+)\]", text)})
    refused = text.startswith("报告中没有找到") or text.lower().startswith("the report does not")
    answer = {"question": q.original, "answer": text, "refused": refused, "mode": "llm",
              "citations": [c for c in cites if c["n"] in used] or cites}
    yield "final", answer
