"""The HTTP API against a real server (httpx): answer-object contract, /healthz, Chinese
error bodies, CORS and frame-ancestors from BOT_ALLOWED_ORIGINS, /widget.js, /docs, feedback."""
from __future__ import annotations

import base64
import json
import os
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


def vote_body(ans: dict, vote: str = "down", **changes) -> dict:
    """What the widget (or any API client) sends to vote on an answer object."""
    return {"vote": vote, "question": ans["question"], "answer": ans["answer"], "citations": ans["citations"],
            "refused": ans["refused"], "answer_id": ans["answer_id"], **changes}


def stored(db_path, row_id: int):
    db = sqlite3.connect(db_path)
    try:
        return db.execute("SELECT vote, question, answer, citations, channel FROM votes WHERE id = ?",
                          (row_id,)).fetchone()
    finally:
        db.close()


def vote_count(db_path) -> int:
    db = sqlite3.connect(db_path)
    try:
        return db.execute("SELECT COUNT(*) FROM votes").fetchone()[0]
    finally:
        db.close()


@pytest.fixture(scope="module")
def answer(http) -> dict:
    return http.post("/api/chat", json={"question": QUESTION}).json()


def test_feedback_is_stored(http, server):
    ans = http.post("/api/chat", json={"question": QUESTION}).json()
    r = http.post("/api/feedback", json=vote_body(ans))
    assert r.status_code == 200 and r.json()["ok"] is True
    with sqlite3.connect(server.feedback_db) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    row = stored(server.feedback_db, r.json()["id"])
    assert row[:3] == ("down", QUESTION, ans["answer"]) and row[4] == "api"
    assert json.loads(row[3])[0]["section_id"] == ans["citations"][0]["section_id"]


def test_every_answer_carries_an_answer_id_signed_with_the_servers_key(http, server, answer):
    from bot import signing

    key_file = server.data_dir / "secret.key"
    assert oct(key_file.stat().st_mode & 0o777) == oct(0o600)
    key = key_file.read_bytes()
    section_ids = signing.section_ids(answer["citations"])
    assert signing.verify(key, answer["answer_id"], QUESTION, answer["answer"], section_ids) > 0
    other = http.post("/api/chat", json={"question": "金额是多少？", "history": [QUESTION]}).json()
    assert signing.verify(key, other["answer_id"], other["question"], other["answer"],
                          signing.section_ids(other["citations"]))
    assert other["answer_id"] != answer["answer_id"]
    stream = http.post("/api/chat/stream", json={"question": QUESTION}).text
    final = json.loads(stream.split("event: final\ndata: ", 1)[1].split("\n", 1)[0])
    assert signing.verify(key, final["answer_id"], QUESTION, final["answer"], signing.section_ids(final["citations"]))
    secret = {key.hex(), key.hex().upper(), base64.b64encode(key).decode(), base64.urlsafe_b64encode(key).decode()}
    seen = server.log_path.read_text(encoding="utf-8", errors="replace") + json.dumps(answer) + stream
    assert not [s for s in secret if s in seen]  # never logged, never returned


def test_widget_votes_are_stored_as_widget_and_no_other_channel_is_taken(http, server, answer):
    r = http.post("/api/feedback", json=vote_body(answer, "up", channel="widget"))
    assert r.status_code == 200
    assert stored(server.feedback_db, r.json()["id"])[4] == "widget"
    for channel in ("page", "cli", "", 1):
        r = http.post("/api/feedback", json=vote_body(answer, "up", channel=channel))
        assert r.status_code == 422 and CJK.search(r.json()["error"]), channel
    js = re.sub(r"/\*.*?\*/", "", http.get("/widget.js").text, flags=re.S)  # the widget sends both
    post = js[js.index('post("api/feedback"'):]
    post = post[:post.index(")")]
    assert "answer_id: ans.answer_id" in post and 'channel: "widget"' in post


