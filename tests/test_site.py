"""The server's own small routes (bot/site.py) on the real server: favicon, offline API docs, section texts.

The browser half (/docs renders with no request leaving 127.0.0.1) is in tests/test_browser.py.
"""
from __future__ import annotations

import re

import httpx
import pytest

SECTION = "wuxi-education-2020-h1#2.3"


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.base, timeout=30) as c:
        yield c


def test_the_favicon_is_the_services_own(http):
    svg = http.get("/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and "#1d4ed8" in svg.text
    ico = http.get("/favicon.ico")
    assert ico.status_code == 200 and ico.headers["content-type"] == "image/x-icon"
    assert ico.content[:4] == b"\x00\x00\x01\x00"  # an icon file, not Gradio's PNG


@pytest.mark.parametrize("path,script", [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
def test_api_docs_load_their_assets_from_this_server(http, path, script):
    page = http.get(path)
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text) + re.findall(r"url: *['\"]([^'\"]+)", page.text)
    assert f"/docs-assets/{script}" in urls
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls
    assert "cdn" not in page.text.lower() and "fonts.googleapis" not in page.text
    asset = http.get(f"/docs-assets/{script}")
    assert asset.status_code == 200 and len(asset.content) > 100_000 and "javascript" in asset.headers["content-type"]
    assert http.get("/docs-assets/swagger-ui.css").headers["content-type"].startswith("text/css")


def test_a_section_is_served_whole_with_its_offsets(http):
    r = http.get("/api/section", params={"id": SECTION})
    assert r.status_code == 200
    body = r.json()
    assert body["section"] == "二、下半年工作计划安排 › 三是推动高教职教重点突破"
    assert body["text"].startswith("三是推动高教职教重点突破。") and body["end"] - body["start"] == len(body["text"])
    quote = http.post("/api/chat", json={"question": "下半年南京理工大学江阴校区有什么进展？"}).json()["citations"][0]
    assert quote["section_id"] == SECTION  # a quote sits in its section at the answer's offsets
    assert body["text"][quote["start"] - body["start"]:quote["end"] - body["start"]] == quote["quote"]


@pytest.mark.parametrize("params,status", [({"id": "nope#9.9"}, 404), ({"id": "x" * 300}, 422), ({}, 422)])
def test_a_bad_section_id_is_a_chinese_error(http, params, status):
    r = http.get("/api/section", params=params)
    assert r.status_code == status and re.search(r"[\u4e00-\u9fff]", r.json()["error"])
