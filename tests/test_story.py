"""The asking part of a long turn (bot/lang/story.py): what the asker will do with the answer is not its topic."""
from __future__ import annotations

import pytest

from bot.lang.story import without_purpose


@pytest.mark.parametrize("text,question", [
    ("帮我把上半年的主要成绩归纳一下，要写进季度简报", "帮我把上半年的主要成绩归纳一下"),
    ("上半年总结里有哪些关键数据？我要做个数据一览表", "上半年总结里有哪些关键数据？"),
    ("讲讲下半年的计划 我要转给家长", "讲讲下半年的计划"),
    ("上半年资助了多少学生，要写进简报吗", "上半年资助了多少学生，要写进简报吗"),  # the last clause asks
    ("要写进季度简报", "要写进季度简报"),                                      # nothing asked before it
    ("做了多少节课 访问量多少", "做了多少节课 访问量多少"),                        # two questions, kept whole
])
def test_a_trailing_purpose_is_not_the_question(text, question):
    assert without_purpose(text) == question
