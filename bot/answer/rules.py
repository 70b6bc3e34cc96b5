"""The rules that say whether a sentence can answer a question, each named, in one registry (``RULES``).

Dense similarity alone cannot tell an unanswerable question apart (unanswerable questions still score
0.88+ against some sentence), so coverage of what is asked decides: a year, a number or a name the
question is specific about must be in the evidence; a figure of the kind asked must be there, and
count what is asked; the evidence must cover enough of the question's words.

Two stages. A **sentence** rule judges every candidate sentence: ``test(asked, sentence)`` returns
the reasons it cannot answer (empty: no objection); rules of one ``group`` are exclusive, the first
that objects decides (one figure is judged once). An **answer** rule judges the best candidate with
its ``Check``: ``test(asked, sentence, check)``. Each rule's docstring holds its example pair:
``answerable:`` and ``unanswerable:`` lines, ``question → the sentence of the report it is judged on``
(or an invented one marked ``[invented]``, standing in the report's place)
(tests/test_rules.py runs them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..evidence import Hit, Library
from ..lang.question import ANY_NUMBER, AUDIENCE
from ..lang.text import TIME, abbreviation_in, place_core_in, school_levels
from ..lang.vocab import rows
from ..thresholds import MIN_DENSE_EN, MIN_DENSE_UNMATCHED, MIN_SUPPORT
from .asked import Asked
from .candidate import Check, Sentence, coverage

MEASURE_CLASS = {r["word"]: tuple(r["counts"].split()) for r in rows("measure_words") if r["counts"]}  # 38所 counts 学校


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str  # "sentence" | "answer"
    test: Callable
    group: str = ""  # sentence rules of one group: the first that objects decides

    @property
    def doc(self) -> str:
        return self.test.__doc__ or ""


RULES: list[Rule] = []


def rule(name: str, stage: str = "sentence", group: str = ""):
    def register(fn):
        RULES.append(Rule(name, stage, fn, group))
        return fn
    return register


def check(a: Asked, hit: Hit, lib: Library, words: list[str] | None = None) -> Check:
    """Every sentence rule on one candidate, and its support of the question's ``words`` (default: ``a.words``)."""
    s = Sentence(a, hit, lib)
    hard, failed, groups = [], [], set()
    for r in RULES:
        if r.stage != "sentence" or (r.group and r.group in groups):
            continue
        reasons = r.test(a, s)
        if reasons:
            hard += reasons
            failed.append(r.name)
            if r.group:
                groups.add(r.group)
    missing, matched, support = coverage(a, s, a.words if words is None else words)
    return Check(hard, missing, matched, support, failed)



# -- sentence rules, in the order their reasons are given ----------------------------------------------------
@rule("missing year")
def missing_year(a: Asked, s: Sentence) -> list[str]:
    """A year the question names must be in the sentence, its section or its document's metadata.

    answerable: 2020年有几人获评省突出贡献专家？ → 5人获评省有突出贡献中青年专家。
    unanswerable: 2018年有几人获评省突出贡献专家？ → 5人获评省有突出贡献中青年专家。
    """
    return [y for y in a.q.years if y not in s.context]


@rule("relative year")
def relative_year(a: Asked, s: Sentence) -> list[str]:
    """去年/明年… is the year before/after the document's own: that year must be in the sentence; 今年 is the
    document's own, so a sentence that dates its figure to another year (2019年…) does not answer it.

    answerable: 去年义务教育优质均衡监测达标比例是多少？ → 加快推进义务教育学校标准化建设和优质均衡发展，全市99.76%的义务教育学校达省定办学标准，2019年义务教育优质均衡监测达标比例为80.08%，均位居全省前列。
    unanswerable: 去年有几人获评省突出贡献专家？ → 5人获评省有突出贡献中青年专家。
    """
    year = s.lib.doc_year.get(s.unit.doc)
    said = YEAR_IN.findall(s.text)
    return [f"{year + r}年" for r in a.q.relative_years
            if year and (str(year + r) not in s.text if r else said and str(year) not in said)]


YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")


FIRST = re.compile(r"率先|首批|首届|首次|首个|首家")  # 第一个 said as the report says it (general usage)


