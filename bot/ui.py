"""The chat page (Gradio Blocks): ask, read the cited answer, open its section, vote.

``create_ui(engine, store)`` builds the page; ``mount_ui(app, engine, store)`` mounts it
at ``/`` of the FastAPI app with the theme and CSS. Launching is ``app.py``'s job.

The chat handler ``respond`` is a generator: it shows a placeholder, then the answer with
its numbered sources at once (in LLM mode, verified sentences as the model writes them, then
the checked answer in their place). The conversation is the session's server-side state;
the chat component is never an input, so nothing a client sends is shown back as a
component value (a forged "file" message cannot make Gradio serve a file). Everything
that came from the user or the report is escaped before Markdown rendering, so it is
shown as text; an extractive answer keeps only its own bullets and bold heading line
(``md_answer``). Fonts are the system's (no web font, no CDN). A question counts
against the same per-client rate limit as ``/api/*``; the Gradio queue is bounded.

Not here: the HTTP API (bot/api.py), storage (bot/feedback.py).
"""
from __future__ import annotations

import html
import logging
import os
import re

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from . import messages  # noqa: E402
from .chain import MAX_QUESTION_CHARS, BadQuestion  # noqa: E402
from .gradio_guard import event_inputs  # noqa: E402
from .guard import clean_text, client_key  # noqa: E402

log = logging.getLogger(__name__)

CJK_FONTS = ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei", "sans-serif"]
MONO_FONTS = ["SFMono-Regular", "Consolas", "DejaVu Sans Mono", "monospace"]
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
MD_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")
BOLD_LINE = re.compile(r"^\*\*([^*\n]+)\*\*$")
BULLET = re.compile(r"^- (.*)$")

CSS = """
.gradio-container { max-width: 880px !important; margin: 0 auto !important; }
#app-header { padding: 18px 4px 6px; border-bottom: 3px solid var(--color-accent); margin-bottom: 4px; }
#app-header h1 { margin: 0 0 6px; font-size: 1.6rem; line-height: 1.3; color: var(--body-text-color); }
#app-header p { margin: 0; color: var(--body-text-color-subdued); font-size: 0.95rem; line-height: 1.6; }
#section-view .section-label { font-weight: 600; margin-bottom: 8px; }
#section-view .section-text { line-height: 1.9; font-size: 0.95rem; white-space: pre-wrap; }
#section-view mark { background: #fde68a; color: inherit; padding: 1px 0; border-radius: 2px; }
#section-view .hint { color: var(--body-text-color-subdued); }
#question button.submit-button, #question button[aria-label] { background: var(--button-primary-background-fill) !important;
  color: var(--button-primary-text-color) !important; }
#clear { max-width: 160px; margin-left: auto; }
#app-footer { text-align: center; color: var(--body-text-color-subdued); font-size: 0.85rem; padding: 8px 0 16px; }
@media (max-width: 480px) {
  #app-header h1 { font-size: 1.3rem; }
  .gradio-container { padding: 0 8px !important; }
}
"""
PAGE_JS = "() => { document.documentElement.lang = 'zh-CN'; }"


def md_text(s: str) -> str:
    """Text -> Markdown that renders as exactly that text.

    ``'<b>*x*</b>'`` -> ``'&lt;b&gt;\\*x\\*&lt;/b&gt;'``
    """
    return MD_SPECIAL.sub(r"\\\1", html.escape(s, quote=False))


def md_answer(text: str) -> str:
    """An extractive answer as Markdown: its ``- `` bullets and a whole ``**heading**`` line stay
    Markdown, everything else (the report's sentences, a question echoed in a refusal) is text.

    ``'**标题**\\n- <img src=x>[1]'`` -> ``'**标题**\\n- &lt;img src=x&gt;\\\\[1\\\\]'``
    """
    out = []
    for line in text.split("\n"):
        bold, bullet = BOLD_LINE.match(line), BULLET.match(line)
        out.append(f"**{md_text(bold.group(1))}**" if bold else
                   "- " + md_text(bullet.group(1)) if bullet else md_text(line))
    return "\n".join(out)


def md_plain(s: str) -> str:
    """Inverse of ``md_text``: ``md_plain(md_text(s)) == s``."""
    return html.unescape(MD_UNESCAPE.sub(r"\1", s))


def render_answer(ans: dict) -> str:
    """Answer Markdown + its numbered sources (section label + quote) as text."""
    head = messages.RELATED if ans.get("refused") else messages.SOURCES
    # generated text is shown as text; the report's own sentences keep their Markdown bullets
    lines = [md_text(ans["answer"]) if ans.get("mode") == "llm" else md_answer(ans["answer"])]
    if ans.get("note"):
        lines.insert(0, f"*{md_text(ans['note'])}*\n")
    if ans.get("citations"):
        lines += ["", f"**{head}**"]
        for c in ans["citations"]:
            lines += ["", f"\\[{c['n']}\\] {md_text(c['section'])}", f"> {md_text(c['quote'])}"]
    return "\n".join(lines)


def citation_choices(ans: dict) -> list[tuple[str, str]]:
    return [(f"[{c['n']}] {c['section']}", f"{c['doc']}|{c['section_id']}|{c['start']}|{c['end']}")
            for c in ans.get("citations", [])]


