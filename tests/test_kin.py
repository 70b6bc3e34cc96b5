"""A half with no item on a topic gives its sentences nearest in meaning to the other half's item on it
(bot/answer/kin.py). Pure vectors, no index; one check through the engine on the real report."""
from __future__ import annotations

import numpy as np

from bot.answer.kin import kin_rows
from bot.evidence import centred

DIM = 8


def doc_vectors(rows: dict[int, list[float]]) -> np.ndarray:
    """A document's sentence vectors: all share one large common direction (axis 0, "this is about
    education"), each row adds its own small direction."""
    m = np.zeros((len(rows), DIM), dtype=np.float32)
    for i, extra in rows.items():
        m[i, 0] = 5.0
        m[i, 1:1 + len(extra)] = extra
    return m


ITEM = [0, 1, 2]        # the results' item on a topic: axis 1
OTHERS = [3, 4, 5, 6]   # the plan's sentences, in an item headed by something else


def test_the_plan_sentences_on_the_items_topic_are_found_and_the_others_not():
    # answerable: rows 4 and 6 lean the item's way (axis 1), rows 3 and 5 are on other things
    m = centred(doc_vectors({0: [1, 0, 0.1], 1: [1, 0.1, 0], 2: [0.9, 0, 0], 3: [0, 1, 0], 4: [0.8, 0, 0.2],
                             5: [0, 0, 1], 6: [0.9, 0.3, 0]}))
    assert kin_rows(m, ITEM, OTHERS, 4) == [4, 6]


def test_no_plan_sentence_on_the_items_topic_gives_none():
    # unanswerable: the item is on axis 4, no plan sentence leans that way
    m = centred(doc_vectors({0: [0, 0, 0, 1], 1: [0, 0.1, 0, 1], 2: [0.1, 0, 0, 0.9], 3: [1, 0, 0], 4: [0, 1, 0],
                             5: [0, 0, 1], 6: [0.7, 0.7, 0]}))
    assert kin_rows(m, ITEM, OTHERS, 4) == []


def test_the_common_direction_alone_makes_every_sentence_look_alike():
    """Why centred: raw cosines of these rows are all above 0.95, on topic or not."""
    raw = doc_vectors({0: [1, 0, 0], 1: [1, 0, 0], 2: [1, 0, 0], 3: [0, 1, 0], 4: [1, 0, 0], 5: [0, 0, 1], 6: [0, 1, 0]})
    unit = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    assert (unit[OTHERS] @ unit[ITEM].mean(axis=0) > 0.95).all()
    assert kin_rows(centred(raw), ITEM, OTHERS, 4) == [4]


def test_a_loose_sentence_does_not_come_along_with_a_close_one():
    # row 4 is the item's; row 6 leans a little its way, under half of row 4's closeness
    m = centred(doc_vectors({0: [1, 0, 0], 1: [1, 0, 0], 2: [1, 0, 0], 3: [0, 1, 0], 4: [1, 0, 0],
                             5: [0, 0, 1], 6: [0.15, 1, 0]}))
    assert kin_rows(m, ITEM, OTHERS, 4) == [4]


def test_both_halves_of_a_topic_with_an_item_in_one_half_only(engine):
    """Staff matters have an item in the results and none in the plan: the plan's sentences on hiring
    rules and staff posts (naming no 教师) are in the answer, beside those that name 教师."""
    out = engine.ask("老师队伍这一块，两个半年各自讲讲", [])
    plan = " ".join(c["quote"] for c in out["citations"] if c["section_id"].split("#")[1].startswith("2."))
    assert plan, out["answer"]
    assert "县管校聘" in plan and "骨干教师" in plan
    assert "网络安全" not in plan and "平安校园" not in plan


def test_one_half_asked_of_a_topic_only_the_other_half_has_an_item_on(engine):
    """The plan asked about staff: its sentences on staff posts join those naming 教师; a sentence of
    the same item on something else (campus safety) does not."""
    out = engine.ask("后半年教师方面有啥部署", [])
    assert not out["refused"] and "县管校聘" in out["answer"] and "骨干教师" in out["answer"]
    assert "平安校园" not in out["answer"]
