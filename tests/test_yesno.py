"""Yes/no against a figure (bot/verdict.py): the question's figure and the report's, compared by value.

Each kind comes as a pair of different questions, one the report says yes to and one it says no to.
Quotes are the report's own sentences; no index needed.
"""
from __future__ import annotations

import pytest

from bot.answer.yesno import Comparison, asked_comparison, judge

from test_rules import library  # noqa: F401 - the shared hand-made library fixture

AID = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"
KG = "进一步做好城镇小区配套幼儿园治理，34所幼儿园完成治理任务，整改率54.8%，普惠性幼儿园覆盖率达86%。"
ONLINE = "连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。"
STAFF = "为编制紧缺的市（县）区调剂增核约2000个义务教育教师编制。"
MEDALS = "我市参加2020年省职业学校技能大赛获得59块金牌，金牌数再次位列全省第二。"


@pytest.mark.parametrize("question,quote,holds,figure", [
    ("上半年资助的学生超过五万人次了吗？", AID, True, "54925人次"),        # Chinese numerals, people-times
    ("资助学生有没有超过六万人次", AID, False, "54925人次"),
    ("资助金额破亿了吗", AID, False, "7151万元"),                           # a bare scale: the money figure
    ("资助金额有没有超过七千万", AID, True, "7151万元"),
    ("普惠性幼儿园覆盖率达到九成了吗", KG, False, "86%"),                   # 九成 = 90 %
    ("普惠性幼儿园覆盖率有八成吗", KG, True, "86%"),
    ("普惠性幼儿园覆盖率超过八成五了吗", KG, True, "86%"),                 # 八成五 = 85 %
    ("普惠性幼儿园覆盖率到八成七了没", KG, False, "86%"),
    ("小区配套幼儿园整改率过半了没", KG, True, "54.8%"),                    # 过半 = more than 50 %
    ("在线课程做了超过五千节吗", ONLINE, False, "3000多节"),                # 3000多 is 3000–3999
    ("在线课程有三千节吗", ONLINE, True, "3000多节"),
    ("访问量超过两亿人次了吗", ONLINE, True, "2亿人次"),                   # the report: 超过2亿
    ("访问量超过三亿人次了吗", ONLINE, None, "2亿人次"),                   # more than 2亿 does not say
    ("调剂的编制不到两千个吧", STAFF, False, "2000个"),
    ("调剂的编制有没有超过一千个", STAFF, True, "2000个"),
    ("金牌数是不是全省第一", MEDALS, False, "第二"),                        # ordinals
    ("金牌数是全省第二吗", MEDALS, True, "第二"),
])
def test_the_reports_figure_decides(question, quote, holds, figure):
    j = judge(asked_comparison(question), quote)
    assert (j.holds, j.figure) == (holds, figure)


def test_all_is_one_hundred_per_cent():
    q = asked_comparison("义务教育学校是不是已经全部达到省定办学标准了")
    assert q == Comparison(">=", 100, "%")
    assert judge(q, "全市99.76%的义务教育学校达省定办学标准").holds is False
    assert judge(q, "全市100%的义务教育学校达省定办学标准").holds is True


@pytest.mark.parametrize("question", ["锡慧在线的课要收费吗", "民办学校是不是跟公办学校一起招生", "上半年资助了多少学生"])
def test_no_figure_no_comparison(question):
    assert asked_comparison(question) is None


def test_a_figure_of_another_class_cannot_decide():
    assert judge(asked_comparison("资助金额超过五万元了吗"), "上半年累计资助学生54925人次。").holds is None


def test_all_of_it_done_is_one_hundred_per_cent_of_the_rate_of_that_doing():
    q = asked_comparison("小区配套幼儿园是不是都已经治理完了")
    assert q == Comparison(">=", 100, "%")
    # 整改率54.8% stands alone in its clause: it is the rate of the 治理 in the clause before, not the 86% of 覆盖
    assert judge(q, KG, ["小区", "配套", "幼儿园", "治理"])[:2] == (False, "54.8%")
    assert judge(q, "全市100%的小区配套幼儿园完成治理。", ["幼儿园", "治理"]).holds is True
    assert asked_comparison("上半年都做了什么") is None and asked_comparison("学校都开学了吗") is None


