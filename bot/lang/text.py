"""Shapes in Chinese text, built once from the word lists (bot/lang/data): names, titles, quotes, times,
clauses. One copy of each pattern, for the question reader, the index, the rules and the guard.

    clauses("出台《A，B》，组织开展…")   -> ['出台《A，B》', '组织开展…']
    quoted("出台《无锡教育现代化2035》")  -> ['无锡教育现代化2035']
    SCHOOL_NAME.fullmatch("锡山高中")     -> a match;  PLACE_NAME.fullmatch("滨湖区") -> a match
"""
from __future__ import annotations

import re

from .vocab import column, rows

# a 《title》 or a “term”, any length (the question's and the answer's names; the guard's terms)
QUOTED = re.compile(r"《([^》]+)》|“([^”]+)”")
# the same, of the length of a dictionary term, not nested (the index's user dictionary)
QUOTED_TERM = re.compile(r"《([^《》]{2,40})》|“([^“”]{2,20})”")

_SCHOOL = column("name_shapes", shape="school", uses="name")
_PLACE = column("name_shapes", shape="place", uses="name")
SCHOOL_NAME = re.compile(rf"[\u4e00-\u9fa5]{{2,10}}(?:{'|'.join(_SCHOOL)})")
PERIOD_LEAD = re.compile(r"^(?:今年|去年|明年|本年度|[上下前后]半年)+")  # said before a name, not part of it (a year's digits never match)


def school_named(text: str) -> str | None:
    """The first school named in the text, a campus with the university it belongs to (某大学 + 某某校区
    is one name) and without a period said before it: ``school_named("下半年甲大学乙城校区有啥安排")``
    -> ``"甲大学乙城校区"``."""
    found = list(SCHOOL_NAME.finditer(text))
    if not found:
        return None
    start, end = found[0].span()
    for m in found[1:]:
        if m.start() != end:
            break
        end = m.end()
    if start and text[start - 1].isdigit() and text[start] in "年月":
        start += 1  # 2020年某大学: the year's 年, not the name's
    name = text[start:end]
    return name[PERIOD_LEAD.match(name).end():] if PERIOD_LEAD.match(name) else name


# nouns of people (general usage): a count of them is a head count
PEOPLE_NOUNS = "老师|教师|学生|家长|校长|专家|干部|人员|职工|员工"
PLACE_NAME = re.compile(rf"[\u4e00-\u9fa5]{{2,3}}(?:{'|'.join(_PLACE)})")
PLACE_SUFFIX = re.compile(rf"({'|'.join(_PLACE)})$")
# school, university and district names of a document: terms of jieba's user dictionary
NAME_TERM_SUFFIXES = column("name_shapes", uses="term")
NAME_TERM = re.compile(rf"[\u4e00-\u9fa5]{{2,10}}?(?:{'|'.join(NAME_TERM_SUFFIXES)})")
ISSUER = re.compile(rf"^(.{{2,24}}?(?:{'|'.join(column('name_shapes', uses='issuer'))}))")

PERSON_TITLE = re.compile("|".join(column("person_names", "text", part="title", uses="names")))
TIME = re.compile("|".join(column("time_words")))


def _kind_shape(row: dict) -> str:
    ends = f"(?:{'|'.join(row['ends'].split())})$" if row["ends"] else ""
    return "|".join(row["contains"].split() + ([ends] if ends else []))


# what a name of the kind asked looks like (哪所高校 -> …大学/…学院)
KIND_SHAPE = {r["kind"]: _kind_shape(r) for r in rows("name_kinds") if r["ends"] or r["contains"]}


def quoted(text: str) -> list[str]:
    """The 《》 titles and “” terms of a text, without their marks."""
    return [a or b for a, b in QUOTED.findall(text)]


def clauses(sentence: str) -> list[str]:
    """Split at ，； outside 《》“”（）: ``出台《A，B》，组织开展…`` -> [``出台《A，B》``, ``组织开展…``]."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in "《“（(":
            depth += 1
        elif ch in "》”）)":
            depth = max(0, depth - 1)
        elif ch in "，；,;" and depth == 0:  # not ：, which joins a table cell to its value (学校数：38所)
            out.append(sentence[start:i])
            start = i + 1
    out.append(sentence[start:])
    return [c for c in out if c.strip()]


def digits(figure: str) -> str:
    """The number of a figure as written: ``'54,925人次'`` -> ``'54925'``."""
    m = re.search(r"\d+(?:\.\d+)?", figure.replace(",", ""))
    return m.group(0) if m else ""


def year_of(meta: dict, keys=("year", "date")) -> int | None:
    """The year of a document from the first of ``keys`` its metadata has: ``{'year': 2020}`` -> 2020."""
    value = next((meta.get(k) for k in keys if meta.get(k)), "")
    m = re.search(r"(?:19|20)\d{2}", str(value or ""))
    return int(m.group(0)) if m else None


def place_core_in(name: str, text: str) -> bool:
    """无锡市 ~ 无锡: a place named without its 省/市/区/县."""
    core = PLACE_SUFFIX.sub("", name)
    return len(core) >= 2 and core != name and core in text


def abbreviation_in(name: str, text: str) -> bool:
    """“五全” ~ “全学段、全学科、全名师、全过程、全免费”: a numbered abbreviation the text spells out."""
    m = re.fullmatch(r"([二三四五六七八九十])(\w{1,2})", name)
    if not m:
        return False
    lists = [seg.split("、") for seg in re.split(r"[，；。“”《》]", text) if "、" in seg]
    n = "二三四五六七八九十".index(m.group(1)) + 2
    return any(sum(m.group(2) in item for item in items) == n for items in lists)


def is_cjk(text: str) -> bool:
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk >= 2 or cjk > latin / 4


# the school stages a word names (general usage): 中小学 spans three, 义务教育 two
LEVELS = {"幼儿园": "k", "学前": "k", "小学": "p", "初中": "j", "普通高中": "s", "高中": "s", "中小学": "pjs",
          "义务教育": "pj", "中职": "v", "职业学校": "v", "高职": "u", "高校": "u", "本科": "u"}
LEVEL_RX = re.compile("|".join(sorted(LEVELS, key=len, reverse=True)))


def school_levels(text: str) -> set[str]:
    """The school stages a text names: ``'70万中小学生'`` -> ``{'p', 'j', 's'}``."""
    return {c for m in LEVEL_RX.finditer(text) for c in LEVELS[m.group(0)]}


def stage_said(part: str, words: list[str]) -> bool:
    """Is ``part`` said among a text's words as itself, not only inside a word for a wider span of stages?
    ``stage_said("小学生", ["70万", "中小学生"])`` -> False; ``stage_said("小学", ["其中", "小学"])`` -> True."""
    own = school_levels(part)
    return any(part in w and not (own and own < school_levels(w)) for w in words)
