"""The sentences of one half that speak of what an item of the other half heads, when that half has no
item of its own on it: a plan whose staff work sits in a 保障 item, next to results with an item
headed 教师队伍. Found by meaning, not words: a sentence on posts, pay and hiring rules names no 教师.

A document's sentence vectors share one common direction (every sentence is "education work"), which
makes all cosines alike; less their mean, what sets a sentence apart is left, and an item's centroid
of those points at what the item is about.
"""
from __future__ import annotations

import numpy as np

from ..thresholds import KIN_FLOOR, KIN_SHARE


def kin_rows(vectors, item: list[int], candidates: list[int], limit: int) -> list[int]:
    """Of ``candidates`` (rows of ``vectors``, already centred), those nearest the centroid of the
    ``item`` rows, best first: at least KIN_FLOOR, and at least KIN_SHARE of the best one's."""
    if not item or not candidates:
        return []
    centre = vectors[item].mean(axis=0)
    norm = float(np.linalg.norm(centre))
    if norm < 1e-9:
        return []
    sims = vectors[candidates] @ (centre / norm)
    order = np.argsort(-sims)
    floor = max(KIN_FLOOR, KIN_SHARE * float(sims[order[0]]))
    return [candidates[j] for j in order[:limit] if sims[j] >= floor]


def kin_hits(lib, item_hits: list, half: str, limit: int) -> list:
    """The ``half``'s sentences nearest in meaning to the item ``item_hits`` come from, in report order."""
    from ..evidence import Hit

    if not item_hits or lib.vectors is None:
        return []  # a library without vectors (one made by hand): the sentences naming the topic only
    sid = item_hits[0].unit.section_id
    doc = item_hits[0].unit.doc
    rows = lib.doc_rows[doc]
    body = lambda i: not lib.units[i].is_heading  # noqa: E731
    item = [i - rows.start for i in lib.section_units[sid] if body(i)]
    others = [i - rows.start for i in rows if body(i) and lib.part_kinds.get(lib.units[i].section_id) == half]
    found = sorted(rows.start + r for r in kin_rows(lib.centred(doc), item, others, limit))
    return [Hit(i, lib.units[i], 0.0, 0.0, 0.0, 0.0) for i in found]
