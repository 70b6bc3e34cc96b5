"""Rules on the slice of a thing asked (bot/lang/slices.py): a total is no figure per head, a whole is
no figure of one of its parts. Registered in ``RULES`` when bot/answer/rules.py is imported.
"""
from __future__ import annotations

from ..lang.numerals import figures_in
from ..lang.slices import (asks_remainder, asks_shortcoming, asks_whole_year, states_half_only, states_per_unit, states_remainder,
                           states_shortcoming)
from .asked import Asked
from .candidate import Sentence
from .rules import rule


def _figure_asked(a: Asked) -> bool:
    """多少/几, or a figure written in the question (平均每人有一千元吗)."""
    return a.q.answer_rx is not None or bool(figures_in(a.q.text))


@rule("total for a rate")
def total_for_rate(a: Asked, s: Sentence) -> list[str]:
    """A figure asked per one of something (平均每天几小时, 每人补多少, 平均每人有一千元吗) needs a figure per
    one in the sentence; a total or a span (54925人次, 12周) does not say it.

    answerable: 这学期总共补贴过多少人次？ → 全年累计补助学生1200人次，金额360万元。 [invented]
    unanswerable: 受补助的学生平均每人拿到多少钱？ → 全年累计补助学生1200人次，金额360万元。 [invented]
    """
    if a.q.per_unit and _figure_asked(a) and not states_per_unit(s.text):
        return [f"{a.q.per_unit}: 只有总数"]
    return []


@rule("whole for a part")
def whole_for_part(a: Asked, s: Sentence) -> list[str]:
    """「X里Y占多少」 asks one part of a whole: the sentence must name that part (Y), not only the whole
    or a word that spans it (义务教育 for 小学).

    answerable: 这批岗位当中小学占多少？ → 今年新增岗位500个，其中小学300个。 [invented]
    unanswerable: 这批岗位当中初中占多少？ → 今年新增岗位500个，其中小学300个。 [invented]
    """
    y = a.q.part_of
    if y and y not in s.text and not all(w in s.text for w in s.lib.tokenizer.words(y) if len(w) >= 2):
        return [f"没有分出{y}"]
    return []


@rule("done for a remainder")
def done_for_remainder(a: Asked, s: Sentence) -> list[str]:
    """What is left asked for (还剩几家没改造, 多少个还没验收) needs the sentence to say what is left or not
    yet done; a count of what was done, or of another thing, does not say it.

    answerable: 还剩几所学校没有完成改造？ → 全年12所学校完成改造，尚有3所未完成。 [invented]
    unanswerable: 还剩几所学校没有完成改造？ → 全年12所学校完成改造，整改率80%。 [invented]
    """
    if _figure_asked(a) and asks_remainder(a.q.text) and not states_remainder(s.text):
        return ["只有完成的数，没有剩下的数"]
    return []


@rule("no shortcoming said")
def no_shortcoming_said(a: Asked, s: Sentence) -> list[str]:
    """What fell short asked for (哪几项任务没落实, 有什么短板) needs a sentence that says something fell
    short; a result achieved does not say it.

    answerable: 图书馆这块有什么短板？ → 图书馆建设仍存在经费不足、馆员短缺等问题。 [invented]
    unanswerable: 图书馆这块有什么短板？ → 全年新建图书馆3所，藏书12万册。 [invented]
    """
    if asks_shortcoming(a.q.text) and not states_shortcoming(s.text):
        return ["报告没有说不足或未完成的"]
    return []


@rule("half for the whole year")
def half_for_whole_year(a: Asked, s: Sentence) -> list[str]:
    """A figure asked for the whole year (全年合计补助多少) is not one the sentence gives for a half
    (上半年累计…): the year's is not said.

    answerable: 全年合计补助多少人次？ → 全年累计补助学生1200人次，金额360万元。 [invented]
    unanswerable: 全年合计补助多少人次？ → 上半年累计补助学生600人次，金额180万元。 [invented]
    """
    if _figure_asked(a) and asks_whole_year(a.q.text) and states_half_only(s.text):
        return ["只有半年的数"]
    return []
