"""Worked examples from the real report, refusals, follow-ups, other ways of asking, invariants."""
import re

import pytest

from bot.chain import BadQuestion

DOC = "wuxi-education-2020-h1"

# (question, the section it must cite, strings the answer must hold) — one or more per item
WORKED = [
    ("上半年资助了多少学生？", "1.6", ["54925人次", "7151万元"]),
    ("上半年对多少所公办普通高中食堂开展了专项检查？", "1.1", ["38所"]),
    ("普惠性幼儿园覆盖率达到多少", "1.2", ["86%"]),
    ("江南大学有多少个专业入选国家一流本科专业建设点？", "1.3", ["15个专业"]),
    ("省职业学校技能大赛我市拿了多少块金牌", "1.3", ["59块金牌"]),
    ("全市新增了几所省健康促进金牌学校？", "1.4", ["5所"]),
    ("认定了多少所市级教师发展示范基地校", "1.5", ["68所"]),
    ("为编制紧缺的市（县）区调剂增核了多少个教师编制", "1.5", ["2000个"]),
    ("疫情期间连续多少周提供在线教学？", "1.7", ["12周"]),
    ("下半年要出台哪些教育现代化的文件？", "2.1", ["无锡教育现代化2035"]),
    ("下半年计划新建多少个融合教育资源中心", "2.2", ["60个"]),
    ("无锡太湖学院苏格兰学院什么时候正式招生？", "2.3", ["正式招生"]),
    ("下半年近视防控有什么计划？", "2.4", ["近视"]),
    ("下半年哪两个地方的县级教师发展中心要通过省示范验收？", "2.5", ["宜兴市", "锡山区"]),
    ("南信大滨江学院以后归谁管", "2.3", ["市属公办本科高校"]),  # 以后: the plan
]


def cited_sections(ans):
    return {c["section_id"] for c in ans["citations"]}


@pytest.mark.parametrize("question,section,facts", WORKED, ids=[w[0] for w in WORKED])
def test_worked_examples(engine, question, section, facts):
    ans = engine.ask(question)
    assert not ans["refused"], ans["answer"]
    for f in facts:
        assert f in ans["answer"]
    assert f"{DOC}#{section}" in cited_sections(ans)


def test_every_item_is_answerable_from_its_own_words(engine):
    """Each item's heading, asked as a question, is answered from that item."""
    for item in engine.index.docs[DOC].items():
        if item.item_no == 0:
            continue
        when = "上半年" if item.part_no == 1 else "下半年"
        topic = re.sub(r"^[一二三四五六七八九十]+是", "", item.heading)
        ans = engine.ask(f"{when}{topic}方面有哪些工作？")
        assert not ans["refused"], (item.heading, ans["answer"])
        assert item.section_id in cited_sections(ans), (item.heading, ans["citations"])


def test_answer_contract_and_quotes_are_verbatim(engine):
    ans = engine.ask("上半年资助了多少学生？")
    assert set(ans) >= {"question", "answer", "refused", "mode", "citations", "latency_ms"}
    assert ans["mode"] == "extractive" and ans["question"] == "上半年资助了多少学生？"
    c = ans["citations"][0]
    assert set(c) >= {"n", "doc", "section_id", "section", "quote", "start", "end", "score"}
    assert "六是教育保障水平全面提升" in c["section"]
    assert c["quote"] == "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"
    assert ans["answer"] == c["quote"] + "[1]"


@pytest.mark.parametrize("question", ["下半年高教职教有什么计划？", "上半年出台了哪些文件", "下半年素质教育有什么安排",
                                      "What did Wuxi achieve in vocational education?"])
def test_every_quote_is_the_text_between_start_and_end(engine, question):
    ans = engine.ask(question)
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", ans["answer"])}
    assert marks <= {c["n"] for c in ans["citations"]}
    for c in ans["citations"]:
        assert engine.index.docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"]
        if not ans["refused"]:
            assert c["quote"] in ans["answer"]  # every answer sentence is verbatim and cited


def test_plan_question_gives_the_items_sentences(engine):
    ans = engine.ask("下半年高教职教有什么计划？")
    assert cited_sections(ans) == {f"{DOC}#2.3"}
    item = engine.index.docs[DOC].section(f"{DOC}#2.3")
    assert len(ans["citations"]) == len(item.sentences) - 1  # all but the heading
    assert ans["answer"].count("\n- ") == len(ans["citations"])  # a bold title line, then one bullet each


def test_list_question_gives_bullets_each_cited(engine):
    ans = engine.ask("上半年高教职教有哪些校区建设工程在推进？")
    assert not ans["refused"]
    assert "东南大学无锡国际校区" in ans["answer"]


