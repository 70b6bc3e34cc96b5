"""What several app processes share, on real servers (tests/services.py): the rate limit in Redis
(bot/ratelimit.py) and the feedback in PostgreSQL (bot/feedback_sql.py), in-process and fast.
Two limiters or two stores stand for two processes; the whole thing behind nginx is tests/test_scale_out.py.
"""
from __future__ import annotations

import concurrent.futures
import logging
import os
import subprocess
import sys
import time
from datetime import date

import pytest
from sqlalchemy import create_engine

from bot.admin import openq
from bot.config import ConfigError, Settings
from bot.feedback import FeedbackStore, FeedbackUnavailable, open_store
from bot.feedback_sql import LATEST, SqlFeedbackStore, engine_url, migrate
from bot.guard import RateLimiter
from bot.ratelimit import SharedRateLimiter, make_limiter
from conftest import REPO, free_port
from services import postgres_server, redis_server

FALLBACK = "限流改为按进程计数"
BACK = "限流恢复为 Redis"


@pytest.fixture(scope="module")
def redis():
    with redis_server() as r:
        yield r


@pytest.fixture(scope="module")
def pg():
    with postgres_server() as p:
        yield p


@pytest.fixture
def db_url(pg, request):
    """A fresh database on the module's server, for one test."""
    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "").replace("-", "_")[:50]
    import psycopg

    with psycopg.connect(pg.url, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name}")
    return pg.url.rsplit("/", 1)[0] + "/" + name


