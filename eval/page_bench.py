"""The chat page's time from Enter to the whole extractive answer, in Chromium, through the real page.

``page_latency(base, questions)`` types each question into the page at ``base`` (1280×900, one
conversation, after one warm-up question) and times, in the browser, from the Enter keydown to
the DOM mutation that marks the new answer done (``#conv .qa-a[data-state="done"]``): the queue
join, the server's answer, Gradio's event stream and the page's update, all included; painting
not. ``page_bench(index_dir, questions)`` starts ``python app.py`` on a free 127.0.0.1 port with
that index and measures the first ``n`` (20) questions; a question the page shows a notice for
instead of an answer is listed under ``failed``. ``python -m eval bench`` reports its p50
(eval/bench.py); ``python -m eval.page_bench`` runs it alone.

Needs Debian's /usr/bin/chromium and Playwright; without them: ``{"skipped": reason}``.
"""
from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from .metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARM = """() => {
    // one measurement: from the Enter keydown to the mutation that marks one more answer done
    const done = () => document.querySelectorAll('#conv .qa-a[data-state="done"]').length;
    const before = done();
    window.__pageBench = {t0: null, ms: null};
    document.addEventListener('keydown', e => {
        if (e.key === 'Enter' && window.__pageBench.t0 === null) window.__pageBench.t0 = performance.now();
    }, {capture: true, once: true});
    const obs = new MutationObserver(() => {
        if (done() > before && window.__pageBench.t0 !== null) {
            window.__pageBench.ms = performance.now() - window.__pageBench.t0;
            obs.disconnect();
        }
    });
    // the whole body: Gradio may re-mount #conv between two questions, and observe(null) throws
    obs.observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def page_latency(base: str, questions: list[str], warm_up: str = "上半年资助了多少学生？", browser=None) -> dict:
    """Times of ``questions`` on the page at ``base`` (a Playwright ``browser`` of the caller's, or one of its own)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return page_latency(base, questions, warm_up, own)
            finally:
                own.close()
    times, failed = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(base.rstrip("/") + "/")
        box = page.locator("#question textarea")
        box.wait_for()
        for i, q in enumerate([warm_up, *questions]):
            page.locator("#conv").wait_for(state="attached")
            page.evaluate(ARM)
            box.fill(q)
            box.press("Enter")
            # the answer, or a notice (an error: the question is counted as failed, with what the page said)
            page.wait_for_function("window.__pageBench.ms !== null || !!document.querySelector('#qa-notice:not([hidden])')")
            ms = page.evaluate("window.__pageBench.ms")
            if ms is None:
                failed.append({"question": q, "notice": page.locator("#qa-notice").inner_text()})
                page.evaluate("document.getElementById('qa-notice').hidden = true")
                box.fill("")
            elif i:
                times.append(ms)
    finally:
        context.close()
    out = {"questions": len(times), "failed": failed}
    if times:
        out.update(p50_ms=round(statistics.median(times), 1), p95_ms=round(percentile(times, 95), 1),
                   max_ms=round(max(times), 1))
    return out


def page_bench(index_dir: Path, questions: list[str], n: int = 20, start_timeout_s: float = 180) -> dict:
    """``page_latency`` of the first ``n`` questions on a fresh ``python app.py`` using ``index_dir``."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"没有 {CHROMIUM}"}
    try:
        import playwright  # noqa: F401
    except ImportError:
        return {"skipped": "没有安装 playwright"}
    from .load import local_server

    try:
        with local_server(index_dir, start_timeout_s=start_timeout_s) as (base, _pid):
            return page_latency(base, questions[:n])
    except RuntimeError as e:  # app.py exited or was not ready in time
        return {"skipped": str(e)}

if __name__ == "__main__":
    import json

    from .run import load_qa

    with tempfile.TemporaryDirectory() as tmp:
        from bot.chain import Engine
        from bot.config import Settings

        settings = Settings(index_dir=Path(tmp) / "index", llm_base_url="")
        Engine(settings)  # builds the index
        print(json.dumps(page_bench(settings.index_dir, [q["question"] for q in load_qa()]), ensure_ascii=False))
