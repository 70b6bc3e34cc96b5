"""The grounding guard and the numeral reader, without an index, a server or a model.

The quote is the report's own sentence; every answer below is what a model might write above it.
Rounding is not allowed: an answer's figure must be the quote's value exactly (约5.49万人次 is not
54925人次), because "about" hides both honest rounding and a wrong number.
"""
import time

import pytest

from bot.answer.grounding import names_in, problems
from bot.lang.numerals import Figure, figures_in, parse_number

QUOTE = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"
TITLE = "无锡市教育局2020年上半年工作总结和下半年工作计划"
CITES = [{"n": 1, "quote": QUOTE, "title": TITLE, "section": "一、上半年任务完成情况 › 六是教育保障水平全面提升"}]


@pytest.mark.parametrize("answer", [
    "上半年累计资助学生约六万五千人次，金额八千一百万元。[1]",
    "学生资助覆盖率达到百分之九十八。[1]",
    "二〇二一年上半年累计资助学生54925人次。[1]",
    "局长张伟表示，上半年累计资助学生54925人次，金额7151万元。[1]",
    "张伟同志介绍，上半年累计资助学生54925人次。[1]",
    "上半年资助学生约5.49万人次[1]",  # rounded: not the quote's figure
    "上半年累计资助学生54925人，金额7151万元。[1]",  # 人 is not 人次
    "上半年累计资助学生54925人次，金额7151元。[1]",  # wrong scale
    "两成学生获得资助，金额7151万元。[1]",
    "一半学生获得资助。[1]",
    "江苏省上半年累计资助学生54925人次。[1]",  # a place the quote does not name
    "上半年累计资助学生54925人次。金额7151万元。[1]",  # the first sentence claims a figure without a mark
    "按照《学生资助管理办法》，上半年累计资助学生54925人次。[1]",
    "上半年累计资助学生54925人次。[2]",  # no such citation
])
def test_ungrounded_answers_are_withheld(answer):
    assert problems(answer, CITES)


@pytest.mark.parametrize("answer", [
    "上半年累计资助学生54925人次，金额7151万元。[1]",
    "根据报告：" + QUOTE + "[1]",
    "上半年累计资助学生五万四千九百二十五人次，金额七千一百五十一万元。[1]",  # the same values in Chinese
    "上半年资助学生54,925人次，金额0.7151亿元[1]。",
    "无锡市2020年上半年累计资助学生54925人次。[1]",  # the year and the city are in the cited document's title
    "报告中没有找到相关信息。",  # no claim, no mark needed
    "以下是报告的说法。上半年累计资助学生54925人次[1]",
])
def test_faithful_answers_pass(answer):
    assert problems(answer, CITES) == []


def test_each_problem_names_the_claim():
    found = problems("局长张伟表示，上半年累计资助学生约六万五千人次。[1]", CITES)
    assert any("张伟" in p for p in found) and any("六万五千人次" in p for p in found)


def test_system_prompt_echo_is_withheld():
    system = "你是无锡市教育局工作报告的问答助手。只根据用户消息中的摘录回答问题。"
    assert problems(system + "[1]", CITES, system)


@pytest.mark.parametrize("text, value", [
    ("六万五千", 65000), ("六万五", 65000), ("八千一百万", 81_000_000), ("七千一百五十一万", 71_510_000),
    ("五万四千九百二十五", 54925), ("一百零五", 105), ("三千五", 3500), ("十五", 15), ("两", 2),
    ("二〇二一", 2021), ("二零二零", 2020), ("九十八点五", 98.5), ("六点五万", 65000),
    ("54925", 54925), ("54,925", 54925), ("6.5万", 65000), ("2亿", 200_000_000), ("0.7151亿", 71_510_000),
    ("7151万", 71_510_000), ("3.5", 3.5),
    ("十三五", None), ("万一", None), ("", None), ("学生", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, figures", [
    ("约六万五千人次", [(65000, "人次")]),
    ("金额八千一百万元", [(81_000_000, "元")]),
    ("金额7151万元", [(71_510_000, "元")]),
    ("百分之九十八", [(98, "%")]),
    ("百分之九十八点五", [(98.5, "%")]),
    ("普惠性幼儿园覆盖率达86%", [(86, "%")]),
    ("两成学生", [(20, "%")]),
    ("近八成", [(80, "%")]),
    ("超过八成五了吗", [(85, "%")]), ("三成五的人", [(35, "%")]),  # N成M: N.M tenths
    ("一半以上", [(50, "%")]),
    ("半数学校", [(50, "%")]),
    ("增长两倍", [(2, "倍")]),
    ("二〇二一年", [(2021, "年")]),
    ("2021年", [(2021, "年")]),
    ("制作在线课程3000多节", [(3000, "count")]),
    ("向全市70万中小学生提供在线教学", [(700_000, "")]),
    ("访问量超过2亿人次", [(200_000_000, "人次")]),
    ("选送113名干部教师", [(113, "人")]),
    ("提高3个百分点", [(3, "百分点")]),
    ("连续12周", [(12, "周")]),
    ("位列全省第二", [(2, "第")]),
    ("34所幼儿园完成治理任务，整改率54.8%", [(34, "count"), (54.8, "%")]),
    ("71.51 million yuan", [(71_510_000, "元")]),
    # words that only look like numbers
    ("统一管理、进一步、一是、十三五、无锡一中、千方百计、一项重要工作、上半年、建成投用、三五成群", []),
])
def test_figures_in(text, figures):
    assert [(f.value, f.unit) for f in figures_in(text)] == figures


def test_figure_span_and_comparison():
    fig, = figures_in("金额八千一百万元")
    assert fig == Figure(81_000_000, "元", (2, 8))
    assert fig.same_as(Figure(81_000_000, "", (0, 0)))  # a bare figure matches any unit
    assert not fig.same_as(Figure(81_000_000, "人次", (0, 0)))
    assert not Figure(54900, "人次", (0, 0)).same_as(Figure(54925, "人次", (0, 0)))


@pytest.mark.parametrize("text, names", [
    ("局长张伟表示", ["张伟"]),
    ("张伟同志介绍", ["张伟"]),
    ("市教育局局长李强表示", ["李强"]),
    ("选送113名干部教师赴新疆、青海、陕西等地", ["新疆", "青海", "陕西"]),
    ("东南大学无锡国际校区", ["东南大学", "无锡"]),
    # common words jieba's dictionary tags as names, and titles without a name
    ("普惠性幼儿园覆盖率达86%，推动文明城市创建", []),
    ("全市中小学校长和教师", []),
    ("局长高度重视", []),
])
def test_names_in(text, names):
    assert names_in(text) == names


def test_a_long_answer_is_checked_in_milliseconds():
    problems("预热。[1]", CITES)  # loads jieba's dictionary and CC-CEDICT once
    answer = ("局长张伟表示，上半年累计资助学生约六万五千人次，金额八千一百万元，覆盖率百分之九十八。[1]" * 12)[:500]
    t0 = time.perf_counter()
    for _ in range(5):
        assert problems(answer, CITES)
    assert (time.perf_counter() - t0) / 5 < 0.05