@pytest.mark.parametrize("question", [
    "2019年全市资助了多少学生？",  # another year
    "清华大学在无锡的校区建设得怎么样？",  # a university the report never names
    "苏州市上半年资助学生多少人次",  # another city
    "全市中小学有多少辆校车",  # a figure never given
    "无锡市教育局局长是谁",  # a person never named
    "无锡今年的房价是多少",  # nothing the report is about
])
def test_refuses_what_the_report_does_not_say(engine, question):
    ans = engine.ask(question)
    assert ans["refused"], ans["answer"]
    assert ans["answer"].startswith("报告中没有找到")
    assert ans["citations"], "a refusal points to the nearest sections"


@pytest.mark.parametrize("question, answerable, fact", [
    # a count must be new and must count what is asked, in its own clause
    ("选送的113名干部教师中有多少人是校长？", False, None),  # 113 is the question's own figure
    ("选送了多少名干部教师开展对口支援？", True, "113名"),
    ("全市一共有多少所中小学？", False, None),  # 70万中小学生 is no count of schools; 38所 counts 高中
    ("连续多少周提供在线教学？", True, "12周"),
    # a bare 多少 measures the noun before it: the figure must stand with that noun
    ("义务教育教师的平均工资是多少？", False, None),  # 工资 is named, with no figure
    ("资助的54925人次里，初中生有多少？", False, None),  # a part of the question's own total
    ("在线课程的访问量是多少？", True, "2亿人次"),
    # a measure word the report never counts in (例) has no figure in it
    ("疫情期间有几例学生确诊？", False, None),
    ("群防群控体系有几级？", True, "五级"),
    # the time of the step asked (建成), not of another (开工建设, 顺利推进)
    ("江南大学宜兴校区什么时候建成投用？", False, None),
    ("南京理工大学江阴校区什么时候建成投用的？", True, "建成投用"),
    # a university of the report's own dictionary is a name the evidence must hold (not 南京理工大学江阴校区)
    ("江南大学江阴校区什么时候能建成？", False, None),
    # 所 already says 学校: 38所公办普通高中 is a count of schools
    ("食堂专项检查覆盖了多少所学校？", True, "38所"),
    # 有几个…分别是哪些: naming them answers how many
    ("锡慧在线实现了几个全，分别是哪些", True, "全学段"),
    # departments: the ones a sentence lists, not a document's title
    ("联防联控体系有哪些部门参与？", True, "公安"),
    ("哪些部门参与了校外培训机构的监管？", False, None),
    # the half-year asked: a first-half result is no second-half target
    ("下半年普惠性幼儿园覆盖率要提高到多少？", False, None),
    ("上半年普惠性幼儿园覆盖率达到多少？", True, "86%"),
    # the counted thing's qualifiers too: 平安校园 is not 智慧校园
    ("全市有几所平安校园示范校？", False, None),
    ("首批有几所智慧校园示范校？", True, "6所"),
    # a numbered abbreviation the sentence spells out (“五全” = 全学段、全学科、全名师、全过程、全免费), not another count
    ("线上学习的“五全”指的是什么？", True, "全学段"),
    ("线上学习的“六全”指的是什么？", False, None),
    # a name of the kind asked
    ("滨湖区哪个小学入选了省智慧校园示范校？", False, None),
    ("哪所高中获批国家级示范校？", True, "锡山高中"),
    ("无锡一中的校长叫什么名字", False, None),  # a person, never named
    # the names must stand with the count the question repeats
    ("建成的10个省现代化专业群分别是哪些？", False, None),
    ("省现代化专业群建成了几个？", True, "10个省现代化专业群"),
    # English: a ratio needs a percentage, a month must be there, a count needs its measure word (not a year)
    ("What is the teacher-student ratio in Wuxi?", False, None),
    ("How many new kindergartens will open in October?", False, None),
    ("What percentage of compulsory education schools met the provincial standard?", True, "99.76%"),
    ("How much does a kindergarten place cost?", False, None),  # a cost needs a sum of money
    ("What did student aid cost in the first half of 2020?", True, "7151万元"),
])
def test_what_is_asked_decides_refusal(engine, question, answerable, fact):
    ans = engine.ask(question)
    assert ans["refused"] is (not answerable), ans["answer"]
    if fact:
        assert fact in ans["answer"]


def test_follow_up_uses_the_history(engine):
    first = engine.ask("高教职教上半年有什么进展？")
    assert f"{DOC}#1.3" in cited_sections(first)
    ans = engine.ask("那下半年呢？", ["高教职教上半年有什么进展？"])
    assert cited_sections(ans) == {f"{DOC}#2.3"}
    assert "攀登计划" in ans["answer"]
    # history given as chat messages works the same
    msgs = [{"role": "user", "content": "上半年资助了多少学生？"}, {"role": "assistant", "content": "……"}]
    assert "7151万元" in engine.ask("一共花了多少钱", msgs)["answer"]


