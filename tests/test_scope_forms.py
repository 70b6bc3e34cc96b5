"""Forms of summary and list questions (bot/answer/scope.py, bot/lang/question.py), each on an
answerable/unanswerable pair of different questions, in milliseconds, without an index."""
import pytest

from bot.answer.asked import asked
from bot.answer.scope import scope_of
from bot.answer.unsaid import uncovered
from bot.lang.question import BOTH_HALVES, analyse

from test_rules import library  # noqa: F401 - the shared hand-made library fixture


def ask(library, question):
    return asked(analyse(question, [], library.tokenizer.words), library)


@pytest.mark.parametrize("text,both", [
    ("整份报告里跟图书馆有关的内容有哪些", True), ("报告中和食堂相关的都列一下", True),  # [invented]
    ("上半年跟图书馆有关的工作有哪些", False), ("图书馆有关的规定有哪些", False),  # a half named; the report not
])
def test_everything_the_report_says_on_a_thing_is_both_halves(text, both):
    assert bool(BOTH_HALVES.search(text)) is both


def test_a_summary_verb_names_no_topic(library):
    assert uncovered(ask(library, "把报告里跟职业教育有关的内容汇总一下"), library) == []
    assert uncovered(ask(library, "把报告里跟家庭教育有关的内容汇总一下"), library) == ["家庭教育"]


@pytest.mark.parametrize("question,scope", [
    ("报告里跟职业教育有关的内容都有哪些 上下半年都算", "topic"),  # 哪些 + both halves: a topic, not a fact
    ("职业教育方面有哪些学校入选了领航计划", None),                    # 哪些学校: names asked
])
def test_both_halves_after_which_is_no_fact(library, question, scope):
    assert scope_of(question, ask(library, question).topic) == scope


def test_a_one_character_synonym_bridges_nothing(library):
    assert "留学生" in uncovered(ask(library, "外国留学生来这边读书有啥举措"), library)  # its only bridge is 人
    assert uncovered(ask(library, "困难学生补贴有什么政策"), library) == []  # 补贴 ~ 资助, the report's word


def test_a_space_between_two_phrases_joins_two_topics(library):
    from bot.answer.scope import conjuncts, joined_text

    q = analyse("疫情期间的体育课 劳动课是怎么上的", [], library.tokenizer.words)  # [invented]
    assert joined_text(q) == "疫情期间的体育课、劳动课是怎么上的"
    assert len(conjuncts(joined_text(q), ["体育课", "劳动课"])) == 2
    q = analyse("疫情期间的体育课和劳动课是怎么上的", [], library.tokenizer.words)
    assert joined_text(q) == q.text  # no space: as written


def test_kindergartens_are_preschool_education_and_an_aside_is_no_topic(library):
    from bot.answer.scope import topic_support
    from bot.thresholds import TOPIC_SUPPORT

    from test_rules import hit

    preschool = "修订完善各级各类学校综合督导方案，开展县域学前教育普及普惠督导评估、中小学校体育工作等专项督导。"
    a = ask(library, "幼儿园这块下半年有什么安排")
    assert topic_support(a, hit(library, preschool).unit, library) > TOPIC_SUPPORT
    basic = "稳步推进高考制度改革各项举措落细落实。"  # an item of 基础教育 that names no kindergarten
    a = ask(library, "从幼儿园到高中这段基础教育上半年成绩如何")
    assert a.topic == ["基础教育"] and topic_support(a, hit(library, basic).unit, library) > TOPIC_SUPPORT


@pytest.mark.parametrize("question,scope", [
    ("下半年的重点工作分哪几个方面", "part"),          # outline units asked: the half's items
    ("下半年哪几所学校要验收", None),                # which schools: a fact
    ("这份材料讲了些什么", "report"),
])
def test_outline_units_and_what_the_report_says(library, question, scope):
    assert scope_of(question, ask(library, question).topic) == scope


@pytest.mark.parametrize("text,both", [
    ("体育相关的内容都说了哪些，包括下半年的", True), ("体育上半年成绩和下半年计划一起总结下", True),  # [invented]
    ("图书馆的事归纳一下 连同接下来准备干啥", True), ("体育工作概括下，以及之后的打算", True),  # [invented]
    ("体育上半年有什么成绩", False),
    ("图书馆的事归纳一下 包括哪些馆", False),
    ("体育工作概括下，上半年下半年分开说", True), ("体育上半年做了啥 下半年的不用说", False),  # [invented]
])
def test_both_halves_said_in_other_words(text, both):
    assert bool(BOTH_HALVES.search(text)) is both


@pytest.mark.parametrize("text,both", [
    ("概括下今年体育方面的工作", True), ("今年图书馆这块整体情况怎么样", True),  # the year as a whole [invented]
    ("今年体育方面做了什么", False), ("总结一下今年上半年的体育工作", False),  # done said; a half named
])
def test_the_year_as_a_whole_is_both_halves(text, both):
    assert bool(BOTH_HALVES.search(text)) is both


