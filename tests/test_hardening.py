"""Bad input and headers against the real session server: never a 5xx or a trace, always a Chinese
JSON error; security headers on every kind of response; a short load run.

The property test posts at least 500 generated bodies to /api/chat — JSON of every shape, strings
with control characters and lone surrogates, wrong types, broken and non-UTF-8 bytes, odd
content types — and checks each answer: a 2xx answer object, or a 4xx ``{"error": "中文"}``.
"""
from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.load import load_bodies, run_load

CJK = re.compile(r"[\u4e00-\u9fff]")
QUESTION = "上半年资助了多少学生？"
ANSWER_KEYS = {"question", "answer", "refused", "mode", "citations", "latency_ms"}


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.base, timeout=30) as c:
        yield c


def check(r: httpx.Response) -> None:
    """The contract for any body: a 2xx answer object or a 4xx Chinese JSON error; never a 5xx."""
    assert r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.headers["content-type"]
    body = r.json()
    if r.status_code == 200:
        assert ANSWER_KEYS <= set(body) and isinstance(body["answer"], str)
    else:
        assert 400 <= r.status_code < 500 and list(body) == ["error"], body
        assert isinstance(body["error"], str) and CJK.search(body["error"]), body
    assert "Traceback" not in r.text


# -- generated bodies ---------------------------------------------------------------------------
# every code point: controls, bidi marks, private use, and lone surrogates (JSON can carry them as \udXXX)
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
texts = st.one_of(st.text(any_char, max_size=40), st.text(max_size=600),
                  st.sampled_from([QUESTION, "", " \n\t", "<script>alert(1)</script>", "问" * 501, "\x00", "\ud800",
                                   "那金额是多少？", "' OR 1=1 --", "{{7*7}}", "../../etc/passwd"]),
                  st.builds(lambda a, b: a + b, st.sampled_from([QUESTION, "下半年有什么计划？"]),
                            st.text(any_char, max_size=10)))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
                           lambda c: st.lists(c, max_size=4) | st.dictionaries(texts, c, max_size=4),
                           max_leaves=12)
turns = st.one_of(texts, json_values,
                  st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", "", 1]),
                                         "content": st.one_of(texts, json_values)}))
chat_bodies = st.fixed_dictionaries(
    {"question": st.one_of(texts, texts, json_values)},
    optional={"history": st.one_of(st.lists(turns, max_size=8), json_values), "extra": json_values})


