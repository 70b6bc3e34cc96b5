"""Yes/no questions against a figure: what is asked, and whether the report's figure says yes.

``asked_comparison("图书馆藏书超过两千册了吗？")`` -> ``Comparison(">", 2000, "count")``;
``judge(Comparison(">", 2000, "count"), "……新增藏书3000多册……")`` -> ``Judgement(True, "3000多册")``.

Both sides are read by bot/lang/numerals.py, so 五万, 5万, 50000, 两成, 百分之八十, 九成, 过半, 破亿
compare by value within a unit class (人次, 人, 元, %, count …). A figure the report gives
as a lower bound (超过2万人次) or a range (3000多册) is compared as such. When the question's
figure has no unit (破亿), the unit class comes from what it asks about (金额 -> 元).
Pure: no index, no model.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..lang.numerals import figures_in
from ..lang.story import CONFIRM
from ..lang.text import PEOPLE_NOUNS

# comparator words -> operator; longest first. Source: general Chinese usage in yes/no questions
# about figures ("超过三万了吗", "不到八百吗", "够不够两百个"), people.jsonl's authors wrote the same
COMPARATORS = {
    "不到": "<", "不足": "<", "没到": "<", "少于": "<", "低于": "<", "小于": "<", "未满": "<", "以下": "<",
    "超过": ">", "超出": ">", "多于": ">", "高于": ">", "大于": ">", "突破": ">", "破": ">", "过": ">", "以上": ">=",
    "不止": ">", "上": ">=",
    "达到": ">=", "达": ">=", "到": ">=", "满": ">=", "有": ">=", "够": ">=",
    "是": "=", "等于": "=",
    # about: near enough either side (差不多五万人次, 接近九成, 将近百分百)
    "差不多": "~", "接近": "~", "将近": "~", "近乎": "~", "大约": "~",
}
COMPARATOR_RX = re.compile("|".join(sorted(COMPARATORS, key=len, reverse=True)))
BARE_SCALE = re.compile(r"(?:破|过|上|超过|突破|达到|不到)(亿|万|千|百)(?![\u4e00-\u9fff]*[元人个所])")
# all / none as per cent: "是不是全都达标" asks about 100 %
ALL_WORDS = re.compile(r"全部|全都|所有|百分之?百|100%|都(?:已经|已)?[^，。？?都]{0,6}(?:完了|完成|好了|达标|覆盖|到位)"
                       r"|都(?:已经|已)?(?:达到|达|符合|满足)")  # 馆舍是不是都符合要求: all of them  # 是不是都改造完了: all of it
UNIT_HINTS = [(re.compile(r"金额|钱|经费|资金|投入|元"), "元"), (re.compile(r"人次"), "人次"),
              (re.compile(r"率|比例|占比"), "%"), (re.compile(r"人数|多少人|几个人|名"), "人")]
CONFIRMED = re.compile(CONFIRM.pattern + r"|是吗|没错吧")  # asking whether what it says is so (是不是真的)
LOWER_BOUND_BEFORE = re.compile(r"(?:超过|逾|超|以上)$")  # 超过2万人次: more than
UPPER_BOUND_AFTER = re.compile(r"^(?:以内|以下)")
NEAR_SHARE = 0.1  # "差不多五万" of 54925: within a tenth of the figure asked is near it (general usage)
APPROX_BEFORE = re.compile(r"(?:差不多|接近|将近|近乎|大约)(?:是|有|达到|到)?$")


DATE_YEAR = 1000  # a figure in 年 this large is a date (2020年), not a span (一年)
# a span's length in days, so 半年 and 10周 compare (a month taken as 30 days, a year as 365)
DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "月": 30, "年": 365}
SPAN_SAID = re.compile(r"(?:连续|为期|历时|持续|长达|用时|时长)$")  # 连续10周: a length of time, not 五年规划纲要
SPAN_NEAR = 0.1  # "是不是三个月" of 13周: a span within this share of the one asked is it
HALF_SPAN = re.compile(r"(?<![上下前后])半(个)?(年|月)")  # 半年, 半个月: not 上半年 (a half of the report)
# 个 counts people too (两百个老师, 教师超过两百个了吗): when the noun it counts, right after it or ending
# the phrase before the comparison, is one of people; 岗位编制有五百个 counts posts (general usage)
PEOPLE = rf"(?:{PEOPLE_NOUNS}|孩子)"
PEOPLE_AFTER = re.compile("^" + PEOPLE + r"(?=$|[\s，,。？?！!]|[是有吗呢了的都去在])")  # not 教师编制
PEOPLE_BEFORE = re.compile(PEOPLE + r"们?(?:一共|总共|总数|人数|数量)?(?:有没有|是不是|是否|有无|有|都|已经|超过|达到|不到|突破|过|到|满|够|多于|少于|[了吗的])*$")


class Comparison(NamedTuple):
    op: str  # "<", "<=", ">", ">=", "="
    value: float
    unit: str  # a unit class of bot/lang/numerals.py ("人次", "元", "%", "count", "第", …), "" if none
    above: bool = False  # "=" of a range: 三千多 is [3000, 4000)


class Judgement(NamedTuple):
    holds: bool | None  # None: the report's figure cannot decide it
    figure: str  # the report's figure as written (3000多册)
    short: bool = False  # the report says only "more than" a figure below the one asked (超过2万 of 超过三万)


def asked_comparison(question: str) -> Comparison | None:
    """The figure a yes/no question compares with, or None: of the clause that asks (看到说调剂了2000个，
    能不能转编: the 2000 is what was heard, not compared), or of any clause when what was heard is asked."""
    body = question.rstrip("，,；;。？?！! ")  # a full stop at the end closes the asking clause, it does not start one
    if not CONFIRMED.search(body) and (cut := max(body.rfind(c) for c in "，,；;。")) > 0:
        question = body[cut + 1:]
    text = re.sub(r"([一两二三四五六七八九十])个(亿|万)", r"\1\2", question)  # 一个亿 = 一亿
    text = HALF_SPAN.sub(lambda m: f"0.5{m.group(1) or ''}{m.group(2)}", text)  # 半年 = 0.5年
    figs = [f for f in figures_in(text) if f.unit != "年" or f.value < DATE_YEAR]  # 一年 is a span, 2020年 a date
    bare = BARE_SCALE.search(text)
    if not figs and bare:
        value = {"亿": 10 ** 8, "万": 10 ** 4, "千": 1000, "百": 100}[bare.group(1)]
        return Comparison(">", value, unit_hint(text))
    if not figs:
        if m := ALL_WORDS.search(text):  # 是不是都合格了 / 接近百分之百了吗
            return Comparison("~" if APPROX_BEFORE.search(text[:m.start()]) else ">=", 100, "%")
        return None
    fig = figs[-1]
    before = text[:fig.span[0]]
    after = text[fig.span[1]:]
    if re.search(r"[那这](?:些|个)?$", before):
        return None  # 是不是在那12所里: the report's own figure referred to, not one compared with
    op = None
    m = None
    for m in COMPARATOR_RX.finditer(before[-6:]):
        pass
    if m is not None and (m.group(0) != "上" or not before[-6:][m.end():].strip()):
        op = COMPARATORS[m.group(0)]  # a one-character comparator stands by the figure: 上了十周 is no 上十周
    if after.startswith(("以上", "多", "出头")):
        op = ">=" if op in (None, "=", ">=") else op
    elif after.startswith(("以下", "以内")):
        op = "<="
    if fig.unit == "%" and "过半" in text:
        op = ">"
    ranged = bool(after.startswith(("多", "余")) or re.search(r"[多余]", text[fig.span[0]:fig.span[1]]))
    if op is None and CONFIRMED.search(text):
        op = "="  # 要建二十个…对吗: the figure is what is asserted
    if op is None and re.sub(r"[了吗呢吧啊呀？?。！!\s]", "", after):
        return None  # 那20个馆…有没有都建好: a figure referred to, not one compared with
    if op is None:
        op = "="
    unit = fig.unit if fig.unit else unit_hint(text)
    if unit == "count" and text[fig.span[1] - 1] == "个" and (PEOPLE_AFTER.match(after) or PEOPLE_BEFORE.search(before)):
        unit = "人"  # 教师超过两百个了吗: people
    if ranged and op == "=":  # 是不是三千多册: the range [3000, 4000) asserted
        return Comparison("=", float(fig.value), unit, above=True)
    return Comparison(op, float(fig.value), unit)


def unit_hint(text: str) -> str:
    """The unit class a bare figure in a question is about: 奖励金额破亿 -> 元."""
    return next((unit for rx, unit in UNIT_HINTS if rx.search(text)), "")


def judge(asked: Comparison, sentence: str, words: list[str] = (), own_clause: bool = False) -> Judgement:
    """Does the report's sentence say yes to the comparison? Its figure of the same unit class decides:
    of several, the one whose clause holds most of the question's ``words`` (合格率为80%, not the
    95% of another clause), then the nearest in size. ``own_clause``: only a figure whose clause
    holds one of the ``words`` (a sentence found beside the answer: a count of aided students is no 访问量)."""
    figs = [f for f in figures_in(sentence) if _same_class(asked.unit, f.unit) and not (f.unit == "年" and f.value >= DATE_YEAR)
            and (f.unit not in DAYS or SPAN_SAID.search(sentence[:f.span[0]]))]
    if own_clause:
        figs = [f for f in figs if any(w in _clause_at(sentence, f.span[0]) for w in words)]
    if not figs:
        return Judgement(None, "")
    def held(f):  # the question's word nearest its figure first (合格率 of 合格率过八成), then how many
        clause = _clause_at(sentence, f.span[0])
        if BARE_RATE.fullmatch(clause):  # …12所馆完成改造，改造率60%: the rate of the clause before
            clause = _clause_at(sentence, max(0, sentence.rfind("，", 0, f.span[0]) - 1)) + clause
        return max((i for i, w in enumerate(words) if w in clause), default=-1), sum(len(w) for w in words if w in clause)
    fig = figs[0] if len(figs) == 1 else min(figs, key=lambda f: (tuple(-x for x in held(f)), abs(_log_gap(f.value, asked.value))))
    written = sentence[fig.span[0]:fig.span[1]]
    scale = DAYS[fig.unit] / DAYS[asked.unit] if fig.unit != asked.unit and {fig.unit, asked.unit} <= set(DAYS) else 1.0  # 10周 in 年
    lo, hi, above = float(fig.value) * scale, float(fig.value) * scale, False
    if scale != 1.0 and asked.op == "=":  # a span of other units: near enough is it
        return Judgement(abs(lo - asked.value) <= SPAN_NEAR * asked.value, written)
    if LOWER_BOUND_BEFORE.search(sentence[:fig.span[0]]):  # 超过2万人次: more than 2万
        hi, above = float("inf"), True
    if "多" in written or "余" in written:  # 3000多: above 3000, below the next step of its last digit
        hi, above = lo + _step(lo), True
    if asked.op == "=" and asked.above:  # 三千多 against 3000多 (the same range) or 2000多 / 5000 (another)
        v, top = asked.value, asked.value + _step(asked.value)
        holds = True if (lo == v and hi <= top) or (lo == hi and v <= lo < top) else (False if hi <= v or lo >= top else None)
        return Judgement(holds, written)
    holds = _compare(asked.op, lo, hi, asked.value, above)
    return Judgement(holds, written, holds is None and asked.op in (">", ">=") and hi == float("inf") and lo < asked.value)


BARE_RATE = re.compile(r"[\u4e00-\u9fff]{0,4}(?:率|比例|占比)(?:为|达|达到|是)?\d[\d.]*%")  # 改造率60%: a rate and nothing else


def _clause_at(sentence: str, at: int) -> str:
    """The clause of the sentence that holds position ``at``."""
    start = max(sentence.rfind(c, 0, at) for c in "，；。：") + 1
    ends = [i for i in (sentence.find(c, at) for c in "，；。：") if i >= 0]
    return sentence[start:min(ends, default=len(sentence))]


def _compare(op: str, lo: float, hi: float, v: float, above: bool = False) -> bool | None:
    """The report's figure lies in [lo, hi] (in (lo, hi] when ``above``); is it ``op`` v?"""
    if op == "~":  # near v: within NEAR_SHARE of it; a range reaching into that band cannot say no
        near = (v * (1 - NEAR_SHARE), v * (1 + NEAR_SHARE))
        if near[0] <= lo and hi <= near[1]:
            return True
        return False if hi < near[0] or lo > near[1] else None
    if op in (">", ">="):
        if lo > v or (lo >= v and (op == ">=" or above)):
            return True
        if hi < v or (op == ">" and hi <= v):
            return False
        return None
    if op in ("<", "<="):
        if (hi < v) or (op == "<=" and hi <= v):
            return True
        if lo > v or (op == "<" and lo >= v):
            return False
        return None
    if lo == hi:
        return lo == v
    return None if lo <= v <= hi else False


def _same_class(asked: str, found: str) -> bool:
    if not asked:  # a bare figure asked (有没有两万): a bare one or a count, not a date, rank or span
        return found not in ("年", "第") and found not in DAYS
    if asked in DAYS and found in DAYS:
        return True  # spans of time, in days (judge takes one in other units only when said as a span)
    people = {"人", "人次"}
    return asked == found or (asked in people and found in people and asked == "人")


def _step(v: float) -> float:
    """3000 -> 1000, 70 -> 10, 5 -> 1."""
    s = 1.0
    while v >= s * 10 and v % (s * 10) == 0:
        s *= 10
    return s


def _log_gap(a: float, b: float) -> float:
    import math

    return math.log10(max(a, 1e-9)) - math.log10(max(b, 1e-9))