@rule("missing number")
def missing_number(a: Asked, s: Sentence) -> list[str]:
    """A number, an ordinal (第三) or a month (English: in October) the question gives must be in the sentence.

    answerable: 建成的10个省现代化专业群是哪些？ → 无锡机电高职等5所学校入选省中等职业学校领航计划，建成10个省现代化实训基地、10个省现代化专业群。
    unanswerable: 建成的12个省现代化专业群是哪些？ → 无锡机电高职等5所学校入选省中等职业学校领航计划，建成10个省现代化实训基地、10个省现代化专业群。
    """
    return [n for n in a.q.numbers + a.q.ordinals + a.q.months if n not in s.text
            and not (n == "第一" and FIRST.search(s.text))]


@rule("missing name")
def missing_name(a: Asked, s: Sentence) -> list[str]:
    """A name the question is specific about (a school, a place, a 《title》) must be in the sentence or
    its context; a place may lose its 市/区 (无锡市 ~ 无锡), a numbered abbreviation may be spelled out
    (“五全” ~ 全学段、全学科、全名师、全过程、全免费).

    answerable: 入选国家一流本科专业建设点的江南大学专业有几个？ → 江南大学15个专业入选国家一流本科专业建设点，获批建设“国家粮食质量安全生物快速检测技术创新中心”。
    unanswerable: 清华大学有多少个专业入选国家一流本科专业建设点？ → 江南大学15个专业入选国家一流本科专业建设点，获批建设“国家粮食质量安全生物快速检测技术创新中心”。
    """
    return [n for n in a.names if n not in s.context and not place_core_in(n, s.context)
            and not abbreviation_in(n, s.text)]


@rule("other half")
def other_half(a: Asked, s: Sentence) -> list[str]:
    """A question about one half-year is not answered from the other: a first-half result is no
    second-half target (下半年…要提高到多少).

    answerable: 上半年普惠性幼儿园覆盖率达到多少？ → 进一步做好城镇小区配套幼儿园治理，34所幼儿园完成治理任务，整改率54.8%，普惠性幼儿园覆盖率达86%。
    unanswerable: 下半年普惠性幼儿园覆盖率要提高到多少？ → 进一步做好城镇小区配套幼儿园治理，34所幼儿园完成治理任务，整改率54.8%，普惠性幼儿园覆盖率达86%。
    """
    if len(a.halves) == 1 and s.lib.half_of(s.unit) not in (None, a.halves[0]):
        return [f"not {a.halves[0]}"]
    return []


REGIONS = {"全国": "全国|国内", "全省": "全省|省内|省里|本省"}  # general usage: whose ranking, whose first


def _region(text: str) -> set[str]:
    return {r for r, rx in REGIONS.items() if re.search(rx, text)}


@rule("other region")
def other_region(a: Asked, s: Sentence) -> list[str]:
    """A ranking or a first within one region (全国第一, 全省第二) is not one within another: a
    question about the nation is not answered by a sentence that speaks only of the province, nor
    the other way round.

    answerable: 技能大赛金牌总数是全省第几名 → 我市参加2020年省职业学校技能大赛获得59块金牌，金牌数再次位列全省第二。
    unanswerable: 技能大赛金牌总数是全国第几名 → 我市参加2020年省职业学校技能大赛获得59块金牌，金牌数再次位列全省第二。
    """
    asked = _region(a.q.text)
    said = _region(s.text)
    return [f"说的是{'、'.join(sorted(said))}"] if asked and said and not asked & said else []




@rule("other school level")
def other_school_level(a: Asked, s: Sentence) -> list[str]:
    """A stage of schooling the question names (初中, 高中) must be one the sentence speaks of: a check
    of senior high schools says nothing of junior ones.

    answerable: 初中学生艺术素质评价完成了吗 → 中考体育考试实行送考到校，顺利完成首届初中学生艺术素质过程评价和艺术学科素养考核。
    unanswerable: 高中学生艺术素质评价完成了吗 → 中考体育考试实行送考到校，顺利完成首届初中学生艺术素质过程评价和艺术学科素养考核。
    """
    asked, said = school_levels(a.q.text), school_levels(re.sub(r"《[^》]*》", "", s.text))  # a document's title says nothing done
    return ["说的是另一学段"] if asked and said and not asked & said else []


