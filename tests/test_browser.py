"""Headless Chromium (Debian's /usr/bin/chromium driven by Playwright) against the real server.

The page, at 1280×900 and on a 390×844 phone, in an English-speaking browser: a conversation of
five questions (a list answer among them) in which every new answer's top is in view, its sources
one card per section; [1] opens its source in an older answer; copy gives plain text; a suggested
follow-up is answered; 👍 lands in SQLite; an empty Enter, a 429 (a second server with a tight
rate limit), a lost server and a 722-character paste leave the conversation and the input usable,
with a short Chinese notice; a reader who scrolled up is not moved; nothing in English; /docs and
/redoc render from this server. Embedding (examples/embed.html from another 127.0.0.1 port): the
widget does the same conversation, starts over, and on an origin that is not allowed shows a
neutral notice while the console names the origin to allow. Every request the browser makes is
recorded: none may leave 127.0.0.1. Screenshots of each state go to test-artifacts/.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import REPO, AppProcess, free_port, serve_in_process

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}
QUESTION = "上半年资助了多少学生？"
QUOTE = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"
LIST_QUESTION = "下半年在高教职教方面有哪些计划？"
LIST_FIRST_QUOTE = "东南大学无锡国际校区力争完成鲁汶学院改造工程，启动建设微纳平台大楼。"
CONVERSATION = [QUESTION, LIST_QUESTION, "普惠性幼儿园覆盖率达到多少？", "下半年如何做好学生近视防控？",
                "疫情期间向多少中小学生提供了在线教学？"]
WIDGET = "#report-qa-widget"  # Playwright's CSS selectors pierce the widget's open shadow root
SIZES = {"desktop": {"width": 1280, "height": 900},
         "phone": {"width": 390, "height": 844, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(width, height, **context options) -> page, in an English-speaking browser (the page
    must be Chinese anyway); afterwards, no request left 127.0.0.1."""
    contexts, urls = [], []

    def make(width=1280, height=900, locale="en-US", **options):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale=locale, **options)
        ctx.on("request", lambda r: urls.append(r.url))
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("websocket", lambda ws: urls.append(ws.url))
        page.set_default_timeout(20_000)
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert urls, "no request recorded"
    outside = [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"]
    assert not outside, f"requests to outside hosts: {outside}"


def serve_site(root: Path, port: int):
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def embed_root(server, tmp_path_factory) -> Path:
    """examples/embed.html, pointed at the test server."""
    root = tmp_path_factory.mktemp("site")
    html = (REPO / "examples" / "embed.html").read_text(encoding="utf-8")
    assert 'src="http://127.0.0.1:7860/"' in html and 'src="http://127.0.0.1:7860/widget.js"' in html
    (root / "index.html").write_text(html.replace("http://127.0.0.1:7860", server.base), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def allowed_site(server, embed_root):
    httpd = serve_site(embed_root, server.allowed_port)
    yield f"http://127.0.0.1:{server.allowed_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def other_site(embed_root):
    port = free_port()
    httpd = serve_site(embed_root, port)
    yield f"http://127.0.0.1:{port}/"
    httpd.shutdown()


def wait_for_row(db: Path, sql: str, args=(), timeout_s: float = 10):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(db) as con:
                row = con.execute(sql, args).fetchone()
            if row:
                return row
        time.sleep(0.2)
    pytest.fail(f"no row for {sql} {args}")


# -- the page: helpers ------------------------------------------------------------------------------
def open_chat(open_page, base: str, size: str = "desktop", **options):
    page = open_page(**SIZES[size], **options)
    page.goto(base + "/")
    expect(page.locator("#question textarea")).to_be_visible()
    expect(page.locator("#conv .qa-scroll")).to_be_visible()
    return page


def answers(page):
    return page.locator('#conv .qa-a[data-state="done"]')


def ask_on_page(page, question: str) -> None:
    """Type a question, press Enter, wait for its whole answer."""
    n = answers(page).count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(answers(page)).to_have_count(n + 1)
    expect(page.locator("#conv .qa-q-text").last).to_have_text(question)


IN_VIEW = """([scroller, target]) => {
    // the target's top line inside the visible part of its scroll box (and of the window)
    const s = scroller.getBoundingClientRect(), t = target.getBoundingClientRect();
    const top = Math.max(s.top, 0), bottom = Math.min(s.bottom, window.innerHeight);
    return {top: t.top, visibleTop: top, visibleBottom: bottom, ok: t.top >= top - 1 && t.top + 16 <= bottom};
}"""


def newest_answer_in_view(page) -> dict:
    return page.evaluate(f"() => ({IN_VIEW})([document.querySelector('#conv .qa-scroll'), "
                         "Array.from(document.querySelectorAll('#conv .qa-a')).pop()])")


def card_labels(answer) -> list[str]:
    return answer.locator(".qa-card-label").all_inner_texts()


def no_overlay_on(page, selector: str) -> bool:
    """Nothing covers the middle of the element (a Gradio error pill or toast once did)."""
    return page.evaluate("""sel => { const e = document.querySelector(sel), r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return e === hit || e.contains(hit); }""", selector)


def english_on_page(page, content: str) -> list[str]:
    """Every label, name, title or piece of interface text with a Latin word (the report's own text,
    in ``content``, is not interface)."""
    return page.evaluate("""content => {
        const out = [];
        const roots = [document];
        document.querySelectorAll('*').forEach(e => { if (e.shadowRoot) roots.push(e.shadowRoot); });
        for (const root of roots) {
            for (const e of root.querySelectorAll('*')) {
                for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
                    const v = e.getAttribute(a);
                    if (v && /[A-Za-z]{2,}/.test(v)) out.push(`${e.tagName}[${a}]=${v}`);
                }
                if (e.closest && e.closest(content)) continue;
                for (const n of e.childNodes) {
                    if (n.nodeType !== 3 || !/[A-Za-z]{2,}/.test(n.textContent)) continue;
                    const st = getComputedStyle(e);
                    if (st.display === 'none' || st.visibility === 'hidden' || !e.getClientRects().length) continue;
                    if (['STYLE', 'SCRIPT'].includes(e.tagName)) continue;
                    out.push(`${e.tagName}: ${n.textContent.trim().slice(0, 80)}`);
                }
            }
        }
        if (/[A-Za-z]{2,}/.test(document.title)) out.push('title: ' + document.title);
        return out;
    }""", content)


CONTENT = ".qa-q-text, .qa-a-text, .qa-card-label, .qa-card-quotes, .qa-card-text, .qa-card-title, .qa-ask, .qa-copy[data-copy]"


# -- the page -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_conversation_of_five_questions_follows_every_answer(open_page, server, artifacts, size):
    page = open_chat(open_page, server.base, size, permissions=["clipboard-read", "clipboard-write"])
    examples = page.locator("#conv .qa-examples .qa-ask")
    expect(examples).to_have_count(6)
    last = examples.last.bounding_box()
    assert last["y"] + last["height"] <= SIZES[size]["height"]  # the examples fit without scrolling
    page.screenshot(path=artifacts / f"page-{size}-0-empty.png")
    for i, q in enumerate(CONVERSATION, 1):
        ask_on_page(page, q)
        view = newest_answer_in_view(page)
        assert view["ok"], (q, view)
        labels = card_labels(answers(page).last)
        assert labels and len(labels) == len(set(labels)), (q, labels)  # one card per section
        page.screenshot(path=artifacts / f"page-{size}-{i}-answer.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]  # no sideways scrolling

    # the list answer: eight quotes of one section, one card; its [1] still opens its source later on
    listed = answers(page).nth(1)
    assert card_labels(listed) == ["二、下半年工作计划安排 › 三是推动高教职教重点突破"]
    expect(listed.locator(".qa-card-ns")).to_have_text("[1–8]")
    listed.locator(".qa-cite", has_text="[1]").click()
    card = listed.locator(".qa-card").first
    expect(card.locator(".qa-card-text")).to_be_visible()
    expect(card.locator('mark[data-n="1"]')).to_have_text(LIST_FIRST_QUOTE)
    expect(card.locator("mark")).to_have_count(8)
    mark_view = page.evaluate(f"() => ({IN_VIEW})([document.querySelector('#conv .qa-scroll'), "
                              "document.querySelectorAll('#conv .qa-a')[1].querySelector('mark[data-n=\"1\"]')])")
    assert mark_view["ok"], mark_view
    page.screenshot(path=artifacts / f"page-{size}-6-source-open.png")

    # copy: the answer and a plain list of its sources
    listed.locator(".qa-copy").click()
    expect(listed.locator(".qa-copy")).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("二、下半年工作计划安排 › 三是推动高教职教重点突破\n• " + LIST_FIRST_QUOTE + "[1]")
    assert "\n\n来源：\n1. 二、下半年工作计划安排 › 三是推动高教职教重点突破" in copied
    assert f"   [1] {LIST_FIRST_QUOTE}" in copied and "\\[" not in copied and "**" not in copied

    # a suggested follow-up is asked by a click and answered, in view
    follow = answers(page).last.locator(".qa-follow .qa-ask").first
    suggestion = follow.inner_text()
    follow.click()
    expect(answers(page)).to_have_count(len(CONVERSATION) + 1)
    expect(page.locator("#conv .qa-q-text").last).to_have_text(suggestion)
    assert "报告中没有找到" not in answers(page).last.locator(".qa-a-text").inner_text()
    assert newest_answer_in_view(page)["ok"]
    page.screenshot(path=artifacts / f"page-{size}-7-follow-up.png")
    assert english_on_page(page, CONTENT) == []


def test_thumbs_up_lands_in_sqlite(open_page, server):
    page = open_chat(open_page, server.base)
    question = "下半年要新建多少个融合教育资源中心？"
    ask_on_page(page, question)
    up = answers(page).last.locator('.qa-vote[aria-label="有帮助"]')
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(answers(page).last).to_contain_text("感谢您的反馈")
    row = wait_for_row(server.feedback_db, "SELECT vote, answer, citations, channel FROM votes WHERE question = ?",
                       (question,))
    assert row[0] == "up" and row[3] == "page" and "60个" in row[1]
    assert json.loads(row[2])[0]["section_id"] == "wuxi-education-2020-h1#2.2"


def test_new_conversation_and_an_empty_enter(open_page, server):
    page = open_chat(open_page, server.base)
    box = page.locator("#question textarea")
    box.press("Enter")  # empty: nothing happens, nothing covers anything
    page.wait_for_timeout(500)
    assert not page.locator("#qa-notice:visible, .toast-body:visible").count()
    assert no_overlay_on(page, "#question textarea") and no_overlay_on(page, "#conv .qa-scroll")
    ask_on_page(page, "高教职教上半年有什么进展？")
    ask_on_page(page, "那下半年呢？")  # a follow-up: the plan of the same item
    assert "三是推动高教职教重点突破" in answers(page).last.inner_text()
    page.locator("#new-chat").click()
    expect(page.locator("#conv .qa-turn")).to_have_count(0)
    expect(page.locator("#conv .qa-examples")).to_be_visible()
    ask_on_page(page, "那下半年呢？")  # no history left: nothing to follow up
    assert "三是推动高教职教重点突破" not in answers(page).last.inner_text()


def test_a_long_paste_is_kept_counted_and_not_sent(open_page, server, artifacts):
    page = open_chat(open_page, server.base, "phone")
    box = page.locator("#question textarea")
    long_question = "上半年资助了多少学生？" * 65 + "请问"  # 717 characters
    box.fill(long_question)
    assert box.input_value() == long_question  # not cut at 500
    expect(page.locator("#qa-counter")).to_have_text(f"{len(long_question)}/500 字")
    expect(page.locator("#qa-counter")).to_have_class(re.compile("over"))
    notice = page.locator("#qa-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"{len(long_question)}/500 字 · 问题太长了（最多 500 个字）")
    page.screenshot(path=artifacts / "page-phone-too-long.png")
    box.press("Enter")
    page.wait_for_timeout(500)
    assert page.locator("#conv .qa-turn").count() == 0 and box.input_value() == long_question
    box.fill("上半年资助了多少学生？")
    expect(page.locator("#qa-counter")).to_have_text("")


@pytest.fixture(scope="module")
def limited(server, tmp_path_factory):
    """A second server that takes 2 questions a minute from a client (tests/test_limits.py does the same),
    and the embedding page on an origin it allows (``limited.site``)."""
    tmp = tmp_path_factory.mktemp("limited-page")
    port, site_port = free_port(), free_port()
    app = AppProcess(port, {"BOT_INDEX_DIR": str(server.index_dir), "BOT_DATA_DIR": str(tmp / "data"),
                            "BOT_RATE_LIMIT": "2", "BOT_PUBLIC_URL": f"http://127.0.0.1:{port}",
                            "BOT_ALLOWED_ORIGINS": f"http://127.0.0.1:{site_port}"}, tmp / "server.log")
    app.start()
    root = tmp / "site"
    root.mkdir()
    html = (REPO / "examples" / "embed.html").read_text(encoding="utf-8")
    (root / "index.html").write_text(html.replace("http://127.0.0.1:7860", app.base), encoding="utf-8")
    httpd = serve_site(root, site_port)
    app.site = f"http://127.0.0.1:{site_port}/"
    yield app
    httpd.shutdown()
    app.stop(timeout_s=3)


def test_a_429_leaves_the_conversation_and_the_input_usable(open_page, limited, artifacts):
    page = open_chat(open_page, limited.base)
    ask_on_page(page, QUESTION)
    ask_on_page(page, LIST_QUESTION)
    box = page.locator("#question textarea")
    box.fill("普惠性幼儿园覆盖率达到多少？")
    box.press("Enter")  # the third question in a minute: 429
    notice = page.locator("#qa-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("提问太频繁了")
    assert not LATIN_WORD.search(notice.inner_text())
    page.screenshot(path=artifacts / "page-429.png")
    assert box.input_value() == "普惠性幼儿园覆盖率达到多少？"  # the typed question is kept
    expect(answers(page)).to_have_count(2)
    expect(page.locator("#conv .qa-turn")).to_have_count(2)
    assert not page.locator(".toast-body:visible, [data-testid='status-tracker'] .error:visible").count()
    assert no_overlay_on(page, "#question textarea") and no_overlay_on(page, "#conv .qa-scroll")
    box.click()
    box.press("End")
    box.type("呢")
    assert box.input_value() == "普惠性幼儿园覆盖率达到多少？呢"
    expect(notice).to_be_hidden(timeout=8_000)  # gone by itself
    assert english_on_page(page, CONTENT) == []


def test_a_429_in_the_widget_keeps_the_conversation_and_the_question(open_page, limited, artifacts):
    page = open_page()
    page.goto(limited.site)
    page.locator(f"{WIDGET} .launcher").click()
    answered = 0
    for _ in range(3):  # the page's questions in the test before may have used the budget already
        page.locator(f"{WIDGET} input").fill(QUESTION)
        page.locator(f"{WIDGET} input").press("Enter")
        expect(page.locator(f"{WIDGET} .msg.bot:has(.votes), {WIDGET} .toast:visible")).to_have_count(answered + 1)
        if page.locator(f"{WIDGET} .toast:visible").count():
            break
        answered += 1
    toast = page.locator(f"{WIDGET} .toast")
    expect(toast).to_contain_text("提问太频繁了")
    page.screenshot(path=artifacts / "widget-429.png")
    expect(page.locator(f"{WIDGET} input")).to_have_value(QUESTION)
    expect(page.locator(f"{WIDGET} .msg.user")).to_have_count(answered)
    expect(page.locator(f"{WIDGET} form button")).to_be_enabled()
    expect(toast).to_be_hidden(timeout=8_000)  # gone by itself


# -- an in-process server whose answers can be slow, and that can be stopped -------------------------
class SlowEngine:
    """The real engine; a question starting with 慢： waits two seconds first."""

    def __init__(self, engine):
        self.engine = engine

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def ask_stream(self, question, history=None, **kw):
        if question.startswith("慢："):
            time.sleep(2)
            question = question[2:]
        yield from self.engine.ask_stream(question, history, **kw)


class FakeHealth:
    is_repairing, last_error = False, ""

    def probe(self):
        return True

    def ok(self):
        pass

    def failed(self, error):
        pass


@pytest.fixture
def slow_server(engine, tmp_path):
    from bot.api import create_api
    from bot.config import Settings
    from bot.feedback import FeedbackStore
    from bot.ui import mount_ui

    settings = Settings(index_dir=engine.settings.index_dir, data_dir=tmp_path, llm_base_url="", rate_limit_per_min=0)
    slow, store = SlowEngine(engine), FeedbackStore.in_dir(tmp_path)
    app = mount_ui(create_api(slow, store, settings, health=FakeHealth()), slow, store, settings=settings)
    with serve_in_process(app) as (base, server, thread):
        yield SimpleNamespace(base=base, server=server, thread=thread)


def test_a_reader_who_scrolled_up_is_not_moved(open_page, slow_server, artifacts):
    page = open_chat(open_page, slow_server.base)
    for q in CONVERSATION[:3]:
        ask_on_page(page, q)
    box = page.locator("#question textarea")
    box.fill("慢：" + LIST_QUESTION)
    box.press("Enter")
    expect(page.locator('#conv .qa-a[data-state="pending"]')).to_have_count(1)
    scroller = page.locator("#conv .qa-scroll")
    scroller.hover()
    page.mouse.wheel(0, -700)  # the reader goes back to an earlier answer while this one is on its way
    page.wait_for_timeout(300)
    before = scroller.evaluate("e => e.scrollTop")
    expect(answers(page)).to_have_count(4, timeout=10_000)
    page.wait_for_timeout(300)
    assert abs(scroller.evaluate("e => e.scrollTop") - before) <= 2  # not yanked down
    pill = page.locator("#qa-newer")
    expect(pill).to_be_visible()
    assert not LATIN_WORD.search(pill.inner_text())
    page.screenshot(path=artifacts / "page-scrolled-up.png")
    pill.click()
    assert newest_answer_in_view(page)["ok"]


def test_a_lost_server_keeps_the_question_and_says_so_in_chinese(open_page, slow_server, artifacts):
    page = open_chat(open_page, slow_server.base)
    ask_on_page(page, QUESTION)
    slow_server.server.should_exit = True
    slow_server.thread.join(timeout=15)
    box = page.locator("#question textarea")
    box.fill(LIST_QUESTION)
    box.press("Enter")
    notice = page.locator("#qa-notice")
    expect(notice).to_be_visible(timeout=15_000)
    assert re.search(r"[\u4e00-\u9fff]", notice.inner_text()) and not LATIN_WORD.search(notice.inner_text())
    page.screenshot(path=artifacts / "page-offline.png")
    expect(page.locator("#conv .qa-a").first).to_be_visible()
    expect(box).to_have_value(LIST_QUESTION)
    assert no_overlay_on(page, "#question textarea")
    assert english_on_page(page, CONTENT) == []


@pytest.mark.parametrize("path,ready", [("/docs", ".swagger-ui .opblock-summary-path"), ("/redoc", "h1")])
def test_api_docs_render_from_this_server(open_page, server, path, ready):
    page = open_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server.base + path)
    expect(page.locator(ready).first).to_be_visible()
    expect(page.locator("body")).to_contain_text("/api/chat")
    assert not blocked, blocked


def test_the_favicon_is_ours(open_page, server):
    page = open_chat(open_page, server.base)
    expect(page.locator('link[rel="icon"]')).to_have_attribute("href", "favicon.svg")
    assert page.evaluate("fetch('/favicon.svg').then(r => r.headers.get('content-type'))") == "image/svg+xml"


# -- the widget ---------------------------------------------------------------------------------------
def widget_answers(page):
    return page.locator(f"{WIDGET} .msg.bot:has(.votes)")


def widget_ask(page, question: str) -> None:
    n = widget_answers(page).count()
    page.locator(f"{WIDGET} input").fill(question)
    page.locator(f"{WIDGET} input").press("Enter")
    expect(widget_answers(page)).to_have_count(n + 1)


def widget_newest_in_view(page) -> dict:
    return page.evaluate(f"""() => {{ const root = document.getElementById('report-qa-widget').shadowRoot;
        return ({IN_VIEW})([root.querySelector('.log'), Array.from(root.querySelectorAll('.msg.bot')).pop()]); }}""")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_widget_conversation_on_an_allowed_origin(open_page, server, allowed_site, artifacts, size):
    page = open_page(**SIZES[size])
    sent = []
    page.on("request", lambda r: sent.append(json.loads(r.post_data)) if r.url.endswith("/api/chat") else None)
    page.goto(allowed_site)
    expect(page.frame_locator("#qa-frame").locator("#app-header h1")).to_have_text("无锡市教育局工作报告问答")
    page.locator(f"{WIDGET} .launcher").click()
    expect(page.locator(f"{WIDGET} .head .title")).to_have_text("教育工作报告问答")  # from data-title
    for i, q in enumerate(CONVERSATION, 1):
        widget_ask(page, q)
        view = widget_newest_in_view(page)
        assert view["ok"], (q, view)
        secs = widget_answers(page).last.locator(".card .sec").all_inner_texts()
        labels = [re.sub(r"^\[[\d–\] \[]+\]", "", s) for s in secs]
        assert labels and len(labels) == len(set(labels)), (q, secs)
        page.screenshot(path=artifacts / f"widget-{size}-{i}-answer.png")
    assert sent[0]["history"] == [] and sent[1]["history"][0] == {"role": "user", "content": QUESTION}
    expect(widget_answers(page).first.locator(".card .quote").first).to_have_text(f"[1] {QUOTE}")

    listed = widget_answers(page).nth(1)
    assert listed.locator(".card").count() == 1
    listed.locator(".cite", has_text="[1]").click()  # an older answer's [1]: its card opens on the section
    expect(listed.locator('.card .full mark[data-n="1"]')).to_have_text(LIST_FIRST_QUOTE)
    expect(listed.locator(".card .full mark")).to_have_count(8)
    page.screenshot(path=artifacts / f"widget-{size}-6-source-open.png")

    on_top = page.evaluate("""() => {
        const host = document.getElementById('report-qa-widget');
        const r = host.shadowRoot.querySelector('.panel').getBoundingClientRect();
        return [[r.left + 20, r.top + 20], [r.left + r.width / 2, r.top + r.height / 2]]
            .every(([x, y]) => document.elementFromPoint(x, y) === host);
    }""")
    assert on_top, "the widget panel is covered by the host page"
    widget_answers(page).first.locator('.votes button[aria-label="有帮助"]').click()
    expect(widget_answers(page).first.locator(".votes")).to_contain_text("感谢您的反馈")
    row = wait_for_row(server.feedback_db, "SELECT vote FROM votes WHERE channel = 'widget' AND vote = 'up'"
                                           " AND question = ?", (QUESTION,))
    assert row == ("up",)

    page.locator(f"{WIDGET} .head .new").click()  # 新对话
    expect(page.locator(f"{WIDGET} .log .msg")).to_have_count(1)
    widget_ask(page, "金额是多少？")
    assert sent[-1]["history"] == []
    assert english_on_page(page, f"{WIDGET} .answer, {WIDGET} .card, {WIDGET} .msg.user, main") == []
    expect(page.locator("#qa-frame")).to_be_visible()  # the page in the frame said it loaded
    expect(page.locator("#qa-frame-note")).to_be_hidden()


def test_other_origin_gets_a_neutral_notice_and_the_console_names_the_origin(open_page, server, other_site,
                                                                              artifacts):
    page = open_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(other_site)
    origin = other_site.rstrip("/")
    page.locator(f"{WIDGET} .launcher").click()
    expect(page.locator(f"{WIDGET} .msg.notice")).to_have_text("本网站暂未开通问答服务。")
    page.locator(f"{WIDGET} input").fill(QUESTION)
    page.locator(f"{WIDGET} input").press("Enter")
    expect(page.locator(f"{WIDGET} .toast")).to_have_text("本网站暂未开通问答服务。")
    expect(page.locator(f"{WIDGET} input")).to_have_value(QUESTION)  # not answered: the question stays
    expect(page.locator(f"{WIDGET} .msg.user")).to_have_count(0)
    expect(page.locator(f"{WIDGET} .sources")).to_have_count(0)
    advice = [line for line in console if "BOT_ALLOWED_ORIGINS" in line and "浮动窗口" in line]
    assert advice and f"BOT_ALLOWED_ORIGINS={origin}" in advice[0], console
    outcome = page.evaluate("""base => fetch(base + '/api/chat', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({question: '测试'})})
        .then(() => 'answered', () => 'blocked')""", server.base)
    assert outcome == "blocked"
    frame = page.locator("#qa-frame").element_handle().content_frame()
    deadline = time.monotonic() + 10
    while not frame.url.startswith("chrome-error") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert frame.url.startswith("chrome-error"), frame.url  # Chromium's page for a blocked frame ...
    assert any("frame-ancestors" in line for line in console), console
    expect(page.locator("#qa-frame-note")).to_be_visible(timeout=12_000)  # ... replaced by a notice
    expect(page.locator("#qa-frame")).to_be_hidden()
    assert any("问答页面没有在框架中显示" in line and origin in line for line in console), console
    page.screenshot(path=artifacts / "widget-other-origin.png")


def test_the_page_answers_within_half_a_second(browser, server):
    """eval/page_bench.py through the real page: Enter -> whole extractive answer, p50 of 20 questions."""
    from eval.page_bench import page_latency
    from eval.run import load_qa

    res = page_latency(server.base, [q["question"] for q in load_qa()][:20], browser=browser)
    print(f"\npage Enter -> answer: {res}")
    assert res["questions"] == 20 and not res["failed"] and res["p50_ms"] < 500, res
