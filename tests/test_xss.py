"""Script injection, in headless Chromium: questions, answers, quotes, section text and history are
shown as text in the page and in the widget. Nothing a payload carries may run or load:
no dialog, no ``window.__xss``, no new element of a kind that could (img, script, iframe, a, …),
no ``on…`` attribute anywhere, no request whose URL holds ``xss``.

Two sources of payloads:
- the real session server: payloads typed as questions (a refusal echoes the question's words)
  and carried into a follow-up's history, through the page and through the widget;
- a server in this process whose engine answers with payloads everywhere — answer text,
  bullets, the bold heading, the note, section labels, quotes, the report text around the quote —
  because an LLM answer or a new report could carry them too.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from bot.api import create_api
from bot.config import Settings
from bot.corpus import parse
from bot.feedback import FeedbackStore
from bot.ui import mount_ui
from conftest import REPO, free_port, serve_in_process
from test_browser import allowed_site, browser, embed_root, open_page, serve_site  # noqa: F401 - fixtures

PAYLOADS = [
    "<img src=/xss-img onerror=\"window.__xss=1;alert('xss')\">",
    "<script>window.__xss=2;alert('xss')</script>的数量是多少？",
    "[点我](javascript:alert('xss'))有哪些？",
    "下半年<svg onload=\"alert('xss')\">和<iframe src=/xss-frame>有什么计划？",
    "![图](/xss-md-img)<a href=\"javascript:alert('xss')\">上半年资助了多少学生？</a>",
]
FOLLOW_UP = "那下半年呢？"  # its history carries the last payload back to the server
# no more of these anywhere in the page than before the questions (Gradio adds its own <style>/<link>
# and chat buttons/icons as it goes, so those are only checked where answers are shown) ...
RISKY = ["img", "script", "iframe", "frame", "object", "embed", "a", "details", "video", "audio", "form", "base"]
# ... and none of these where questions, answers, quotes and sections are shown
INSIDE = RISKY + ["input", "button", "svg", "math", "link", "meta", "style"]
SHOWN = ("#conv .qa-q-text, #conv .qa-a-text, #conv .qa-note, #conv .qa-card-head, #conv .qa-card-quotes, "
         "#conv .qa-card-full, #conv .qa-ask, .log .msg .answer, .log .card .sec, .log .card .quote, .log .card .full, "
         ".log .msg.user")
PROBE = """root => {
    const all = Array.from(root.querySelectorAll('*'));
    return {
        counts: Object.fromEntries(%s.map(t => [t, root.querySelectorAll(t).length])),
        inside: Array.from(root.querySelectorAll("%s")).flatMap(box => Array.from(box.querySelectorAll(%s.join(','))))
                     .map(e => e.outerHTML.slice(0, 120)),
        handlers: all.filter(e => Array.from(e.attributes).some(a => a.name.toLowerCase().startsWith('on')))
                     .map(e => e.outerHTML.slice(0, 120)),
        js_links: all.filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || ''))
                     .map(e => e.outerHTML.slice(0, 120)),
        flag: window.__xss || null,
    };
}""" % (RISKY, SHOWN, INSIDE)


class Watch:
    """Dialogs and requests of a page; the state of a DOM root before and after."""

    def __init__(self, page):
        self.page, self.dialogs, self.urls = page, [], []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.urls.append(r.url))

    def probe(self, root_js: str = "document"):
        return self.page.evaluate(f"() => ({PROBE})({root_js})")

    def assert_nothing_ran(self, before: dict, after: dict):
        assert not self.dialogs, self.dialogs
        assert after["flag"] is None
        assert not after["handlers"] and not after["js_links"], (after["handlers"], after["js_links"])
        assert not after["inside"], after["inside"]
        grown = {t: (before["counts"][t], n) for t, n in after["counts"].items() if n > before["counts"][t]}
        assert not grown, grown
        assert not [u for u in self.urls if "xss" in u.lower()], self.urls


def ask_all_on_page(page, questions):
    conv = page.locator("#conv")
    for i, q in enumerate(questions, 1):
        box = page.locator("#question textarea")
        box.fill(q)
        box.press("Enter")
        expect(conv.locator('.qa-a[data-state="done"]')).to_have_count(i, timeout=30_000)
    return conv


def open_every_source(page, root: str = "#conv"):
    """Every [n] clicked: each card opens on its whole section (report text, quotes marked)."""
    cites = page.locator(f"{root} .qa-cite, {root} .cite")
    for i in range(cites.count()):
        cites.nth(i).click()


def ask_all_in_widget(page, questions):
    page.locator("#report-qa-widget .launcher").click()
    for i, q in enumerate(questions, 1):
        page.locator("#report-qa-widget input").fill(q)
        page.locator("#report-qa-widget input").press("Enter")
        expect(page.locator("#report-qa-widget .msg.bot .votes, #report-qa-widget .msg.error")).to_have_count(i)


# -- the real server: payloads as questions ---------------------------------------------------------
def test_page_shows_payload_questions_as_text(open_page, server):  # noqa: F811
    page = open_page()
    watch = Watch(page)
    page.goto(server.base + "/")
    expect(page.locator("#question textarea")).to_be_visible()
    before = watch.probe()
    chat = ask_all_on_page(page, PAYLOADS + [FOLLOW_UP])
    for q in PAYLOADS:
        expect(chat).to_contain_text(q)  # the user's own words, literally
    open_every_source(page)
    watch.assert_nothing_ran(before, watch.probe())


def test_widget_shows_payload_questions_as_text(open_page, allowed_site):  # noqa: F811
    page = open_page()
    watch = Watch(page)
    page.goto(allowed_site)
    expect(page.locator("#report-qa-widget .launcher")).to_be_visible()
    before = watch.probe("document.getElementById('report-qa-widget').shadowRoot")
    ask_all_in_widget(page, PAYLOADS + [FOLLOW_UP])
    log = page.locator("#report-qa-widget .log")
    for q in PAYLOADS:
        expect(log).to_contain_text(q)
    watch.assert_nothing_ran(before, watch.probe("document.getElementById('report-qa-widget').shadowRoot"))
    assert not watch.probe()["handlers"]  # nor in the host page


# -- a server whose answers are payloads ----------------------------------------------------------
EVIL = "<img src=/xss-answer onerror=\"window.__xss=3;alert('xss')\">"
TEXT = ("今年以来，教育工作进展顺利。\n一、上半年任务完成情况\n一是保障<b>水平</b>提升<img src=/xss-doc onerror=alert(1)>。"
        "上半年累计资助学生<script>window.__xss=4</script>54925人次。其他工作[链接](javascript:alert(1))。\n"
        "二是推进<svg onload=alert(1)>创新。新建学校5所。\n"
        "二、下半年工作计划安排\n一是推进发展。新建中心60个。")
QUOTE = "上半年累计资助学生<script>window.__xss=4</script>54925人次。"


class EvilEngine:
    """Answers with payloads in every field the page and the widget show."""

    def __init__(self):
        self.doc = parse("d", TEXT, {"title": f"测试报告{EVIL}"})
        self.index = SimpleNamespace(docs={"d": self.doc}, stats=lambda: {"documents": 1, "chunks": 1, "sentences": 5})
        self.llm = None

    def ask(self, question, history=None):
        item = self.doc.section("d#1.1")
        start = TEXT.index(QUOTE)
        cite = {"n": 1, "doc": "d", "title": "t", "section_id": "d#1.1", "section": f"{item.label}{EVIL}",
                "quote": QUOTE, "start": start, "end": start + len(QUOTE), "score": 1.0}
        answer = (f"**标题{EVIL}**\n- {EVIL}[1]\n- [点我](javascript:alert('xss'))[1]\n- ![图](/xss-md)[1]"
                  if "列表" in question else f"{QUOTE}{EVIL}[1]")
        return {"question": question, "answer": answer, "refused": False, "citations": [cite], "latency_ms": 1.0,
                "mode": "llm" if "模型" in question else "extractive", "note": f"注意{EVIL}"}

    def ask_stream(self, question, history=None):
        yield "final", self.ask(question, history)


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evil")
    site_port = free_port()
    settings = Settings(index_dir=tmp / "index", data_dir=tmp / "data", llm_base_url="",
                        allowed_origins=f"http://127.0.0.1:{site_port}", rate_limit_per_min=0)
    engine, store = EvilEngine(), FeedbackStore.in_dir(tmp / "data")
    app = mount_ui(create_api(engine, store, settings), engine, store, settings=settings)
    with serve_in_process(app) as (base, _server, _thread):
        site = tmp / "site"
        site.mkdir()
        html = (REPO / "examples" / "embed.html").read_text(encoding="utf-8")
        (site / "index.html").write_text(html.replace("http://127.0.0.1:7860", base), "utf-8")
        httpd = serve_site(site, site_port)
        yield SimpleNamespace(base=base, site=f"http://127.0.0.1:{site_port}/")
        httpd.shutdown()


def test_page_shows_payload_answers_quotes_and_sections_as_text(open_page, evil_server):  # noqa: F811
    page = open_page()
    watch = Watch(page)
    page.goto(evil_server.base + "/")
    expect(page.locator("#question textarea")).to_be_visible()
    before = watch.probe()
    chat = ask_all_on_page(page, ["普通问题", "列表问题", "模型问题"])
    expect(chat).to_contain_text(EVIL)
    expect(chat).to_contain_text("<script>window.__xss=4</script>")  # the quote, as text
    expect(chat).to_contain_text("[点我](javascript:alert('xss'))")
    open_every_source(page)
    expect(chat.locator(".qa-card-text mark").first).to_have_text(QUOTE)
    expect(chat.locator(".qa-card-text").first).to_contain_text("<img src=/xss-doc onerror=alert(1)>")
    expect(chat.locator(".qa-ask").first).to_contain_text("<svg onload=alert(1)>")  # a follow-up from a heading
    watch.assert_nothing_ran(before, watch.probe())


def test_widget_shows_payload_answers_and_quotes_as_text(open_page, evil_server):  # noqa: F811
    page = open_page()
    watch = Watch(page)
    page.goto(evil_server.site)
    expect(page.locator("#report-qa-widget .launcher")).to_be_visible()
    root = "document.getElementById('report-qa-widget').shadowRoot"
    before = watch.probe(root)
    ask_all_in_widget(page, ["普通问题", "列表问题", "模型问题"])
    log = page.locator("#report-qa-widget .log")
    expect(log).to_contain_text(EVIL)
    expect(log.locator(".quote").first).to_have_text(f"[1] {QUOTE}")
    open_every_source(page, "#report-qa-widget .log")
    expect(log.locator(".full mark").first).to_have_text(QUOTE)  # the section text from GET /api/section
    expect(log.locator(".full").first).to_contain_text("<img src=/xss-doc onerror=alert(1)>")
    watch.assert_nothing_ran(before, watch.probe(root))
