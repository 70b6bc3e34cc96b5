"""Faults, nothing lost — one real server of its own (a copy of the session server's index), in order:

1. ``python -m bot index --rebuild`` while 6 clients keep asking: the new build is made aside,
   swapped in, picked up by the server within a second; not one request fails.
2. SIGKILL in the middle of a stream of 👍/👎 votes: after a restart, every vote the server
   acknowledged is in feedback.db.
3. Garbage written into the Chroma database while the server is stopped: the next start says
   the index is corrupted, rebuilds it, and answers.
4. The index folder deleted while stopped: the next start says it is missing and builds it —
   shown by the session server, which starts on an empty folder (the same path through
   ``bot.index.ensure``, without paying for another build).
"""
from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
import pytest

from bot.signing import key_for, sign

from conftest import REPO, AppProcess, free_port
from eval.load import load_bodies, run_load

QUESTION = "上半年资助了多少学生？"


@pytest.fixture(scope="module")
def app(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    shutil.copytree(server.index_dir, tmp / "index")
    a = AppProcess(free_port(), {"BOT_INDEX_DIR": str(tmp / "index"), "BOT_DATA_DIR": str(tmp / "data"),
                                 "BOT_RATE_LIMIT": "1000000"}, tmp / "server.log")
    a.index_dir, a.db = tmp / "index", tmp / "data" / "feedback.db"
    a.start()
    yield a
    a.stop(timeout_s=3)


def current(index_dir) -> str:
    return (index_dir / "CURRENT").read_text().strip()


def wait_for(predicate, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def answers(app) -> bool:
    r = httpx.post(app.base + "/api/chat", json={"question": QUESTION}, timeout=30)
    return r.status_code == 200 and "54925" in r.json()["answer"]


def test_rebuild_under_load_fails_no_request(app):
    stop, result = threading.Event(), {}
    load = threading.Thread(target=lambda: result.update(asyncio.run(
        run_load(app.base, load_bodies(), requests=10**6, clients=6, stop=stop))))
    before = current(app.index_dir)
    load.start()
    try:
        time.sleep(1)
        out = subprocess.run([sys.executable, "-m", "bot", "index", "--rebuild"], cwd=REPO, capture_output=True,
                             text=True, timeout=300, env={**os.environ, "BOT_INDEX_DIR": str(app.index_dir)})
        assert out.returncode == 0, out.stderr[-2000:]
        after = current(app.index_dir)
        assert after != before
        wait_for(lambda: f"已切换到新索引 {after}" in app.log(), 30, "the server to load the new build")
        time.sleep(1.5)  # and keep asking a little longer on the new build
    finally:
        stop.set()
        load.join(timeout=60)
    print(f"\nunder rebuild: {result}")
    assert result["errors"] == 0, result["first_failures"]
    assert result["requests"] >= 100
    assert answers(app)


def test_sigkill_mid_load_loses_no_acknowledged_vote(app):
    stop, acked, failed = threading.Event(), [], []

    async def voter(k: int):
        async with httpx.AsyncClient(base_url=app.base, timeout=10) as c:
            i = 0
            while not stop.is_set():
                i += 1
                q = f"kill-{k}-{i}"
                token = sign(key_for(app.db.parent), q, "答", ["d#1.1"])  # votes need an answer this server signed
                try:
                    r = await c.post("/api/feedback", json={"vote": "up" if i % 2 else "down", "question": q,
                                                            "answer": "答", "citations": [{"n": 1, "section_id": "d#1.1"}],
                                                            "answer_id": token})
                except httpx.HTTPError:
                    failed.append(q)  # in flight at the kill (or after it): never acknowledged
                    await asyncio.sleep(0.05)
                    continue
                if r.status_code == 200:
                    acked.append((r.json()["id"], q))

    async def voters():
        await asyncio.gather(*(voter(k) for k in range(8)), chat_load())

    async def chat_load():  # questions too, so the kill lands on a busy server
        await run_load(app.base, load_bodies(), requests=10**6, clients=4, stop=stop)

    t = threading.Thread(target=lambda: asyncio.run(voters()))
    t.start()
    wait_for(lambda: len(acked) >= 100, 30, "100 acknowledged votes")
    app.kill()  # SIGKILL: no shutdown handler, no flush
    time.sleep(0.3)
    stop.set()
    t.join(timeout=60)
    assert failed, "the kill should have cut some requests off"
    app.start()
    with sqlite3.connect(app.db) as db:
        stored = dict(db.execute("SELECT id, question FROM votes WHERE question LIKE 'kill-%'").fetchall())
    missing = [(i, q) for i, q in acked if stored.get(i) != q]
    print(f"\nacknowledged {len(acked)} votes before SIGKILL, {len(failed)} cut off; missing after restart: {missing}")
    assert not missing
    assert answers(app)


def test_corrupted_index_is_rebuilt_at_next_start(app):
    app.stop(timeout_s=3)
    build = app.index_dir / "builds" / current(app.index_dir)
    with open(build / "chroma" / "chroma.sqlite3", "r+b") as f:
        f.write(os.urandom(8192))  # the SQLite header and first pages: garbage
    mark = len(app.log())
    app.start()
    log = app.log()[mark:]
    assert "索引已损坏，无法加载" in log and "正在重建" in log, log[-3000:]
    assert "索引就绪（rebuilt）" in log
    assert current(app.index_dir) != build.name
    assert answers(app)


def test_index_corrupted_while_serving_is_noticed_and_rebuilt(app):
    """Before: every question a 500 and /healthz 200, until a restart. Now: a report's vectors are scored
    from the build's own files, so questions are still answered; /healthz checks the vector store too
    (503 while broken), and the index is rebuilt and swapped in."""
    build = app.index_dir / "builds" / current(app.index_dir)
    with open(build / "chroma" / "chroma.sqlite3", "r+b") as f:
        f.write(os.urandom(8192))
    r = httpx.post(app.base + "/api/chat", json={"question": "下半年要新建多少个融合教育资源中心？"}, timeout=30)
    assert r.status_code == 200 and "60个" in r.json()["answer"], r.text
    h = httpx.get(app.base + "/healthz", timeout=30)
    assert h.status_code == 503  # the store is broken: the probe says so and counts towards a rebuild
    wait_for(lambda: current(app.index_dir) != build.name
             and httpx.get(app.base + "/healthz", timeout=30).status_code == 200, 120, "the index to be rebuilt")
    assert answers(app)


def test_missing_index_is_built_at_start(server):
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "索引不存在，正在重建" in log and "索引就绪（built）" in log, log[:3000]
    assert not any(server.index_dir.glob("builds/.tmp-*"))  # nothing half-built left behind