def encode(value, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")


raw_bodies = st.one_of(
    st.builds(encode, chat_bodies, st.booleans()),
    st.builds(encode, json_values, st.booleans()),
    st.binary(max_size=200),
    st.builds(lambda b, n: b[: max(0, len(b) - n)], st.builds(encode, chat_bodies, st.just(False)),
              st.integers(1, 20)),  # cut short
    st.builds(lambda b, junk: b.replace(b"\"question\"", b"\"question\"" + junk, 1),
              st.builds(encode, chat_bodies, st.just(False)), st.binary(min_size=1, max_size=4)),  # bytes spliced in
)
content_types = st.sampled_from(["application/json", "application/json", "application/json; charset=utf-8",
                                 "text/plain", "application/x-www-form-urlencoded", None])
MIN_EXAMPLES = 500


def test_generated_bodies_never_get_a_5xx(http):
    seen = []

    @settings(max_examples=MIN_EXAMPLES + 50, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(body=raw_bodies, ctype=content_types)
    def post(body, ctype):
        headers = {"Content-Type": ctype} if ctype else {}
        r = http.post("/api/chat", content=body, headers=headers)
        seen.append(r.status_code)
        check(r)

    post()
    assert len(seen) >= MIN_EXAMPLES
    assert {200, 400, 422} <= set(seen), sorted(set(seen))  # the generator reaches answers and both error kinds


# -- worked examples ----------------------------------------------------------------------------
def test_a_history_of_100_turns_is_answered(http):
    turns = []
    for i in range(100):  # 100 question/answer pairs = 200 messages, ~20 KB
        turns += [{"role": "user", "content": f"第{i}个问题：上半年资助了多少学生？"},
                  {"role": "assistant", "content": "上半年累计资助学生54925人次，金额7151万元。[1]"}]
    r = http.post("/api/chat", json={"question": "金额是多少？", "history": turns})
    check(r)
    assert r.status_code == 200 and "7151万元" in r.json()["answer"]
    r = http.post("/api/chat", json={"question": QUESTION, "history": [QUESTION] * 100})
    assert r.status_code == 200
    r = http.post("/api/chat", json={"question": QUESTION, "history": [QUESTION] * 201})
    check(r)
    assert r.status_code == 422 and "history" in r.json()["error"]


@pytest.mark.parametrize("question,status,echo", [
    ("\x00上半年资助了\u200b多少学生？\u202e", 200, QUESTION),  # invisible characters dropped
    ("上半年资助了多少学生？\ud800", 200, QUESTION),  # a lone surrogate (valid JSON, not encodable)
    ("\x00\x01\x1f\u200b", 400, None),  # nothing left: an empty question
    ("\x7f" * 600, 400, None),
])
def test_control_characters_and_surrogates(http, question, status, echo):
    body = json.dumps({"question": question, "history": ["\ud83d前一个问题\x00"]}).encode()
    r = http.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    check(r)
    assert r.status_code == status
    if echo:
        assert r.json()["question"] == echo


def test_feedback_with_surrogates_is_stored_clean(http, server):
    import sqlite3

    from bot.signing import key_for, sign

    token = sign(key_for(server.data_dir), "坏\ud800问题", "答\x00案", ["d#1.1"])  # as the server signs it: cleaned
    body = json.dumps({"vote": "down", "question": "坏\ud800问题", "answer": "答\x00案",
                       "citations": [{"quote": "引\udfff文", "n": 1, "section_id": "d#1.1"}], "answer_id": token}).encode()
    r = http.post("/api/feedback", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    with sqlite3.connect(server.feedback_db) as db:
        row = db.execute("SELECT question, answer, citations FROM votes WHERE id = ?", (r.json()["id"],)).fetchone()
    assert row[0] == "坏问题" and row[1] == "答案" and json.loads(row[2])[0]["quote"] == "引文"


@pytest.mark.parametrize("body,status", [
    (b"[" * 50_000 + b"]" * 50_000, 413),  # 100 KB of nesting: over the size limit first
    (b"[" * 30_000 + b"]" * 30_000, 400),  # deep enough to break a recursive parser
    (b'{"question": "' + "问".encode() * 20_000 + b'"}', 413),  # 60 KB of characters, over 500
    (b"\xef\xbb\xbf" + json.dumps({"question": QUESTION}).encode(), 200),  # a UTF-8 BOM is tolerated
    (json.dumps({"question": QUESTION}).encode("utf-16"), 200),  # so is UTF-16 with its BOM (RFC 8259 leniency)
])
def test_pathological_bodies(http, body, status):
    r = http.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    check(r)
    assert r.status_code == status


def test_a_chunked_body_over_64_kb_is_cut_off(http):
    def chunks():
        yield b'{"question": "'
        for _ in range(100):
            yield b"a" * 1024
        yield b'"}'

    r = http.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    check(r)
    assert r.status_code == 413


def test_gradio_does_not_serve_files_from_disk(http):
    for path in ("/gradio_api/file=/etc/passwd", "/gradio_api/file=app.py", "/gradio_api/file=data/feedback.db",
                 "/file=/etc/passwd", "/gradio_api/file=../../../../etc/passwd"):
        r = http.get(path)
        assert r.status_code in (403, 404), (path, r.status_code)
        assert "root:" not in r.text


# -- headers on every response ------------------------------------------------------------------
def responses(http, server):
    yield "page", http.get("/")
    yield "healthz", http.get("/healthz")
    yield "widget", http.get("/widget.js")
    yield "gradio config", http.get("/config")
    yield "answer", http.post("/api/chat", json={"question": QUESTION})
    yield "400", http.post("/api/chat", content=b"{", headers={"Content-Type": "application/json"})
    yield "413", http.post("/api/chat", json={"question": "a" * 70_000})
    yield "422", http.post("/api/chat", json={"question": 1})
    yield "404", http.get("/api/nothing")
    yield "403", http.post("/api/chat", json={"question": QUESTION}, headers={"Origin": "https://evil.example"})
    yield "preflight", http.options("/api/chat", headers={"Origin": server.allowed_origin,
                                                          "Access-Control-Request-Method": "POST"})
    yield "docs", http.get("/docs")


def test_security_headers_on_every_response(http, server):
    for name, r in responses(http, server):
        csps = r.headers.get_list("content-security-policy")
        assert len(csps) == 1, (name, csps)
        directives = [d.strip() for d in csps[0].split(";")]
        assert f"frame-ancestors 'self' {server.allowed_origin}" in directives, name
        assert "default-src 'self'" in directives and "object-src 'none'" in directives, name
        assert r.headers.get_list("x-content-type-options") == ["nosniff"], name
        assert r.headers["referrer-policy"] == "same-origin", name
        # nothing may leave the server, /docs included (Swagger UI is served from here: bot/site.py)
        assert "http" not in csps[0].replace(server.allowed_origin, ""), (name, csps[0])


# -- load, short: the full run is `python -m eval.load` (figures in eval/REPORT.md) --------------
def test_short_load_run_has_no_errors(server):
    res = asyncio.run(run_load(server.base, load_bodies(), requests=400, clients=16))
    print(f"\nshort load run: {res}")
    assert res["requests"] == 400 and res["errors"] == 0, res["first_failures"]
    assert res["p99_ms"] < 10_000
