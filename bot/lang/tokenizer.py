"""jieba with the corpus's own terms: words, part-of-speech tags and BM25 tokens; the terms themselves.

``Tokenizer(terms, dictionary)`` cuts text the same way whatever other documents' terms are in its
dictionary, so unchanged documents keep their tokens. Its dictionary is jieba's own, compiled once into
memory-mapped files (``bot/lang/dictionary.py``: a build keeps its copy; without one, a copy in the
temp folder, as jieba keeps its cache), so a start neither parses nor holds jieba's 115 MiB of dicts. ``extract_terms(text)`` finds a document's proper terms:
its 《》 titles and “” terms, jieba's places and organisations, and school/district names
(``'出台《无锡教育现代化2035》，锡山高中获批'`` -> ``{'无锡教育现代化2035', '锡山高中'}``).
The HMM guesser runs only where it is cheap (see ``BoundedPOS``).
"""
from __future__ import annotations

import functools
import logging
import re

from .jieba_import import load as _load_jieba
from .text import NAME_TERM, NAME_TERM_SUFFIXES, QUOTED_TERM
from .vocab import column

jieba = _load_jieba()  # without pkg_resources (bot/lang/jieba_import.py)
jieba.setLogLevel(logging.WARNING)

NOT_IN_NAMES = ("v", "vn", "d", "a", "ad", "p", "c", "u", "r", "m", "f")  # a verb or particle means a phrase
PUNCT = set("，。、；：？！“”‘’《》（）()【】「」—…·,.;:?!\"' \n\t-+/%")
STOPWORDS = set(column("stopwords", lang="zh"))
TERM_SUFFIXES = tuple(s for s in NAME_TERM_SUFFIXES if len(s) == 2)  # 大学, 一中…: a name's head is what comes before


def extract_terms(text: str, dictionary=None) -> set[str]:
    """Proper terms of a document for jieba's user dictionary (jieba's tagger, general dictionary only).

    ``'出台《无锡教育现代化2035》，锡山高中获批'`` -> ``{'无锡教育现代化2035', '锡山高中'}``
    """
    posseg = _posseg()
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = CompactJieba(dictionary or default_dictionary())
    tagger.word_tag_tab = tagger.tokenizer.dictionary_tags
    terms = {a or b for a, b in QUOTED_TERM.findall(text)}
    for chunk in re.split(r"[^\u4e00-\u9fa5]+", text):
        for word, flag in tagger.cut(chunk):
            if flag in ("nt", "ns") and len(word) >= 2:
                terms.add(word)
        for m in NAME_TERM.finditer(chunk):
            name = m.group(0)
            head = name[:-2] if name[-2:] in TERM_SUFFIXES else name[:-1]
            pieces = list(tagger.cut(head))
            if pieces and not any(p.flag.startswith(NOT_IN_NAMES) for p in pieces) and len(name) <= 10:
                terms.add(name)
    return {t for t in terms if 2 <= len(t) <= 40}


@functools.lru_cache(maxsize=1)
def default_dictionary():
    """jieba's dictionary as compiled for this installation (tests, tools without a build)."""
    from .dictionary import compiled, load_dictionary

    return load_dictionary(compiled())


class CompactJieba(jieba.Tokenizer):
    """``jieba.Tokenizer`` over a compiled dictionary (never loads jieba's own): the same cuts, word for word.

    Its DAG is read from the trie (the words a text begins with) instead of jieba's walk over
    every prefix; both give the words of count > 0 starting at each character.
    """

    def __init__(self, dictionary, terms=()):
        super().__init__()
        self.FREQ = dictionary.word_table(terms)
        self.total = dictionary.total  # without the terms' counts: see Tokenizer
        self.dictionary_tags = dictionary.tags
        self.initialized = True

    def initialize(self, dictionary=None):
        pass

    def get_DAG(self, sentence):
        ends = self.FREQ.word_ends
        dag = {}
        for k in range(len(sentence)):
            lengths = ends(sentence[k:])
            dag[k] = [k + n - 1 for n in lengths] if lengths else [k]
        return dag


MAX_GUESS_CHARS = 8  # unknown runs longer than this are no word: their characters stay single


class _DefaultTags:
    """The tags of jieba's default tagger (``jieba.posseg.dt``), read from the compiled dictionary on first use."""

    def __init__(self):
        self._added: dict[str, str] = {}

    def _tags(self):
        return default_dictionary().tags

    def get(self, word, default=None):
        return self._added[word] if word in self._added else self._tags().get(word, default)

    def __contains__(self, word) -> bool:
        return word in self._added or word in self._tags()

    def __getitem__(self, word):
        return self._added[word] if word in self._added else self._tags()[word]

    def update(self, tags) -> None:  # jieba.add_word(w, tag=…) on jieba's own tokenizer
        self._added.update(tags)


def _posseg():
    """``jieba.posseg``, imported without its default tagger reading jieba's whole dict.txt.

    On import, jieba.posseg makes a default tagger over ``jieba.dt`` whose first act is to parse
    dict.txt for its tags (0.9 s and 43 MiB on every start), tags we have compiled. So during the
    import ``jieba.dt`` is a tokenizer with an empty dictionary file; then the default tagger gets
    jieba's own tokenizer back and the compiled tags (the same, word for word), and
    ``jieba.posseg.cut`` works as before (the LLM answers' name check uses it).
    """
    import io
    import sys

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]

    class _NoTags(jieba.Tokenizer):
        def get_dict_file(self):
            return io.BytesIO(b"")

    real = jieba.dt
    jieba.dt = _NoTags()
    try:
        import jieba.posseg as posseg
    finally:
        jieba.dt = real
    posseg.dt.tokenizer = real
    posseg.dt.word_tag_tab = _DefaultTags()
    return posseg


def _bounded_pos_class():
    _posseg()  # sets jieba.posseg

    class BoundedPOS(jieba.posseg.POSTokenizer):
        """jieba's tagger, with its HMM guesser only where it is cheap and meaningful.

        Its tags are the compiled dictionary's (``CompactJieba.dictionary_tags``), not re-read from dict.txt.

        The guesser (Viterbi over ~60 states a character, ~250 for a character it never saw)
        runs on each run of characters that form no dictionary word. A rare character cost
        10 ms, and 500 of them 9 s. Here it runs only on runs of at most MAX_GUESS_CHARS
        characters it has states for; longer runs are no word anyway, and their characters
        are tagged singly, as jieba tags a run it knows. Ordinary text is tagged as before.
        """

        def __init__(self, tokenizer):  # noqa: D107 - jieba's reads the whole dict.txt for its tags
            self.tokenizer = tokenizer
            self.word_tag_tab = tokenizer.dictionary_tags

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

    def __init__(self, terms=(), dictionary=None):
        # the terms' counts are not added to the dictionary's total, so a text is cut the same way
        # whatever other documents' terms are in the dictionary and unchanged documents keep their tokens
        self._jieba = CompactJieba(dictionary or default_dictionary(), terms)
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

    def dict_tags(self):
        """jieba's dictionary part-of-speech tags (not its guesses for unknown words): ``get``, ``in``."""
        return self._jieba.dictionary_tags

    def frequencies(self) -> tuple[object, int]:
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
