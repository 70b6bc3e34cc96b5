"""The staff console over HTTP on a real server (tests/admin_helpers.py): who gets in, what a request
without a session, from another origin or without the form token gets (nothing), the upload's own
limits, and the documents, open-questions and try-a-question pages end to end."""
from __future__ import annotations

import json
import socket
import sqlite3
import time
from datetime import date, timedelta

import httpx
import pytest

from admin_helpers import ANSWERED_FROM_PDF, PASSWORD, REFUSED, Staff, start_admin_server
from conftest import REPO

FIX = REPO / "tests" / "fixtures"
PAGES = ["/admin", "/admin/docs", "/admin/open", "/admin/try", "/admin/log", "/admin/docs/wuxi-education-2020-h1"]
ACTIONS = ["/admin/upload", "/admin/reindex", "/admin/docs/wuxi-education-2020-h1/delete", "/admin/try",
           "/admin/logout", "/admin/staged/0123456789abcdef/publish"]
TITLE = "无锡市教育局2020年上半年工作总结和下半年工作计划"


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    srv = start_admin_server(tmp_path_factory.mktemp("admin"))
    yield srv
    srv.app.stop()


@pytest.fixture(scope="module")
def staff(admin):
    s = Staff(admin.base)
    yield s
    s.close()


def test_the_console_is_not_there_without_a_password(server):
    for path in PAGES + ["/admin/login", "/admin/static/admin.js"]:
        r = httpx.get(server.base + path)
        assert r.status_code == 404 and r.json() == {"error": r.json()["error"]} and "没有这个接口" in r.json()["error"]
    r = httpx.post(server.base + "/admin/login", data={"password": "x"})
    assert r.status_code == 404


def test_without_a_session_nothing_is_shown_or_done(admin):
    before = sorted(p.name for p in admin.corpus.iterdir())
    with httpx.Client(base_url=admin.base) as anon:
        for path in PAGES:
            r = anon.get(path)
            assert r.status_code == 303 and r.headers["location"] == "/admin/login" and r.content == b""
        for path in ACTIONS:
            r = anon.post(path, data={"csrf": "x"}, files={"file": ("a.txt", b"x")} if "upload" in path else None)
            assert r.status_code == 403 and TITLE not in r.text
        for path in ("/admin/jobs/current", "/admin/open.csv"):
            assert anon.get(path).status_code == 403
    with httpx.Client(base_url=admin.base, cookies={"bot_admin": "forged-token"}) as forger:
        assert forger.get("/admin/docs").status_code == 303
    assert sorted(p.name for p in admin.corpus.iterdir()) == before
    assert not (admin.data_dir / "admin-uploads").exists()


def test_a_wrong_password_gets_nothing(admin):
    r = httpx.post(admin.base + "/admin/login", data={"password": PASSWORD + "x"},
                   headers={"X-Forwarded-For": "198.51.100.20"})
    assert r.status_code == 401 and "密码不正确" in r.text
    assert "set-cookie" not in r.headers and "/admin/docs\"" not in r.text and TITLE not in r.text


