"""Scopes from the report's structure that span it (bot/answer/scope.py): both halves of one item. No index."""
from __future__ import annotations

from bot.answer.asked import asked
from bot.answer.scope import choose_scope, half_asked
from bot.evidence import Evidence, Hit
from bot.lang.question import analyse, part_kind

from test_rules import library  # noqa: F401 - the shared hand-made library fixture


def sections_of(library, question):
    a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
    hits = [Hit(i, u, 1.0, 0.9, 1.0, 1.0) for i, u in enumerate(library.units)]
    verdict = choose_scope(a, Evidence(hits, library), "topic")
    return [h.unit.section_id.split("#")[-1] for h in verdict.hits], verdict.hits


def test_both_halves_asked_is_no_one_half():
    assert part_kind("高校和职校这块上下半年总结下", "zh") is None and half_asked("高校和职校这块上下半年总结下") is None
    assert part_kind("高校和职校这块下半年总结下", "zh") == "plan"


def test_an_item_over_both_halves_gives_each_halfs_item_its_figures_first(library):
    ids, hits = sections_of(library, "高校和职校这块上下半年总结下")
    assert set(ids) == {"1.3", "2.3"}                                  # 三是高教职教… of each part
    assert any("59块金牌" in h.unit.text for h in hits) and len(hits) <= 8
    ids, _ = sections_of(library, "高校和职校这块下半年总结下")
    assert set(ids) == {"2.3"}                                         # one half named: that half only