def test_passed_yet_of_a_plan_is_not_yet():
    from bot.answer.yesno import lead_for

    class H:
        def __init__(self, text):
            self.unit = type("U", (), {"text": text})()
    plan = [H("推动宜兴市、锡山区县级教师发展中心通过省示范验收，实现省示范性县级教师发展中心全覆盖。")]
    lead, _ = lead_for("宜兴的教师发展中心通过省示范验收了吗", plan, lambda h: "plan")
    assert lead.startswith("还没有")
    lead, _ = lead_for("宜兴的教师发展中心下半年会通过省示范验收吗", plan, lambda h: "plan")
    assert lead.startswith("是的")


def test_the_opposite_of_what_the_report_says_unless_the_asker_negates_it():
    from bot.answer.yesno import lead_for

    class H:
        def __init__(self, text):
            self.unit = type("U", (), {"text": text})()
    pe = [H("中考体育考试实行送考到校，顺利完成首届初中学生艺术素质过程评价和艺术学科素养考核。")]
    assert lead_for("今年中考体育还要去考点考吗", pe, lambda h: "done")[0].startswith("不是")
    assert lead_for("今年中考体育是不是在自己学校考的", pe, lambda h: "done")[0].startswith("是的")
    assert lead_for("体育考试是送进学校里考吗", pe, lambda h: "done")[0].startswith("是的")  # [invented] 送考到校 said another way
    assert lead_for("听说今年中考体育不用去考点了 真的吗", pe, lambda h: "done")[0] == ""
    assert lead_for("班主任说是在自己学校里考的，不用去考点，是真的吗", pe, lambda h: "done")[0].startswith("是的")
    # called off? of a sentence that says it went ahead: no; of one that says nothing of it going ahead: no lead
    assert lead_for("今年的中考体育是不是取消了", pe, lambda h: "done")[0].startswith("没有，报告中是“实行送考到校”")
    assert lead_for("会不会取消中考体育", pe, lambda h: "done")[0] == ""  # the future: a past fact does not say
    assert lead_for("中考加分是不是取消了", pe, lambda h: "done")[0] == ""  # 加分 is not what went ahead
    assert lead_for("艺术考核是不是取消了", pe, lambda h: "done")[0] == "没有，报告中是“顺利完成”："  # its own clause
    canteen = [H("加强内控机制建设，组织开展全市38所公办普通高中食堂专项检查。")]
    assert lead_for("食堂专项检查是不是暂停了", canteen, lambda h: "done")[0] == ""
    free = [H("在全省率先实现“全学段、全学科、全名师、全过程、全免费”线上学习。")]
    assert lead_for("锡慧在线的课要不要钱", free, lambda h: "done")[0].startswith("不收费")


def test_a_claimed_category_the_report_never_uses_is_not_said(library):
    from bot.answer.claims import claim_unsaid
    assert claim_unsaid("那所职校是不是五星级学校", library) == ["五星级"]
    assert claim_unsaid("那所职校算不算领航学校", library) == []   # 领航 is the report's word
    assert claim_unsaid("中考体育是不是取消了", library) == []      # a doing: the change rules judge it
    assert claim_unsaid("校医待遇是否是护士的水平了", library) == ["护士"]  # compared with a thing never named [invented]
    assert claim_unsaid("那所职校是不是比领航学校强了", library) == []     # compared with the report's own


def test_called_off_is_answered_by_a_sentence_that_it_went_ahead_whatever_the_askers_circumstance():
    from bot.answer.changes import went_ahead
    s = "中考体育考试实行送考到校，顺利完成首届初中学生艺术素质过程评价和艺术学科素养考核。"
    assert went_ahead("疫情下中考体育是不是取消了", s) == "实行送考到校"   # 疫情: why the asker wonders
    assert went_ahead("疫情下中考英语口试是不是取消了", s) == ""         # another exam: the sentence cannot say


