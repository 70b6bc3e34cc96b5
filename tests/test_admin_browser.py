"""The staff console in headless Chromium (Debian's /usr/bin/chromium via Playwright) on a real server.

A wrong password, then signing in; the district plan's PDF uploaded through the file picker, its
section tree seen before it goes live, published with the progress bar running to 完成; a
question answered from it on the public page; a refused question asked there appearing on the
open-questions page; why a question was answered; a browser without the session sees nothing.
Every request stays on 127.0.0.1. Screenshots: test-artifacts/admin-*.png.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from admin_helpers import ANSWERED_FROM_PDF, PASSWORD, REFUSED, start_admin_server
from conftest import REPO
from test_browser import ask_on_page, browser, serve_site  # noqa: F401 - browser is a fixture

PDF = REPO / "tests" / "fixtures" / "district-2021-plan.pdf"
LOCAL = {"data", "blob", "about", "chrome-error"}


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    srv = start_admin_server(tmp_path_factory.mktemp("admin-browser"))
    yield srv
    srv.app.stop()


@pytest.fixture
def context(browser):
    urls: list[str] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    ctx.on("request", lambda r: urls.append(r.url))
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()
    outside = [u for u in urls if urlsplit(u).scheme not in LOCAL and urlsplit(u).hostname != "127.0.0.1"]
    assert urls and not outside, outside


def sign_in(page, base: str, password: str = PASSWORD) -> None:
    page.goto(base + "/admin/")
    page.fill("input[name=password]", password)
    page.click("#login button")


def test_staff_upload_a_pdf_see_its_tree_publish_and_it_answers_on_the_public_page(admin, context, artifacts):
    page = context.new_page()
    sign_in(page, admin.base, "wrong password")
    expect(page.locator(".msg.error")).to_have_text("密码不正确。")
    expect(page.locator("nav")).to_have_count(0)
    sign_in(page, admin.base)
    expect(page.locator("h1")).to_contain_text("已上线的文档")
    page.set_input_files("input[type=file]", str(PDF))
    expect(page.locator(".filename")).to_have_text(PDF.name)
    page.click("form.upload button[type=submit]")
    # the preview: its section tree before it goes live
    expect(page.locator("h1")).to_have_text("预览：某区教育局2021年工作要点")
    expect(page.locator("ol.tree .part > .heading")).to_have_text(["导语", "一、总体要求", "二、主要任务", "三、保障措施"])
    page.locator("summary", has_text="district-2021-plan#2.2").click()
    expect(page.locator("ol.sentences li", has_text="新招聘教师120名")).to_be_visible()
    page.screenshot(path=str(artifacts / "admin-preview.png"), full_page=True)
    assert not (admin.corpus / PDF.name).exists()
    page.fill("input[name=date]", "2021-03-02")
    page.click("#publish")
    expect(page.locator("#job progress")).to_be_visible()
    page.screenshot(path=str(artifacts / "admin-indexing.png"))
    expect(page.locator("#job .stage")).to_contain_text("索引已更新", timeout=180_000)
    expect(page.locator("table.docs")).to_contain_text("某区教育局2021年工作要点")
    expect(page.locator("#job progress")).to_have_attribute("value", "100")
    page.screenshot(path=str(artifacts / "admin-docs.png"), full_page=True)
    # the public page answers from it
    public = context.new_page()
    public.goto(admin.base + "/")
    ask_on_page(public, ANSWERED_FROM_PDF)
    answer = public.locator('#conv .qa-a[data-state="done"]').last
    expect(answer).to_contain_text("120名")
    expect(answer).to_contain_text("某区教育局2021年工作要点")
    # a refused question asked there shows on the open-questions page
    ask_on_page(public, REFUSED)
    page.goto(admin.base + "/admin/open")
    row = page.locator("table.refused tr", has_text=REFUSED)
    expect(row).to_have_count(1)
    expect(row.locator("td.num")).to_have_text("1")
    expect(page.locator("svg.chart rect.refused")).not_to_have_count(0)
    page.screenshot(path=str(artifacts / "admin-open.png"), full_page=True)
    # and why the report leaves it open
    page.goto(admin.base + "/admin/try")
    page.fill("input[name=question]", REFUSED)
    page.click("form.ask button")
    expect(page.locator(".tag.refused")).to_have_text("拒答")
    expect(page.locator("table.candidates tbody tr")).not_to_have_count(0)
    page.screenshot(path=str(artifacts / "admin-try.png"), full_page=True)


def test_a_browser_without_the_session_gets_nothing(admin, context):
    page = context.new_page()
    for path in ("/admin/docs", "/admin/open", "/admin/try", "/admin/docs/wuxi-education-2020-h1"):
        page.goto(admin.base + path)
        assert urlsplit(page.url).path == "/admin/login"
        expect(page.locator("table")).to_have_count(0)
    r = page.request.post(admin.base + "/admin/reindex", data={"csrf": "x"})
    assert r.status == 403


def test_the_console_cannot_be_framed_even_by_a_site_allowed_to_frame_the_public_page(admin, context, tmp_path):
    page = context.new_page()
    html = (f'<iframe id="public" src="{admin.base}/" width="800" height="600"></iframe>'
            f'<iframe id="console" src="{admin.base}/admin/login" width="800" height="600"></iframe>')
    site = tmp_path / "site"
    site.mkdir()
    (site / "embed.html").write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")
    httpd = serve_site(site, int(admin.allowed_origin.rsplit(":", 1)[1]))  # a real server: a local address
    page.goto(admin.allowed_origin + "/embed.html")
    expect(page.frame_locator("#public").locator("#app-header h1")).to_have_text("无锡市教育局工作报告问答",
                                                                             timeout=30_000)
    page.wait_for_timeout(1000)
    expect(page.frame_locator("#console").locator("input[name=password]")).to_have_count(0)
    httpd.shutdown()
