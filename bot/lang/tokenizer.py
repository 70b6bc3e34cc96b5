"""jieba with the corpus's own terms: words, part-of-speech tags and BM25 tokens; the terms themselves.

``Tokenizer(terms)`` cuts text the same way whatever other documents' terms are in its dictionary,
so unchanged documents keep their tokens. ``extract_terms(text)`` finds a document's proper terms:
its 《》 titles and “” terms, jieba's places and organisations, and school/district names
(``'出台《无锡教育现代化2035》，锡山高中获批'`` -> ``{'无锡教育现代化2035', '锡山高中'}``).
The HMM guesser runs only where it is cheap (see ``BoundedPOS``).
"""
from __future__ import annotations

import functools
import logging
import re

import jieba

from .text import NAME_TERM, NAME_TERM_SUFFIXES, QUOTED_TERM
from .vocab import column

jieba.setLogLevel(logging.WARNING)

NOT_IN_NAMES = ("v", "vn", "d", "a", "ad", "p", "c", "u", "r", "m", "f")  # a verb or particle means a phrase
PUNCT = set("，。、；：？！“”‘’《》（）()【】「」—…·,.;:?!\"' \n\t-+/%")
STOPWORDS = set(column("stopwords", lang="zh"))
TERM_SUFFIXES = tuple(s for s in NAME_TERM_SUFFIXES if len(s) == 2)  # 大学, 一中…: a name's head is what comes before


def extract_terms(text: str) -> set[str]:
    """Proper terms of a document for jieba's user dictionary.

    ``'出台《无锡教育现代化2035》，锡山高中获批'`` -> ``{'无锡教育现代化2035', '锡山高中'}``
    """
    import jieba.posseg

    terms = {a or b for a, b in QUOTED_TERM.findall(text)}
    for chunk in re.split(r"[^\u4e00-\u9fa5]+", text):
        for word, flag in jieba.posseg.cut(chunk):
            if flag in ("nt", "ns") and len(word) >= 2:
                terms.add(word)
        for m in NAME_TERM.finditer(chunk):
            name = m.group(0)
            head = name[:-2] if name[-2:] in TERM_SUFFIXES else name[:-1]
            pieces = list(jieba.posseg.cut(head))
            if pieces and not any(p.flag.startswith(NOT_IN_NAMES) for p in pieces) and len(name) <= 10:
                terms.add(name)
    return {t for t in terms if 2 <= len(t) <= 40}


MAX_GUESS_CHARS = 8  # unknown runs longer than this are no word: their characters stay single


def _bounded_pos_class():
    import jieba.posseg

    class BoundedPOS(jieba.posseg.POSTokenizer):
        """jieba's tagger, with its HMM guesser only where it is cheap and meaningful.

        The guesser (Viterbi over ~60 states a character, ~250 for a character it never saw)
        runs on each run of characters that form no dictionary word. A rare character cost
        10 ms, and 500 of them 9 s. Here it runs only on runs of at most MAX_GUESS_CHARS
        characters it has states for; longer runs are no word anyway, and their characters
        are tagged singly, as jieba tags a run it knows. Ordinary text is tagged as before.
        """

        def _POSTokenizer__cut_detail(self, sentence):  # jieba's private hook, pinned jieba 0.42
            for block in jieba.posseg.re_han_detail.split(sentence):
                if jieba.posseg.re_han_detail.match(block) and (
                        len(block) > MAX_GUESS_CHARS or any(c not in jieba.posseg.char_state_tab_P for c in block)):
                    for ch in block:
                        yield jieba.posseg.pair(ch, self.word_tag_tab.get(ch, "x"))
                elif block:
                    yield from super()._POSTokenizer__cut_detail(block)

    return BoundedPOS


def _BoundedPOS(tokenizer):
    global _BoundedPOS
    cls = _bounded_pos_class()
    _BoundedPOS = cls  # built once, on first use (jieba.posseg loads its model on import)
    return cls(tokenizer)


class Tokenizer:
    """jieba with the corpus's own terms; search-mode cut, no punctuation or stopwords."""

    def __init__(self, terms=()):
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        total = self._jieba.total
        for t in sorted(terms):
            self._jieba.add_word(t, freq=2000)
        # add_word raises the dictionary's total; keeping it fixed means a text is cut the same way
        # whatever other documents' terms are in the dictionary, so unchanged documents keep their tokens
        self._jieba.total = total
        self.terms = set(terms)
        self._pos = None
        # per instance (a method-level cache would keep replaced indexes' tokenizers alive): the same
        # sentences are tagged for many questions and HMM tagging is slow
        self._pos_cached = functools.lru_cache(maxsize=8192)(self._tag)

    def pos(self, text: str) -> list[tuple[str, str]]:
        return list(self._pos_cached(text))

    def _tag(self, text: str) -> tuple[tuple[str, str], ...]:
        if self._pos is None:
            self._pos = _BoundedPOS(self._jieba)
        return tuple((p.word, p.flag) for p in self._pos.cut(text))

    def dict_tags(self) -> dict[str, str]:
        """jieba's dictionary part-of-speech tags (not its guesses for unknown words)."""
        if self._pos is None:
            self.pos("")
        return self._pos.word_tag_tab

    def frequencies(self) -> tuple[dict, int]:
        """jieba's general dictionary counts and their total (how common a word is in Chinese at large)."""
        return self._jieba.FREQ, self._jieba.total

    def words(self, text: str) -> list[str]:
        return [w for w in self._jieba.lcut(text) if w.strip() and w not in PUNCT]

    def tokens(self, text: str) -> list[str]:
        out = []
        for w in self._jieba.cut_for_search(text.lower()):
            w = w.strip()
            if w and w not in PUNCT and w not in STOPWORDS:
                out.append(w)
        return out
