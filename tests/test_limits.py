"""Abuse limits on a real server of their own, set tight: 5 questions a minute per client (API and
page share the budget), 2 API requests in flight, a Gradio queue of 2 with 1 answering.

Clients are told apart by ``X-Forwarded-For``, which counts only from a trusted proxy
(``BOT_TRUSTED_PROXIES``: here 127.0.0.1 stands for the proxy) — so each test is its own client;
from 127.0.0.2, an untrusted client, the header is ignored. This server logs client IPs
(``BOT_LOG_IPS=1``); the session server, which does not, shows their absence.
"""
from __future__ import annotations

import asyncio
import contextlib
import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from gradio_client import Client

from conftest import AppProcess, free_port

QUESTION = "上半年资助了多少学生？"
CJK = re.compile(r"[\u4e00-\u9fff]")
OTHER_ORIGIN = "http://127.0.0.1:1"  # allowed by this server, so CORS headers can be checked on a 429


@pytest.fixture(scope="module")
def limited(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limited")
    port = free_port()
    app = AppProcess(port, {"BOT_INDEX_DIR": str(server.index_dir), "BOT_DATA_DIR": str(tmp / "data"),
                            "BOT_RATE_LIMIT": "5", "BOT_MAX_CONCURRENT": "2", "BOT_QUEUE_SIZE": "2",
                            "BOT_UI_CONCURRENCY": "1", "BOT_LOG_IPS": "1", "BOT_TRUSTED_PROXIES": "127.0.0.1",
                            "BOT_PUBLIC_URL": f"http://127.0.0.1:{port}",
                            "BOT_ALLOWED_ORIGINS": OTHER_ORIGIN}, tmp / "server.log")
    app.start()
    yield app
    app.stop(timeout_s=3)


@contextlib.contextmanager
def page_client(app, ip: str):
    c = Client(app.base + "/", headers={"X-Forwarded-For": ip}, verbose=False)
    try:
        yield c
    finally:
        c.close()


def ask(app, ip: str, path: str = "/api/chat", **kw) -> httpx.Response:
    body = {"question": QUESTION} if path == "/api/chat" else {"vote": "up", "question": QUESTION, "answer": "a"}
    return httpx.post(app.base + path, json=body, headers={"X-Forwarded-For": ip, **kw.pop("headers", {})},
                      timeout=30, **kw)


def assert_chinese_error(r: httpx.Response, status: int):
    assert r.status_code == status and r.headers["content-type"].startswith("application/json")
    assert list(r.json()) == ["error"] and CJK.search(r.json()["error"])
    assert "frame-ancestors" in r.headers["content-security-policy"]


def test_api_rate_limit_per_client_with_retry_after(limited):
    assert [ask(limited, "203.0.113.10").status_code for _ in range(5)] == [200] * 5
    r = ask(limited, "203.0.113.10")
    assert_chinese_error(r, 429)
    wait = int(r.headers["retry-after"])
    assert 1 <= wait <= 12 and f"{wait} 秒" in r.json()["error"]  # 5 a minute: a token every 12 s
    assert ask(limited, "203.0.113.10", "/api/feedback").status_code == 429  # every /api/* path counts
    assert ask(limited, "203.0.113.11").status_code == 200  # another client is not affected
    assert all(httpx.get(limited.base + "/healthz").status_code == 200 for _ in range(10))  # not /api/*


def test_a_429_still_carries_cors_so_the_widget_can_show_it(limited):
    for _ in range(5):
        ask(limited, "203.0.113.12", headers={"Origin": OTHER_ORIGIN})
    r = ask(limited, "203.0.113.12", headers={"Origin": OTHER_ORIGIN})
    assert r.status_code == 429 and r.headers["access-control-allow-origin"] == OTHER_ORIGIN


def test_the_page_shares_the_budget(limited):
    ip = "198.51.100.20"
    assert [ask(limited, ip).status_code for _ in range(4)] == [200] * 4
    with page_client(limited, ip) as page:
        _, chat, _, _ = page.predict(QUESTION, api_name="/ask")  # the 5th question: answered
        assert "54925" in str(chat)
        with pytest.raises(Exception, match="提问太频繁了，请 \\d+ 秒后再试"):
            page.predict(QUESTION, api_name="/ask")
    assert ask(limited, ip).status_code == 429


def test_requests_in_flight_are_bounded(limited):
    async def burst():
        async with httpx.AsyncClient(base_url=limited.base, timeout=30,
                                     limits=httpx.Limits(max_connections=24)) as c:
            return await asyncio.gather(*(c.post("/api/chat", json={"question": QUESTION},
                                                 headers={"X-Forwarded-For": f"192.0.2.{i}"})
                                          for i in range(24)))

    rs = asyncio.run(burst())
    codes = [r.status_code for r in rs]
    assert set(codes) <= {200, 503} and codes.count(200) >= 2 and codes.count(503) >= 1, codes
    for r in rs:
        if r.status_code == 503:
            assert_chinese_error(r, 503)
            assert r.headers["retry-after"] == "1"


def test_the_page_queue_is_bounded(limited):
    def one(i):
        with page_client(limited, f"192.0.2.{100 + i}") as page:
            try:
                page.predict(QUESTION, api_name="/ask")
                return "answered"
            except Exception as e:  # noqa: BLE001
                return "queue full" if "Queue is full" in str(e) else repr(e)

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(one, range(8)))
    assert set(outcomes) == {"answered", "queue full"}, outcomes  # 1 answering + 2 waiting; the rest refused


def test_client_ips_are_logged_only_when_asked(limited, server):
    ask(limited, "203.0.113.99")
    assert "203.0.113.99" in limited.log()  # BOT_LOG_IPS=1
    session_log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert '- "GET /healthz HTTP/1.1" 200' in session_log  # the access log is there ...
    assert not re.search(r"\d{1,3}(\.\d{1,3}){3}:\d+ - \"", session_log)  # ... without any client address


def test_an_untrusted_client_cannot_pick_its_address(limited):
    """From 127.0.0.2 (not in BOT_TRUSTED_PROXIES) X-Forwarded-For is ignored: six "clients" share one budget."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(transport=transport, timeout=30) as c:
        codes = [c.post(limited.base + "/api/chat", json={"question": QUESTION},
                        headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(6)]
    assert codes == [200] * 5 + [429]
    # through the trusted proxy (127.0.0.1) the same header names the client
    assert ask(limited, "198.51.100.77").status_code == 200


def test_the_page_names_the_public_url_not_the_request_host(limited):
    r = httpx.get(limited.base + "/config", headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    assert r.status_code == 200 and "evil.example" not in r.text
    assert r.json()["root"] == limited.base and r.headers["cache-control"] == "no-store"