@pytest.mark.parametrize("question,topic", [
    ("图书馆这块今年整体干了些啥", "图书馆这块"), ("体育方面主要做了什么", "体育方面"),  # [invented]
    ("图书馆这块今年新建了几个", "图书馆这块今年新建"),  # no doing asked: the words stay
])
def test_the_doing_asked_is_not_the_topic(question, topic):
    from bot.lang.forms import topic_before

    assert topic_before(question) == topic


def test_later_is_the_plan_and_names_no_topic():
    from bot.answer.scope import LATER, half_asked, topic_words

    assert half_asked("体育这块后面准备搞什么") == "plan" and LATER.search("体育这块后面准备搞什么")  # [invented]
    assert topic_words(["后面", "体育"]) == ["体育"]
    assert half_asked("体育这块做了啥") is None and not LATER.search("体育这块做了啥")


def test_a_bridge_belongs_to_its_own_joined_topic(library):
    from bot.answer.scope import topic_support
    from bot.thresholds import TOPIC_SUPPORT

    from test_rules import hit

    a = ask(library, "抗疫和网课这两块今年整体怎么样")  # [invented]
    on_one = hit(library, "在省内率先开发教育系统疫情防控信息化平台，以“大数据”精准掌握疫情防控动态信息。").unit
    on_neither = hit(library, "5人获评省有突出贡献中青年专家。").unit
    assert topic_support(a, on_one, library) > TOPIC_SUPPORT  # 疫情防控 is 抗疫's, all of that joined topic
    assert topic_support(a, on_neither, library) <= TOPIC_SUPPORT


def test_an_item_in_a_few_sentences_is_its_lead_then_its_figures():
    from types import SimpleNamespace as NS

    from bot.answer.scope import lead_and_figures

    texts = ["加强图书馆建设。", "新建图书馆3所，藏书12万册。", "开展读书活动。", "培训馆员40人。", "完善借阅制度。"]  # [invented]
    hits = [NS(idx=i, unit=NS(text=t, start=i)) for i, t in enumerate(texts)]
    ranked = [hits[4], hits[2], hits[3], hits[1], hits[0]]
    assert [h.idx for h in lead_and_figures(hits, 3, ranked)] == [0, 1, 3]  # lead, then the most figures
    assert [h.idx for h in lead_and_figures(hits, 4, ranked)] == [0, 1, 3, 4]  # equals: the nearest first


def test_a_doing_and_a_little_of_it_names_no_topic(library):
    from bot.answer.unsaid import doing_a_bit

    assert doing_a_bit("干点", library) and doing_a_bit("想学点", library)  # 下半年体育准备干点啥 [invented]
    assert not doing_a_bit("重点", library) and not doing_a_bit("亮点", library)  # things: 重点, 亮点
    assert "干点" not in ask(library, "下半年体育这块准备干点啥").topic


def test_shortcomings_asked_must_be_said():
    from bot.lang.slices import asks_shortcoming, states_shortcoming

    assert asks_shortcoming("图书馆哪几项任务没落实") and asks_shortcoming("有什么短板")  # [invented]
    assert not asks_shortcoming("图书馆工作完成了哪些")
    assert states_shortcoming("馆员培训尚未完成。") and not states_shortcoming("新建图书馆3所。")


@pytest.mark.parametrize("question,topic,scope", [
    ("图书馆这块上下半年都说说", ["图书馆"], "topic"),  # an area to be told about [invented]
    ("图书馆开放时间说说", ["图书馆", "开放"], None),     # no area, no halves: a fact told
    ("几个新图书馆下半年有啥安排", ["图书馆"], "topic"),  # 几个 + 安排: a few, not a count
    ("新建了几个图书馆", ["图书馆"], None),
])
def test_an_area_told_about_and_a_few_planned_are_topics(question, topic, scope):
    assert scope_of(question, topic, asks_figure="几个" in question and "安排" not in question) == scope


def test_a_bureau_named_by_a_place_that_wrote_no_report(library):
    from bot.answer.scope import other_bureau

    assert other_bureau("惠山区教育局下半年打算干啥", library) == "惠山区教育局"  # its own work [invented]
    assert other_bureau("无锡市教育局下半年打算干啥", library) == ""  # the author of the report
    assert other_bureau("下半年教育局打算干啥", library) == ""  # no place: the bureau that wrote it
    assert other_bureau("滨湖区教育系统的亮点有哪些", library) == "滨湖区教育"  # a place's own work
    assert other_bureau("无锡那边教育系统咋样", library) == ""
    assert other_bureau("滨湖区的教育督导评估通过了吗", library) == ""  # a thing there, asked of this report


@pytest.mark.parametrize("question,scope", [
    # [invented] a summary asked by its length or its form; a figure asked in few words is still a fact
    ("下半年计划能不能两三句话说清楚", "part"), ("体育工作概括一下，上半年下半年分开讲", "topic"),
    ("两三句话说清楚补贴了多少人", None),
])
def test_a_summary_asked_by_its_length_or_form(library, question, scope):
    assert scope_of(question, ask(library, question).topic, asks_figure="多少" in question) == scope


