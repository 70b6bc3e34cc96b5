"""Every answerability rule on its own example pair, in milliseconds each, on a hand-made Evidence.

The evidence is built by hand over the real report parsed in memory (no index, no Chroma, no
server): one Hit on the sentence a rule's docstring names, with the dense similarity it gives.
A rule's docstring holds ``answerable: question → sentence`` and ``unanswerable: …``; the rule must
object to the second and not to the first.
"""
import dataclasses
import re
from pathlib import Path

import pytest

from bot.answer.asked import asked
from bot.answer.candidate import Sentence
from bot.answer.choose import ACCEPTED, choose
from bot.answer.checks import VERDICT_RULES  # noqa: F401 - registers the verdict-stage rules
from bot.answer.rules import RULES, check
from bot.corpus import load_document
from bot.corpus.chunking import sentence_units
from bot.evidence import Evidence, Hit, Library
from bot.lang.lexicon import Lexicon
from bot.lang.question import analyse
from bot.lang.tokenizer import Tokenizer, extract_terms

REPORT = Path(__file__).resolve().parent.parent / "corpus" / "wuxi-education-2020-h1.txt"
EXAMPLE = re.compile(r"^\s*(answerable|unanswerable): (.+?) → (.+?)(?: \[dense ([\d.]+)\])?"
                     r"(?: \[history: (.+?)\])?(?: \[(invented)\])?\s*$", re.M)
AID = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"


@pytest.fixture(scope="module")
def library() -> Library:
    """The report as the answerer sees it, with the tokenizer and lexicon an index would give it."""
    doc = load_document(REPORT)
    tok = Tokenizer(extract_terms(doc.text))
    units = sentence_units(doc)
    vocab = {t for u in units for t in tok.tokens(f"{u.heading} {u.text}")}
    return Library({doc.doc_id: doc}, units, tok, Lexicon(vocab))


def hit(library: Library, sentence: str, dense: float = 0.9, score: float = 1.0, invented: bool = False) -> Hit:
    """The report's sentence; an ``invented`` one stands in a results item of the report (its first sentence's
    place), so an example need not quote the report."""
    idx = next((i for i, u in enumerate(library.units) if u.text == sentence), None)
    if idx is None and invented:
        idx = next(i for i, u in enumerate(library.units) if not u.is_heading and library.part_kinds.get(u.section_id) == "done")
        return Hit(idx, dataclasses.replace(library.units[idx], text=sentence), score, dense, 1.0, 1.0)
    assert idx is not None, f"not a sentence of the report: {sentence}"
    return Hit(idx, library.units[idx], score, dense, 1.0, 1.0)


def examples(rule) -> list[tuple[str, str, str, str, str, str]]:
    return EXAMPLE.findall(rule.doc)


def objections(rule, library: Library, question: str, sentence: str, dense: float, history: str = "",
               invented: bool = False) -> list[str]:
    a = asked(analyse(question, [history] if history else [], library.tokenizer.words), library)
    h = hit(library, sentence, dense, invented=invented)
    if rule.stage == "verdict":  # on the answer the fact path chose from this one sentence
        ev = Evidence([h], library)
        v = choose(a, ev)
        assert not v.refused, (question, v.rule)  # the example must reach the rule
        refused = rule.test(a, v, ev)
        return [refused.rule] if refused is not None else []
    s = Sentence(a, h, library)
    return rule.test(a, s) if rule.stage == "sentence" else rule.test(a, s, check(a, h, library))


def test_every_rule_has_one_example_pair():
    assert len({r.name for r in RULES}) == len(RULES)
    for r in RULES:
        assert sorted(k for k, *_ in examples(r)) == ["answerable", "unanswerable"], r.name


@pytest.mark.parametrize("rule", RULES, ids=[r.name.replace(" ", "_") for r in RULES])
def test_rule_on_its_example_pair(rule, library):
    for kind, question, sentence, dense, history, invented in examples(rule):
        got = objections(rule, library, question, sentence, float(dense or 0.9), history, bool(invented))
        assert bool(got) == (kind == "unanswerable"), (kind, question, got)


