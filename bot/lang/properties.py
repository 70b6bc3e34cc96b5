"""A property of a thing asked (什么机制, 叫啥名字, 什么性质的学校), and whether a sentence states one.

    property_asked("转完以后变成什么性质的学校") -> "性质"
    states_property("性质", "甲学院转设为市属公办本科高校。") -> True

Pure: data from bot/lang/data/attribute_nouns.tsv.
"""
from __future__ import annotations

import re

from .vocab import rows

STATED = {r["word"]: re.compile(r["stated"]) for r in rows("attribute_nouns")}
_WORDS = "|".join(sorted(STATED, key=len, reverse=True))
ATTRIBUTE = re.compile(_WORDS)
# 什么/啥/哪种 + the property, or the property + 是什么/叫啥: the property is what is asked, not a frame
ASKED = re.compile(rf"(?:什么|啥|哪种|哪类|哪个|怎样的|怎么样的)(?:样的?)?(?P<a>{_WORDS})"
                   rf"|(?P<b>{_WORDS})(?:是|叫|为)?(?:什么|啥|多少|哪[个种些]|怎样|如何)")


def property_asked(text: str) -> str | None:
    """The property a question asks for (its noun), or None."""
    m = ASKED.search(text)
    return (m.group("a") or m.group("b")) if m else None


def states_property(prop: str, sentence: str) -> bool:
    return bool(STATED[prop].search(sentence))