def test_signing_in_sets_a_strict_httponly_cookie_secure_over_https(admin):
    r = httpx.post(admin.base + "/admin/login", data={"password": PASSWORD})
    cookie = r.headers["set-cookie"]
    assert r.status_code == 303 and "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie
    r = httpx.post(admin.base + "/admin/login", data={"password": PASSWORD}, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in r.headers["set-cookie"]


def test_sign_in_attempts_are_limited_per_client(admin):
    guesser = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(5):
        assert httpx.post(admin.base + "/admin/login", data={"password": "guess"}, headers=guesser).status_code == 401
    r = httpx.post(admin.base + "/admin/login", data={"password": PASSWORD}, headers=guesser)
    assert r.status_code == 429 and "尝试次数过多" in r.text and "set-cookie" not in r.headers
    Staff(admin.base, client="203.0.113.8").close()  # another client signs in


def test_every_form_needs_the_sessions_token(admin, staff):
    assert staff.http.post("/admin/reindex").status_code == 403
    assert staff.http.post("/admin/reindex", data={"csrf": "x" * 43}).status_code == 403
    other = Staff(admin.base)
    assert staff.http.post("/admin/reindex", data={"csrf": other.csrf}).status_code == 403
    other.close()


def test_other_origins_are_refused_even_the_ones_allowed_for_the_api(admin, staff):
    r = httpx.post(admin.base + "/admin/login", data={"password": PASSWORD}, headers={"Origin": admin.allowed_origin})
    assert r.status_code == 403 and "set-cookie" not in r.headers
    pre = httpx.options(admin.base + "/admin/docs", headers={"Origin": admin.allowed_origin,
                                                             "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 403 and "access-control-allow-origin" not in pre.headers
    r = staff.http.get("/admin/docs", headers={"Origin": admin.allowed_origin})
    assert r.status_code == 403 and TITLE not in r.text and "access-control-allow-origin" not in r.headers
    r = staff.http.get("/admin/jobs/current", headers={"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors"})
    assert r.status_code == 403
    r = staff.http.post("/admin/reindex", data={"csrf": staff.csrf}, headers={"Origin": "null"})
    assert r.status_code == 403
    # a link followed from another site opens the console (top-level navigation; the cookie is Strict)
    r = staff.http.get("/admin/docs", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate",
                                               "Sec-Fetch-Dest": "document"})
    assert r.status_code == 200
    assert staff.http.get("/admin/docs", headers={"Origin": admin.base}).status_code == 200


def test_console_responses_are_never_framed_or_cached(admin, staff):
    for r in (httpx.get(admin.base + "/admin/login"), staff.http.get("/admin/docs"), staff.http.get("/admin/nope"),
              httpx.get(admin.base + "/admin/docs")):
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"
    public = httpx.get(admin.base + "/healthz").headers["content-security-policy"]
    assert admin.allowed_origin in public  # the public page keeps its own policy


def test_unknown_console_paths_are_chinese_404s_not_the_public_page(staff):
    r = staff.http.get("/admin/gradio_api/info")
    assert r.status_code == 404 and "管理后台没有这个页面" in r.json()["error"]


def _raw(admin, head: bytes) -> bytes:
    port = int(admin.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head)
        return s.recv(4096)


def test_the_upload_has_its_own_limit_and_must_say_its_length(admin, staff):
    cookie = f"bot_admin={staff.http.cookies['bot_admin']}"
    big = _raw(admin, (f"POST /admin/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                       "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 30000000\r\n\r\n").encode())
    assert big.startswith(b"HTTP/1.1 413")
    chunked = _raw(admin, (f"POST /admin/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                           "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
    assert chunked.startswith(b"HTTP/1.1 411")
    # every other console form keeps the 64 KB limit
    assert staff.post("/admin/try", question="很长" * 40_000).status_code == 413
    # a 107 KB PDF goes through (the general limit would refuse it)
    pdf = (FIX / "wuxi-education-2020-h1.pdf").read_bytes()
    assert len(pdf) > 64 * 1024
    r = staff.http.post("/admin/upload", data={"csrf": staff.csrf, "name": "limit-check"},
                        files={"file": ("r.pdf", pdf, "application/pdf")})
    assert r.status_code == 303
    token = r.headers["location"].rsplit("/", 1)[1]
    assert staff.post(f"/admin/staged/{token}/discard").status_code == 303


def test_uploads_are_typed_by_content_and_named_safely(admin, staff):
    pdf = (FIX / "district-2021-plan.pdf").read_bytes()
    r = staff.http.post("/admin/upload", data={"csrf": staff.csrf}, files={"file": ("notes.txt", pdf, "text/plain")})
    assert r.status_code == 415 and "内容是 PDF" in r.text
    r = staff.http.post("/admin/upload", data={"csrf": staff.csrf},
                        files={"file": ("scan.pdf", (FIX / "scanned.pdf").read_bytes(), "application/pdf")})
    assert r.status_code == 400 and "扫描版" in r.text
    r = staff.http.post("/admin/upload", data={"csrf": staff.csrf},
                        files={"file": ("../../../tmp/evil.pdf", pdf, "application/pdf")})
    assert r.status_code == 303
    token = r.headers["location"].rsplit("/", 1)[1]
    staged = sorted(p.name for p in (admin.data_dir / "admin-uploads" / token).iterdir())
    assert staged == ["evil.pdf", "info.json"] and not (admin.corpus / "evil.pdf").exists()
    assert staff.post(f"/admin/staged/{token}/discard").status_code == 303


def test_upload_preview_publish_answer_and_delete(admin, staff):
    pdf = (FIX / "district-2021-plan.pdf").read_bytes()
    r = staff.http.post("/admin/upload", data={"csrf": staff.csrf},
                        files={"file": ("district-2021-plan.pdf", pdf, "application/pdf")})
    assert r.status_code == 303
    preview = staff.http.get(r.headers["location"])
    for text in ("某区教育局2021年工作要点", "district-2021-plan#2.1", "（一）深化课程改革", "三、保障措施"):
        assert text in preview.text
    assert not (admin.corpus / "district-2021-plan.pdf").exists()  # not live before it is confirmed
    token = r.headers["location"].rsplit("/", 1)[1]
    r = staff.post(f"/admin/staged/{token}/publish", title="某区教育局2021年工作要点", issuer="某区教育局",
                   period="2021年", date="2021-03-02")
    assert r.status_code == 303
    job = staff.wait_for_index()
    assert "error" not in job and "新增 1" in job["result"], job
    assert json.loads((admin.corpus / "district-2021-plan.meta.json").read_text("utf-8"))["date"] == "2021-03-02"
    assert httpx.get(admin.base + "/healthz").json()["documents"] == 2
    ans = httpx.post(admin.base + "/api/chat", json={"question": ANSWERED_FROM_PDF}).json()
    assert not ans["refused"] and ans["citations"][0]["doc"] == "district-2021-plan"
    assert "120名" in ans["answer"]
    page = staff.http.get("/admin/docs").text
    assert "某区教育局2021年工作要点" in page and "district-2021-plan.pdf" in page
    assert staff.post("/admin/docs/district-2021-plan/delete").status_code == 303
    staff.wait_for_index()
    assert httpx.get(admin.base + "/healthz").json()["documents"] == 1
    assert not (admin.corpus / "district-2021-plan.pdf").exists()
    assert staff.post("/admin/docs/wuxi-education-2020-h1/delete").status_code == 409  # the last one stays


def test_open_questions_page_filters_and_csv(admin, staff):
    for _ in range(2):
        assert httpx.post(admin.base + "/api/chat", json={"question": REFUSED}).json()["refused"]
    with sqlite3.connect(admin.data_dir / "feedback.db") as db:
        db.execute("INSERT INTO refusals (ts, channel, question) VALUES (?, 'api', ?)",
                   (time.time(), '=HYPERLINK("http://evil.example","点我")'))
    page = staff.http.get("/admin/open").text
    assert REFUSED in page and "<svg" in page and "未能回答的问题" in page
    row = page[page.index(REFUSED) - 200: page.index(REFUSED)]
    assert '<td class="num">2</td>' in row
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert REFUSED not in staff.http.get("/admin/open", params={"since": tomorrow}).text
    assert REFUSED in staff.http.get("/admin/open", params={"doc": "wuxi-education-2020-h1"}).text
    assert staff.http.get("/admin/open", params={"since": "yesterday"}).status_code == 400
    csv = staff.http.get("/admin/open.csv", params={"until": date.today().isoformat()})
    assert csv.status_code == 200 and csv.headers["content-disposition"].startswith("attachment;")
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff类型,次数,最近一次,问题,回答,文档\r\n")
    assert "未能回答,2," in text and "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_try_a_question_shows_why_and_is_not_counted(admin, staff):
    def refusals() -> int:
        with sqlite3.connect(admin.data_dir / "feedback.db") as db:
            return db.execute("SELECT COUNT(*) FROM refusals").fetchone()[0]

    before = refusals()
    page = staff.post("/admin/try", question=REFUSED).text
    assert "拒答" in page and "为什么这样回答" in page and "候选句子" in page and "判定规则" in page
    page = staff.post("/admin/try", question="上半年资助了多少学生？").text
    assert "54925人次" in page and "通过（作答）" in page and "wuxi-education-2020-h1#1.6" in page
    assert refusals() == before
    assert staff.post("/admin/try", question="x", doc="no-such-doc").status_code == 400


def test_every_action_is_logged_and_the_password_nowhere(admin, staff):
    rows = [json.loads(ln) for ln in admin.audit.read_text("utf-8").splitlines()]
    done = {(r["action"], r["ok"]) for r in rows}
    for action in ("login", "upload", "discard", "publish", "index", "delete", "export", "try"):
        assert (action, True) in done, action
    assert ("login", False) in done and ("upload", False) in done
    assert "client" not in rows[0]  # addresses only with BOT_LOG_IPS=1
    page = staff.http.get("/admin/log").text
    assert "上线" in page and "导出 CSV" in page
    for path in (admin.audit, admin.app.log_path):
        assert PASSWORD not in path.read_text("utf-8", errors="replace")


def test_signing_out_ends_the_session(admin):
    s = Staff(admin.base)
    assert s.post("/admin/logout").status_code == 303
    assert s.http.get("/admin/docs").status_code == 303
    assert s.http.get("/admin/jobs/current").status_code == 403
    s.close()