@pytest.mark.parametrize("text,both", [
    ("图书馆这块两个半年分别讲讲", True), ("前后两个半年的读书活动都说说", True),   # both halves [invented]
    ("两个半年加起来借出多少本书", True), ("上半年借出多少本书", False),
])
def test_two_halves_said_as_两个半年_are_both(text, both):
    from bot.lang.forms import BOTH_HALVES

    assert bool(BOTH_HALVES.search(text)) is both


def test_two_halves_added_up_ask_for_the_year():
    from bot.lang.slices import asks_whole_year

    assert asks_whole_year("两个半年加起来借出多少本书") and asks_whole_year("上下半年合计借出多少本书")
    assert not asks_whole_year("两个半年各借出多少本书") and not asks_whole_year("上半年借出多少本书")


def test_the_halves_said_as_前半年_and_后半年_decide_alone():
    import jieba

    from bot.lang.halves import part_kind
    from bot.lang.question import analyse

    later, earlier = analyse("后半年在图书馆这头有哪些部署", [], jieba.lcut), analyse("前半年图书馆做了哪些事", [], jieba.lcut)  # [invented]
    assert (later.part_kind, later.part_strong) == ("plan", True)   # said outright, like 下半年
    assert (earlier.part_kind, earlier.part_strong) == ("done", True)
    assert part_kind("前后半年图书馆都说说", "zh") is None


def test_a_guess_of_jieba_that_starts_with_a_locative_names_no_topic(library):
    from bot.answer.scope import names_a_topic

    assert "里分" in library.tokenizer.words("总结里分了几大块")  # [invented] jieba's HMM runs 里 into 分
    assert not names_a_topic("里分", library)
    assert names_a_topic("实训基地", library)


def test_a_fact_asked_of_the_opening_is_looked_for_there(library):
    import dataclasses

    from bot.answer.route import in_preface
    from bot.evidence import Evidence, Hit

    from test_rules import hit

    at = next(i for i, u in enumerate(library.units) if not u.part and not u.is_heading)
    opening = Hit(at, dataclasses.replace(library.units[at], text="今年以来，全区统筹推进智慧校园建设和课程改革。"),
                  1.0, 0.9, 1.0, 1.0)  # [invented]
    results = hit(library, "全区新建智慧校园12所，改造课程中心3个。", invented=True)  # [invented]
    ev = Evidence([results, opening], library)

    def found(q):
        v = in_preface(ask(library, q), ev)
        return v and [h.unit.text for h in v.hits]

    assert found("开头那段说要统筹推进哪些工作") == [opening.unit.text]
    assert found("开头那段说新建了几所智慧校园") is None  # the opening does not say: the rest of the report may
    assert found("统筹推进哪些工作") is None  # no opening named


def test_the_whole_report_asked_of_a_topic_brings_the_openings_word_on_it(library):
    from bot.answer.scope import WHOLE_REPORT, opening_on
    from bot.evidence import Hit

    doc = next(iter(library.docs))
    assert WHOLE_REPORT.search("招生的事全文是怎么写的") and not WHOLE_REPORT.search("招生的事上半年是怎么写的")
    said = opening_on(["疫情"], library, doc, Hit, [])  # the opening names 疫情防控
    assert len(said) == 1 and not said[0].unit.part
    assert opening_on(["体育"], library, doc, Hit, []) == []  # the opening does not name it
    assert opening_on(["疫情"], library, doc, Hit, said) == []  # already there


def test_lv_yi_lv_asks_to_be_told_it_names_no_topic(library):
    a = ask(library, "上半年出了哪些新规定？帮我捋一捋")  # [invented]
    assert not [w for w in a.topic if "捋" in w]
    assert scope_of(a.q.text, a.topic) == "documents"


@pytest.mark.parametrize("question,scope", [
    ("上半年办成了哪些大事", "part"),  # [invented] the big things: a half as a whole
    ("下半年新出台的规范性文件有哪些", "documents"),  # [invented] the genre before 有哪些
    ("下半年新出台的食堂规范有哪些", "topic"),  # [invented] a topic beside the genre: asked of it
    ("上半年分了几个方面 每块标题是啥", "part"),  # [invented] the headings of the outline
    ("校车安全下半年还要怎么推进", "topic"),  # [invented] what the plan does on it
    ("校车安全证明要怎么开", None),  # [invented] how the asker does something: a fact asked
])
def test_summary_and_documents_asked_other_ways(library, question, scope):
    a = ask(library, question)
    assert scope_of(a.q.text, a.topic, a.q.answer_rx is not None) == scope


def test_how_a_plan_will_do_it_is_answered_by_its_items_heading_too(library):
    from bot.answer.scope import manner_unsaid

    assert manner_unsaid("那块准备怎么突破", ["三是推动某某工作重点突破 新建实训基地3个。"], library) == ""  # [invented]
    assert manner_unsaid("那块准备怎么突破", ["三是推动某某工作 新建实训基地3个。"], library) == "突破"  # [invented]
