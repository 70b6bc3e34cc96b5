"""What one question may cost to read: bounded by construction, checked without timing anything.

A 500-character question of rare characters cost 9.2 s of CPU in jieba's HMM tagger, and
the whole question was embedded. Now each turn is read from its asking part (at most
FOCUS_CHARS) and the tagger's HMM never runs over a character it has no states for.
The CPU of the worst input a search finds is measured by ``python -m eval bench`` (eval/cost.py).
"""
from __future__ import annotations

import jieba.posseg
import jieba.posseg.viterbi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.lang.tokenizer import MAX_GUESS_CHARS, Tokenizer
from bot.lang.question import FOCUS_CHARS, FOCUS_CHARS_EN, analyse, question_part

RARE = "龘靐齉爩鱻麤"
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY_TEXT = st.text(st.one_of(CJK, st.sampled_from(list(RARE + "？。，！ 😀a1")), st.characters()), max_size=500)


@given(ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_a_turn_is_read_from_at_most_focus_characters(text):
    part = question_part(text)
    assert len(part) <= max(FOCUS_CHARS, FOCUS_CHARS_EN)
    if len(text) <= FOCUS_CHARS:
        assert part == text


@pytest.mark.parametrize("text,expected", [
    ("上半年资助了多少学生？", "上半年资助了多少学生？"),
    ("我家孩子在梁溪区上小学，成绩一般，平时也报了不少补习班，家里经济条件也不太好，孩子他爸常年在外地打工，我一个人带孩子很辛苦。"
     "我们很关心政策。想问下今年上半年全市资助了多少学生？", "想问下今年上半年全市资助了多少学生？"),  # the asker's story is no part
    ("请问" + "很长的背景" * 30 + "，下半年要新建多少个融合教育资源中心", "下半年要新建多少个融合教育资源中心"),
])
def test_the_asking_part_of_a_long_turn(text, expected):
    assert question_part(text) == expected


def test_the_tagger_never_runs_its_hmm_over_unseen_characters(monkeypatch):
    seen_by_hmm = []
    real = jieba.posseg.viterbi

    def spy(obs, *args, **kwargs):
        seen_by_hmm.append(obs)
        return real(obs, *args, **kwargs)

    monkeypatch.setattr(jieba.posseg, "viterbi", spy)
    tok = Tokenizer(["锡山高中"])
    tagged = tok.pos(RARE * 80 + "锡山高中获批国家级示范校")
    assert "".join(w for w, _ in tagged) == RARE * 80 + "锡山高中获批国家级示范校"
    assert all(ch in jieba.posseg.char_state_tab_P for obs in seen_by_hmm for ch in obs)
    assert all(len(obs) <= MAX_GUESS_CHARS for obs in seen_by_hmm)
    tagged = tok.pos("一大明方中上下不" * 60)  # runs of characters that make no word: no guessing
    assert all(len(obs) <= MAX_GUESS_CHARS for obs in seen_by_hmm) and len(tagged) >= 240
    assert ("获批", "v") in tok.pos("锡山高中是几月几号获批国家级示范校的")  # unknown words are still guessed
    assert ("abc", "eng") in tok.pos("龘靐😀资助abc学生")


def test_analysis_reads_only_the_asking_part():
    q = analyse("龘" * 300 + "。上半年资助了多少学生？", ["龘靐" * 240], lambda t: list(t))
    assert q.text == "上半年资助了多少学生？" and len(q.search_text) <= 2 * FOCUS_CHARS + 1
