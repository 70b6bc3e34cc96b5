"""The chat page (Gradio Blocks): ask, read the cited answer, open its sources, follow up, vote.

``create_ui(engine, store)`` builds the page; ``mount_ui(app, engine, store)`` mounts it at ``/``
of the FastAPI app with the theme, CSS (bot/static/page.css) and script (bot/static/page.js).
Launching is ``app.py``'s job.

The conversation is the session's server-side state, rendered by bot/page_view.py into one
HTML component; no component that shows it is ever an input, so nothing a client sends is
shown back (a forged "file" message cannot make Gradio serve a file). The handler ``respond``
is a generator: the question with a placeholder, then the whole answer with its source cards
and suggested follow-ups (bot/suggest.py) at once (in LLM mode, verified sentences as the
model writes them, then the checked answer in their place). A vote is a click event on the
conversation carrying only a turn number and up/down, checked against the state.

Errors never block the page: every event runs with ``show_progress="hidden"`` (no status
overlay on the conversation or the input), the textbox keeps a question that was not
answered, and page.js shows Gradio's messages as a short Chinese notice that goes away by
itself. A question counts against the same per-client rate limit as ``/api/*``.

Not here: the HTTP API (bot/api.py), the HTML of the conversation (bot/page_view.py), storage.
"""
from __future__ import annotations

import html
import json
import logging
from importlib import resources

from . import gradio_import, messages
from .chain import MAX_QUESTION_CHARS, BadQuestion
from .gradio_guard import event_inputs
from .guard import clean_text, client_key
from .page_view import conversation_html
from .suggest import suggest

gr = gradio_import.load()  # without Gradio's import-time stub rewriting (1.3 s): bot/gradio_import.py

log = logging.getLogger(__name__)

CJK_FONTS = ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei", "sans-serif"]
MONO_FONTS = ["SFMono-Regular", "Consolas", "DejaVu Sans Mono", "monospace"]
MAX_TURNS = 100  # a session's conversation is kept server-side; the oldest turns go first
HEAD = '<link rel="icon" href="favicon.svg" type="image/svg+xml">'
# the conversation's own script (Gradio's js_on_load): votes go to the server, updates to page.js
CONV_JS = """
element.addEventListener('click', (e) => {
  const b = e.target.closest('button.qa-vote');
  if (b && element.contains(b)) trigger('click', {vote: b.dataset.vote, turn: Number(b.dataset.turn)});
});
watch('value', () => element.dispatchEvent(new CustomEvent('qa:updated', {bubbles: true})));
"""
# what page.js shows: Chinese, from bot/messages.py
PAGE_TEXT = {
    "tooLong": messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS), "limit": MAX_QUESTION_CHARS,
    "counter": messages.COUNTER, "offline": messages.PAGE_OFFLINE, "busy": messages.BUSY,
    "error": messages.INTERNAL_ERROR, "newAnswer": messages.NEW_ANSWER, "copied": messages.COPIED,
    "copyFailed": messages.COPY_FAILED, "failed": messages.NOT_ANSWERED, "close": messages.CLOSE,
    "labels": messages.GRADIO_LABELS,
}


def static_text(name: str) -> str:
    return resources.files("bot").joinpath("static", name).read_text(encoding="utf-8")


def new_state() -> dict:
    """A session's conversation, kept on the server: ``turns`` (each ``id``, ``question`` as typed,
    ``answer`` object or None while pending, ``partial`` streamed text, ``suggestions``, ``vote``)."""
    return {"turns": [], "next_id": 1}


def _copy_state(state) -> dict:
    """A fresh copy of the session's state (Gradio hands the same object to concurrent events)."""
    base = state if isinstance(state, dict) and isinstance(state.get("turns"), list) else new_state()
    return {"turns": [dict(t) for t in base["turns"]], "next_id": base.get("next_id", len(base["turns"]) + 1)}


