"""FeedbackStore keeps writing to the file at its path when feedback.db is deleted, replaced or
moved under it (a running server used to acknowledge votes that went to the deleted file).

Real SQLite in a temp dir; each check reads the file at the path with a separate connection.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.feedback import FeedbackStore, FeedbackUnavailable

SIDECARS = ("feedback.db", "feedback.db-wal", "feedback.db-shm")


def rows(path: Path) -> list[tuple]:
    """(id, vote, question) in the file at ``path``, read the way another process would."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return db.execute("SELECT id, vote, question FROM votes ORDER BY id").fetchall()
    finally:
        db.close()


@pytest.fixture
def store(tmp_path):
    s = FeedbackStore.in_dir(tmp_path)
    for i in range(3):
        s.vote("up", f"before-{i}", "答")
    yield s
    s.close()


@pytest.mark.parametrize("deleted", [SIDECARS, SIDECARS[:1]], ids=["with-wal-and-shm", "db-only"])
def test_votes_after_the_file_is_deleted_land_in_the_new_file(store, tmp_path, deleted):
    for name in deleted:
        (tmp_path / name).unlink()
    ids = [store.vote("down", f"after-{i}", "答") for i in range(3)]
    assert rows(tmp_path / "feedback.db") == [(ids[0], "down", "after-0"), (ids[1], "down", "after-1"),
                                              (ids[2], "down", "after-2")]
    store.refusal("删除后的问题")
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        assert db.execute("SELECT question FROM refusals").fetchall() == [("删除后的问题",)]
    assert [v["question"] for v in store.votes()] == ["after-0", "after-1", "after-2"]


def test_votes_after_the_file_is_replaced_land_in_the_replacement(store, tmp_path):
    other = FeedbackStore(tmp_path / "restored.db")  # e.g. a backup put back with mv
    kept = other.vote("up", "from-the-backup", "答")
    other.close()
    os.replace(tmp_path / "restored.db", tmp_path / "feedback.db")
    new = store.vote("down", "after-replace", "答")
    # the replacement's own rows intact, the old file's WAL not replayed into it, the vote there
    assert rows(tmp_path / "feedback.db") == [(kept, "up", "from-the-backup"), (new, "down", "after-replace")]


def test_a_file_moved_away_keeps_its_votes(store, tmp_path):
    os.rename(tmp_path / "feedback.db", tmp_path / "archive.db")  # e.g. "start a new file, keep the old one"
    store.vote("down", "after-move", "答")
    assert [r[2] for r in rows(tmp_path / "archive.db")] == ["before-0", "before-1", "before-2"]
    assert [r[2] for r in rows(tmp_path / "feedback.db")] == ["after-move"]


def test_the_data_folder_deleted_is_made_again(store, tmp_path):
    shutil.rmtree(tmp_path)
    store.vote("up", "after-rmtree", "答")
    assert [r[2] for r in rows(tmp_path / "feedback.db")] == ["after-rmtree"]


def test_two_stores_on_one_file_follow_it_together(tmp_path):
    # as two server processes sharing BOT_DATA_DIR: the second to notice must not remove the
    # first one's new -wal/-shm (they belong to the new file)
    a, b = FeedbackStore.in_dir(tmp_path), FeedbackStore.in_dir(tmp_path)
    a.vote("up", "a-0", "答")
    for name in SIDECARS:
        (tmp_path / name).unlink()
    a.vote("up", "a-1", "答")
    b.vote("up", "b-1", "答")
    a.vote("up", "a-2", "答")
    assert [r[2] for r in rows(tmp_path / "feedback.db")] == ["a-1", "b-1", "a-2"]
    a.close()
    b.close()
    assert [r[2] for r in rows(tmp_path / "feedback.db")] == ["a-1", "b-1", "a-2"]


def test_a_path_that_cannot_be_opened_is_an_error_never_an_acknowledgement(store, tmp_path):
    os.rename(tmp_path / "feedback.db", tmp_path / "aside.db")
    (tmp_path / "feedback.db").mkdir()  # whatever is at the path now, SQLite cannot open it
    with pytest.raises(FeedbackUnavailable):
        store.vote("down", "lost", "答")
    with pytest.raises(sqlite3.Error):  # what the API turns into 503
        store.vote("down", "lost", "答")
    (tmp_path / "feedback.db").rmdir()
    (tmp_path / "feedback.db").write_bytes(b"not a database" * 100)  # garbage: also an error
    with pytest.raises(FeedbackUnavailable):
        store.vote("down", "lost", "答")
    (tmp_path / "feedback.db").unlink()
    store.vote("up", "recovered", "答")
    assert [r[2] for r in rows(tmp_path / "feedback.db")] == ["recovered"]
    assert "lost" not in {r[2] for r in rows(tmp_path / "aside.db")}


def test_an_unchanged_file_keeps_its_connection(store, tmp_path):
    before = store._db
    store.vote("up", "same-file", "答")
    assert store._db is before and len(rows(tmp_path / "feedback.db")) == 4
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):  # a closed store stays closed
        store.vote("up", "closed", "答")
