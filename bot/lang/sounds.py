"""Toneless pinyin of a question's word, asked of pypinyin only when it could sound like a corpus word.

pypinyin's package import loads its phrase dictionary (0.11 s of a cold CLI answer, tens of MiB) and
almost every question has a word the corpus lacks (多少, 孩子), so most questions paid it to learn that
their words sound like no corpus word. ``SoundFilter`` answers that first from every reading of each
character (pypinyin's own character table, loaded from its file without importing the package, 26 ms):
a word none of whose reading combinations is a corpus word's syllables cannot be read by ``lazy_pinyin``
as one either, since a phrase's reading of a character is one of that character's readings (the four
phrase readings the table lacks are data: data/phrase_readings.tsv). Only a word that may match is
passed to ``lazy_pinyin``, so every bridge found is the one pypinyin finds.
"""
from __future__ import annotations

import functools
import importlib.util
import itertools
import unicodedata
from pathlib import Path

from .vocab import table

MAX_COMBINATIONS = 512  # a word with more reading combinations than this is passed to pypinyin unfiltered


def coarse(syllable: str) -> str:
    """A reading without tone and with ü as u, as both sides are compared: ``'lǘ'`` -> ``'lu'``, ``'lv'`` -> ``'lu'``."""
    bare = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return bare.replace("v", "u").lower()


@functools.lru_cache(maxsize=1)
def readings() -> dict[str, tuple[str, ...]]:
    """Every character's readings (coarse), from pypinyin's ``pinyin_dict.py`` loaded by its path."""
    spec = importlib.util.find_spec("pypinyin")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.py"
    chars = importlib.util.spec_from_file_location("_pypinyin_chars", path)
    module = importlib.util.module_from_spec(chars)
    chars.loader.exec_module(module)
    out = {chr(code): tuple(dict.fromkeys(coarse(r) for r in value.split(",")))
           for code, value in module.pinyin_dict.items()}
    for row in table("phrase_readings"):
        out[row["char"]] = tuple(dict.fromkeys(out.get(row["char"], ()) + (row["reading"],)))
    return out


def pinyin(word: str) -> list[str]:
    """pypinyin's toneless reading of a word, phrases considered: ``'资助'`` -> ``['zi', 'zhu']``."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(word)


class SoundFilter:
    """Which words may sound like one of ``keys`` (syllables joined by ``sep``), without pypinyin."""

    def __init__(self, keys, sep: str):
        self.sep = sep
        self.keys = {sep.join(coarse(s) for s in (k.split(" ") if sep == " " else [k])) for k in keys}

    def may_match(self, word: str) -> bool:
        table = readings()
        options = [table.get(c) for c in word]
        if not all(options):  # pypinyin reads such a character as itself: a Han one matches no corpus
            return any(not o and c.isascii() for c, o in zip(word, options))  # syllable; ASCII: let it say
        if any(len(o) > 1 for o in options) and _product_size(options) > MAX_COMBINATIONS:
            return True
        return any(self.sep.join(combo) in self.keys for combo in itertools.product(*options))


def _product_size(options) -> int:
    n = 1
    for o in options:
        n *= len(o)
    return n
