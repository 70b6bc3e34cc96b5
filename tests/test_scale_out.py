"""Two app processes behind the real nginx (deploy/nginx.conf), with one Chroma server, one Redis and
one PostgreSQL (tests/services.py), as README's "Several app processes behind nginx" runs them.

Clients come from distinct loopback addresses (127.0.x.y as the source address), so nginx's
``X-Forwarded-For`` names each; the apps trust 127.0.0.1, nginx's address. One module fixture
starts everything once (the index is the session engine's, uploaded to the Chroma server without
embedding). The tests run in file order: the last two take Redis and then one app process away.
"""
from __future__ import annotations

import concurrent.futures
import csv
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot import index as index_mod
from bot.config import Settings
from admin_helpers import PASSWORD, Staff
from conftest import REPO, AppProcess, free_port
from eval.scale import ORIGINAL, REPORT
from services import nginx_server, postgres_server, redis_server
from test_chroma_server import chroma  # noqa: F401,F811 - the module's own `chroma run` server

RATE = 20
QUESTIONS = ["上半年资助了多少学生？", "下半年高校建设有哪些计划？", "学前教育上半年做了什么？", "2019年全市GDP是多少？"]
FALLBACK = "限流改为按进程计数"
_addresses = (f"127.0.{a}.{b}" for a in range(10, 250) for b in range(2, 250))


def fresh_address() -> str:
    """A loopback address no earlier request came from: a client with a whole budget."""
    return next(_addresses)


def client(address: str, base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=30, transport=httpx.HTTPTransport(local_address=address))


def site_conf(app_ports: list[int], port: int) -> str:
    """deploy/nginx.conf as shipped, with the apps' ports, a loopback listen address and a temp access log."""
    conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for old, new in [("127.0.0.1:7861", f"127.0.0.1:{app_ports[0]}"), ("127.0.0.1:7862", f"127.0.0.1:{app_ports[1]}"),
                     ("listen 80;", f"listen 127.0.0.1:{port};"),
                     ("/var/log/nginx/qa-access.log", "{access_log}")]:
        assert old in conf, f"deploy/nginx.conf no longer has {old!r}"
        conf = conf.replace(old, new)
    return conf


def upstream_counts(log: Path, since: int, path: str) -> dict[str, int]:
    """Requests to ``path`` per app (from nginx's access log, lines after ``since``)."""
    lines = log.read_text(encoding="utf-8").splitlines()[since:]
    got: dict[str, int] = {}
    for line in lines:
        m = re.search(r'"POST (\S+) HTTP/[\d.]+" (\d+) .* upstream=(\S+)', line)
        if m and m.group(1) == path and m.group(2) == "200":
            got[m.group(3)] = got.get(m.group(3), 0) + 1
    return got


def log_lines(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


class Stack:
    def __init__(self, apps, proxy, redis, pg, env):
        self.apps, self.proxy, self.redis, self.pg, self.env = apps, proxy, redis, pg, env

    @property
    def base(self) -> str:
        return self.proxy.base

    def ask(self, question: str, address: str | None = None) -> httpx.Response:
        with client(address or fresh_address(), self.base) as c:
            return c.post("/api/chat", json={"question": question})


@pytest.fixture(scope="module")
def stack(chroma, engine, tmp_path_factory):  # noqa: F811
    tmp = tmp_path_factory.mktemp("scale-out")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    shutil.copy(REPORT.with_name(ORIGINAL + ".meta.json"), corpus / (ORIGINAL + ".meta.json"))
    shutil.copytree(engine.settings.index_dir, tmp / "index")
    settings = Settings(corpus_dir=corpus, index_dir=tmp / "index", chroma_host="127.0.0.1", chroma_port=chroma,
                        llm_base_url="")
    what, _ = index_mod.ensure(settings, engine.embeddings, show_progress=False)  # vectors to the server, none embedded
    assert what in ("updated", "rebuilt")
    with redis_server() as redis, postgres_server() as pg:
        env = {"BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(tmp / "index"), "BOT_CHROMA_HOST": "127.0.0.1",
               "BOT_CHROMA_PORT": str(chroma), "BOT_DATA_DIR": str(tmp / "data"),  # one signing key for both
               "BOT_REDIS_URL": redis.url, "BOT_DATABASE_URL": pg.url, "BOT_TRUSTED_PROXIES": "127.0.0.1",
               "BOT_RATE_LIMIT": str(RATE), "BOT_ADMIN_PASSWORD": PASSWORD}
        apps = [AppProcess(free_port(), env, tmp / f"app{k}.log") for k in range(2)]
        try:
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda a: a.start(), apps))
            port = free_port()
            with nginx_server(site_conf([a.port for a in apps], port), port) as proxy:
                yield Stack(apps, proxy, redis, pg, env)
        finally:
            for a in apps:
                a.stop()