def test_will_it_be_done_is_not_said_by_progress_among_the_results(library):
    from bot.answer.asked import asked
    from bot.answer.yesno import unstated
    from bot.lang.question import analyse
    from test_rules import hit

    def missing(question, sentence):
        a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
        return unstated(a, hit(library, sentence), library)

    progress = "东南大学无锡国际校区、南京理工大学江阴校区、江南大学宜兴校区等建设工程顺利推进。"
    assert missing("东南大学无锡国际校区年底能建成吗", progress)    # 建成 is said of another campus, not this one
    assert not missing("南京理工大学江阴校区能建成投用吗", "南京理工大学江阴校区建成投用。")  # the plan says so


def test_will_it_be_finished_needs_a_sentence_that_says_it_is_or_will_be():
    from bot.answer.yesno import completion_unstated

    assert completion_unstated("某馆改造年内能完工吗", "某馆改造工程计划于年底前完工。") == ""  # [invented]
    assert completion_unstated("某学院更名年内可以办完吗", "全面启动某学院更名工作。") == "办完"  # [invented]
    assert completion_unstated("某校区年底能建好不", "某校区建设工程顺利推进。") == "建好"  # [invented]
    assert completion_unstated("某学院更名启动了吗", "全面启动某学院更名工作。") == ""  # not a finishing asked
    assert completion_unstated("某馆年内能建好不", "某馆开工建设。", plan=True) == ""  # the plan: only started


def test_will_it_be_finished_of_a_plan_that_it_starts_is_not_yet():
    from bot.answer.yesno import lead_for

    class H:  # a plan sentence [invented]
        def __init__(self, text):
            self.unit = type("U", (), {"text": text, "section_id": "d#2.1", "heading": ""})()

    plan = lambda h: "plan"  # noqa: E731
    assert lead_for("某馆年底可以建完吗", [H("某馆开工建设。")], plan)[0].startswith("还没有")
    assert lead_for("某馆今年能建成投用吗", [H("某馆建成投用。")], plan)[0].startswith("是的")


def test_a_figure_referred_to_with_a_demonstrative_is_not_compared():
    assert asked_comparison("我家那边的园是不是在那12所里面") is None       # the report's own figure, pointed at
    assert asked_comparison("完成改造的园是不是12所").value == 12            # a figure asserted


def test_a_span_in_years_is_compared_but_a_date_is_not():
    assert asked_comparison("派出去是不是待两年").unit == "年"            # a span
    assert judge(Comparison("=", 2, "年"), "2020年选派教师赴外地支援。").holds is None  # a date is no span


def test_all_of_them_said_with_dou_and_a_verb_of_meeting():
    # 是不是都达到/都符合: all of them, judged against the share the report gives [invented]
    q = asked_comparison("全市图书馆是不是都达到省级标准了")
    assert q is not None and judge(q, "全市95%的图书馆达省级标准。").holds is False
    assert asked_comparison("全市图书馆是不是达到省级标准了") is None  # no 都: not a question of all


def test_a_figure_confirmed_as_it_is_asked_is_said_once():
    from bot.answer.yesno import lead_for

    class H:  # a results sentence [invented]
        def __init__(self, text):
            self.unit = type("U", (), {"text": text, "section_id": "d#1.1", "heading": ""})()

    lead, _ = lead_for("是不是查了12家图书馆", [H("组织开展全市12家图书馆专项检查。")], lambda h: "done")
    assert lead == "是的，报告中是12家。", lead


