"""The asking part of a long turn (bot/lang/story.py): what the asker will do with the answer is not its topic."""
from __future__ import annotations

import pytest

from bot.lang.story import without_purpose

from test_rules import library  # noqa: F401 - the shared hand-made library fixture


@pytest.mark.parametrize("text,question", [
    ("帮我把上半年的主要成绩归纳一下，要写进季度简报", "帮我把上半年的主要成绩归纳一下"),
    ("上半年总结里有哪些关键数据？我要做个数据一览表", "上半年总结里有哪些关键数据？"),
    ("讲讲下半年的计划 我要转给家长", "讲讲下半年的计划"),
    ("上半年资助了多少学生，要写进简报吗", "上半年资助了多少学生，要写进简报吗"),  # the last clause asks
    ("要写进季度简报", "要写进季度简报"),                                      # nothing asked before it
    ("做了多少节课 访问量多少", "做了多少节课 访问量多少"),                        # two questions, kept whole
    # [invented] the asker's unit and what it will do; a request before it asks too
    ("把食堂管理的内容帮我梳理一下，我们学校要对照着学", "把食堂管理的内容帮我梳理一下"),
    ("今年出了哪些新办法 列一下 写总结用", "今年出了哪些新办法 列一下"),
    ("帮我总结一下，我们单位要做参考吗", "帮我总结一下，我们单位要做参考吗"),          # the last clause asks
])
def test_a_trailing_purpose_is_not_the_question(text, question):
    assert without_purpose(text) == question


def test_a_first_question_that_names_nothing_keeps_the_clause_that_names_it_before_a_second():
    from bot.lang.story import without_personal_context

    got = without_personal_context("我是村小的代课老师，听说要出个考核细则，会考哪些方面，跟工资挂钩不")  # [invented]
    assert got.startswith("听说要出个考核细则")
    got = without_personal_context("我是村小的代课老师，想问下考核细则会考哪些方面，跟工资挂钩不")  # [invented]
    assert got.startswith("想问下考核细则")


def test_asking_for_key_figures_names_nothing_so_the_story_clause_that_names_it_is_kept(library):
    from bot.lang.story import without_personal_context

    pos = library.tokenizer.pos
    got = without_personal_context("我是实习记者，想写篇稿子讲全市的课后服务，能给我几个核心数据吗", pos)  # [invented]
    assert "课后服务" in got
    got = without_personal_context("我是实习记者，想写篇稿子，能给我几个课后服务的核心数据吗", pos)  # [invented] it names it
    assert got.startswith("能给我几个课后服务")
