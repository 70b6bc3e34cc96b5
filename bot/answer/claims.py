"""A yes/no question that asserts what a thing is (是不是五星级学校, 算不算领航学校): the category
claimed is what is asked, not the asker's wording, so a word of it the report never uses means the
report does not say. A claimed doing (是不是停办了) is the change rules' (bot/answer/changes.py); how it was done
(是不是财政出钱建的) is asked by the words of 是不是…的 (focus_unstated).

Pure over the Library's tokenizer, lexicon and corpus text.
"""
from __future__ import annotations

import re

CLAIM = re.compile(r"(?:是不是|是否是|是否为|是否属于|算不算|属不属于|属于不属于)(?P<c>[^，,。？?！!吗呢啊吧]{2,12})")
NOUN = re.compile(r"n|vn|j|l|s")  # jieba's tags of things (高中 is tagged s, a place)


def claim_unsaid(text: str, lib) -> list[str]:
    """The words of a claimed category the report never uses (nor a word of its for them)."""
    m = CLAIM.search(text)
    if not m:
        return []
    tagged = lib.tokenizer.pos(m.group("c").rstrip("了啦"))  # 是不是比某某高了: the claim, not its 了
    if not tagged or not NOUN.match(tagged[-1][1]):
        return []  # a doing or a state, not a category
    bridged = lambda w: lib.lexicon and any(  # noqa: E731
        lib.in_corpus(x) for x in lib.lexicon.bridges(w))
    return [w for w, f in tagged if len(w) >= 2 and (NOUN.match(f) or f == "b") and not lib.in_corpus(w) and not bridged(w)]


# 是不是…的: the words between ask how, by whom or where it was done, the thing itself is given (general usage)
FOCUS_ASKED = re.compile(r"是不是(?P<f>[^，。？?]{2,16}?)的[？?。吗呢啊呀]*$")


def focus_unstated(a, body: str, lib, words: list[str], holds) -> list[str]:
    """The words of a 是不是…的 question's focus (是不是街道出资盖的) that the evidence does not hold:
    the report says the thing was done, not how. ``words``: the question's own words (yesno.own_words);
    ``holds(body, word, lib)``: the body holds the word or the report's word for it.

    answerable: 新图书馆是不是区里出钱建的 → 区里出钱新建图书馆一座。 [invented]
    unanswerable: 新图书馆是不是企业捐钱建的 → 区里出钱新建图书馆一座。 [invented]
    """
    m = FOCUS_ASKED.search(a.q.text)
    if not m:
        return []
    return [w for w in words if w in m.group("f") and len(w) >= 2 and not holds(body, w, lib)]