FORGED = [  # (id, changes to a genuine vote body): text the service never said, or no proof it did
    ("no answer_id", {"answer_id": None}),
    ("empty answer_id", {"answer_id": ""}),
    ("made-up answer_id", {"answer_id": "A" * 50}),
    ("answer rewritten", {"answer": "教育局上半年什么也没做。[1]"}),
    ("answer edited", {"answer": "严格落实学生资助各项政策，上半年累计资助学生5人次。[1]"}),
    ("question changed", {"question": "教育局是不是在浪费钱？"}),
    ("other section cited", {"citations": [{"n": 1, "section_id": "wuxi-education-2020-h1#2.1"}]}),
    ("citations dropped", {"citations": []}),
    ("answer_id not a string", {"answer_id": 12345}),
]


@pytest.mark.parametrize("changes", [f[1] for f in FORGED], ids=[f[0] for f in FORGED])
def test_votes_on_answers_the_service_never_gave_are_refused(http, server, answer, changes):
    before = vote_count(server.feedback_db)
    body = vote_body(answer, **changes)
    if body["answer_id"] is None:
        del body["answer_id"]
    r = http.post("/api/feedback", json=body)
    assert r.status_code == 422 and list(r.json()) == ["error"] and CJK.search(r.json()["error"]), r.text
    assert vote_count(server.feedback_db) == before


def test_answer_ids_older_than_seven_days_are_refused(http, server, answer):
    import time

    from bot import signing

    key, ids = (server.data_dir / "secret.key").read_bytes(), signing.section_ids(answer["citations"])
    old = signing.sign(key, QUESTION, answer["answer"], ids, issued=time.time() - 8 * 86400)
    r = http.post("/api/feedback", json=vote_body(answer, answer_id=old))
    assert r.status_code == 422 and "7 天" in r.json()["error"]
    recent = signing.sign(key, QUESTION, answer["answer"], ids, issued=time.time() - 6 * 86400)
    assert http.post("/api/feedback", json=vote_body(answer, answer_id=recent)).status_code == 200


def remove_db(path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_votes_after_feedback_db_is_deleted_land_in_the_new_file(http, server, answer):
    http.post("/api/feedback", json=vote_body(answer, "up"))  # the server has the file open
    remove_db(server.feedback_db)
    ids = []
    for vote in ("up", "down", "up"):
        r = http.post("/api/feedback", json=vote_body(answer, vote))
        assert r.status_code == 200 and r.json()["ok"] is True
        ids.append(r.json()["id"])
    assert [stored(server.feedback_db, i)[0] for i in ids] == ["up", "down", "up"]
    assert vote_count(server.feedback_db) == 3


def test_votes_after_feedback_db_is_replaced_land_in_the_replacement(http, server, answer, tmp_path):
    from bot.feedback import FeedbackStore

    http.post("/api/feedback", json=vote_body(answer, "up"))
    restored = FeedbackStore(tmp_path / "restored.db")  # e.g. a backup put back with mv
    kept = restored.vote("up", "备份里的问题", "备份里的回答")
    restored.close()
    os.replace(tmp_path / "restored.db", server.feedback_db)
    r = http.post("/api/feedback", json=vote_body(answer, "down"))
    assert r.status_code == 200
    assert stored(server.feedback_db, kept)[1] == "备份里的问题"
    assert stored(server.feedback_db, r.json()["id"])[:2] == ("down", QUESTION)
    assert vote_count(server.feedback_db) == 2


def test_a_vote_that_cannot_be_stored_is_503_never_ok(http, server, answer, tmp_path):
    os.replace(server.feedback_db, tmp_path / "aside.db")
    server.feedback_db.mkdir()  # nothing SQLite can open is at the path
    try:
        r = http.post("/api/feedback", json=vote_body(answer, "down"))
        assert r.status_code == 503 and CJK.search(r.json()["error"]) and r.headers["retry-after"]
    finally:
        server.feedback_db.rmdir()
    r = http.post("/api/feedback", json=vote_body(answer, "down"))
    assert r.status_code == 200 and stored(server.feedback_db, r.json()["id"])[0] == "down"
