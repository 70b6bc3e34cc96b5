"""The slice of a thing a question asks about, which a figure or a list of the whole does not give.

    per_unit("寒假平均每天写几小时作业")     -> "平均每天"   (a rate, not a total)
    part_of("调剂的编制里小学占多少")            -> "小学"       (a part of the whole)
    excluded("除了甲校和乙校还有哪几所")        -> ["甲校", "乙校"]  (set aside: no answer)

Pure: text in, words out (general usage of Chinese, no word of any report).
"""
from __future__ import annotations

import re

# per one of something (general usage): 人均/生均/日均, 平均, 每人/每天/每所…
PER_UNIT = re.compile(r"人均|生均|日均|年均|月均|户均|校均|平均(?:每(?:个|一)?[人天日周月年所位名户家生校])?"
                      r"|每(?:个|一)?(?:人|天|日|周|月|年|学期|所|位|名|户|家|生|学生|孩子|学校)"
                      # 一个孩子每学期领几百: one of them, asked a figure for
                      r"|一(?:个|名|位|所|户)(?:人|学生|孩子|小孩|老师|教师|家庭|学校)(?=[^，。？?]{0,8}(?:多少|几))")
# a per-unit figure as a report states it: 每生每年800元, 人均3.5万元, 生均拨款达1200元, 300元/生
PER_FIGURE = re.compile(r"(?:每|人均|生均|日均|年均|月均|户均|校均|平均)[^，。；]{0,12}?\d|\d[\d.]*\s*[^\d，。；]{0,3}/[\u4e00-\u9fff]")
PART_OF = re.compile(r"(?P<y>[\u4e00-\u9fff]{2,8}?)(?:的)?(?:各|分别)?占(?:了)?(?:多少|几|百分之几|多大|比例)")
WHOLE_END = re.compile(r".*(?:里面|里|当中|之中|其中)")  # 编制里小学: the part comes after the whole
EXCLUDED = re.compile(r"除(?:了|开|去)?(?P<x>[^，,。？?]{2,30}?)(?:以外|之外|外)?[，,\s]*(?:还有|还|另外|其他|其余|别的)")


def per_unit(text: str) -> str:
    """The per-unit words of a question (平均每天, 每人), or ""."""
    m = PER_UNIT.search(text)
    return m.group(0) if m else ""


def states_per_unit(sentence: str) -> bool:
    """Does the sentence state a figure per one of something (每生800元, 人均3万元, 300元/生)?"""
    return bool(PER_FIGURE.search(sentence))


def part_of(text: str) -> str:
    """The part asked about in 「X里Y占多少」 (Y), or ""."""
    m = PART_OF.search(text)
    if not m:
        return ""
    return WHOLE_END.sub("", m.group("y")).strip("的") or ""


def excluded(text: str) -> list[str]:
    """The things 除了…还有 sets aside: ``"除了A和B还有哪些"`` -> ["A", "B"]."""
    m = EXCLUDED.search(text)
    return [x for x in re.split(r"[和与及跟、,，]", m.group("x")) if len(x) >= 2] if m else []


# what is left of a thing asked (general usage): 还剩几所, 剩下多少, 还有几个没建完, 多少所尚未
REMAINDER_ASK = re.compile(r"还剩|剩下|剩余|还差|尚未|尚有"
                           r"|还有(?:多少|几)[\u4e00-\u9fff]{0,3}?(?:没|未)|(?:多少|几)[\u4e00-\u9fff]{0,3}?(?:还)?(?:没|未)(?:有)?[\u4e00-\u9fff]{1,4}")
REMAINDER_SAID = re.compile(r"剩|尚未|尚有|仍有|未完成|未达|还有[^，。；]{0,6}?(?:未|待|没)|待[\u4e00-\u9fff]{1,3}")  # 尚有3所未完成


def asks_remainder(text: str) -> bool:
    """Does the question ask what is left (还剩几家没改造, 多少个还没验收), not what was done?"""
    return bool(REMAINDER_ASK.search(text))


def states_remainder(sentence: str) -> bool:
    """Does the sentence say what is left or not yet done (尚有3所未完成, 剩余2个)?"""
    return bool(REMAINDER_SAID.search(sentence))


# shortcomings asked (general usage): 哪几项任务没落实, 有什么短板, 差距在哪
SHORTCOMING_ASK = re.compile(r"(?:哪些|什么|啥|哪几项|哪项)[^，。？?]{0,6}(?:没|未)(?:有|能)?(?:完成|做到|达到|落实|做好|达标)"
                             r"|(?:没|未)(?:有|能)?(?:完成|做好|落实)的?(?:工作|任务|事情?)|不足|短板|差距|薄弱环节"
                             r"|存在(?:的)?(?:哪些|什么|啥)?(?:问题|困难)|困难和问题|问题和困难")
SHORTCOMING_SAID = re.compile(r"不足|短板|差距|薄弱|尚未|未完成|未能|有待|仍(?:然)?(?:存在|有)|困难|滞后")


def asks_shortcoming(text: str) -> bool:
    """Does the question ask what fell short (哪几项任务没落实, 有什么短板)?"""
    return bool(SHORTCOMING_ASK.search(text))


def states_shortcoming(sentence: str) -> bool:
    """Does the sentence say something fell short (仍存在…不足, 尚未完成)?"""
    return bool(SHORTCOMING_SAID.search(sentence))


# the whole year asked (全年一共, 一整年下来), and a figure the sentence gives for one half (上半年累计)
WHOLE_YEAR = re.compile(r"全年|一整年|整整一年|全年度|一年下来|一年到头|(?:两个半年|上下半年)(?:加起来|合计|一共|总共|共)")
HALF_FIGURE = re.compile(r"[上下]半年[^，。；]{0,8}?\d")


def asks_whole_year(text: str) -> bool:
    return bool(WHOLE_YEAR.search(text))


def states_half_only(sentence: str) -> bool:
    """Does the sentence give its figure for one half (上半年累计补助学员600人次), not for the year?"""
    return bool(HALF_FIGURE.search(sentence)) and not WHOLE_YEAR.search(sentence)


# a period finer than a half (第三季度, 五月份): a summary of it needs a report that tells its work by it
FINER_PERIOD = re.compile(r"(?:第?[一二三四1-4]|首)季度|(?:[一二三四五六七八九十]|十[一二]|\d{1,2})月份")


def finer_period(text: str) -> str:
    """The quarter or month a question asks about (``"第三季度干了啥"`` -> ``"第三季度"``), or ``""``."""
    m = FINER_PERIOD.search(text)
    return m.group(0) if m else ""
