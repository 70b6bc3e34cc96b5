"""bot/guard.py and the pieces it relies on, in-process: the rate limiter's arithmetic, client keys,
text cleaning, headers, the access-log filter, the page's answer escaping, and concurrent embeddings."""
from __future__ import annotations

import json
import logging
import threading

import numpy as np
import pytest

from bot.guard import (RateLimiter, _NoClientAddr, clean_json, clean_text, client_key, content_security_policy,
                       security_headers)


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_rate_limiter_burst_then_one_every_two_seconds():
    clock = Clock()
    rl = RateLimiter(30, clock=clock)
    assert [rl.hit("a") for _ in range(30)] == [0] * 30
    assert rl.hit("a") == 2  # 30 a minute: the next token in 2 s
    assert rl.hit("b") == 0  # another client has its own bucket
    clock.t += 2.0
    assert rl.hit("a") == 0 and rl.hit("a") == 2
    clock.t += 60.0
    assert [rl.hit("a") for _ in range(30)] == [0] * 30  # refilled, never above the burst


def test_rate_limiter_off_and_bounded_memory():
    assert all(RateLimiter(0).hit("a") == 0 for _ in range(1000))
    clock = Clock()
    rl = RateLimiter(5, max_keys=10, clock=clock)
    for i in range(100):
        rl.hit(f"10.0.0.{i}")
        clock.t += 0.01
    assert len(rl._buckets) <= 10


@pytest.mark.parametrize("host,key", [("203.0.113.5", "203.0.113.5"), ("2001:db8::1", "2001:db8::/64"),
                                      ("2001:db8::ffff:2", "2001:db8::/64"), ("::ffff:198.51.100.7", "198.51.100.7"),
                                      (None, "unknown"), ("testclient", "testclient")])
def test_client_key(host, key):
    assert client_key(host) == key


@pytest.mark.parametrize("raw,clean", [("问\x00题\u200b", "问题"), ("a\u202eb\ufeff", "ab"), ("x\ud800y", "xy"),
                                       ("换行\n和\t制表", "换行\n和\t制表"), ("普通问题？", "普通问题？")])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_json_makes_everything_encodable():
    dirty = {"k\ud800": ["a\x00", {"b": "\udfff"}, 3, None]}
    cleaned = clean_json(dirty)
    assert cleaned == {"k": ["a", {"b": ""}, 3, None]}
    json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


def test_security_headers():
    h = dict(security_headers(["https://jyj.wuxi.gov.cn"]))
    csp = h[b"content-security-policy"].decode()
    assert "frame-ancestors 'self' https://jyj.wuxi.gov.cn" in csp and "default-src 'self'" in csp
    assert "object-src 'none'" in csp and "connect-src 'self'" in csp and "https:" not in csp.split("frame")[0]
    assert h[b"x-content-type-options"] == b"nosniff" and h[b"referrer-policy"] == b"same-origin"
    assert "frame-ancestors *" in content_security_policy(["*"])
    # /docs and /redoc are served from this server too (bot/site.py): no CDN in any policy
    assert dict(security_headers([], "/docs")) == dict(security_headers([], "/"))
    assert "http" not in dict(security_headers([], "/redoc"))[b"content-security-policy"].decode()


def test_access_log_filter_hides_the_client_address():
    rec = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                            ("203.0.113.9:5555", "GET", "/", "1.1", 200), None)
    assert _NoClientAddr().filter(rec) and rec.getMessage() == '- - "GET / HTTP/1.1" 200'


def test_one_embedding_model_serves_threads_concurrently():
    from bot.embeddings import E5Embeddings

    emb = E5Embeddings()
    texts = [f"第{i}个问题：上半年资助了多少学生？" for i in range(12)]
    serial = {t: emb.query_vector(t).copy() for t in texts}
    out, errors = {}, []

    def work(part):
        try:
            for t in part:
                out[t] = emb.query_vector(t)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(texts[i::3],)) for i in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors and all(np.array_equal(out[t], serial[t]) for t in texts)


def test_query_cache_keeps_the_last_n_read_only():
    from bot.embeddings import E5Embeddings

    emb = E5Embeddings()
    emb.enable_cache(2)
    a = emb.query_vector("上半年资助了多少学生？")
    assert emb.query_vector("上半年资助了多少学生？") is a and not a.flags.writeable
    emb.query_vector("问题二")
    emb.query_vector("问题三")  # evicts the first
    assert emb.query_vector("上半年资助了多少学生？") is not a
    emb.enable_cache(0)
    assert emb.query_vector("问题二") is not emb.query_vector("问题二")
