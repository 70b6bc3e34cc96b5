"""A list question answered by every sentence that mentions what it lists (报告里提到了哪些大学: each
sentence naming a 大学), in the report's order, within the half asked; the ranked list is the fallback
when the words are generic or too common to list."""
from __future__ import annotations

from ..lang.listing import listed_words
from ..thresholds import LIST_MAX
from .asked import Asked

MIN_MENTIONS = 2  # one sentence is a fact, not a list


def mention_hits(a: Asked, ev, generic: set[str], half: str | None) -> list:
    """The hits of the sentences mentioning a listed word (of the ``half`` named: done / plan), or [] to fall back."""
    from ..evidence import Hit

    lib = ev.library
    words = [w for w in listed_words(a.q.text) if w not in generic and lib.in_corpus(w)]
    if not words or not ev.hits:
        return []
    doc = ev.hits[0].unit.doc
    rows = lib.doc_rows.get(doc, range(0))
    if _names_an_owner(a.q.text, lib, rows, generic):
        return []
    by_idx = {h.idx: h for h in ev.hits}
    found = [i for i in rows if not lib.units[i].is_heading
             and (not half or lib.part_kinds.get(lib.units[i].section_id) == half)
             and any(w in lib.units[i].text for w in words)]
    if not MIN_MENTIONS <= len(found) <= LIST_MAX + 2:
        return []
    return [by_idx.get(i) or Hit(i, lib.units[i], 0.0, 0.0, 0.0, 0.0) for i in found]


DOMAIN_SHARE = 0.1  # a noun in this share of a document's sentences is its domain (教育), not a thing of it


def _names_an_owner(text: str, lib, rows: range, generic: set[str]) -> bool:
    """Does the question name, before its 哪些, a thing the listed ones belong to (联防联控体系涉及哪些部门)?
    Then it lists that thing's parts, not every mention."""
    from ..lang.listing import LISTED

    m = LISTED.search(text)
    share = lambda w: sum(w in lib.units[i].text for i in rows) / max(len(rows), 1)  # noqa: E731
    return any(len(w) >= 2 and (f.startswith("n") and f != "ns" or f in ("vn", "j", "x")) and w not in generic
               and lib.in_corpus(w) and share(w) < DOMAIN_SHARE for w, f in lib.tokenizer.pos(text[:m.start()]))