@rule("names nothing new")
def names_nothing_new(a: Asked, s: Sentence) -> list[str]:
    """A question that asks for names (哪所, 哪些学校, 是谁) needs a sentence that names something the
    question does not, of the kind asked (哪个小学 -> …小学; a person with a title).

    answerable: 哪所高中获批国家级示范校？ → 我市作为全省唯一设区市获批普通高中新课程新教材实施国家级示范区，锡山高中获批国家级示范校。
    unanswerable: 无锡一中的校长叫什么名字 → 我市作为全省唯一设区市获批普通高中新课程新教材实施国家级示范区，锡山高中获批国家级示范校。
    """
    return ["names nothing new"] if a.q.asks_names and not s.names_new else []


@rule("no figure of the kind asked", group="figure")
def no_figure(a: Asked, s: Sentence) -> list[str]:
    """A question that asks a figure (多少, 几所, 比例, 金额…) needs a figure of that kind in the sentence,
    not one the question gives itself; naming them all answers 有几个…分别是哪些.

    answerable: 获评省突出贡献专家的有几人？ → 5人获评省有突出贡献中青年专家。
    unanswerable: 校车一共有多少辆 → 5人获评省有突出贡献中青年专家。
    """
    if a.q.answer_rx is not None and not s.figures and not s.names_new:
        return ["no figure of the kind asked"]
    return []


@rule("counts no counted noun", group="figure")
def counts_no_counted(a: Asked, s: Sentence) -> list[str]:
    """The figure must count the noun asked (多少所学校, 多少名教师) in its own clause, when the report
    uses that noun at all; a measure word that already says it (38所 counts 学校) will do.

    answerable: 选送了多少名干部教师开展对口支援？ → 选送113名干部教师赴新疆、青海、陕西等地开展对口支援。
    unanswerable: 无锡共有多少所中小学校？ → 全市新增5所省健康促进金牌学校。
    """
    counted = a.counted
    alts = [counted] + ([x for g in s.lib.lexicon.everyday(counted) for x in g] if counted and s.lib.lexicon else [])
    alts = [x for x in alts if x and s.lib.in_corpus(x)]  # 老师: the report says 教师
    if a.q.answer_rx is not None and counted and not alts and (not a.q.count_tail or a.q.count_tail.startswith(counted)) \
            and s.lib.tokenizer.dict_tags().get(counted, "").startswith("n") \
            and counted not in MEASURE_CLASS.get(a.q.count_measure, ()) and not s.lib.lexicon.synonyms(counted):
        return [f"counts no {counted}: the report never names it"]  # 研究生各多少名: never named, never counted
    if a.q.answer_rx is not None and alts and counted not in MEASURE_CLASS.get(a.q.count_measure, ()) \
            and not any(x in c for x in alts for c, _ in s.figures):
        return [f"counts no {counted}"]
    if a.q.answer_rx is not None and alts and s.figures and a.q.count_tail.startswith(counted) \
            and all(any(x in c for x in alts) and all(_modifier(c, f, x, s.lib, a.q.text) for x in alts if x in c)
                    for c, f in s.figures):
        return [f"counts no {counted}: it names another thing"]  # 36个好教师团队 counts 团队, not 教师
    return []


def _modifier(clause: str, figure: str, noun: str, lib, question: str) -> bool:
    """Is the noun after the figure only a modifier of another noun the question does not ask about
    (36个…好教师团队 for 多少老师)? It is when the next word is a noun, or the clause's last word (a noun
    in a report's list: 教师编制)."""
    rest = clause[clause.find(figure):]
    at = rest.find(noun)
    if at < 0:
        return False  # 资助学生54925人次: the noun before its figure is what it counts
    words = [(w, f) for w, f in lib.tokenizer.pos(rest[at:]) if w.strip() and not re.fullmatch(r"\W+", w)]
    if len(words) < 2 or words[0][0] != noun:
        return False
    nxt, flag = words[1]
    asked = any(nxt[i:i + 2] in question for i in range(len(nxt) - 1))  # 公办普通高中 for 公办高中: asked too
    return len(nxt) >= 2 and not asked and (flag.startswith("n") or flag == "vn" or len(words) == 2)


