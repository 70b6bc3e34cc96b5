"""jieba's general dictionary compiled once into compact files, and read back as the maps jieba expects.

jieba keeps its 349,045 words, their 149,068 prefixes, counts and part-of-speech tags as Python
dicts (about 115 MiB, and 1–3 s to load on every start). Here they are compiled once, at index
time, into a MARISA trie of the words (``words.marisa``, about 1 MiB, memory-mapped) with each
word's count and tag in arrays (``words.freq``, ``words.tags``; the tag names and the counts' total in
``words.json``), and read as

- ``WordTable``: jieba's ``FREQ`` (word -> count; a prefix of a word -> 0; ``in`` holds for both),
  with the corpus's own terms laid over it as jieba's ``add_word`` would (count 2000);
- ``TagTable``: the POS tagger's ``word_tag_tab`` (word -> tag).

Not handled: words added after loading (the tables are read-only but for the terms given at load).
``tests/test_dictionary.py`` checks both against jieba's own dicts, word for word.

    compile_dictionary(out_dir)            # writes the four files; ~1 s
    d = load_dictionary(out_dir)
    d.freq.get("教育"), d.tags.get("无锡"), d.total   ->  (45017, 'ns', 60101967)
"""
from __future__ import annotations

import array
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import marisa_trie

from .compiled import compiled_once

FILES = ("words.marisa", "words.freq", "words.tags", "words.json")
FORMAT = "2"
NAME_TAGS = ("ns", "nt")  # place and organisation words: their list is kept (``tagged_words``)


def source_file() -> Path:
    """jieba's own dictionary file (dict.txt in its package), read without importing jieba's models."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    return Path(spec.origin).parent / "dict.txt"


@functools.lru_cache(maxsize=1)
def source_id() -> str:
    """What a compiled dictionary was made from: this format and jieba's dict.txt (size and hash)."""
    data = source_file().read_bytes()
    return f"{FORMAT}-{len(data)}-{hashlib.sha256(data).hexdigest()[:16]}"


