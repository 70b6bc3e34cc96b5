"""The rules on the noun a bare 多少 measures (平均工资是多少, 奖励金一共多少钱): the figure must stand
with that noun, and a sum named by its stem must be of that stem.
Registered in ``RULES`` when bot/answer/rules.py is imported.
"""
from __future__ import annotations

from .asked import Asked
from .candidate import Sentence
from .rules import rule


@rule("no figure of the measured noun", group="figure")
def no_figure_of_measured(a: Asked, s: Sentence) -> list[str]:
    """A bare 多少 measures the noun before it (平均工资是多少): the figure must stand with that noun.

    answerable: 在线课程的访问量是多少？ → 连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。
    unanswerable: 义务教育教师的平均工资是多少？ → 创新实行义务教育学校教职工编制标准核定、单列管理，构建“以县为主、市域调剂、动态调配”的编制管理新机制，为编制紧缺的市（县）区调剂增核约2000个义务教育教师编制。
    """
    measured = a.measured
    if a.q.answer_rx is not None and measured and not any(m in c for m in a.measured_alts for c, _ in s.figures):
        return [f"no figure of {measured}"]
    return []


@rule("measured kind missing", group="figure")
def measured_kind_missing(a: Asked, s: Sentence) -> list[str]:
    """A sum named by its stem (奖励金, 教育经费) is read as the sentence's 金额 only where the stem is in
    the sentence too: the 金额 of another thing is no figure of it.

    answerable: 全年发放的奖励金一共多少钱 → 全年发放教师奖励共800人次，金额300万元。 [invented]
    unanswerable: 全年发放的困难补助金一共多少钱 → 全年发放教师奖励共800人次，金额300万元。 [invented]
    """
    stem = a.sum_stem
    if a.q.answer_rx is None or not stem:
        return []
    alts = [stem] + ([x for g in s.lib.lexicon.everyday(stem) for x in g] if s.lib.lexicon else [])
    return [] if any(x in s.text for x in alts) else [f"no figure of {a.measured}"]
