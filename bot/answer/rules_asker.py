"""The rule on the asker's own one (咱们这所图书馆, 我们区): a report of the whole city speaks of no school,
estate or district the asker leaves unnamed, so no sentence answers what is asked of it.
Registered in ``RULES`` when bot/answer/rules.py is imported.
"""
from __future__ import annotations

import re

from ..lang.story import ASKING
from ..lang.text import SCHOOL_NAME
from .asked import Asked
from .candidate import CATEGORY, Sentence
from .rules import rule

# 咱们这所图书馆 / 我们区 / 我家小区 (general usage): the asker's own one, by its kind; not 我们校长, 我们区里的老师
OWN_ONE = re.compile(r"(?:我们|咱们|我家|我们家|俺们|俺家)(?:这个|这所|这家|那个|那所|的)?"
                     r"(?P<kind>幼儿园|学校|小学|中学|初中|高中|园|校|学院|小区|单位|区|县|街道|镇)(?![长友服车主领])")
PLACE_KINDS = ("区", "县", "街道", "镇")
CLAUSE = re.compile(r"[，,。；;！!？?\s]+")
ASKS = re.compile(ASKING.pattern + r"|没有?$|(?P<v>[\u4e00-\u9fff])[不没](?P=v)", re.I)  # …评上了没有, 是不是


def own_one_asked(original: str, lib) -> str:
    """The kind of the asker's own one that a question asks about and names nowhere in the turn, or "".

    Only in an asking clause (咱们这个园评上了没有), not in the asker's story (我们单位要拿来参考); named
    anywhere in the turn (我是某区的老师，我们区…) it is that one, judged by the other rules.
    """
    for clause in CLAUSE.split(original):
        m = OWN_ONE.search(clause)
        if m and ASKS.search(clause[m.end():]):
            return "" if _names_one(original, m.group("kind"), lib) else m.group("kind")
    return ""


def _names_one(text: str, kind: str, lib) -> bool:
    tags = lib.tokenizer.dict_tags()
    for w, flag in lib.tokenizer.pos(text):
        if kind in PLACE_KINDS:
            if flag == "ns":
                return True
        elif flag == "nt" or (SCHOOL_NAME.fullmatch(w) and w not in tags and not CATEGORY.match(w)):
            return True
    return False


@rule("the asker's own one")
def askers_own_one(a: Asked, s: Sentence) -> list[str]:
    """我们这个园 / 咱们区 asked and never named: a city's report speaks of no one school, estate or district
    left unnamed; a sentence about all of them does not answer for one.

    answerable: 我在华东师范大学读书，我们学校评上的是什么示范校？ → 华东师范大学评为省级体育示范校。 [invented]
    unanswerable: 我们这所学校评上的是什么示范校？ → 华东师范大学评为省级体育示范校。 [invented]
    """
    kind = own_one_asked(a.q.original, s.lib)
    return [f"报告没有说到提问者所在的这一{kind}"] if kind else []