@rule("counts no qualifier", group="figure")
def counts_no_qualifier(a: Asked, s: Sentence) -> list[str]:
    """The words before the counted noun (几所平安校园示范校) must be in the sentence too: 6所智慧校园示范校
    is no count of 平安校园示范校.

    answerable: 首批有几所智慧校园示范校？ → 无锡一中、锡山高中等6所学校成为首批省智慧校园示范校。
    unanswerable: 全市有几所平安校园示范校？ → 无锡一中、锡山高中等6所学校成为首批省智慧校园示范校。
    """
    if a.q.answer_rx is None:
        return []
    kinds = [w for w in a.qualifiers if w not in s.text]
    return [f"counts no {''.join(kinds)}"] if kinds else []


@rule("no time")
def no_time(a: Asked, s: Sentence) -> list[str]:
    """什么时候 needs a time in the sentence; a plan's time is its part's (下半年), a result needs its own.

    answerable: 无锡太湖学院苏格兰学院什么时候正式招生？ → 无锡太湖学院苏格兰学院正式招生。
    unanswerable: 太湖学院的电商学院哪年成立？ → 无锡太湖学院成立中国（无锡）跨境电商学院，太湖学院苏格兰学院获教育部批准。
    """
    if not a.q.asks_time:
        return []
    if DAY_ASK.search(a.q.text):  # 具体哪天: a half-year is no day
        return [] if DATE.search(s.text) else ["no date"]
    when = s.body if s.lib.part_kinds.get(s.unit.section_id) == "plan" else s.text
    return [] if TIME.search(when) else ["no time"]


@rule("compared with another")
def compared_with_another(a: Asked, s: Sentence) -> list[str]:
    """比X多吗 compares with another thing: the sentence must speak of X too, or it cannot say.

    answerable: 省现代化实训基地比专业群多吗？ → 无锡机电高职等5所学校入选省中等职业学校领航计划，建成10个省现代化实训基地、10个省现代化专业群。
    unanswerable: 江南大学入选的一流专业比苏州大学多吗 → 江南大学15个专业入选国家一流本科专业建设点，获批建设“国家粮食质量安全生物快速检测技术创新中心”。
    """
    x = a.q.compared_with
    if not x:
        return []
    body = s.body
    for w in a.names + a.content_words:  # 江南大学 holds 南大: a name of the question's own is not X
        body = body.replace(w, "") if x in w and w != x else body
    return [f"没有{x}的数字"] if x not in body else []


@rule("no cause")
def no_cause(a: Asked, s: Sentence) -> list[str]:
    """为什么 needs a cause or a purpose in the sentence (为了…, 促进…, 由于…), not only the fact asked about.

    answerable: 为什么要组织开展体育比赛活动？ → 因时因地制宜组织开展体育比赛活动，促进运动锻炼，增强学生体质。
    unanswerable: 普惠性幼儿园覆盖率为什么还不到九成？ → 进一步做好城镇小区配套幼儿园治理，34所幼儿园完成治理任务，整改率54.8%，普惠性幼儿园覆盖率达86%。
    """
    return [] if not a.q.asks_why or CAUSE.search(s.text) else ["no cause or purpose"]


# a cause or a purpose as a report states it (general usage): 为了/以便, 由于/因为/受…影响, and the purpose verbs
# a measure is taken for (…，促进运动锻炼，增强学生体质)
CAUSE = re.compile(r"为了|以便|旨在|目的|由于|因为|因此|受[^，。]{1,10}影响|[，,](?:促进|推动|确保|保障|增强|助力|激发|维护|满足)")


DAY_ASK = re.compile(r"哪天|哪一天|几号|几月几[日号]|具体日期|什么日子")
DATE = re.compile(r"\d{1,2}月\d{1,2}[日号]|\d{1,2}[日号]")


@rule("time verb missing")
def time_verb_missing(a: Asked, s: Sentence) -> list[str]:
    """什么时候建成: the time must be of the step asked (建成), not of another (开工建设, 顺利推进).

    answerable: 南京理工大学江阴校区什么时候建成投用的？ → 南京理工大学江阴校区建成投用。
    unanswerable: 江南大学江阴校区什么时候能建成？ → 江南大学江阴校区开工建设。
    """
    return [v for v in a.time_verbs if v not in s.text] if a.q.asks_time else []


