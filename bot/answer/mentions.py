"""A list question answered by every sentence that mentions what it lists (文中出现过哪些高中: each
sentence naming a 高中), in the report's order, within the half asked; the ranked list is the fallback
when the words are generic or too common to list."""
from __future__ import annotations

from ..evidence import Hit
from ..lang.listing import LISTED, listed_words
from ..thresholds import LIST_MAX
from .asked import Asked
from .scope import AUDIENCE, GENERIC, half_asked, is_domain

MIN_MENTIONS = 2  # one sentence is a fact, not a list
MAX_MENTIONS = LIST_MAX + 2  # more is no list a reader takes in: the ranked few are given instead


def mention_hits(a: Asked, ev) -> list:
    """The hits of the sentences mentioning a listed word (of the half named, if one is), or [] to fall back."""
    lib, half = ev.library, half_asked(a.q.text)
    words = [w for w in listed_words(a.q.text) if w not in GENERIC and lib.in_corpus(w)]
    if not words or not ev.hits or _names_an_owner(a.q.text, lib):
        return []
    rows = lib.doc_rows.get(ev.hits[0].unit.doc, range(0))
    by_idx = {h.idx: h for h in ev.hits}
    found = [i for i in rows if not lib.units[i].is_heading
             and (not half or lib.part_kinds.get(lib.units[i].section_id) == half)
             and any(w in lib.units[i].text for w in words)]
    if not MIN_MENTIONS <= len(found) <= MAX_MENTIONS:
        return []
    return [by_idx.get(i) or Hit(i, lib.units[i], 0.0, 0.0, 0.0, 0.0) for i in found]


def _names_an_owner(text: str, lib) -> bool:
    """Does the question name, before its 哪些, a thing the listed ones belong to (安全委员会由哪些单位组成)?
    Then it lists that thing's parts, not every mention. The corpus's own subject (教育) owns nothing."""
    m = LISTED.search(text)
    return any(len(w) >= 2 and (f.startswith("n") and f != "ns" or f in ("vn", "j", "x")) and w not in GENERIC
               and w not in AUDIENCE and lib.in_corpus(w) and not is_domain(w, lib) for w, f in lib.tokenizer.pos(text[:m.start()]))