def test_how_sure_a_plan_is_needs_the_plan_to_say_so():
    from bot.answer.finishing import certainty_unstated

    assert certainty_unstated("新馆今年肯定能开放吗", "新馆年内开放。", plan=True) == "肯定"  # [invented]
    assert certainty_unstated("新馆今年一定能开放吗", "确保新馆年内开放。", plan=True) == ""  # the plan says so
    assert certainty_unstated("新馆是不是肯定能开放", "新馆已经开放。", plan=False) == ""  # a result: done
    assert certainty_unstated("新馆今年能开放吗", "新馆年内开放。", plan=True) == ""  # no sureness asked


def test_spans_of_time_compare_across_units():
    # [invented] sentences: 半年 is 0.5年, not 上半年; 12周 is about three months, not half a year
    said = "连续10周开放自习室，累计接待学生5000人次。"
    assert judge(asked_comparison("自习室是不是开了半年"), said).holds is False
    assert judge(asked_comparison("自习室是不是开了两个多月"), said).holds is not False
    assert judge(asked_comparison("自习室有没有超过一个月"), said).holds is True
    assert asked_comparison("上半年是不是开了十周").unit == "周"  # 上半年 is no span asked


def test_ge_counts_people_when_people_are_asked():
    said = "选派86名骨干教师赴外地支教。"  # [invented]
    assert judge(asked_comparison("去支教的老师有没有超过八十个"), said).holds is True
    assert judge(asked_comparison("支教的有没有超过八十所"), said).holds is None  # 所 counts no people
    assert judge(asked_comparison("新增的岗位编制有没有超过八十个"), "新增岗位编制约60个。").holds is False  # posts
    assert asked_comparison("岗位编制有五百个吗").unit == "count"  # [invented] 个 of 编制, not of 教师
    assert asked_comparison("听说新增了五百多个教师编制 是不是真的").unit == "count"  # [invented]
    # a figure in 年 that names no length of time (三年行动计划) is not compared with a span asked [invented]
    assert judge(asked_comparison("这个计划是不是执行了半年"), "出台某某三年行动计划。").holds is None


BOOKS = "全区图书馆藏书52000册，达标率为99.5%。"  # [invented]
TRAINED = "连续8周组织2万教师参加线上培训。"  # [invented]


@pytest.mark.parametrize("question,quote,holds", [
    ("图书馆藏书是不是差不多五万册", BOOKS, True),       # about: within a tenth of the figure asked
    ("图书馆藏书是不是接近十万册了", BOOKS, False),
    ("达标率是不是差不多百分百了", BOOKS, True),         # 百分百 = 100 %, asked as about
    ("达标率是不是将近九成", BOOKS, False),
])
def test_about_a_figure_is_near_it(question, quote, holds):
    asked = asked_comparison(question)
    assert asked is not None and asked.op == "~"
    assert judge(asked, quote, ["藏书", "达标率"]).holds is holds


@pytest.mark.parametrize("question,holds", [("参加培训的老师有没有两万", True), ("参加培训的老师有没有三万", False)])
def test_a_bare_figure_asked_is_compared_with_a_bare_figure_not_a_span(question, holds):
    j = judge(asked_comparison(question), TRAINED, ["培训", "老师"])
    assert (j.holds, j.figure) == (holds, "2万")  # not the 8周 of the same clause


def test_po_then_mei_asks_yes_or_no():
    from bot.lang.forms import is_yes_no

    assert is_yes_no("图书馆藏书破五万册没")  # [invented]
    assert not is_yes_no("图书馆藏书破五万册用了多少年")


def test_a_figure_heard_before_the_question_is_not_the_one_compared():
    assert asked_comparison("听说学位数达到了300个，外地户口的能不能报") is None  # [invented] heard, then asked
    assert asked_comparison("听说新增了300个学位，是不是真的").value == 300  # [invented] what was heard is asked
    assert asked_comparison("新增学位有没有超过300个").value == 300  # [invented]


def test_a_full_stop_at_the_end_does_not_hide_the_figure_asked():
    assert asked_comparison("新增学位有没有超过300个。").value == 300  # [invented]
    assert asked_comparison("听说学位数达到了300个，外地户口的能不能报。") is None  # [invented] heard, then asked
