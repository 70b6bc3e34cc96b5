"""Headless Chromium (Debian's /usr/bin/chromium driven by Playwright) against the real server.

The page: a typed question gets its answer and numbered source, the section opens with the
quote highlighted, 👍 lands in SQLite, the page works at 375 px. Embedding: a page served
from another 127.0.0.1 port embeds widget.js and an iframe (examples/embed.html); on the
allowed origin the widget answers and follows up, on any other origin the API call and the
frame are refused. Every request the browser makes is recorded: none may leave 127.0.0.1.
Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import functools
import json
import sqlite3
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import REPO, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}
QUESTION = "上半年资助了多少学生？"
QUOTE = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"
WIDGET = "#report-qa-widget"  # Playwright's CSS selectors pierce the widget's open shadow root


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(width, height, **context options) -> page; afterwards, no request left 127.0.0.1."""
    contexts, urls = [], []

    def make(width=1280, height=900, **options):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **options)
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


def ask_on_page(page, question: str):
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


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


def test_page_answers_with_source_and_section(open_page, server, artifacts):
    page = open_page()
    page.goto(server.base + "/")
    expect(page.locator("#app-header h1")).to_have_text("无锡市教育局工作报告问答")
    expect(page.locator("#examples")).to_contain_text("下半年要新建多少个融合教育资源中心？")
    ask_on_page(page, QUESTION)
    chat = page.locator("#chat")
    expect(chat).to_contain_text("来源")
    expect(chat).to_contain_text("[1] 一、上半年任务完成情况 › 六是教育保障水平全面提升")
    expect(chat.locator("blockquote")).to_have_text(QUOTE)
    page.get_by_text("查看原文段落").click()
    expect(page.locator("#section-view mark")).to_have_text(QUOTE)
    expect(page.locator("#section-view")).to_contain_text("六是教育保障水平全面提升。加强教育资源预警")
    page.screenshot(path=artifacts / "page.png", full_page=True)


def test_page_at_375px_with_an_example_question(open_page, server, artifacts):
    page = open_page(375, 812, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(server.base + "/")
    page.locator("#examples").get_by_text("普惠性幼儿园覆盖率达到多少？").click()
    expect(page.locator("#chat")).to_contain_text("来源")
    expect(page.locator("#chat")).to_contain_text("86%")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    page.screenshot(path=artifacts / "page-375.png", full_page=True)


def test_thumbs_up_lands_in_sqlite(open_page, server):
    page = open_page()
    page.goto(server.base + "/")
    question = "下半年要新建多少个融合教育资源中心？"
    ask_on_page(page, question)
    expect(page.locator("#chat")).to_contain_text("来源")
    page.locator('#chat button[aria-label="赞"]').last.click()
    row = wait_for_row(server.feedback_db, "SELECT vote, answer, citations, channel FROM votes WHERE question = ?",
                       (question,))
    assert row[0] == "up" and row[3] == "page" and "60个" in row[1]
    assert json.loads(row[2])[0]["section_id"] == "wuxi-education-2020-h1#2.2"


def test_widget_and_iframe_on_an_allowed_origin(open_page, server, allowed_site, artifacts):
    page = open_page()
    sent = []
    page.on("request", lambda r: sent.append(json.loads(r.post_data)) if r.url.endswith("/api/chat") else None)
    page.goto(allowed_site)
    expect(page.frame_locator("#qa-frame").locator("#app-header h1")).to_have_text("无锡市教育局工作报告问答")
    page.locator(f"{WIDGET} .launcher").click()
    expect(page.locator(f"{WIDGET} .head .title")).to_have_text("教育工作报告问答")  # from data-title
    page.locator(f"{WIDGET} input").fill(QUESTION)
    page.locator(f"{WIDGET} input").press("Enter")
    expect(page.locator(f"{WIDGET} .sources")).to_have_count(1)
    expect(page.locator(f"{WIDGET} .source .quote")).to_have_text(QUOTE)
    page.locator(f"{WIDGET} input").fill("金额是多少？")
    page.locator(f"{WIDGET} input").press("Enter")
    expect(page.locator(f"{WIDGET} .sources")).to_have_count(2)
    expect(page.locator(f"{WIDGET} .msg.bot .answer").last).to_contain_text("7151万元")
    assert sent[0]["history"] == []
    assert sent[1]["history"][0] == {"role": "user", "content": QUESTION}  # kept for the follow-up
    on_top = page.evaluate("""() => {
        const host = document.getElementById('report-qa-widget');
        const r = host.shadowRoot.querySelector('.panel').getBoundingClientRect();
        return [[r.left + 20, r.top + 20], [r.left + r.width / 2, r.top + r.height / 2]]
            .every(([x, y]) => document.elementFromPoint(x, y) === host);
    }""")
    assert on_top, "the widget panel is covered by the host page"
    page.screenshot(path=artifacts / "widget.png")
    page.locator(f'{WIDGET} .votes button[aria-label="有帮助"]').first.click()
    expect(page.locator(f"{WIDGET} .votes").first).to_contain_text("感谢您的反馈")
    row = wait_for_row(server.feedback_db, "SELECT vote FROM votes WHERE channel = 'api' AND vote = 'up'"
                                           " AND question = ?", (QUESTION,))
    assert row == ("up",)


def test_other_origin_can_neither_call_nor_frame(open_page, server, other_site):
    page = open_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(other_site)
    page.locator(f"{WIDGET} .launcher").click()
    page.locator(f"{WIDGET} input").fill(QUESTION)
    page.locator(f"{WIDGET} input").press("Enter")
    expect(page.locator(f"{WIDGET} .msg.error")).to_contain_text("暂时无法连接问答服务")
    expect(page.locator(f"{WIDGET} .sources")).to_have_count(0)
    outcome = page.evaluate("""base => fetch(base + '/api/chat', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({question: '测试'})})
        .then(() => 'answered', () => 'blocked')""", server.base)
    assert outcome == "blocked"
    frame = page.locator("#qa-frame").element_handle().content_frame()
    deadline = time.monotonic() + 10
    while not frame.url.startswith("chrome-error") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert frame.url.startswith("chrome-error"), frame.url  # Chromium's page for a blocked frame
    assert any("frame-ancestors" in line for line in console), console
