"""A real server with the staff console on (``python app.py`` with BOT_ADMIN_PASSWORD), for
tests/test_admin.py and tests/test_admin_browser.py, and a signed-in staff client.

The server's corpus is a temporary copy of corpus/ (uploads never touch the repository); it trusts
127.0.0.1 as a proxy, so a test can be another client (``X-Forwarded-For``) or come over https
(``X-Forwarded-Proto``); one other origin is allowed for the API (``allowed_origin``), which the
console must refuse all the same.
"""
from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from conftest import REPO, AppProcess, free_port

PASSWORD = "测试-staff-passw0rd"
ANSWERED_FROM_PDF = "新招聘教师多少名？"  # tests/fixtures/district-2021-plan.pdf: 新招聘教师120名
REFUSED = "月球上有多少所大学？"


@dataclass
class AdminServer:
    base: str
    corpus: Path
    data_dir: Path
    allowed_origin: str
    app: AppProcess

    @property
    def audit(self) -> Path:
        return self.data_dir / "admin-audit.jsonl"


def start_admin_server(tmp: Path) -> AdminServer:
    corpus = tmp / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    port, allowed = free_port(), free_port()
    env = {"BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(tmp / "index"), "BOT_DATA_DIR": str(tmp / "data"),
           "BOT_ADMIN_PASSWORD": PASSWORD, "BOT_ALLOWED_ORIGINS": f"http://127.0.0.1:{allowed}",
           "BOT_TRUSTED_PROXIES": "127.0.0.1", "BOT_RATE_LIMIT": "1000000"}
    app = AppProcess(port, env, tmp / "server.log").start()
    return AdminServer(app.base, corpus, tmp / "data", f"http://127.0.0.1:{allowed}", app)


class Staff:
    """An httpx client signed in to the console; ``csrf`` is its session's form token."""

    def __init__(self, base: str, password: str = PASSWORD, client: str | None = None):
        headers = {"X-Forwarded-For": client} if client else {}
        self.http = httpx.Client(base_url=base, timeout=60, follow_redirects=False, headers=headers)
        r = self.http.post("/admin/login", data={"password": password})
        assert r.status_code == 303, r.text[:300]
        self.csrf = csrf_of(self.http.get("/admin/docs").text)

    def post(self, path: str, **data) -> httpx.Response:
        return self.http.post(path, data={"csrf": self.csrf, **data})

    def wait_for_index(self, timeout_s: float = 180) -> dict:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            job = self.http.get("/admin/jobs/current").json()
            if not job["running"]:
                return job
            time.sleep(0.3)
        pytest.fail("index job did not finish")

    def close(self) -> None:
        self.http.close()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)