def test_figure_rules_are_exclusive(library):
    # one figure is judged once: the first figure rule that objects decides, the others are not asked
    a = asked(analyse("全市一共有多少所中小学？", [], library.tokenizer.words), library)
    h = hit(library, "连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。")
    counts = next(r for r in RULES if r.name == "counts no counted noun")
    assert counts.test(a, Sentence(a, h, library)) == ["counts no 中小学"]  # alone, it would object too
    assert check(a, h, library).failed == ["no figure of the kind asked"]
    c = check(a, hit(library, "全市新增5所省健康促进金牌学校。"), library)  # 5所: a figure, of other schools
    assert c.failed == ["counts no counted noun"] and c.hard == ["counts no 中小学"]


def test_choose_names_the_rule_that_decided(library):
    def verdict(question, dense=0.9):
        a = asked(analyse(question, [], library.tokenizer.words), library)
        return choose(a, Evidence([hit(library, AID, dense)], library)), a

    v, a = verdict("上半年资助了多少学生？")
    assert not v.refused and v.rule == ACCEPTED and v.hits[0].unit.text == AID
    why = v.why(a)
    assert why["kind"] == "fact" and why["rule"] == ACCEPTED and why["candidates"][0]["failed"] == []
    v, a = verdict("2019年全市资助了多少学生？")
    assert v.refused and v.rule == "missing year" and v.reason == "2019"
    assert v.why(a)["candidates"][0]["failed"] == ["missing year"]
    v, _ = verdict("上半年资助了多少学生？", dense=0.5)  # words matched: the dense floor does not apply
    assert not v.refused
    v, _ = verdict("How many students received financial aid?", dense=0.5)
    assert v.refused and v.rule == "English dense floor"
    v, _ = choose(asked(analyse("上半年资助了多少学生？", [], library.tokenizer.words), library),
                  Evidence([], library)), None
    assert v.refused and v.rule == "no evidence"


def test_what_is_asked_is_worked_out_once(library):
    a = asked(analyse("江南大学有多少个专业入选国家一流本科专业建设点？", [], library.tokenizer.words), library)
    assert a.names == ["江南大学"]
    a = asked(analyse("选送了多少名干部教师开展对口支援？", [], library.tokenizer.words), library)
    assert a.counted == "教师" and a.qualifiers == ["干部"] and a.content_words[:2] == ["选送", "干部"]
    a = asked(analyse("全市有几所平安校园示范校？", [], library.tokenizer.words), library)
    assert a.counted == "示范校" and a.qualifiers == ["平安", "校园"]
    a = asked(analyse("义务教育教师的平均工资是多少？", [], library.tokenizer.words), library)
    assert a.measured == "平均工资"
    a = asked(analyse("南京理工大学江阴校区什么时候建成投用的？", [], library.tokenizer.words), library)
    assert "建成" in a.time_verbs
    a = asked(analyse("孩子放学后去的补习班，安全上有没有规定", [], library.tokenizer.words), library)
    assert ["校外培训机构"] in a.everyday


def test_why_is_not_a_verb_taking_wei():
    # 为什么 asks a cause; 列为/更名为/评为 + 什么 asks a name (被列为什么城市 is not "why")
    words = set()
    assert analyse("为什么要组织开展体育比赛活动？", [], words).asks_why
    assert analyse("配套幼儿园整改率为啥只有五成多", [], words).asks_why
    assert not analyse("无锡被列为什么城市？", [], words).asks_why
    assert not analyse("学校更名为什么了？", [], words).asks_why
    assert not analyse("图书馆被评为啥称号了", [], words).asks_why  # 为啥 after a verb taking 为 too [invented]
    assert analyse("图书馆为啥还没开", [], words).asks_why


