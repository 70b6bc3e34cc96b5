"""Proxy headers and origins on the session server (no trusted proxy): nothing a client claims counts."""
from __future__ import annotations

import httpx
import pytest

EVIL = "evil.example"


@pytest.mark.parametrize("path", ["/", "/config"])
def test_forwarded_host_from_a_client_is_ignored(server, path):
    r = httpx.get(server.base + path, headers={"X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https",
                                               "Forwarded": f"host={EVIL}"})
    assert r.status_code == 200 and EVIL not in r.text and "https://127.0.0.1" not in r.text
    assert r.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("host", ["evil.example/<script>", "a b", "x" * 300, "127.0.0.1:7860@evil"])
def test_a_host_that_is_no_host_name_is_refused(server, host):
    r = httpx.get(server.base + "/config", headers={"Host": host})
    assert r.status_code == 400 and "主机名" in r.json()["error"]


def test_the_same_origin_must_have_the_same_scheme(server):
    body = {"question": "上半年资助了多少学生？"}
    same = httpx.post(server.base + "/api/chat", json=body, headers={"Origin": server.base})
    assert same.status_code == 200
    other_scheme = httpx.post(server.base + "/api/chat", json=body, headers={"Origin": server.base.replace("http:", "https:")})
    assert other_scheme.status_code == 403 and "BOT_ALLOWED_ORIGINS" in other_scheme.json()["error"]
