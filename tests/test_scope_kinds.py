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


def test_the_documents_asked_for_are_the_reports_titles_of_that_half(library):
    from bot.answer.scope import scope_of

    a = asked(analyse("上半年都出了哪些规定制度", [], library.tokenizer.words), library)
    assert scope_of(a.q.text, a.topic) == "documents"
    hits = [Hit(i, u, 1.0, 0.9, 1.0, 1.0) for i, u in enumerate(library.units)]
    verdict = choose_scope(a, Evidence(hits, library), "documents")
    texts = [h.unit.text for h in verdict.hits]
    assert any("食堂财务管理办法" in t for t in texts) and any("校外培训机构安全管理规范" in t for t in texts)
    assert all("《" in t and library.part_kinds[h.unit.section_id] == "done" for t, h in zip(texts, verdict.hits))
    uniforms = asked(analyse("校服采购出了什么规定", [], library.tokenizer.words), library)
    assert scope_of(uniforms.q.text, uniforms.topic) != "documents"          # a topic named: not every document


def test_asking_for_a_document_after_a_topic_asks_about_that_topic(library):
    q = analyse("会出台什么文件吗", ["近视防控下半年准备怎么搞"], library.tokenizer.words, pos_of=library.tokenizer.pos)
    assert q.is_followup and "近视" in q.search_text
    assert not analyse("会出台什么文件吗", [], library.tokenizer.words).is_followup


def scope_verdict(library, question, scope):
    a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
    hits = [Hit(i, u, 1.0, 0.9, 1.0, 1.0) for i, u in enumerate(library.units)]
    return a, choose_scope(a, Evidence(hits, library), scope)


def test_the_overall_picture_of_the_results_opens_with_the_preamble(library):
    _, overall = scope_verdict(library, "一句话总结今年上半年无锡教育", "part")
    ids = [h.unit.section_id.split("#")[-1] for h in overall.hits]
    assert ids[0] == "0.0" and "进展顺利" in overall.hits[0].unit.text and len(ids) == 8
    _, results = scope_verdict(library, "上半年取得了哪些成绩", "part")          # the items, not the summing-up
    assert "0.0" not in [h.unit.section_id.split("#")[-1] for h in results.hits]
    _, plan = scope_verdict(library, "下半年总体有什么安排", "part")               # the preamble sums up results only
    assert all(library.part_kinds[h.unit.section_id] == "plan" for h in plan.hits)


def test_the_reports_frame_is_no_topic_and_a_count_of_a_halfs_items(library):
    from bot.answer.scope import scope_of
    from bot.lang.forms import split_compound

    for question, scope in [("这个报告的结构是怎样的，分几块", "report"), ("上半年主要干了哪几件大事，帮我概括一下", "part"),
                            ("下半年计划一共几条？每条大概讲的啥", "part"), ("这报告是讲哪方面的工作，说的是什么时间段", "report"),
                            ("下半年江南大学江阴校区一共几个项目", None)]:
        a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
        assert scope_of(a.q.text, a.topic, bool(a.q.answer_rx)) == scope, question
    assert split_compound("下半年计划一共几条？每条大概讲的啥") == ["下半年计划一共几条？每条大概讲的啥"]
    assert len(split_compound("这个报告是谁发的，下半年学前教育有什么计划")) == 2      # a topic named: two questions


def test_an_item_asked_by_its_number_is_that_item_of_the_half(library):
    from bot.answer.scope import scope_of

    q = analyse("第三条具体讲讲", ["上半年主要做了哪几方面"], library.tokenizer.words, pos_of=library.tokenizer.pos)
    assert q.part_kind == "done"                                          # the half of the turn before
    a = asked(q, library)
    hits = [Hit(i, u, 1.0, 0.9, 1.0, 1.0) for i, u in enumerate(library.units)]
    verdict = choose_scope(a, Evidence(hits, library), scope_of(q.text, a.topic))
    assert {h.unit.section_id.split("#")[-1] for h in verdict.hits} == {"1.3"} and len(verdict.hits) == 10
    _, both = scope_verdict(library, "第三条具体讲讲", "item")                 # no half: the third item of each
    assert {h.unit.section_id.split("#")[-1] for h in both.hits} == {"1.3", "2.3"}
    _, none = scope_verdict(library, "下半年第七条讲的是什么", "item")          # the plan has 5 items
    assert none.refused and none.rule == "no-such-item"
    titled = asked(analyse("《安全管理规范》第三条是什么", [], library.tokenizer.words), library)
    assert scope_of(titled.q.text, titled.topic) != "item"                  # an article of a named document


def test_of_things_joined_one_the_report_names_is_answered(library):
    a, verdict = scope_verdict(library, "上半年成人继续教育、终身学习方面有什么新东西吗", "topic")
    assert not verdict.refused and any("学分银行" in h.unit.text for h in verdict.hits)
    _, alone = scope_verdict(library, "上半年成人继续教育方面有什么新东西吗", "topic")
    assert alone.refused                                                  # 成人 alone: never named


