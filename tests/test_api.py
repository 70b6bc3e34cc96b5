"""The HTTP API against a real server (httpx): answer-object contract, /healthz, Chinese
error bodies, CORS and frame-ancestors from BOT_ALLOWED_ORIGINS, /widget.js, /docs, feedback."""
from __future__ import annotations

import json
import re
import sqlite3

import httpx
import pytest

from bot.corpus import load_corpus

CJK = re.compile(r"[\u4e00-\u9fff]")
QUESTION = "上半年资助了多少学生？"


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.base, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def docs(server):
    from pathlib import Path

    return {d.doc_id: d for d in load_corpus(Path(__file__).resolve().parent.parent / "corpus")}


def test_chat_returns_the_answer_object(http, docs):
    r = http.post("/api/chat", json={"question": QUESTION})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    ans = r.json()
    assert {"question", "answer", "refused", "mode", "citations", "latency_ms"} <= set(ans)
    assert ans["question"] == QUESTION and ans["refused"] is False
    assert isinstance(ans["latency_ms"], (int, float)) and isinstance(ans["mode"], str)
    assert "54925" in ans["answer"] and "[1]" in ans["answer"]
    c = ans["citations"][0]
    assert {"n", "doc", "section_id", "section", "quote", "start", "end", "score"} <= set(c)
    assert c["n"] == 1 and c["section_id"] == "wuxi-education-2020-h1#1.6"
    assert c["section"] == "一、上半年任务完成情况 › 六是教育保障水平全面提升"
    for c in ans["citations"]:  # every quote is the cleaned text between start and end
        assert docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"]


@pytest.mark.parametrize("history", [
    [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "上半年累计资助学生54925人次。[1]"}],
    [QUESTION],
    [],
])
def test_chat_accepts_history_as_messages_or_strings(http, history):
    r = http.post("/api/chat", json={"question": "金额是多少？", "history": history})
    assert r.status_code == 200
    assert r.json()["question"] == "金额是多少？"


def test_healthz(http):
    r = http.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["documents"] == 1 and body["chunks"] > 0


BAD_REQUESTS = [  # (id, method, path, raw body, content type, status)
    ("invalid json", "POST", "/api/chat", b"{question: 1", "application/json", 400),
    ("invalid utf-8", "POST", "/api/chat", b'{"question": "\xff\xfe"}', "application/json", 400),
    ("empty question", "POST", "/api/chat", '{"question": ""}'.encode(), "application/json", 400),
    ("blank question", "POST", "/api/chat", '{"question": " \\n\\t "}'.encode(), "application/json", 400),
    ("question too long", "POST", "/api/chat", json.dumps({"question": "问" * 501}).encode(),
     "application/json", 413),
    ("body over 64 KB", "POST", "/api/chat", json.dumps({"question": "a" * 70_000}).encode(),
     "application/json", 413),
    ("missing question", "POST", "/api/chat", b"{}", "application/json", 422),
    ("question not a string", "POST", "/api/chat", b'{"question": 5}', "application/json", 422),
    ("body not an object", "POST", "/api/chat", b"[1, 2]", "application/json", 422),
    ("bad history turn", "POST", "/api/chat", b'{"question": "q", "history": [{"role": "x"}]}',
     "application/json", 422),
    ("history not a list", "POST", "/api/chat", b'{"question": "q", "history": "abc"}', "application/json", 422),
    ("bad vote", "POST", "/api/feedback", b'{"vote": "meh", "question": "q", "answer": "a"}',
     "application/json", 422),
    ("GET on chat", "GET", "/api/chat", None, None, 405),
    ("unknown endpoint", "POST", "/api/nothing", b"{}", "application/json", 404),
]


@pytest.mark.parametrize("method,path,body,ctype,status", [b[1:] for b in BAD_REQUESTS],
                         ids=[b[0] for b in BAD_REQUESTS])
def test_errors_are_chinese_json_never_a_trace(http, method, path, body, ctype, status):
    headers = {"Content-Type": ctype} if ctype else {}
    r = http.request(method, path, content=body, headers=headers)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert list(body) == ["error"] and CJK.search(body["error"]), body
    assert "Traceback" not in r.text and "detail" not in body


def test_cors_preflight_allowed_origin(http, server):
    r = http.options("/api/chat", headers={"Origin": server.allowed_origin,
                                           "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code in (200, 204)
    assert r.headers["access-control-allow-origin"] == server.allowed_origin
    assert "POST" in r.headers["access-control-allow-methods"]
    r = http.post("/api/chat", json={"question": QUESTION}, headers={"Origin": server.allowed_origin})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == server.allowed_origin


@pytest.mark.parametrize("origin", ["http://127.0.0.1:1", "https://evil.example", "null"])
def test_cors_other_origin_refused(http, origin):
    r = http.options("/api/chat", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in r.headers
    assert r.status_code == 403 and CJK.search(r.json()["error"])
    r = http.post("/api/chat", json={"question": QUESTION}, headers={"Origin": origin})
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    r = http.get("/config", headers={"Origin": origin})  # Gradio's own routes: no CORS either
    assert "access-control-allow-origin" not in r.headers


def test_same_origin_call_with_origin_header(http, server):
    r = http.post("/api/chat", json={"question": QUESTION}, headers={"Origin": server.base})
    assert r.status_code == 200


@pytest.mark.parametrize("path", ["/", "/healthz", "/widget.js", "/api/nothing"])
def test_frame_ancestors_from_allowed_origins(http, server, path):
    csp = http.get(path).headers["content-security-policy"]
    directives = [d.strip() for d in csp.split(";")]
    assert f"frame-ancestors 'self' {server.allowed_origin}" in directives
    assert len(http.get(path).headers.get_list("content-security-policy")) == 1


def test_page_and_docs_are_served(http):
    page = http.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert http.get("/docs").status_code == 200
    spec = http.get("/openapi.json").json()
    assert {"/api/chat", "/api/feedback", "/healthz"} <= set(spec["paths"])


def test_widget_js_is_self_contained(http):
    r = http.get("/widget.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    js = re.sub(r"/\*.*?\*/", "", r.text, flags=re.S)  # code only, not comments
    js = re.sub(r"(?m)(^|\s)//.*$", "", js)
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "eval(", "document.write", "new Function"):
        assert sink not in js, sink
    urls = set(re.findall(r"https?://[^\s\"')]+", js))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # the SVG namespace is a name, not a request
    assert "document.currentScript" in js and "data-title" in js


def test_feedback_is_stored(http, server):
    ans = http.post("/api/chat", json={"question": QUESTION}).json()
    r = http.post("/api/feedback", json={"vote": "down", "question": ans["question"], "answer": ans["answer"],
                                         "citations": ans["citations"], "refused": ans["refused"]})
    assert r.status_code == 200 and r.json()["ok"] is True
    with sqlite3.connect(server.feedback_db) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = db.execute("SELECT vote, question, answer, citations, channel FROM votes WHERE id = ?",
                         (r.json()["id"],)).fetchone()
    assert row[:3] == ("down", QUESTION, ans["answer"]) and row[4] == "api"
    assert json.loads(row[3])[0]["section_id"] == ans["citations"][0]["section_id"]