def test_a_sentence_that_goes_on_about_the_named_thing_before_it_speaks_of_it(library):
    def idx(start):
        return next(i for i, u in enumerate(library.units) if u.text.startswith(start))

    assert library.carried(idx("连续12周")) == ["锡慧在线"]        # …制作在线课程3000多节: the courses of 锡慧在线
    assert library.carried(idx("疫情防控期间，认真组织名师")) == []  # it names its own
    assert library.carried(idx("严格落实学生资助")) == []           # nothing shared with the sentence before
    v = choose(asked(analyse("锡慧在线一共做了多少节课", [], library.tokenizer.words), library),
               Evidence([hit(library, library.units[idx("连续12周")].text)], library))
    assert not v.refused and "3000多节" in v.hits[0].unit.text


def test_a_count_of_a_thing_named_after_the_noun_asked_is_no_count_of_it(library):
    teams = "梁溪区、惠山区通过省示范性县级教师发展中心评估认定，认定68所市级教师发展示范基地校，确定首批36个市级“四有”好教师团队。"
    posts = "创新实行义务教育学校教职工编制标准核定、单列管理，构建“以县为主、市域调剂、动态调配”的编制管理新机制，为编制紧缺的市（县）区调剂增核约2000个义务教育教师编制。"
    sent = "选送113名干部教师赴新疆、青海、陕西等地开展对口支援。"
    assert "counts no counted noun" in objections_of(library, "全市现在有多少老师", teams)   # 基地校, 团队 of teachers
    assert "counts no counted noun" not in objections_of(library, "调剂了多少个教师编制", posts)  # the 编制 asked
    assert "counts no counted noun" not in objections_of(library, "选送了多少名教师去对口支援", sent)  # 教师 is the head


def objections_of(library, question, sentence):
    a = asked(analyse(question, [], library.tokenizer.words), library)
    return check(a, hit(library, sentence), library).failed


def test_which_company_needs_a_company_named(library):
    # 哪家公司承建 asks for an organisation's name: the thing it made, named in the sentence, is no answer
    rule = next(r for r in RULES if r.name == "names nothing new")
    question = "此平台由哪家公司承建"  # [invented]
    assert objections(rule, library, question, "该平台由某某科技有限公司承建。", 0.9, invented=True) == []
    assert objections(rule, library, question, "在省内率先开发教育系统疫情防控信息化平台，以“大数据”精准掌握疫情防控动态信息。", 0.9)


def test_the_askers_own_one_counts_only_where_it_is_asked_about_and_unnamed(library):
    from bot.answer.rules_asker import own_one_asked

    assert own_one_asked("想问下咱们这个园今年评上没有", library) == "园"  # [invented]
    assert own_one_asked("咱们区今年新办了几所学校", library) == "区"  # [invented]
    assert own_one_asked("本人在宜兴教书，我们县的学校新办了几所", library) == ""  # named: 宜兴
    assert own_one_asked("我们单位要学习，后续有何部署", library) == ""  # the asker's story, not the question
    assert own_one_asked("我们校长讲学校得了奖，得的是啥奖", library) == ""  # 校长 is a person


def test_a_stage_said_only_inside_a_wider_one_is_not_said():
    from bot.lang.text import stage_said

    assert not stage_said("小学生", ["两千名", "中小学生"])  # 中小学生 spans more stages than asked
    assert stage_said("小学", ["其中", "小学", "300个"])


def test_a_rare_doing_named_as_the_area_asked_is_never_said(library):
    from bot.answer.unsaid import never_said, run_together
    from bot.thresholds import RARE_DOING

    def missing(question):
        a = asked(analyse(question, [], library.tokenizer.words, pos_of=library.tokenizer.pos), library)
        return never_said(a, library, RARE_DOING)

    assert missing("学生防溺水这一块做了啥") == ["溺水"]  # [invented]
    assert missing("停课那阵子学生们在家咋上的课") == []  # 停课: when, told as the asker's story
    assert missing("毕业生求职有没有帮扶的办法") == []  # 帮扶: the asker's word for the help, no area named
    assert not run_together("留守儿童", library) and run_together("思政是", library)
