"""Suggested follow-ups (bot/suggest.py): worked examples on a small parsed report, and every
suggestion for every item of the real report answered by the engine from the item it names."""
from __future__ import annotations

import pytest

from bot.corpus import parse
from bot.suggest import counterpart, neighbours, question, shared, suggest, topic

TEXT = ("今年以来，教育工作进展顺利。\n"
        "一、上半年任务完成情况\n"
        "一是党的领导得到全面加强。召开会议10次。\n"
        "二是基础教育水平持续提升。新建学校5所。\n"
        "三是高教职教实现提升发展。新校区开工。\n"
        "二、下半年工作计划安排\n"
        "一是提高基础教育发展质量。新建中心60个。\n"
        "二是推动高教职教重点突破。校区建成投用。\n")
DOC = parse("d", TEXT, {"title": "测试报告"})
DOCS = {"d": DOC}


def cite(section_id: str, n: int = 1) -> dict:
    item = DOC.section(section_id)
    return {"n": n, "doc": "d", "section_id": section_id, "section": item.label, "quote": "…",
            "start": item.start, "end": item.end, "score": 1.0}


def answer(*section_ids: str, refused: bool = False) -> dict:
    return {"question": "问", "answer": "答", "refused": refused, "mode": "extractive",
            "citations": [cite(s, i) for i, s in enumerate(section_ids, 1)]}


def test_topic_and_shared_phrase():
    assert topic("三是推动高教职教重点突破。") == "推动高教职教重点突破"
    assert topic("（二）加强队伍建设") == "加强队伍建设" and topic("2.加强队伍建设") == "加强队伍建设"
    assert shared("高教职教实现提升发展", "推动高教职教重点突破") == 4  # 高教职教
    assert shared("党的领导得到全面加强", "提高基础教育发展质量") == 0


def test_a_done_item_is_paired_with_its_plan_by_a_shared_phrase():
    done, plan = DOC.parts[1], DOC.parts[2]
    assert counterpart(DOC, done, done.items[2])[1].heading == "二是推动高教职教重点突破"
    assert counterpart(DOC, done, done.items[1])[1].heading == "一是提高基础教育发展质量"
    assert counterpart(DOC, plan, plan.items[0])[1].heading == "二是基础教育水平持续提升"
    assert counterpart(DOC, done, done.items[0]) is None  # 党的领导 has no plan of its own
    assert [it.heading for _, it in neighbours(done, done.items[1])] == ["三是高教职教实现提升发展",
                                                                         "一是党的领导得到全面加强"]


def test_questions_are_the_items_own_heading_in_a_frame():
    done, plan = DOC.parts[1], DOC.parts[2]
    assert question(plan, plan.items[1]) == "下半年“推动高教职教重点突破”有哪些安排？"
    assert question(done, done.items[2]) == "上半年“高教职教实现提升发展”方面做了哪些工作？"
    assert question(DOC.parts[0], DOC.parts[0].items[0]) is None  # the introduction is no topic


def test_suggestions_for_an_answer():
    # the same topic planned, then the items beside it
    assert suggest(DOCS, answer("d#1.3")) == ["下半年“推动高教职教重点突破”有哪些安排？",
                                              "上半年“基础教育水平持续提升”方面做了哪些工作？",
                                              "上半年“党的领导得到全面加强”方面做了哪些工作？"]
    # nothing already quoted by the answer, nothing already asked, at most ``limit``
    assert suggest(DOCS, answer("d#1.3", "d#1.2")) == ["下半年“推动高教职教重点突破”有哪些安排？",
                                                       "上半年“党的领导得到全面加强”方面做了哪些工作？"]
    assert suggest(DOCS, answer("d#1.3"), asked=["下半年 “推动高教职教重点突破” 有哪些安排?"]) == [
        "上半年“基础教育水平持续提升”方面做了哪些工作？", "上半年“党的领导得到全面加强”方面做了哪些工作？"]
    assert len(suggest(DOCS, answer("d#1.2"), limit=1)) == 1
    assert suggest(DOCS, answer()) == []
    assert suggest(DOCS, {**answer("d#1.3"), "citations": [{**cite("d#1.3"), "section_id": "d#9.9"}]}) == []


def test_a_refusal_suggests_its_nearest_sections_first():
    assert suggest(DOCS, answer("d#2.2", refused=True))[0] == "下半年“推动高教职教重点突破”有哪些安排？"


def test_every_suggestion_on_the_real_report_is_answered_from_the_item_it_names(engine):
    """No suggestion leads to a refusal: each is answered, citing the item whose heading it quotes."""
    checked = 0
    for doc in engine.index.docs.values():
        for part in doc.parts:
            for item in part.items:
                q = question(part, item)
                if q is None:
                    continue
                ans = engine.ask(q)
                assert not ans["refused"], q
                assert item.section_id in {c["section_id"] for c in ans["citations"]}, (q, ans["citations"])
                checked += 1
    assert checked >= 12


@pytest.mark.parametrize("question_", ["上半年资助了多少学生？", "下半年在高教职教方面有哪些计划？", "市长是谁？"])
def test_the_real_report_gives_two_or_three_suggestions(engine, question_):
    ans = engine.ask(question_)
    out = suggest(engine.index.docs, ans, [question_])
    assert 2 <= len(out) <= 3 and question_ not in out