def section_html(index, choice: str | None) -> str:
    """The whole section of a citation, escaped, with the quoted sentence in <mark>."""
    if not choice:
        return f'<div id="section-hint" class="hint">{html.escape(messages.VIEWER_EMPTY)}</div>'
    doc_id, section_id, start, end = choice.split("|")
    doc = index.docs.get(doc_id)
    item = doc.section(section_id) if doc else None
    if item is None:
        return f'<div class="hint">{html.escape(messages.VIEWER_EMPTY)}</div>'
    start, end = max(int(start), item.start), min(int(end), item.end)
    text = doc.text
    body = (html.escape(text[item.start:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
            + html.escape(text[end:item.end]))
    return (f'<div class="section-label">{html.escape(doc.title)} › {html.escape(item.label)}</div>'
            f'<div class="section-text">{body}</div>')


MAX_SHOWN_MESSAGES = 200  # a session's conversation is kept server-side; the oldest turns go first


def new_state() -> dict:
    """A session's conversation, kept on the server: nothing the browser sends is shown back.

    ``messages``: what the chat shows (Markdown the server rendered); ``turns``: the user's questions
    as typed (for follow-ups); ``answers``: message index -> answer object (for votes);
    ``choices``: the source picker's values for the latest answer.
    """
    return {"messages": [], "turns": [], "answers": {}, "choices": []}


def _shown(state: dict) -> list[dict]:
    return [dict(m) for m in state["messages"]]


class ChatHandlers:
    """The page's event handlers, separate from the layout so tests can call them directly.

    The chat component is an output only: the conversation lives in the session's ``gr.State``
    on the server, so a forged history (a "file" message naming /etc/passwd, a fake answer)
    can never be returned as a component value.
    """

    def __init__(self, engine, store=None, limiter=None):
        self.engine, self.store, self.limiter = engine, store, limiter

    def respond(self, message: str, state: dict | None, request: gr.Request = None):
        """Generator: (textbox, chat, state, source picker, section view) updates."""
        state = _copy_state(state)
        question = clean_text(message if isinstance(message, str) else "").strip()
        if not question:  # an empty Enter does nothing
            yield gr.update(), gr.update(), state, gr.update(), gr.update()
            return
        if len(question) > MAX_QUESTION_CHARS:
            raise gr.Error(messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS), duration=6, title=messages.NOTICE)
        if self.limiter is not None and request is not None:
            wait = self.limiter.hit(client_key(getattr(request.client, "host", None)))
            if wait:
                raise gr.Error(messages.RATE_LIMITED.format(seconds=wait), duration=6, title=messages.NOTICE)
        earlier = list(state["turns"])
        state["messages"] += [{"role": "user", "content": md_text(question)},
                              {"role": "assistant", "content": messages.THINKING}]
        yield "", _shown(state), state, gr.update(), gr.update()
        try:
            ans = None
            for kind, value in self.engine.ask_stream(question, earlier):
                if kind == "delta":  # LLM mode: verified sentences as they come
                    shown = state["messages"][-1]["content"]
                    shown = "" if shown == messages.THINKING else shown
                    state["messages"][-1] = {"role": "assistant", "content": shown + md_text(value)}
                    yield "", _shown(state), state, gr.update(), gr.update()
                else:
                    ans = value
        except BadQuestion as e:
            state["messages"] = state["messages"][:-2]
            raise gr.Error(str(e), duration=6, title=messages.NOTICE)
        except Exception:  # noqa: BLE001 - the user gets a Chinese message, the log the details
            log.exception("page question failed")
            state["messages"] = state["messages"][:-2]
            raise gr.Error(messages.INTERNAL_ERROR, duration=6, title=messages.NOTICE)
        if ans.get("refused") and self.store is not None:
            self.store.refusal(question, channel="page")
        # the final answer replaces whatever was streamed (a withheld LLM answer is retracted here)
        state["messages"][-1] = {"role": "assistant", "content": render_answer(ans)}
        state["turns"].append(question)
        state["answers"][len(state["messages"]) - 1] = ans
        _trim(state)
        state["choices"] = [v for _, v in citation_choices(ans)]
        first = state["choices"][0] if state["choices"] else None
        yield ("", _shown(state), state, gr.update(choices=citation_choices(ans), value=first),
               section_html(self.engine.index, first))

    def like(self, data: gr.LikeData, state: dict, request: gr.Request):
        """👍/👎 on an answer -> one row in feedback.db (a second vote on it replaces the first)."""
        if self.store is None:
            return
        index = data.index if isinstance(data.index, int) else -1
        ans = (state or new_state())["answers"].get(index)
        vote = {True: "up", "Like": "up", "赞": "up", False: "down", "Dislike": "down", "踩": "down"}.get(data.liked)
        if ans is None or vote is None:
            return
        session = getattr(request, "session_hash", None) or "anon"
        self.store.vote(vote, ans["question"], ans["answer"], ans["citations"], refused=ans["refused"],
                        channel="page", session_key=f"{session}:{index}")
        gr.Info(messages.FEEDBACK_THANKS, duration=2, title=messages.NOTICE)

    def show_section(self, choice, state: dict | None):
        """Only a source of the latest answer can be opened (the value comes from the browser)."""
        allowed = (state or new_state())["choices"]
        return section_html(self.engine.index, choice if choice in allowed else None)

    def clear(self):
        return "", [], new_state(), gr.update(choices=[], value=None), section_html(self.engine.index, None)


def _copy_state(state) -> dict:
    """A fresh copy of the session's state (Gradio hands the same object to concurrent events)."""
    base = state if isinstance(state, dict) and "messages" in state else new_state()
    return {"messages": list(base["messages"]), "turns": list(base["turns"]),
            "answers": dict(base["answers"]), "choices": list(base["choices"])}


def _trim(state: dict) -> None:
    """Keep the newest MAX_SHOWN_MESSAGES messages; answer indexes shift with them."""
    drop = len(state["messages"]) - MAX_SHOWN_MESSAGES
    if drop > 0:
        drop += drop % 2  # whole turns
        state["messages"] = state["messages"][drop:]
        state["answers"] = {i - drop: a for i, a in state["answers"].items() if i >= drop}
        state["turns"] = state["turns"][-MAX_SHOWN_MESSAGES // 2:]


def create_ui(engine, store=None, limiter=None) -> gr.Blocks:
    titles = "》《".join(d.title for d in engine.index.docs.values())
    h = ChatHandlers(engine, store, limiter=limiter)

    with gr.Blocks(title=messages.APP_TITLE, analytics_enabled=False) as demo:
        gr.HTML(f"<h1>{html.escape(messages.APP_TITLE)}</h1>"
                f"<p>{html.escape(messages.APP_INTRO.format(title=titles))}</p>",
                elem_id="app-header", apply_default_css=False)
        chatbot = gr.Chatbot(label=messages.CHAT_LABEL, show_label=False, elem_id="chat", height=None,
                             min_height=340, max_height="68vh", placeholder=messages.CHAT_PLACEHOLDER, buttons=["copy"],
                             feedback_options=("Like", "Dislike"), layout="bubble")
        msg = gr.Textbox(placeholder=messages.INPUT_PLACEHOLDER, show_label=False, elem_id="question",
                         max_length=MAX_QUESTION_CHARS, submit_btn=messages.SEND, lines=1, max_lines=4)
        examples = gr.Examples(examples=[[q] for q in messages.EXAMPLES], inputs=[msg],
                               label=messages.EXAMPLES_LABEL, examples_per_page=len(messages.EXAMPLES),
                               elem_id="examples")
        with gr.Accordion(messages.VIEWER_TITLE, open=False, elem_id="viewer"):
            pick = gr.Dropdown(label=messages.VIEWER_PICK, choices=[], value=None, elem_id="source-pick",
                               interactive=True)
            viewer = gr.HTML(section_html(engine.index, None), elem_id="section-view")
        clear_btn = gr.Button(messages.CLEAR, variant="secondary", size="sm", elem_id="clear")
        gr.HTML(f"<div>{html.escape(messages.APP_FOOTER)}</div>", elem_id="app-footer",
                apply_default_css=False)
        state = gr.State(new_state())

        outputs = [msg, chatbot, state, pick, viewer]
        # the chat is never an input: the conversation shown is the server's own (state)
        msg.submit(h.respond, [msg, state], outputs, api_name="ask",
                   api_description="提问：返回更新后的对话（答案 + 来源）")
        examples.load_input_event.then(h.respond, [msg, state], outputs, api_visibility="private")
        chatbot.like(h.like, [state], None, api_visibility="private")
        pick.input(h.show_section, [pick, state], [viewer], api_visibility="private")
        clear_btn.click(h.clear, None, outputs, api_visibility="private")
        chatbot.clear(h.clear, None, outputs, api_visibility="private")
    return demo


def theme() -> gr.themes.Base:
    return gr.themes.Default(primary_hue="blue", secondary_hue="sky", neutral_hue="slate",
                             font=CJK_FONTS, font_mono=MONO_FONTS)


def mount_ui(app, engine, store=None, path: str = "/", settings=None, limiter=None):
    """Mount the page on a FastAPI app (after its own routes, which keep priority).

    ``settings`` bounds Gradio's queue (``queue_size`` waiting, ``ui_concurrency`` answering at once);
    ``limiter`` is the API's per-client rate limiter, so the page and ``/api/*`` share one budget.
    """
    demo = create_ui(engine, store, limiter)
    app.state.gradio_inputs = event_inputs(demo)  # bot/gradio_guard.py checks queue joins against these
    if settings is not None:
        demo.queue(max_size=settings.queue_size, default_concurrency_limit=settings.ui_concurrency)
    return gr.mount_gradio_app(app, demo, path=path, theme=theme(), css=CSS, js=PAGE_JS, footer_links=[],
                               run_history=False, ssr_mode=False, mcp_server=False, pwa=False,
                               show_error=False, enable_monitoring=False,
                               root_path=getattr(settings, "public_url", "") or None)  # BOT_PUBLIC_URL: never the request's host
