"""Rules on the slice of a thing asked (bot/lang/slices.py): a total is no figure per head, a whole is
no figure of one of its parts. Registered in ``RULES`` when bot/answer/rules.py is imported.
"""
from __future__ import annotations

from ..lang.numerals import figures_in
from ..lang.slices import states_per_unit
from .asked import Asked
from .candidate import Sentence
from .rules import rule


@rule("total for a rate")
def total_for_rate(a: Asked, s: Sentence) -> list[str]:
    """A figure asked per one of something (平均每天几小时, 每人补多少, 平均每人有一千元吗) needs a figure per
    one in the sentence; a total or a span (54925人次, 12周) does not say it.

    answerable: 上半年一共资助了学生多少人次？ → 严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。
    unanswerable: 受资助的学生平均每人拿到多少钱？ → 严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。
    """
    if a.q.per_unit and (a.q.answer_rx is not None or figures_in(a.q.text)) and not states_per_unit(s.text):
        return [f"{a.q.per_unit}: 只有总数"]
    return []


@rule("whole for a part")
def whole_for_part(a: Asked, s: Sentence) -> list[str]:
    """「X里Y占多少」 asks one part of a whole: the sentence must name that part (Y), not only the whole
    or a word that spans it (义务教育 for 小学).

    answerable: 这批教师编制里义务教育学校的占多少？ → 创新实行义务教育学校教职工编制标准核定、单列管理，构建“以县为主、市域调剂、动态调配”的编制管理新机制，为编制紧缺的市（县）区调剂增核约2000个义务教育教师编制。
    unanswerable: 这批教师编制里初中占多少？ → 创新实行义务教育学校教职工编制标准核定、单列管理，构建“以县为主、市域调剂、动态调配”的编制管理新机制，为编制紧缺的市（县）区调剂增核约2000个义务教育教师编制。
    """
    y = a.q.part_of
    if y and y not in s.text and not all(w in s.text for w in s.lib.tokenizer.words(y) if len(w) >= 2):
        return [f"没有分出{y}"]
    return []
