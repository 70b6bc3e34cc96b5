"""The rule on the kind a list asks for (哪几家民营医院): the words before the kind noun narrow it, so a
sentence naming schools of no such kind lists none of them.
Registered in ``RULES`` when bot/answer/rules.py is imported.
"""
from __future__ import annotations

import re

from .asked import Asked
from .candidate import Sentence
from .rules import rule
from .scope import AUDIENCE, GENERIC

# 哪几家民营医院 / 哪些公立幼儿园: the narrowing words, then the kind of thing listed (general usage)
KIND_LISTED = re.compile(r"哪(?:些|几)?[所个家类种]?(?P<q>(?![几些所个家类种])[\u4e00-\u9fff]{2,4}?)"
                         r"(?P<k>学校|中学|小学|高中|幼儿园|大学|高校|学院|机构|单位)"
                         r"(?=$|[^\u4e00-\u9fff]|[获入成被通有是在的参进呢吗啊])")  # the kind ends the phrase: not 中小学食堂


def kind_qualifier(text: str) -> str:
    """The words narrowing a listed kind (哪几家民营医院 -> 民营), or "" when none stand before it."""
    m = KIND_LISTED.search(text)
    q = m.group("q") if m else ""
    return "" if not q or q in GENERIC or q in AUDIENCE or re.search(r"[的是有在了跟和与对]|关于", q) else q


@rule("lists no kind asked", group="names")
def lists_no_kind_asked(a: Asked, s: Sentence) -> list[str]:
    """哪几所X学校 lists schools of kind X: the sentence must hold X or the report's word for it.

    answerable: 有哪几所民办学校获评示范校 → 甲民办学校、乙民办学校获评市级示范校。 [invented]
    unanswerable: 有哪几所体育学校获评示范校 → 甲民办学校、乙民办学校获评市级示范校。 [invented]
    """
    if a.q.lang != "zh" or not (q := kind_qualifier(a.q.text)):
        return []
    alts = [q] + [x for g in (s.lib.lexicon.everyday(q) if s.lib.lexicon else []) for x in g] \
        + (s.lib.lexicon.synonyms(q) if s.lib.lexicon else [])
    return [] if any(x in s.text for x in alts) else [f"没有{q}{KIND_LISTED.search(a.q.text).group('k')}"]


# the members of a counted set asked (这12条具体是哪些, 这几类分别是什么; general usage)
MEMBERS_ASK = re.compile(r"^(?:那)?(?:这|那)(?:\d+|[一二三四五六七八九十两几]+|些)[个项条类所名家块]?(?:具体)?(?:都|分别)?(?:有|是|包括)(?:啥|什么|哪些|哪几)")
# a list as a sentence gives one: items joined by 、, or 包括/：/即 before them
ENUMERATION = re.compile(r"[\u4e00-\u9fff”》]、[\u4e00-\u9fff“《]|包括|：|即|分别(?:为|是)")


@rule("members not listed")
def members_not_listed(a: Asked, s: Sentence) -> list[str]:
    """The members of a set just counted (这12条具体是哪些) need a sentence that lists them; the count of
    the set does not.

    answerable: 这3类具体都有啥？ → 配备口罩、体温计、消毒液3类防疫物资。 [invented]
    unanswerable: 这3类具体都有啥？ → 提出3类防疫物资配置要求。 [invented]
    """
    if MEMBERS_ASK.search(a.q.text) and not ENUMERATION.search(s.text):
        return ["只有数目，没有列出是哪些"]
    return []