def test_a_half_named_and_something_asked_is_the_half(library):
    from bot.answer.scope import scope_of

    for question, scope in [("下半年重点抓什么？", "part"), ("上半年教育局都干了哪些事，帮忙归纳一下", "part"),
                            ("跟去年比今年上半年教育工作进步在哪", None), ("下半年几号开学", None)]:
        a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
        assert scope_of(a.q.text, a.topic, bool(a.q.answer_rx)) == scope, question


def test_a_half_with_no_item_headed_by_the_topic_gives_its_sentences_on_it(library):
    ids, hits = sections_of(library, "跟教师有关的工作上下半年各有什么")
    assert "1.5" in ids                                                # 五是教师队伍建设… of the results
    assert any(library.part_kinds[h.unit.section_id] == "plan" and "教师" in h.unit.text for h in hits)
    ids, _ = sections_of(library, "跟教师有关的工作上半年有什么")
    assert {library.part_kinds[f"wuxi-education-2020-h1#{i}"] for i in ids} == {"done"}


def test_the_corpus_own_place_and_subject_are_no_topic(library):
    a = asked(analyse("无锡教育今年上半年表现怎么样", [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
    assert a.topic == []                                               # the report's own city and subject
    b = asked(analyse("融合教育上半年表现怎么样", [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
    assert b.topic and all(w in "融合教育" for w in b.topic)


def test_a_count_of_parts_with_no_topic_is_the_outline():
    from bot.answer.scope import scope_of

    assert scope_of("材料里总共写了几个方面", [], True) == "report"       # how many parts: the outline
    assert scope_of("防控物资分了几大类", ["防控", "物资"], True) is None  # a count of a thing's kinds: a fact


def test_the_reports_opening_asked_is_its_preamble(library):
    from bot.answer.scope import scope_of

    assert scope_of("这篇材料开头写了些啥", []) == "preface"  # [invented]
    assert scope_of("导语部分的意思是什么", ["意思"]) == "preface"
    assert scope_of("开头几个月新聘了几位老师", ["老师"]) is None  # not the report's opening
    assert scope_of("这篇材料开头对全年工作是啥评价", ["评价"]) == "preface"  # its verdict on the year [invented]
    assert scope_of("这篇材料开头对校车安全是啥评价", ["校车", "安全", "评价"]) is None  # a topic's: not the preamble
    _, v = scope_verdict(library, "这篇材料开头写了些啥", "preface")
    assert not v.refused and {h.unit.section_id.split("#")[-1] for h in v.hits} == {"0.0"}


def test_a_report_without_a_preamble_says_it_has_none():
    from bot.answer.scope import choose_scope
    from bot.corpus.chunking import sentence_units
    from bot.corpus.document import parse
    from bot.evidence import Library
    from bot.lang.lexicon import Lexicon
    from bot.lang.tokenizer import Tokenizer

    text = "一、上半年工作情况\n一是图书馆建设有序推进。新建分馆3个。\n二、下半年计划\n一是继续建设分馆。"  # [invented]
    doc = parse("d", text, {})
    tok = Tokenizer([])
    units = sentence_units(doc)
    lib = Library({"d": doc}, units, tok, Lexicon({t for u in units for t in tok.tokens(u.text)}))
    a = asked(analyse("这篇材料开头写了些啥", [], tok.words, pos_of=tok.pos), lib)
    v = choose_scope(a, Evidence([Hit(i, u, 1.0, 0.9, 1.0, 1.0) for i, u in enumerate(units)], lib), "preface")
    assert v.refused and v.rule == "no preface"


def test_how_a_doing_is_done_needs_a_sentence_that_says_it(library):
    from bot.answer.scope import manner_unsaid

    assert manner_unsaid("图书馆的书是怎么分配的", ["新购图书按各分馆读者人数分配。"], library) == ""  # [invented]
    assert manner_unsaid("这笔专项资金是怎么分配的", ["制订某某专项资金使用管理意见。"], library) == "分配"  # [invented]
    assert manner_unsaid("图书馆后续怎么部署的", ["新建分馆3个。"], library) == ""  # 安排: what is done, said
    assert manner_unsaid("停课时学生们怎么听的课", ["提供在线教学。"], library) == ""  # the asker's word for it


def test_a_summary_of_a_quarter_or_month_the_report_does_not_tell_by_is_refused(library):
    from bot.lang.slices import finer_period

    assert finer_period("第二季度都忙了些啥，概括概括") == "第二季度" and finer_period("十一月份有啥安排") == "十一月份"
    assert finer_period("上半年那阵子忙活了些啥，概括概括") == "" and finer_period("连续12周在线教学") == ""
    _, quarter = scope_verdict(library, "第二季度都忙了些啥，概括概括", "report")
    assert quarter.refused and quarter.rule == "finer period"
    _, half = scope_verdict(library, "上半年那阵子忙活了些啥，概括概括", "part")
    assert not half.refused


def test_a_report_word_made_into_people_is_not_the_report_word(library):
    """督导 is the report's; 督导员 (its people) is not; 招聘会 (a 招聘 event) still is."""
    from bot.answer.unsaid import unsaid

    assert unsaid("督导员", library) and unsaid("培训师", library)
    assert not unsaid("招聘会", library) and not unsaid("大学城", library)