class ChatHandlers:
    """The page's event handlers, separate from the layout so tests can call them directly."""

    def __init__(self, engine, store=None, limiter=None):
        self.engine, self.store, self.limiter = engine, store, limiter

    def render(self, state: dict) -> str:
        return conversation_html(state["turns"], self.engine.index.docs)

    def respond(self, message: str, state: dict | None, request: gr.Request = None):
        """Generator: (textbox, conversation HTML, state, answer object, follow-ups, new-conversation button).

        The answer object (bot/api.py's, ``answer_id`` included) and the list of suggested follow-up
        questions are for programs asking through ``/ask``; the page shows both in the conversation."""
        state = _copy_state(state)
        question = clean_text(message if isinstance(message, str) else "").strip()
        if not question:  # an empty Enter does nothing
            yield gr.update(), gr.update(), state, gr.update(), gr.update(), gr.update()
            return
        if len(question) > MAX_QUESTION_CHARS:
            raise gr.Error(messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS), duration=6, title=messages.NOTICE)
        if self.limiter is not None and request is not None:
            wait = self.limiter.hit(client_key(getattr(request.client, "host", None)))
            if wait:  # before anything changes: the question stays in the box
                raise gr.Error(messages.RATE_LIMITED.format(seconds=wait), duration=6, title=messages.NOTICE)
        earlier = [t["question"] for t in state["turns"] if t.get("answer") is not None]
        turn = {"id": state["next_id"], "question": question, "answer": None, "partial": "", "suggestions": [],
                "vote": None}
        state["next_id"] += 1
        state["turns"].append(turn)
        yield "", self.render(state), state, None, [], gr.update(interactive=True)
        try:
            ans = None
            for kind, value in self.engine.ask_stream(question, earlier):
                if kind == "delta":  # LLM mode: verified sentences as they come
                    turn["partial"] += value
                    yield "", self.render(state), state, None, [], gr.update()
                else:
                    ans = value
        except Exception as e:  # noqa: BLE001 - the user gets a Chinese message, the log the details
            state["turns"].pop()
            if not isinstance(e, BadQuestion):
                log.exception("page question failed")
            # the question goes back into the box, the conversation is as it was
            yield question, self.render(state), state, None, [], gr.update(interactive=bool(state["turns"]))
            raise gr.Error(str(e) if isinstance(e, BadQuestion) else messages.INTERNAL_ERROR, duration=6,
                           title=messages.NOTICE) from None
        if ans.get("refused") and self.store is not None:
            self.store.refusal(question, channel="page")
        # the final answer replaces whatever was streamed (a withheld LLM answer is retracted here)
        turn.update(answer=ans, partial="",
                    suggestions=suggest(self.engine.index.docs, ans, earlier + [question]))
        del state["turns"][:-MAX_TURNS]
        yield "", self.render(state), state, ans, turn["suggestions"], gr.update()

    def vote(self, state: dict | None, evt: gr.EventData, request: gr.Request = None):
        """👍/👎 on an answer -> one row in feedback.db (a second vote on it replaces the first)."""
        state = _copy_state(state)
        data = getattr(evt, "_data", None) or {}
        vote = data.get("vote") if data.get("vote") in ("up", "down") else None
        turn = next((t for t in state["turns"] if t["id"] == data.get("turn") and t.get("answer")), None)
        if vote is None or turn is None or isinstance(data.get("turn"), bool):
            return gr.update(), state
        ans = turn["answer"]
        if self.store is not None:
            session = getattr(request, "session_hash", None) or "anon"
            self.store.vote(vote, ans["question"], ans["answer"], ans["citations"], refused=ans["refused"],
                            channel="page", session_key=f"{session}:{turn['id']}")
        turn["vote"] = vote
        return self.render(state), state

    def clear(self):
        state = new_state()
        return "", self.render(state), state, None, [], gr.update(interactive=False)


def create_ui(engine, store=None, limiter=None) -> gr.Blocks:
    titles = "》《".join(d.title for d in engine.index.docs.values())
    h = ChatHandlers(engine, store, limiter=limiter)

    with gr.Blocks(title=messages.APP_TITLE, analytics_enabled=False) as demo:
        with gr.Row(elem_id="top", equal_height=False):
            gr.HTML(f"<h1>{html.escape(messages.APP_TITLE)}</h1>"
                    f"<p>{html.escape(messages.APP_INTRO.format(title=titles))}</p>",
                    elem_id="app-header", apply_default_css=False, js_on_load=None)
            new_btn = gr.Button(messages.NEW_CHAT, variant="secondary", size="sm", elem_id="new-chat",
                                interactive=False, scale=0, min_width=72)
        conv = gr.HTML(h.render(new_state()), elem_id="conv", apply_default_css=False, js_on_load=CONV_JS)
        msg = gr.Textbox(placeholder=messages.INPUT_PLACEHOLDER, label=messages.INPUT_LABEL, show_label=False,
                         elem_id="question", submit_btn=messages.SEND, lines=1, max_lines=4)
        gr.HTML('<div id="qa-counter" class="qa-counter" aria-live="polite"></div>', elem_id="counter",
                apply_default_css=False, js_on_load=None)
        gr.HTML(f"<div>{html.escape(messages.APP_FOOTER)}</div>", elem_id="app-footer",
                apply_default_css=False, js_on_load=None)
        state = gr.State(new_state())
        # for programs using /ask: the newest answer object and its follow-ups (the page shows both in conv)
        answer, follow_ups = gr.JSON(visible=False), gr.JSON(visible=False)

        outputs = [msg, conv, state, answer, follow_ups, new_btn]
        quiet = {"show_progress": "hidden"}  # no status overlay over the conversation or the input, ever
        # the conversation is never an input: what it shows is the server's own (state)
        msg.submit(h.respond, [msg, state], outputs, api_name="ask",
                   api_description="提问：返回更新后的对话（答案 + 来源）", **quiet)
        conv.click(h.vote, [state], [conv, state], api_visibility="private", **quiet)
        new_btn.click(h.clear, None, outputs, api_visibility="private", **quiet)
    return demo


def theme() -> gr.themes.Base:
    return gr.themes.Default(primary_hue="blue", secondary_hue="sky", neutral_hue="slate",
                             font=CJK_FONTS, font_mono=MONO_FONTS)


def page_script() -> str:
    """page.js with its Chinese strings (bot/messages.py) in front."""
    return f"window.__qaText = {json.dumps(PAGE_TEXT, ensure_ascii=False)};\n{static_text('page.js')}"


def mount_ui(app, engine, store=None, path: str = "/", settings=None, limiter=None):
    """Mount the page on a FastAPI app (after its own routes, which keep priority).

    ``settings`` bounds Gradio's queue (``queue_size`` waiting, ``ui_concurrency`` answering at once);
    ``limiter`` is the API's per-client rate limiter, so the page and ``/api/*`` share one budget.
    """
    demo = create_ui(engine, store, limiter)
    app.state.gradio_inputs = event_inputs(demo)  # bot/gradio_guard.py checks queue joins against these
    if settings is not None:
        demo.queue(max_size=settings.queue_size, default_concurrency_limit=settings.ui_concurrency)
    return gr.mount_gradio_app(app, demo, path=path, theme=theme(), css=static_text("page.css"), js=page_script(),
                               head=HEAD, footer_links=[], run_history=False, ssr_mode=False, mcp_server=False,
                               pwa=False, show_error=False, enable_monitoring=False,
                               root_path=getattr(settings, "public_url", "") or None)  # BOT_PUBLIC_URL: never the request's host