def test_one_client_gets_the_limit_once_across_both_processes(stack):
    mark = log_lines(stack.proxy.access_log)
    one, other = fresh_address(), fresh_address()
    with client(one, stack.base) as c:
        codes = [c.post("/api/chat", json={"question": QUESTIONS[i % 4]}).status_code for i in range(45)]
        assert codes == [200] * RATE + [429] * (45 - RATE)  # BOT_RATE_LIMIT in total, not per process
        r = c.post("/api/chat", json={"question": QUESTIONS[0]}, headers={"X-Forwarded-For": "127.9.9.9"})
        assert r.status_code == 429 and "提问太频繁" in r.json()["error"] and int(r.headers["Retry-After"]) >= 1
    served = upstream_counts(stack.proxy.access_log, mark, "/api/chat")
    assert sorted(served) == sorted(f"127.0.0.1:{a.port}" for a in stack.apps) and sum(served.values()) == RATE
    with client(other, stack.base) as c:  # another client: a budget of its own, whatever the first one did
        codes = [c.post("/api/chat", json={"question": QUESTIONS[i % 4]}).status_code for i in range(RATE + 3)]
        assert codes == [200] * RATE + [429] * 3


def test_the_proxy_streams_limits_bodies_and_speaks_json(stack):
    with client(fresh_address(), stack.base) as c:
        with c.stream("POST", "/api/chat/stream", json={"question": QUESTIONS[0]}) as r:
            body = "".join(r.iter_text())
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        assert "event: final" in body and "54925" in body
        big = c.post("/api/chat", content=b'{"question": "' + b"x" * 100_000 + b'"}',
                     headers={"Content-Type": "application/json"})
        assert big.status_code == 413 and "64 KB" in big.json()["error"]
        assert c.get("/healthz").json()["status"] == "ok"
        assert c.get("/").status_code == 200  # the page, through its sticky upstream


def test_votes_through_nginx_all_land_in_one_database(stack):
    mark = log_lines(stack.proxy.access_log)
    ans = stack.ask(QUESTIONS[1]).json()
    refused = stack.ask(QUESTIONS[3]).json()
    assert refused["refused"] is True
    vote = {k: ans[k] for k in ("question", "answer", "citations", "refused", "answer_id")}
    acked = []
    for k in range(10):  # 10 clients, 3 votes each
        with client(fresh_address(), stack.base) as c:
            for j in range(3):
                r = c.post("/api/feedback", json={**vote, "vote": "down" if (3 * k + j) % 2 else "up"})
                assert r.status_code == 200, r.text
                acked.append(r.json()["id"])
    served = upstream_counts(stack.proxy.access_log, mark, "/api/feedback")
    assert len(served) == 2 and sum(served.values()) == 30  # both processes took votes
    rows = stack.pg.query("SELECT id, vote FROM votes WHERE id = ANY(%s)", (acked,))
    assert len(rows) == 30 and sum(v == "down" for _, v in rows) == 15
    refusals = stack.pg.query("SELECT COUNT(*) FROM refusals WHERE question = %s", (QUESTIONS[3],))[0][0]
    out = subprocess.run([sys.executable, "-m", "bot", "report", "--csv"], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, **stack.env}, timeout=60)
    assert out.returncode == 0, out.stderr
    report = {(r["kind"], r["question"]): int(r["count"]) for r in csv.DictReader(io.StringIO(out.stdout))}
    assert report[("disliked", QUESTIONS[1])] == 15  # the votes of both processes, in one report
    assert report[("refused", QUESTIONS[3])] == refusals >= 1
    staff = Staff(stack.base)  # the console (through nginx, on one process) reads the same database
    try:
        r = staff.http.get("/admin/open.csv")
    finally:
        staff.close()
    console = {(row[0], row[3]): int(row[1]) for row in csv.reader(io.StringIO(r.text.lstrip("\ufeff")))
               if row and row[0] != "类型"}
    assert console[("被点踩", QUESTIONS[1])] == 15 and console[("未能回答", QUESTIONS[3])] == refusals


