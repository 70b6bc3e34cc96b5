"""bot/signing.py: the answer_id token (HMAC-SHA256) and its key file. Pure, no server, milliseconds."""
from __future__ import annotations

import re
import stat
import threading

import pytest

from bot import signing
from bot.signing import ExpiredToken, InvalidToken, sign, verify

KEY = b"k" * 32
Q = "上半年资助了多少学生？"
A = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。[1]"
IDS = ["wuxi-education-2020-h1#1.6"]
T0 = 1_700_000_000
DAY = 86400


def token(**kw) -> str:
    args = {"key": KEY, "question": Q, "answer": A, "section_ids": IDS, "issued": T0} | kw
    return sign(**args)


def test_a_token_verifies_for_exactly_its_answer_and_is_compact():
    t = token()
    assert re.fullmatch(r"[A-Za-z0-9_-]{50}", t)  # base64url, no padding
    assert verify(KEY, t, Q, A, IDS, now=T0 + 60) == T0
    assert token() == t and token(issued=T0 + 1) != t  # deterministic, bound to its issue time


@pytest.mark.parametrize("question,answer,ids", [
    (Q + "？", A, IDS),                                       # another question
    (Q, A.replace("54925", "99999"), IDS),                    # the answer text changed
    (Q, "这个回答很差，教育局不作为。", IDS),                    # text the service never said
    (Q, A, ["wuxi-education-2020-h1#2.1"]),                   # another section cited
    (Q, A, []),                                               # citations dropped
    (Q, A, IDS + IDS),                                        # a citation added
    (A, Q, IDS),                                              # fields swapped
    (Q, A, [None]),                                           # not a section id (section_ids() of a non-dict)
])
def test_any_changed_field_is_refused(question, answer, ids):
    with pytest.raises(InvalidToken) as e:
        verify(KEY, token(), question, answer, ids, now=T0)
    assert not isinstance(e.value, ExpiredToken)


def test_field_boundaries_are_part_of_the_signature():
    t = sign(KEY, "ab", "c", ["d"], issued=T0)
    for q, a, ids in (("a", "bc", ["d"]), ("ab", "", ["c", "d"]), ("ab", "c", ["", "d"])):
        with pytest.raises(InvalidToken):
            verify(KEY, t, q, a, ids, now=T0)


def test_another_key_or_a_tampered_token_is_refused():
    t = token()
    with pytest.raises(InvalidToken):
        verify(b"x" * 32, t, Q, A, IDS, now=T0)
    for i in range(len(t)):  # every single-character change, including the issue time's
        forged = t[:i] + ("A" if t[i] != "A" else "B") + t[i + 1:]
        with pytest.raises(InvalidToken):
            verify(KEY, forged, Q, A, IDS, now=T0)
    for bad in ("", t[:-1], t + "A", t + "==", " " + t[1:], "é" * 50, None, 123, ["x"], "\ud800" * 50):
        with pytest.raises(InvalidToken):
            verify(KEY, bad, Q, A, IDS, now=T0)


def test_tokens_older_than_seven_days_are_refused():
    t = token()
    assert verify(KEY, t, Q, A, IDS, now=T0 + 7 * DAY) == T0
    with pytest.raises(ExpiredToken):
        verify(KEY, t, Q, A, IDS, now=T0 + 7 * DAY + 1)
    with pytest.raises(ExpiredToken):  # issued in the future beyond clock skew
        verify(KEY, t, Q, A, IDS, now=T0 - signing.MAX_SKEW_S - 1)
    assert verify(KEY, t, Q, A, IDS, now=T0 - 60) == T0  # a little skew between processes is fine


def test_texts_are_signed_as_the_api_reads_them_back():
    # the API strips invisible characters from what it receives; a genuine answer holding one still verifies
    t = sign(KEY, Q + "\u200b", A + "\x00", IDS, issued=T0)
    assert verify(KEY, t, Q, A, IDS, now=T0) == T0


def test_answer_id_of_an_answer_object():
    ans = {"question": Q, "answer": A, "refused": False,
           "citations": [{"n": 1, "section_id": IDS[0], "quote": "…"}]}
    t = signing.answer_id(ans, KEY)
    assert verify(KEY, t, Q, A, signing.section_ids(ans["citations"])) > 0
    assert signing.section_ids([{"n": 1}, "x"]) == [None, None]


def test_the_key_file_is_made_once_with_0600(tmp_path):
    key = signing.key_for(tmp_path / "data")
    path = tmp_path / "data" / "secret.key"
    assert path.read_bytes() == key and len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.key_for(tmp_path / "data") == key
    assert signing.key_for(tmp_path / "other") != key
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"]  # no temp file left


def test_processes_sharing_a_data_dir_agree_on_the_key(tmp_path):
    # what another process sees: the file, read without this process's cache; made concurrently
    path, keys = tmp_path / "secret.key", []
    threads = [threading.Thread(target=lambda: keys.append(signing._load_or_create(path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and keys[0] == path.read_bytes()
    existing = tmp_path / "given" / "secret.key"
    existing.parent.mkdir()
    existing.write_bytes(b"s" * 40)  # a key put there by an administrator (or the first process)
    assert signing.key_for(existing.parent) == b"s" * 40


def test_default_key_is_the_one_in_bot_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    assert signing.default_key() == (tmp_path / "secret.key").read_bytes()


def test_an_unwritable_data_dir_gives_a_key_of_this_process(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    key = signing.key_for(blocker / "data")  # cannot be made: answering must still work
    assert len(key) == 32 and signing.key_for(blocker / "data") == key
    assert "secret.key" in caplog.text and key.hex() not in caplog.text
