"""The staff console's parts without a server: password hashes, sessions and sign-in limits on a fake
clock, the open-questions report on a store filled by hand, the generic rendering of an answer's "why"."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.admin import auth as auth_mod
from bot.admin import openq
from bot.admin.auth import Auth, TooManyAttempts, check_password, csrf_ok, hash_password
from bot.admin.views import why_view
from bot.feedback import FeedbackStore

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse 电池"


class Clock:
    def __init__(self):
        self.t = 1_000_000.0

    def __call__(self):
        return self.t


def test_a_password_is_kept_only_as_a_salted_scrypt_hash():
    h1, h2 = hash_password(PASSWORD), hash_password(PASSWORD)
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2 and PASSWORD not in h1
    assert check_password(PASSWORD, h1) and check_password(PASSWORD, h2)
    assert not check_password(PASSWORD + " ", h1) and not check_password("", h1) and not check_password(PASSWORD, "junk")
    a = Auth(PASSWORD)
    assert a.hash.startswith("scrypt$") and PASSWORD not in repr(vars(a))


def test_the_setting_may_be_the_hash_that_python_m_bot_admin_auth_prints():
    out = subprocess.run([sys.executable, "-m", "bot.admin.auth", PASSWORD], cwd=REPO, capture_output=True,
                         text=True, timeout=60)
    stored = out.stdout.strip()
    a = Auth(stored)
    assert a.hash == stored and a.login(PASSWORD, "c") is not None and a.login(stored, "c") is None
    short = subprocess.run([sys.executable, "-m", "bot.admin.auth", "short"], cwd=REPO, capture_output=True,
                           text=True, timeout=60)
    assert short.returncode != 0 and "至少 8 位" in short.stderr


def test_sessions_end_when_idle_after_twelve_hours_and_at_sign_out():
    clock = Clock()
    a = Auth(PASSWORD, idle_s=1800, clock=clock)
    token, s = a.login(PASSWORD, "c")
    assert a.session(token) is s and a.session("forged") is None and a.session(None) is None
    clock.t += 1700
    assert a.session(token) is s  # in use: kept alive
    clock.t += 1801
    assert a.session(token) is None  # idle too long
    token, s = a.login(PASSWORD, "c")
    for _ in range(25):  # busy all day long
        clock.t += 1750
        a.session(token)
    assert a.session(token) is None  # over 12 hours
    token, _ = a.login(PASSWORD, "c")
    a.logout(token)
    assert a.session(token) is None


def test_csrf_tokens_must_match_the_sessions():
    a = Auth(PASSWORD)
    _, s = a.login(PASSWORD, "c")
    _, other = a.login(PASSWORD, "c")
    assert csrf_ok(s, s.csrf) and not csrf_ok(s, other.csrf) and not csrf_ok(s, "") and not csrf_ok(s, None)


def test_five_wrong_passwords_make_a_client_wait_and_the_right_one_does_not_help_meanwhile():
    clock = Clock()
    a = Auth(PASSWORD, clock=clock)
    for _ in range(5):
        assert a.login("guess", "attacker") is None
    with pytest.raises(TooManyAttempts) as e:
        a.login(PASSWORD, "attacker")
    assert 0 < e.value.wait_s <= 15 * 60 + 1
    assert a.login(PASSWORD, "staff") is not None  # another client is not locked out
    clock.t += 15 * 60 + 1
    assert a.login(PASSWORD, "attacker") is not None


def test_guessing_from_many_addresses_slows_every_sign_in(monkeypatch):
    monkeypatch.setattr(auth_mod, "GLOBAL_FAILURES", 10)
    a = Auth(PASSWORD, clock=Clock())
    for k in range(10):
        a.login("guess", f"bot-{k}")
    with pytest.raises(TooManyAttempts):
        a.login(PASSWORD, "staff")


# -- open questions -----------------------------------------------------------------------------
def at(day: str, hour: int = 10) -> float:
    return datetime.strptime(day, "%Y-%m-%d").replace(hour=hour).timestamp()


@pytest.fixture
def db(tmp_path) -> Path:
    store = FeedbackStore.in_dir(tmp_path)
    for q, day in [("2019年全市GDP是多少？", "2020-09-01"), ("2019年全市GDP是多少？", "2020-09-03"),
                   ("市长是谁？", "2020-09-03"), ("=HYPERLINK(\"http://x\")", "2020-09-05")]:
        store.refusal(q)
    store.vote("down", "下半年高校建设有哪些计划？", "加强骨干教师梯队建设……[1]",
               [{"n": 1, "doc": "wuxi-education-2020-h1", "section_id": "wuxi-education-2020-h1#2.5"}])
    store.vote("down", "经费多少？", "全年投入经费2.5亿元。[1]", [{"n": 1, "doc": "district", "section_id": "district#3.2"}])
    store.vote("up", "上半年资助了多少学生？", "……", [])
    store.close()
    import sqlite3

    with sqlite3.connect(tmp_path / "feedback.db") as con:
        rows = con.execute("SELECT id, question FROM refusals ORDER BY id").fetchall()
        for (rid, _), day in zip(rows, ["2020-09-01", "2020-09-03", "2020-09-03", "2020-09-05"]):
            con.execute("UPDATE refusals SET ts = ? WHERE id = ?", (at(day), rid))
        con.execute("UPDATE votes SET ts = ?", (at("2020-09-04"),))
    return tmp_path / "feedback.db"


def test_open_questions_grouped_with_counts_and_days(db):
    oq = openq.collect(db, date(2020, 9, 1), date(2020, 9, 5))
    assert [(r["question"], r["count"]) for r in oq.refused][:2] == [("2019年全市GDP是多少？", 2), ("=HYPERLINK(\"http://x\")", 1)]
    assert oq.totals == {"refused": 4, "disliked": 2}
    assert [(d["day"], d["refused"], d["disliked"]) for d in oq.days][-5:] == [
        ("2020-09-01", 1, 0), ("2020-09-02", 0, 0), ("2020-09-03", 2, 0), ("2020-09-04", 0, 2), ("2020-09-05", 1, 0)]
    bars = openq.chart(oq.days)["bars"]
    assert len(bars) == 5 and bars[2]["hr"] > bars[0]["hr"] > 0 and bars[1]["hr"] == 0


def test_open_questions_filtered_by_dates_and_document(db):
    assert openq.collect(db, date(2020, 9, 2), date(2020, 9, 3)).totals == {"refused": 2, "disliked": 0}
    assert openq.collect(db, since=date(2020, 9, 6)).totals == {"refused": 0, "disliked": 0}
    near = {"2019年全市GDP是多少？": "wuxi-education-2020-h1", "市长是谁？": None}.get
    oq = openq.collect(db, doc="wuxi-education-2020-h1", nearest=near)
    assert [r["question"] for r in oq.refused] == ["2019年全市GDP是多少？"]
    assert [r["question"] for r in oq.disliked] == ["下半年高校建设有哪些计划？"]
    assert openq.collect(db, doc="district", nearest=near).totals == {"refused": 0, "disliked": 1}


def test_the_csv_rows_go_through_the_neutralising_writer(db):
    import io

    from bot.feedback import write_csv

    out = io.StringIO()
    write_csv(out, openq.csv_rows(openq.collect(db)))
    text = out.getvalue()
    assert text.startswith("类型,次数,最近一次,问题,回答,文档\r\n")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_no_feedback_yet_is_an_empty_report(tmp_path):
    oq = openq.collect(tmp_path / "feedback.db")
    assert oq.refused == [] and oq.disliked == [] and oq.days == []


# -- why ------------------------------------------------------------------------------------------
def test_why_is_rendered_generically_whatever_keys_it_has():
    v = why_view({"scope": "topic", "rule": "accepted", "weights": {"dense": 0.5},
                  "candidates": [{"section_id": "d#1.2", "score": 2.1234, "failed": []},
                                 {"section_id": "d#2.1", "score": 1.5, "failed": ["missing year", "new rule"],
                                  "novel": True}]})
    assert ("回答范围", "topic（主题）") in v["fields"] and ("判定规则", "通过（作答）") in v["fields"]
    assert v["columns"] == ["段落", "得分", "未通过的规则", "novel"]
    assert v["rows"] == [["d#1.2", "2.123", "全部通过", "—"],
                         ["d#2.1", "1.5", "缺少问题中的年份（missing year）、new rule", "True"]]
    assert v["extra"] == [("weights", '{"dense": 0.5}')]


@pytest.mark.parametrize("why", [None, "text", [], {"candidates": "not a list"}, {"candidates": [1, None]}])
def test_a_missing_or_odd_why_falls_back(why):
    v = why_view(why)
    assert v is None or v["rows"] == []


def test_the_engines_why_renders(engine):
    ans = engine.ask("上半年资助了多少学生？", explain=True)
    v = why_view(ans.get("why"))
    assert v is not None and v["rows"] and ("判定规则", "通过（作答）") in v["fields"]