def test_a_rebuild_is_picked_up_by_both_with_no_failed_request(stack, engine):
    statuses, stop = [], threading.Event()

    def ask_on():
        for i in itertools.count():
            if stop.is_set() or i > 2000:
                return
            statuses.append(stack.ask(QUESTIONS[i % 4]).status_code)

    threads = [threading.Thread(target=ask_on) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        settings = Settings(corpus_dir=Path(stack.env["BOT_CORPUS_DIR"]), index_dir=Path(stack.env["BOT_INDEX_DIR"]),
                            chroma_host="127.0.0.1", chroma_port=int(stack.env["BOT_CHROMA_PORT"]), llm_base_url="")
        (settings.corpus_dir / "notice-scale.txt").write_text(
            "一、资助工作\n一是资助到位。秋季学期资助学生4321人次。\n", encoding="utf-8")
        what, _ = index_mod.ensure(settings, engine.embeddings, show_progress=False)
        assert what == "updated"
        for app in stack.apps:
            deadline = time.monotonic() + 30
            while httpx.get(app.base + "/healthz", timeout=10).json()["documents"] != 2:
                assert time.monotonic() < deadline, app.log()[-2000:]
                time.sleep(0.2)
            got = httpx.post(app.base + "/api/chat", json={"question": "秋季学期资助了多少学生？"}, timeout=30).json()
            assert "4321人次" in got["answer"] and got["citations"][0]["doc"] == "notice-scale"
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert len(statuses) > 20 and set(statuses) == {200}, statuses


def test_redis_gone_questions_are_still_answered_with_a_logged_fallback(stack):
    stack.redis.kill()
    mark = log_lines(stack.proxy.access_log)
    codes = [stack.ask(QUESTIONS[i % 4]).status_code for i in range(10)]
    assert codes == [200] * 10
    assert len(upstream_counts(stack.proxy.access_log, mark, "/api/chat")) == 2  # both processes answered
    for app in stack.apps:
        assert app.log().count(FALLBACK) == 1, app.log()[-2000:]
    with client(fresh_address(), stack.base) as c:  # per-process limits now: neither open nor closed
        ok = [c.post("/api/chat", json={"question": QUESTIONS[0]}).status_code for _ in range(45)].count(200)
    assert RATE < ok <= 2 * RATE + 1  # each process its own bucket (which refills one every 3 s)
    for app in stack.apps:
        assert app.log().count(FALLBACK) == 1 and "Traceback" not in app.log()


def test_sigkill_during_a_vote_burst_loses_no_acknowledged_vote(stack):
    ans = stack.ask(QUESTIONS[0]).json()
    vote = {k: ans[k] for k in ("question", "answer", "citations", "refused", "answer_id")}
    before = stack.pg.query("SELECT COUNT(*) FROM votes")[0][0]
    killed = threading.Event()

    def send(i: int):
        if i == 40:
            stack.apps[0].kill()
            killed.set()
        with client(fresh_address(), stack.base) as c:
            r = c.post("/api/feedback", json={**vote, "vote": "up", "question": vote["question"]})
        return killed.is_set(), r.status_code, (r.json().get("id") if r.status_code == 200 else r.json().get("error"))

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(send, range(120)))
    acked = [x for _, code, x in results if code == 200]
    assert all(code in (200, 503) for _, code, _ in results)  # a cut request: nginx's JSON 503, never a 200
    assert len(acked) >= 100 and any(after and code == 200 for after, code, _ in results)
    rows = {r[0] for r in stack.pg.query("SELECT id FROM votes WHERE id = ANY(%s)", (acked,))}
    assert rows == set(acked)  # every acknowledged vote is in the database
    assert stack.pg.query("SELECT COUNT(*) FROM votes")[0][0] - before >= len(acked)