def compile_dictionary(out_dir: Path) -> str:
    """Compile jieba's dict.txt into ``out_dir``; returns its ``source_id``.

    Each line is ``word count tag``; a word given twice keeps its last line (as jieba's dicts do).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = source_file().read_bytes()
    fields = data.decode("utf-8").split()
    if len(fields) % 3:
        raise ValueError(f"{source_file()}: expected 'word count tag' on every line")
    words, counts, tags = fields[0::3], fields[1::3], fields[2::3]
    last = dict(zip(words, zip(counts, tags)))
    trie = marisa_trie.Trie(last.keys())
    freq, tagcodes = array.array("q", bytes(8 * len(trie))), array.array("B", bytes(len(trie)))
    names = sorted(set(tags))
    code = {t: i + 1 for i, t in enumerate(names)}  # 0: no tag
    for word, i in trie.iteritems():
        count, tag = last[word]
        freq[i], tagcodes[i] = int(count), code[tag]
    trie.save(str(out_dir / "words.marisa"))
    (out_dir / "words.freq").write_bytes(freq.tobytes())
    (out_dir / "words.tags").write_bytes(tagcodes.tobytes())
    source = f"{FORMAT}-{len(data)}-{hashlib.sha256(data).hexdigest()[:16]}"
    # jieba's total counts every line, a repeated word's too
    places = sorted((w, t) for w, (_, t) in last.items() if t in NAME_TAGS)
    meta = {"source": source, "total": sum(map(int, counts)), "tags": names, "names": places}
    (out_dir / "words.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return source


def compiled() -> Path:
    """This installation's compiled dictionary (the temp folder, one per jieba dict.txt, as jieba keeps its
    own cache there), compiled now if it is not there yet. Builds copy it; tests and tools load it."""
    return compiled_once("bot-jieba", source_id(), FILES, compile_dictionary)


def copy_compiled(src: Path, dst: Path) -> bool:
    """Give ``dst`` the compiled dictionary of ``src`` (hard links where possible); False if ``src`` lacks it."""
    if not all((Path(src) / f).exists() for f in FILES):
        return False
    Path(dst).mkdir(parents=True, exist_ok=True)
    for f in FILES:
        try:
            os.link(Path(src) / f, Path(dst) / f)
        except OSError:
            (Path(dst) / f).write_bytes((Path(src) / f).read_bytes())
    return True


class WordTable:
    """jieba's ``FREQ``, read-only: ``get``, ``in``, ``[]`` as on jieba's dict (a word's prefix -> 0)."""

    def __init__(self, trie, freq, extra: dict[str, int] | None = None):
        self._trie, self._freq, self._extra = trie, freq, extra or {}
        self._extra_trie = marisa_trie.Trie(self._extra.keys()) if self._extra else None

    def get(self, word, default=None):
        if word in self._extra:
            return self._extra[word]
        i = self._trie.get(word)
        if i is not None:
            return self._freq[i]
        return 0 if self._begins_a_word(word) else default

    def __contains__(self, word) -> bool:
        return word in self._extra or self._begins_a_word(word)

    def _begins_a_word(self, text: str) -> bool:
        return next(self._trie.iterkeys(text), None) is not None

    def __getitem__(self, word):
        v = self.get(word)
        if v is None:
            raise KeyError(word)
        return v

    def word_ends(self, text: str) -> list[int]:
        """The lengths of the words (count > 0) that ``text`` begins with, shortest first: jieba's DAG row."""
        extra = self._extra
        out = [len(w) for w, i in self._trie.iter_prefixes_with_ids(text)
               if (extra[w] if w in extra else self._freq[i])]
        if self._extra_trie is not None:
            more = [len(w) for w in self._extra_trie.iter_prefixes(text) if extra[w]]
            if more:
                out = sorted(set(out) | set(more))
        return out


class TagTable:
    """The POS tagger's ``word_tag_tab``, read-only: ``get`` and ``in`` as on jieba's dict."""

    def __init__(self, trie, codes, names: list[str]):
        self._trie, self._codes, self._names = trie, codes, [""] + names

    def get(self, word, default=None):
        i = self._trie.get(word)
        return default if i is None else self._names[self._codes[i]]

    def __contains__(self, word) -> bool:
        return self._trie.get(word) is not None

    def __getitem__(self, word):
        i = self._trie.get(word)
        if i is None:
            raise KeyError(word)
        return self._names[self._codes[i]]


@dataclass
class Dictionary:
    trie: object
    freq_array: object
    tags: TagTable
    total: int
    names: list  # (word, tag) of the place and organisation words

    def word_table(self, terms=(), term_count: int = 2000) -> WordTable:
        """``FREQ`` with ``terms`` added as ``jieba.Tokenizer.add_word(t, freq=term_count)`` adds them."""
        extra: dict[str, int] = {}
        base = WordTable(self.trie, self.freq_array)
        for t in sorted(terms):
            extra[t] = term_count
            for k in range(1, len(t)):
                p = t[:k]
                if p not in extra and p not in base:
                    extra[p] = 0
        return WordTable(self.trie, self.freq_array, extra)


def load_dictionary(path: Path) -> Dictionary:
    """The compiled dictionary in ``path``, memory-mapped where it can be (the trie)."""
    path = Path(path)
    trie = marisa_trie.Trie()
    trie.mmap(str(path / "words.marisa"))
    freq = array.array("q")
    freq.frombytes((path / "words.freq").read_bytes())
    codes = (path / "words.tags").read_bytes()  # bytes: indexing gives an int
    meta = json.loads((path / "words.json").read_text(encoding="utf-8"))
    return Dictionary(trie, freq, TagTable(trie, codes, meta["tags"]), meta["total"],
                      [tuple(p) for p in meta["names"]])


def tagged_words(d: Dictionary) -> list[tuple[str, str]]:
    """(word, tag) for the dictionary's place and organisation words: ``('无锡', 'ns')``, …"""
    return d.names