def messages(caplog, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


# -- the rate limit in Redis --------------------------------------------------------------------
def test_two_processes_on_one_redis_share_one_budget(redis):
    a, b = SharedRateLimiter(5, redis.url), SharedRateLimiter(5, redis.url)
    assert a.using_redis and b.using_redis
    got = [(a if i % 2 else b).hit("203.0.113.7") for i in range(8)]
    assert got[:5] == [0] * 5 and all(59 <= w <= 60 for w in got[5:])  # 5 in all, not 5 each; until the 1st is a minute old
    assert a.hit("203.0.113.8") == 0 and b.hit("203.0.113.8") == 0  # another client, its own budget
    alone = make_limiter(Settings(rate_limit_per_min=5))  # without Redis: a process counts only its own
    assert isinstance(alone, RateLimiter) and [alone.hit("203.0.113.7") for _ in range(5)] == [0] * 5
    assert isinstance(make_limiter(Settings(rate_limit_per_min=5, redis_url=redis.url)), SharedRateLimiter)


def test_redis_gone_means_per_process_limits_logged_once_then_back(caplog):
    caplog.set_level(logging.INFO, logger="bot.ratelimit")
    with redis_server() as r:
        rl = SharedRateLimiter(3, r.url, probe_s=0.2)
        assert rl.hit("198.51.100.1") == 0 and rl.using_redis
        r.kill()
        t0 = time.perf_counter()
        got = [rl.hit("198.51.100.2") for _ in range(50)]
        assert time.perf_counter() - t0 < 2  # no wait on a dead Redis per question
        assert got[:3] == [0, 0, 0] and all(w >= 1 for w in got[3:])  # counted here: neither open nor closed
        assert len(messages(caplog, FALLBACK)) == 1 and not rl.using_redis
        r.start()  # the same address again
        deadline = time.monotonic() + 5
        while not rl.using_redis:
            assert time.monotonic() < deadline, "the limiter did not go back to Redis"
            time.sleep(0.05)
        assert len(messages(caplog, BACK)) == 1 and rl.hit("198.51.100.3") == 0
        assert any(b"qa-rate/198.51.100.3/" in k for k in __import__("redis").Redis(port=r.port).keys())


def test_an_unreachable_redis_at_start_is_logged_and_limits_still_hold(caplog):
    caplog.set_level(logging.INFO, logger="bot.ratelimit")
    rl = SharedRateLimiter(2, f"redis://127.0.0.1:{free_port()}/0", probe_s=30)
    assert [rl.hit("192.0.2.1") for _ in range(3)][:2] == [0, 0] and rl.hit("192.0.2.1") >= 1
    assert len(messages(caplog, FALLBACK)) == 1


def test_redis_and_database_urls_are_checked_in_chinese_without_the_password():
    with pytest.raises(ConfigError, match="BOT_REDIS_URL.*redis://") as e:
        Settings(redis_url="10.0.0.5:6379")
    with pytest.raises(ConfigError, match="BOT_DATABASE_URL.*postgresql://") as e2:
        Settings(database_url="mysql://qa:s3cret@db/qa")
    assert "s3cret" not in str(e2.value) and "10.0.0.5" not in str(e.value)
    assert Settings(redis_url="redis://:pw@10.0.0.5:6379/1", database_url="postgresql://qa:pw@db/qa").redis_url


# -- feedback in PostgreSQL ---------------------------------------------------------------------
def fill(store) -> list[int]:
    ids = [store.vote("down", "下半年高校建设有哪些计划？", "加强骨干教师梯队建设。[1]",
                      [{"n": 1, "section_id": "d#2.5", "doc": "d"}], channel="api") for _ in range(2)]
    ids.append(store.vote("up", "上半年资助了多少学生？", "54925人次。[1]", channel="page", session_key="s1:1"))
    ids.append(store.vote("down", "上半年资助了多少学生？", "54925人次。[1]", channel="page", session_key="s1:1"))
    for q in ("2019年全市GDP是多少？", "2019年全市GDP是多少？", "市长是谁？"):
        store.refusal(q, channel="api")
    return ids


def test_postgres_store_answers_as_the_sqlite_store(db_url, tmp_path):
    pgs, lite = SqlFeedbackStore(db_url), FeedbackStore.in_dir(tmp_path)
    ids = fill(pgs)
    fill(lite)
    assert ids[2] == ids[3]  # a page's second vote on one answer replaces its first
    strip = lambda rows: [{k: v for k, v in r.items() if k != "ts"} for r in rows]  # noqa: E731
    assert strip(pgs.votes()) == strip(lite.votes())
    drop_ts = lambda rep: {k: [{**g, "last": 0} for g in v] for k, v in rep.items()}  # noqa: E731
    assert drop_ts(pgs.report()) == drop_ts(lite.report())
    assert pgs.report()["disliked"][0]["count"] == 2 and pgs.report(since=time.time() + 60) == {"refused": [],
                                                                                                  "disliked": []}
    today = date.today()
    a, b = openq.collect(pgs, today, today), openq.collect(lite.path, today, today)  # the staff console's view
    assert (a.totals, a.days) == (b.totals, b.days) and a.totals == {"refused": 3, "disliked": 3}
    assert [(g["question"], g["count"]) for g in a.refused] == [(g["question"], g["count"]) for g in b.refused]
    assert [(g["question"], g["count"], g["docs"]) for g in a.disliked] == [
        (g["question"], g["count"], g["docs"]) for g in b.disliked]
    assert isinstance(open_store(Settings(database_url=db_url)), SqlFeedbackStore)
    assert isinstance(open_store(Settings(data_dir=tmp_path)), FeedbackStore)


def test_processes_starting_together_create_the_schema_once(db_url):
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        stores = list(pool.map(lambda _: SqlFeedbackStore(db_url, pool_size=1), range(6)))
    assert all(s._ready for s in stores)
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        ids = list(pool.map(lambda i: stores[i % 6].vote("up", f"问{i}", "答"), range(60)))
    assert sorted(ids) == sorted(set(ids)) and len(stores[0].votes()) == 60
    with create_engine(engine_url(db_url)).connect() as c:
        assert c.exec_driver_sql("SELECT version FROM qa_schema").fetchall() == [(LATEST,)]


def test_an_older_schema_is_migrated_keeping_its_rows(db_url):
    engine = create_engine(engine_url(db_url))
    assert migrate(engine, upto=1) == 1  # a database made by the first version: tables, no indexes
    with engine.begin() as c:
        c.exec_driver_sql("INSERT INTO votes (ts, channel, vote, question, answer) VALUES (1.5, 'api', 'down', '旧', '答')")
    store = SqlFeedbackStore(db_url)
    assert [(v["question"], v["vote"]) for v in store.votes()] == [("旧", "down")]
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT version FROM qa_schema").scalar_one() == LATEST
        names = {r[0] for r in c.exec_driver_sql("SELECT indexname FROM pg_indexes WHERE tablename IN ('votes', 'refusals')")}
    assert {"votes_ts", "refusals_ts"} <= names
    assert store.vote("up", "新", "答") > 1


def test_a_newer_schema_is_left_alone(db_url, caplog):
    engine = create_engine(engine_url(db_url))
    migrate(engine)
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE qa_schema SET version = 99")
    store = SqlFeedbackStore(db_url)
    with pytest.raises(FeedbackUnavailable, match="升级本程序"):
        store.vote("up", "问", "答")
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT COUNT(*) FROM votes").scalar_one() == 0


def test_an_unreachable_database_acknowledges_nothing_and_answers_go_on(caplog):
    caplog.set_level(logging.INFO, logger="bot.feedback_sql")
    store = SqlFeedbackStore(f"postgresql://qa:s3cret@127.0.0.1:{free_port()}/qa")
    t0 = time.perf_counter()
    with pytest.raises(FeedbackUnavailable):
        store.vote("up", "问", "答")
    assert store.refusal("问") is None  # the answer was given; only its count is lost
    assert time.perf_counter() - t0 < 5
    logged = messages(caplog, "不可用")
    assert len(logged) == 1 and "s3cret" not in logged[0]


def run_report(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "report", *args], cwd=REPO, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60)


def test_the_staff_report_reads_postgres(db_url, tmp_path):
    fill(SqlFeedbackStore(db_url))
    out = run_report({"BOT_DATABASE_URL": db_url, "BOT_DATA_DIR": str(tmp_path / "none")})
    assert out.returncode == 0, out.stderr
    assert "未能回答的问题（共 3 次，2 个不同问题）" in out.stdout
    assert "被点踩（👎）的回答（共 3 次，2 条不同回答）" in out.stdout
    down = run_report({"BOT_DATABASE_URL": f"postgresql://qa:s3cret@127.0.0.1:{free_port()}/qa"})
    assert down.returncode == 2 and "无法连接反馈数据库" in down.stderr
    assert "Traceback" not in down.stderr and "s3cret" not in down.stderr + down.stdout