@rule("result not stated")
def result_not_stated(a: Asked, s: Sentence) -> list[str]:
    """转设成什么 / 改成啥样的 asks what a change results in: the sentence must say what it becomes (转设为…,
    更名为…, 改为…), not only that the change is under way.

    answerable: 某学院要转设成什么学校？ → 做好某学院转设为市属公办本科高校工作。 [invented]
    unanswerable: 某学院要转设成什么学校？ → 签订某学院转设协议，成立转设工作专班。 [invented]
    """
    return ["result not stated"] if RESULT_ASK.search(a.q.text) and not RESULT_SAID.search(s.text) else []


# what a change results in asked (general usage): 转设成什么, 改成啥样的, 变成哪种; and said: 转设为, 更名为, 成为
RESULT_ASK = re.compile(r"(?:转设|转型|转|改制|改|变|更名|升格|升)(?:成|为)(?:了)?(?:什么|啥|哪|怎样|怎么样)")
RESULT_SAID = re.compile(r"(?:转设|转型|改制|改|变|更名|升格|升|转)为|成为|改成|变成|转成")


# -- answer rules: on the best candidate, after the sentence rules passed it ------------------------------------
@rule("low support", stage="answer")
def low_support(a: Asked, s: Sentence, c: Check) -> list[str]:
    """The sentence must hold at least MIN_SUPPORT of the question's words (idf-weighted) that the report uses.

    answerable: 获评省突出贡献专家的有几人？ → 5人获评省有突出贡献中青年专家。
    unanswerable: 学生资助的金额是多少？ → 5人获评省有突出贡献中青年专家。
    """
    if c.support < MIN_SUPPORT:
        return [f"support {c.support:.2f}, missing: " + "、".join(c.missing_known)]
    return []


@rule("nothing matched", stage="answer")
def nothing_matched(a: Asked, s: Sentence, c: Check) -> list[str]:
    """A Chinese question none of whose words the sentence holds, besides the people every part is about
    (学校, 学生, 老师), is answered only by a very close sentence (dense ≥ MIN_DENSE_UNMATCHED), unless the
    sentence holds the very kind of figure asked.

    answerable: 今天天气怎么样 → 5人获评省有突出贡献中青年专家。 [dense 0.90]
    unanswerable: 今天天气怎么样 → 5人获评省有突出贡献中青年专家。 [dense 0.85]
    """
    typed = a.q.answer_rx is not None and a.q.answer_rx is not ANY_NUMBER  # the very kind of figure asked
    if a.lang == "zh" and set(c.matched) <= AUDIENCE and not typed and s.hit.dense < MIN_DENSE_UNMATCHED:
        return [f"nothing matched, dense {s.hit.dense:.3f}"]
    return []


@rule("English dense floor", stage="answer")
def english_floor(a: Asked, s: Sentence, c: Check) -> list[str]:
    """An English question has no words to match: the sentence must be close (dense ≥ MIN_DENSE_EN).

    answerable: How many experts were honoured? → 5人获评省有突出贡献中青年专家。 [dense 0.75]
    unanswerable: What is the weather like today? → 5人获评省有突出贡献中青年专家。 [dense 0.65]
    """
    if a.lang == "en" and s.hit.dense < MIN_DENSE_EN:
        return [f"dense {s.hit.dense:.3f}"]
    return []


def judge(a: Asked, hit: Hit, lib: Library, c: Check) -> tuple[str, str] | None:
    """The first answer rule that refuses the best candidate: (rule name, reason), or None."""
    s = Sentence(a, hit, lib)
    for r in RULES:
        if r.stage == "answer" and (reasons := r.test(a, s, c)):
            return r.name, "; ".join(reasons)
    return None


from . import rules_slice  # noqa: E402,F401 - registers the rules on a slice of a thing (a rate, a part)
from . import rules_property  # noqa: E402,F401 - registers the rule on a property asked (a standard, a name)
from . import rules_measured  # noqa: E402,F401 - registers the rules on a measured noun (平均工资, 奖励金)
from . import rules_listing  # noqa: E402,F401 - registers the rule on the kind a list asks for (哪几家民营医院)
from . import rules_asker  # noqa: E402,F401 - registers the rule on the asker's own unnamed one (我们这个园)
