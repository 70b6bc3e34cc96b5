"""Numbers as a reader sees them, whether written in digits or in Chinese numerals.

Pure functions over the measure words' table: the grounding guard (bot/answer/grounding.py) compares an
answer's figures with its quotes through them, and a yes/no comparison ("超过五万人次了吗")
can read both sides the same way.

    parse_number("六万五千")      -> 65000
    parse_number("6.5万")         -> 65000
    parse_number("二〇二一")      -> 2021
    figures_in("金额八千一百万元") -> [Figure(value=81000000, unit='元', span=(2, 8))]
    figures_in("两成学生")        -> [Figure(value=20, unit='%', span=(0, 2))]

A figure is a value with its unit class: 万元/亿元 are scaled into 元, 万人次 into 人次,
百分之N / N成 / 一半 / 半数 are per cent; 人/名/位 are one class (people), 人次 another;
所/个/块/项… are the class "count". A figure without a unit has the class "" (bare).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from .vocab import column, rows

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10 ** 4, "亿": 10 ** 8}
SCALE = {**SMALL, **BIG}
EN_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9}

# unit as written -> its class (data/measure_words.tsv, column figure); longest first in the pattern
UNIT_CLASS = {r["word"]: r["figure"] for r in rows("measure_words") if r["figure"]}
# "一" before these is an article ("一项重要工作"), not a figure
ARTICLE_COUNTERS = set(column("measure_words", article="yes"))
# N成 is per cent unless 成 starts a word (成立, 成果, 一成不变, 成都…)
NOT_PER_CENT = set("不员立为果绩本功长熟就型效交品都年分人色份全材家活器千群才风像婚亲败事形真语批套片倍")

_CN = "〇零一二两三四五六七八九十百千万亿"
_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_NUM = rf"[{_CN}]+(?:点[〇零一二三四五六七八九]+[十百千万亿]*)?"
_UNITS = "|".join(re.escape(u) for u in sorted(UNIT_CLASS, key=len, reverse=True))
FIGURE_RX = re.compile(
    rf"(?P<pct>百分之(?P<pctnum>{_AR}|{_CN_NUM}))"
    rf"|(?P<half>一半|半数|过半|大半)"
    rf"|(?P<ord>第(?P<ordnum>\d+|[{_CN}]+))"
    rf"|(?P<en>{_AR}\s*(?:(?P<enscale>thousand|million|billion)\b\s*(?P<enunit>percent\b|per cent\b|yuan\b|%)?"
    rf"|(?P<enunit2>percent\b|per cent\b|yuan\b)))"
    rf"|(?P<num>{_AR}[十百千万亿]*|{_CN_NUM})(?P<approx>多|余|来)?(?P<ge>个(?!月|百分点))?(?P<unit>{_UNITS})?",
    re.I,
)


class Figure(NamedTuple):
    value: int | float
    unit: str  # unit class: "人次", "人", "元", "%", "年", "count", … or "" (bare)
    span: tuple[int, int]

    def same_as(self, other: "Figure") -> bool:
        """Same value and compatible unit (a bare figure is compatible with any unit)."""
        if self.unit and other.unit and self.unit != other.unit:
            return False
        return abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value))


def _number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _cn_int(s: str) -> int | None:
    """A Chinese integer: ``'六万五千'`` -> 65000, ``'六万五'`` -> 65000, ``'一百零五'`` -> 105; None if malformed."""
    if not s:
        return None
    if all(c in DIGITS for c in s):  # 五 / 二〇二一: one digit, or read digit by digit
        return int("".join(str(DIGITS[c]) for c in s))
    for big in ("亿", "万"):
        if big in s:
            i = s.rindex(big)
            left, right = s[:i], s[i + 1:]
            lv = _cn_int(left)
            if lv is None or lv == 0:
                return None
            if not right:
                rv = 0
            elif len(right) == 1 and right in DIGITS and right not in "〇零":  # 六万五 = 65000
                rv = DIGITS[right] * BIG[big] // 10
            else:
                rv = _cn_int(right.lstrip("〇零")) if right.lstrip("〇零") else 0
                if rv is None or rv >= BIG[big]:
                    return None
            return lv * BIG[big] + rv
    total, num, last_unit, zero = 0, None, None, False
    for c in s:
        if c in DIGITS:
            if DIGITS[c] == 0:
                if num is not None:
                    return None
                zero = True
            elif num is not None:  # two digits in a row: 十三五
                return None
            else:
                num = DIGITS[c]
        elif c in SMALL:
            u = SMALL[c]
            if last_unit is not None and u >= last_unit:
                return None
            if num is None:
                if last_unit is not None:
                    return None
                num = 1  # 十五 = 15
            total += num * u
            num, last_unit, zero = None, u, False
        else:
            return None
    if num is not None:
        # 三千五 = 3500, 一百二 = 120; 一百零五 = 105, 二十五 = 25
        total += num * last_unit // 10 if last_unit and last_unit >= 100 and not zero else num
    return total


def parse_number(text: str) -> int | float | None:
    """A numeral in digits, Chinese or both -> its value; None when it is not a number.

    ``'54,925'`` -> 54925, ``'六万五千'`` -> 65000, ``'八千一百万'`` -> 81000000, ``'6.5万'`` -> 65000,
    ``'2亿'`` -> 200000000, ``'两'`` -> 2, ``'九十八点五'`` -> 98.5, ``'二〇二一'`` -> 2021, ``'十三五'`` -> None
    """
    s = re.sub(r"\s+", "", text or "")
    if not s:
        return None
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)([十百千万亿]*)", s)
    if m:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return None
        for c in m.group(2):
            value *= SCALE[c]
        return _number(value)
    m = re.fullmatch(r"(.+?)点([〇零一二三四五六七八九]+)([十百千万亿]*)", s)
    if m:
        whole = _cn_int(m.group(1))
        if whole is None:
            return None
        value = Decimal(f"{whole}.{''.join(str(DIGITS[c]) for c in m.group(2))}")
        for c in m.group(3):
            value *= SCALE[c]
        return _number(value)
    if not all(c in _CN for c in s):
        return None
    v = _cn_int(s)
    return None if v is None else v


def _chinese_ok(run: str, has_unit: bool) -> bool:
    """Whether a run of Chinese numeral characters reads as a figure here (not 统一, 千万, 十三五, 三五成群)."""
    if run[0] in BIG or (run[0] in "百千" and len(run) == 1):
        return False  # 万人空巷, 百年大计, 千万(不要)
    places = any(c in SCALE for c in run) or "点" in run
    if not places and len(run) >= 2 and not (len(run) >= 3 or any(c in "〇零" for c in run)):
        return False  # 三五 / 一二: a range, not a number
    if has_unit:
        return True
    return len(run) >= 2 and run[0] in DIGITS and (places or len(run) >= 3)


def figures_in(text: str) -> list[Figure]:
    """Every figure in a text, in order, as (value, unit class, span).

    ``'制作在线课程3000多节，访问量超过2亿人次'`` ->
    ``[Figure(3000, 'count', (6, 12)), Figure(200000000, '人次', (18, 22))]``
    """
    out: list[Figure] = []
    for m in FIGURE_RX.finditer(text or ""):
        span = m.span()
        if m.group("pct"):
            v = parse_number(m.group("pctnum"))
            if v is not None:
                out.append(Figure(v, "%", span))
        elif m.group("half"):
            out.append(Figure(50, "%", span))
        elif m.group("ord"):
            v = parse_number(m.group("ordnum"))
            if v is not None:
                out.append(Figure(v, "第", span))
        elif m.group("en"):
            v = parse_number(re.match(_AR, m.group("en")).group(0))
            if v is None:
                continue
            if m.group("enscale"):
                v = _number(Decimal(str(v)) * EN_SCALE[m.group("enscale").lower()])
            unit = (m.group("enunit") or m.group("enunit2") or "").lower()
            out.append(Figure(v, "元" if unit == "yuan" else "%" if unit else "", span))
        elif m.group("num"):
            run, unit = m.group("num"), m.group("unit")
            chinese = run[0] in _CN
            if unit == "成" and (not chinese or m.group("approx") or m.group("ge")
                                or text[m.end():m.end() + 1] in NOT_PER_CENT):
                unit = None  # 建成, 完成: not a figure; 1成 is unusual
            if unit is None and m.group("ge"):
                unit = "个"
            if chinese and not _chinese_ok(run, unit is not None):
                continue
            if chinese and run == "一" and unit in ARTICLE_COUNTERS:
                continue  # 一项重要工作
            v = parse_number(run)
            if v is None:
                continue
            if unit is None:
                out.append(Figure(v, "", (span[0], span[0] + len(run))))
                continue
            cls = UNIT_CLASS[unit]
            if unit == "成":
                v = _number(Decimal(str(v)) * 10)
                tenth = text[span[1]:span[1] + 1]
                if tenth and tenth in "一二三四五六七八九" and text[span[1] + 1:span[1] + 2] not in _CN + "成":
                    v, span = _number(Decimal(str(v)) + "一二三四五六七八九".index(tenth) + 1), (span[0], span[1] + 1)  # 八成五: 85%
            out.append(Figure(v, cls, span))
    return out