@pytest.mark.parametrize("history, question, section, fact", [
    (["近视防控上半年做了什么？"], "下半年这方面怎么安排？", "2.4", "近视"),  # 这方面: the topic before
    (["高教职教上半年有什么进展？"], "这一块下半年有什么打算", "2.3", "攀登计划"),
    (["哪些学校成为首批省智慧校园示范校？"], "共几所？", "1.6", "6所"),  # nothing but a count
])
def test_anaphoric_and_bare_follow_ups(engine, history, question, section, fact):
    ans = engine.ask(question, history)
    assert not ans["refused"] and fact in ans["answer"], ans["answer"]
    assert f"{DOC}#{section}" in cited_sections(ans)


@pytest.mark.parametrize("question, fact", [
    ("放学后去的辅导班安全上有什么规定", "校外培训机构安全管理规范"),  # 辅导班 = 校外培训机构
    ("上网课用的哪个平台", "锡慧在线"),  # 网课 = 在线教学/线上学习; 哪个平台 wants a name
    ("上半年查了多少家学校的饭堂", "38所"),  # 饭堂 = 食堂; 多少家学校 is counted by 所
])
def test_everyday_words_find_the_reports_words(engine, question, fact):
    ans = engine.ask(question)
    assert not ans["refused"] and fact in ans["answer"], ans["answer"]


def test_traditional_chinese_question(engine):
    ans = engine.ask("上半年資助了多少學生？")
    assert "54925人次" in ans["answer"] and f"{DOC}#1.6" in cited_sections(ans)


def test_english_question_quotes_chinese_and_says_so(engine):
    ans = engine.ask("How many gold medals did Wuxi win at the provincial vocational skills competition?")
    assert not ans["refused"]
    assert ans["answer"].startswith("From the report (quoted in the original Chinese)")
    assert "59块金牌" in ans["answer"]


@pytest.mark.parametrize("question", ["上半年资注了多少学生", "上半年资助了多少学生", "上半年  资助了多少学生 ?"])
def test_typos_and_missing_punctuation(engine, question):
    assert "54925人次" in engine.ask(question)["answer"]


@pytest.mark.parametrize("bad", ["", "   ", "问" * 501, None, 42])
def test_bad_questions_get_a_chinese_message(engine, bad):
    with pytest.raises(BadQuestion) as e:
        engine.ask(bad)
    assert re.search(r"[\u4e00-\u9fff]", str(e.value))


def test_retriever_and_runnable_are_langchain_parts(engine):
    docs = engine.retriever(k=3).invoke("上半年资助了多少学生？")
    assert len(docs) == 3 and docs[0].metadata["section_id"] == f"{DOC}#1.6"
    out = engine.runnable().invoke({"question": "上半年资助了多少学生？", "history": []})
    assert "54925人次" in out["answer"]
    # the runnable is the same steps as ask: the same answer, the same checks
    same = lambda ans: {k: v for k, v in ans.items() if k not in ("latency_ms", "answer_id", "why")}  # noqa: E731
    assert same(out) == same(engine.ask("上半年资助了多少学生？"))
    with pytest.raises(BadQuestion):
        engine.runnable().invoke({"question": "问" * 501})
    why = engine.runnable().invoke({"question": "2019年全市资助了多少学生？", "explain": True})["why"]
    assert why["rule"] == "missing year"


@pytest.mark.parametrize("question, history, rule", [
    ("上半年资助了多少学生？", [], "accepted"),
    ("2019年全市资助了多少学生？", [], "missing year"),
    ("全市中小学有多少辆校车", [], "no figure of the kind asked"),
    ("下半年普惠性幼儿园覆盖率要提高到多少？", [], "no figure of the kind asked"),
    ("一共花了多少钱", ["上半年资助了多少学生？"], "accepted"),
])
def test_explain_says_which_rule_decided(engine, question, history, rule):
    plain = engine.ask(question, history)
    ans = engine.ask(question, history, explain=True)
    same = lambda a: {k: v for k, v in a.items() if k not in ("latency_ms", "answer_id", "why")}  # noqa: E731
    assert "why" not in plain and same(ans) == same(plain)
    why = ans["why"]
    assert why["rule"] == rule and why["kind"] in ("fact", "list", "plan")
    assert (why["rule"] == "accepted") is (not ans["refused"])
    for c in why["candidates"]:
        assert set(c) == {"section_id", "text", "score", "dense", "support", "failed"}


def test_a_turn_said_to_the_assistant_is_small_talk_only_when_it_names_nothing_of_the_report(engine):
    assert engine.ask("你都能帮我查些什么？")["mode"] == "chat"
    answer = engine.ask("您好，学生资助上半年发了多少人次")  # a greeting before a question of the report
    assert answer["mode"] != "chat" and "54925" in answer["answer"]
