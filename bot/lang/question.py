"""Read a user's question: normalise it, resolve follow-ups, and note what it asks for.

- Traditional → Simplified (opencc), full-width letters/digits → ASCII, spaces trimmed.
- English questions are marked (retrieval is multilingual; the answer quotes Chinese).
- A follow-up ("那下半年呢？") borrows its topic from the previous user turn.
- Cues say which kind of part is meant: done (上半年/完成/取得…) or plan (下半年/计划/将/拟…).
- The kind of answer: ``fact`` (one sentence), ``list`` (有哪些…), ``plan`` (what is planned for X).
- What the answer must hold: a number, an amount, a count of schools…; and the specific terms
  (years, numbers, names) that the evidence must contain, or the report does not answer it.
Nothing here knows any particular question.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .forms import ATTRIBUTE, BOTH_HALVES, has_topic, item_asked, topic_before  # noqa: F401 - re-exported
from .halves import (DONE_CUES_EN, DONE_CUES_ZH, PLAN_CUES_EN, PLAN_CUES_ZH, STRONG, STRONG_CUES,  # noqa: F401
                     part_kind, strip_cues)  # re-exported
from .slices import excluded, part_of, per_unit
from .story import FOCUS_CHARS, FOCUS_CHARS_EN, question_part, without_personal_context  # noqa: F401 - re-exported
from .text import SCHOOL_NAME, is_cjk, school_named
from .vocab import column, rows


LIST_RX = re.compile(r"哪些|哪几|列举|列出|有哪|都有什么|包括什么|包括哪|几项|几个方面|which (?:ones|schools|documents)|list|what are")
PLAN_ASK_RX = re.compile(
    r"(有什么|有哪些|有何|什么|哪些|做哪些|做什么|怎么|如何)(计划|安排|打算|工作|举措|措施|重点|部署|目标)"
    r"|(计划|安排|打算|部署|重点)(是什么|有哪些|有什么|如何|怎样)|要做什么|准备做什么|将做什么|怎么推进|如何推进"
    r"|what (?:is|are) (?:the )?plan|what .*plan|plans? for")
BROAD_ASK_RX = re.compile(r"有什么进展|有哪些进展|怎么样|如何|情况|做了什么|做了哪些|有哪些成效|取得了哪些|有什么成效|怎么做|做什么|what about|how about")
FOLLOWUP_MARK = re.compile(r"^(还会|还要|还有|继续|也|又|同样)|还会|也会|还要|继续")
FOLLOWUP_START = re.compile(r"^(那|那么|还有|另外|其中|它|这个|这些|这方面|他们|同样|又|具体|详细|除了(?:这|那|它|上面|刚才)|and\b|what about|how about"
                            r"|这(?:\d+|[一二三四五六七八九十两几]+)[个所项条类名家块])", re.I)  # 这20项: the ones just named
FOLLOWUP_ANAPHOR = re.compile(r"这方面|这个方面|这一块|这块|这件事|这项工作|这些工作|上述|以上这些")
FOLLOWUP_END = re.compile(r"(呢|的呢|如何|怎样|怎么样)[？?。!！]*$")
# words anywhere in a short turn that point back at what was just named (修这些得花几个钱, 每个补多少)
POINTER = re.compile(r"这些|那些|这几[个所家项名]|那几[个所家项名]|它们|每个|每所|每家|每项|每一[个所家项]|其中|这笔|那笔")
FILLER = set(column("filler"))
AUDIENCE = set(column("audience"))  # the people every part is about: naming them names nothing new
QUESTION_FILLER = set(column("question_words", ignored_in="followup"))
YEAR_RX = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|年度)?")
NUMBER_RX = re.compile(r"\d+(?:\.\d+)?")
MEASURES = "".join(column("measure_words", kind="classifier", asked="yes"))
ASK_UNITS = column("measure_words", kind="unit", asked="yes")  # tried before the classifiers: 个月 before 个
# the measure words a figure may carry to answer a count asked in this one (个, the general classifier: any)
MEASURE_ALTS = {r["word"]: r["answered_by"].replace("<any classifier>", f"[{MEASURES}]")
                for r in rows("measure_words") if r["answered_by"]}
COUNT_ASK = re.compile(rf"(?<!哪)(?<!第)(?<![十百千万])(多少|几)({'|'.join(ASK_UNITS)}|[{MEASURES}])?([\u4e00-\u9fff]{{0,12}})")
COUNT_WORD = re.compile(rf"(?:几|多少)大?[{MEASURES}]?")  # 几大类: a count of the kinds of the thing before
NUMERAL = r"(?:\d[\d.,]*|[一二三四五六七八九十百千万两]+)"
ANY_NUMBER = re.compile(r"\d[\d.,]*")  # a count of no particular kind: whole numbers (38, not 3 and 8)
MONEY_ASK = re.compile(r"多少亿|多少万元|多少钱|多少资金|多少经费|金额|花了多少|投入多少|how much money|amount|funding|\b(?:costs?|fees?|tuition|price|spen[dt]|budget)\b")
RATE_ASK = re.compile(r"比例|占比|覆盖率|百分之|率[^，。？?]{0,4}(?:多少|多高|几)|率达|\b(?:percentage|rates?|percent|ratio|proportion)\b")
ORDINAL_ASK = re.compile(r"第几|排第|排名|名次|which place|rank")
# 几个校区进展咋样, 挑几个说说, 几个要点列一下: a few, not a count
A_FEW = re.compile(r"(?<!多少)几[个所家项][\u4e00-\u9fff]{0,12}?(?:进展|怎么样|咋样|如何|情况|建得|搞得|列一下|列出来|说说|讲讲|安排|计划|打算"
                   r"|说一下|讲一下)|[挑举列说讲]几个"
                   r"|几[个项组条][\u4e00-\u9fff]{0,8}?的?(?:关键|主要|重要|核心|亮点|有用)?的?(?:数据|数字)")  # 列几个重要数字: a few figures
DURATION_ASK = re.compile(r"多长时间|多久|多少天|多少年|几年|多长的时间|多少时间")
# not 怎么回事 (that asks what it is); not 为+什么 after a verb that takes 为 (被列为什么, 更名为什么, 评为什么)
WHY_ASK = re.compile(r"(?<![列名称作成定认改选评视])(?:为什么|为啥|为何)|什么原因|啥原因|原因是|原因何在|是何原因")  # 列为啥: 列为 + 啥
# 比苏州大学多吗: the thing compared with, not a figure (比五万多 is bot/answer/yesno.py's)
COMPARED_WITH = re.compile(r"(?<![对相无])比(?![例较重赛如方分率值对照])(?P<x>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:的)?(?:还|更|要)?"
                           r"(?:多|少|高|低|大|小|快|慢|强|好|早|晚)(?:吗|么|呢|不|没|[？?]|吧|$|一些|一点)")
TIME_ASK = re.compile(r"什么时候|啥时候|何时|哪天|哪一天|几月|几号|哪一年|哪年|什么时间|when\b")
PERSON_ASK = re.compile(r"是谁|哪位|姓名|who\b|是哪(?:些|几位|几个|几名)(?:名师|老师|教师|专家|校长)(?![\u4e00-\u9fff]{0,2}(?:队伍|团队|编制))|(?:" + "|".join(column("person_names", "text", part="title", uses="ask"))
                        + r")[^，。？?]{0,6}(?:叫什么|名字|姓什么)")
ENTITY_ASK = re.compile(r"(哪[些几一]?[所个家位名座]?|分别是|是哪)(?:[\u4e00-\u9fff]{0,4})?("
                        + "|".join(column("name_kinds", asked="yes")) + ")")
NAMES_ASK = re.compile(r"哪[些几一]?[所家位名座类种个]|分别是|是哪些|叫什么|叫啥|啥名")
EN_COUNT_ASK = re.compile(r"how (?:many|much)|number of|what (?:percentage|proportion)")
EN_MONTHS = {m: i + 1 for i, m in enumerate("january february march april may june july august september october "
                                                "november december".split())}
RELATIVE_YEARS = {"去年": -1, "前年": -2, "明年": 1, "后年": 2, "今年": 0, "本年度": 0}
NUMERAL_START = re.compile(r"[\d一二两三四五六七八九十百千万亿半]")  # 比五万多, 比一半多: a figure compared with
ORDINAL_RX = re.compile(r"第([一二三四五六七八九十]+)(?!几)")
@dataclass
class Question:
    original: str
    text: str  # normalised, Simplified
    lang: str  # "zh" or "en"
    search_text: str  # text + the topic of a follow-up
    listed: str = ""  # the turn as written, a space between its phrases read as 、 (体育课 劳动课); "" once rewritten
    is_followup: bool = False
    stands_alone: bool = False  # a follow-up that asks its own whole question: the last turn only helps retrieval
    swapped_in: str = ""  # 那宜兴呢: the thing a follow-up put in place of the last question's
    part_kind: str | None = None  # "plan" / "done"
    part_strong: bool = False  # said outright: 上半年 / 下半年
    kind: str = "fact"  # fact / list / plan
    answer_rx: re.Pattern | None = None  # what a right answer must hold
    count_tail: str = ""  # the words after 多少/几 (多少名中小学教师 -> 中小学教师)
    count_measure: str = ""  # the measure word asked for (多少所 -> 所)
    count_head: str = ""  # the words before a bare 多少 (平均工资是多少 -> 平均工资是)
    asks_time: bool = False
    asks_why: bool = False  # 为什么/为啥: a cause or purpose is asked
    compared_with: str = ""  # 比苏州大学多吗 -> 苏州大学: another thing the answer must give a figure of too
    asks_person: bool = False
    asks_names: bool = False
    names_kind: str = ""  # the kind of name asked: 哪个小学 -> 小学
    excluded: list[str] = field(default_factory=list)  # 除了A和B还有哪些: A, B are not an answer
    per_unit: str = ""  # 平均每天几小时, 每人补多少: a figure per one of something, not a total
    part_of: str = ""  # 这些编制里小学占多少: one part of a whole the evidence must name
    years: list[str] = field(default_factory=list)
    relative_years: list[int] = field(default_factory=list)  # 去年 -> -1
    numbers: list[str] = field(default_factory=list)
    ordinals: list[str] = field(default_factory=list)
    months: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str, join_chinese: bool = True) -> str:
    """``' 全市新增幾所學校? '`` -> ``'全市新增几所学校？'``; ``join_chinese=False`` keeps a space
    between Chinese words (it may part two questions: 确定了几个 评上几个人)."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n")
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff5a" else c for c in text)
    text = _t2s().convert(text.strip())
    text = re.sub(r"\s+", " ", text)
    if join_chinese:
        text = join_words(text)
    return text.replace("?", "？") if is_cjk(text) else text


def join_words(text: str) -> str:
    """Spaces between Chinese words dropped (they part clauses, not words, once clauses are read)."""
    return CJK_SPACE.sub("", text)


CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


FACT_WH = re.compile(r"多少|几|哪|谁|什么时候|啥时候|多久|多长时间")  # asks a fact of a thing, not for a summary
COUNTED_THING = re.compile(rf"(?:多少|几)[{MEASURES}]?(?![{MEASURES}])(?!学生|老师|教师|学校|人)[\u4e00-\u9fff]")  # 多少节课: 课 is named


def is_followup(text: str, words: list[str], lang: str, before: list[str] = (), pos_of=None) -> bool:
    """Does the turn lean on the one ``before`` (its words)? ``总共有几家获评`` after a question on
    what an institution was rated names nothing new: it asks about that; so does a short fact question
    that names no thing but its people (覆盖多少学生, 查的是哪类学校)."""
    content = [w for w in words if w not in FILLER and len(w.strip("？?！!。，, ")) > 0]
    if before and lang == "zh" and pos_of and len(text) <= 12 and FACT_WH.search(text) and not has_topic(text, pos_of) \
            and not COUNTED_THING.search(text):
        return True
    if before and lang == "zh" and pos_of and len(text) <= 16 and ATTRIBUTE.search(text) and not has_topic(text, pos_of):
        return True  # 新名字叫啥, 靠啥机制运转: a property of the thing named before
    if before and lang == "zh" and pos_of and len(text) <= 16 and POINTER.search(text) and not has_topic(text, pos_of):
        return True  # 修这些得花几个钱: of the things named before
    own = [w for w in content if len(w) >= 2 and w not in QUESTION_FILLER and not COUNT_WORD.fullmatch(w)]
    if before and own and lang == "zh" and all(w in before or w in AUDIENCE for w in own) and COUNT_WORD.search(text):
        return True
    if lang == "en":
        return bool(FOLLOWUP_START.search(text)) and len(text.split()) <= 6
    if FOLLOWUP_START.search(text) and len(text) <= 14:
        return True
    if SWAP_THEN_ASK.match(text) or SWAP_ASK.match(text) and re.search(r"呢[？?。!！]*$", text):
        return True  # 银牌呢，拿了几块 / 某大学某校区呢: another thing, asked as the last one
    if FOLLOWUP_MARK.search(text) and len(text) <= 16:
        return True
    m = FOLLOWUP_ANAPHOR.search(text)
    if m and len(text) <= 20 and not has_topic(text[:m.start()]):  # 后面这方面咋安排, not 体育这块还有啥
        return True
    # 一共几所: nothing but a count
    if not [w for w in content if len(w) >= 2 and w not in QUESTION_FILLER and not COUNT_WORD.fullmatch(w)]:
        return True
    return len(content) == 0 or (FOLLOWUP_END.search(text) is not None and len(content) <= 1 and len(text) <= 10)


SWAP_ASK = re.compile(r"^(?:那么?|那个|还有|另外)?(?P<x>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:的)?(?:呢|怎么样|如何|情况呢)?[？?。!！]*$")


def swap_slot(prev: str, text: str, words_of) -> str | None:
    """A follow-up that swaps one thing of the last question for another: the last question with it swapped.

    ``swap_slot("下半年学前教育有什么安排", "那义务教育呢？")`` -> ``"下半年义务教育有什么安排"``;
    the slot is the word of the last question that ends like the new one (…教育, …高中, 市级/省级) or is
    a place where the new one is a place; with no such word the new thing is put before the last question
    (那江阴呢 -> 江阴 + the last question), so every rule reads the whole question.
    None when the turn is not of this shape (那下半年呢 is a change of period, read as before).
    """
    m = SWAP_THEN_ASK.match(text.strip()) or SWAP_ASK.match(text.strip())
    if not m or part_kind(m.group("x") if m.re is SWAP_THEN_ASK else text, "zh") is not None:
        return None
    x = m.group("x")
    if m.re is SWAP_THEN_ASK and (ask := text.strip()[m.end("x"):].lstrip("的呢，,？? ")) and OWN_ASK.search(ask):
        return x + ask  # 滨江学院呢？最近怎么样: a question of its own about X, not the last one swapped
    if (area := re.fullmatch(r"(?P<t>[\u4e00-\u9fff]{2,8}?)(?:方面|这块|这一块|领域)", x)):  # 那体育方面呢: another area
        old = re.sub("|".join(STRONG_CUES), "", topic_before(prev))
        return prev.replace(old, area.group("t"), 1) if old and old in prev else None
    if (year := re.fullmatch(r"((?:19|20)\d{2})年?", x)) and YEAR_RX.search(prev):
        return YEAR_RX.sub(year.group(1) + "年", prev, count=1)  # 那N年的呢: the same question for that year
    if x in FILLER or any(c in x for c in "多少几什么哪谁怎"):
        return None
    xs = words_of(x)
    words = [w for w in words_of(prev) if len(w) >= 2 and w not in FILLER]
    if SCHOOL_NAME.fullmatch(x) and (name := school_named(prev)):  # 那乙中学呢 after 甲高中…
        owner = name[:-len(x)] if len(name) > len(x) and name[-2:] == x[-2:] else ""
        if OWNER.search(owner):  # B校区呢 after 某大学A校区…: the same owner's other campus
            return prev.replace(name, owner + x, 1)
        return prev.replace(name, x, 1) if name != x else None
    if (counted := COUNTED_TAIL.search(prev)) and counted.group("tail")[-1] == x[-1] and counted.group("tail") != x:
        return prev.replace(counted.group("tail"), x, 1)  # X示范校呢 after 评上了几所Y学校: the thing counted
    if len(xs) > 1 and FACET_WORD.search(xs[-1]):  # 那高中的达标率呢 after 幼儿园的覆盖率呢
        facet = next((w for w in words if FACET_WORD.search(w) and w[-1] == xs[-1][-1] and w != xs[-1]), None)
        if facet:  # another thing's figure of the same kind: the thing and its figure swapped together
            return x + prev[prev.find(facet) + len(facet):]
    if len(x) <= 4 and "的" not in x and FACET_WORD.search(x) and x not in prev and (wh := re.search(r"多少|几", prev)):
        head = words_of(prev[:wh.start()])  # 借阅量呢 after 图书馆借出了多少本: that thing's other figure
        while head and len(head[-1]) == 1:
            head.pop()  # 录了: the verb of the count, not of the new figure
        return f"{''.join(head)}的{x}是多少" if head else None
    if len(xs) > 1:  # 银牌铜牌 for 金牌: things of one head, together in its place
        heads = [w for w in words if len(w) == 2 and all(len(y) == 2 and y[-1] == w[-1] and y != w for y in xs)]
        return prev.replace(heads[0], x, 1) if heads else None  # anything else is read as before
    for w in words:
        if w == x:
            return None  # nothing swapped
        common = len(os.path.commonprefix([w[::-1], x[::-1]]))
        if common >= 2 or (common == 1 and len(w) == len(x) == 2):  # the same head: 金牌/银牌, 市级/省级
            owner = w[:-len(x)] if len(w) > len(x) else ""
            if OWNER.search(owner):  # B校区呢 after 某大学A校区…: the same owner's other campus
                return prev.replace(w, owner + x, 1)
            return prev.replace(w, x, 1)
    places = [w for w in words if PLACE_WORD.fullmatch(w)]
    if places and PLACE_WORD.fullmatch(x + "市") or places and PLACE_WORD.fullmatch(x):
        one = "|".join(map(re.escape, places))  # 甲区、乙区的…呢 -> 丙县: the places listed go together
        run = re.search(f"(?:{one})(?:[、和与及跟](?:{one}))*", prev)
        return prev.replace(run.group(0), x, 1)
    return f"{x}{prev}"


FACET_WORD = re.compile(r"(?:率|比例|占比|金额|人数|数量|[^数]量)$")  # a figure of a thing (覆盖率, 达标率, 访问量)
OWN_ASK = re.compile(r"进展|情况|怎么样|咋样|如何|安排|举措|动作|做了什么|做了啥|干了啥|干了什么|变化|有什么新")  # a topic asked anew
COUNTED_TAIL = re.compile(r"(?:几|多少)[所个家项名位块]?(?P<tail>[\u4e00-\u9fff]{2,12}?)[？?。]*$")  # 新增了几所X: X is counted
OWNER = re.compile(r"(?:大学|学院|学校|中学|高中)$")  # the owner in 江南大学宜兴校区: a part of it is swapped, not it


# 银牌呢，拿了几块: the thing swapped in, then the question asked again in other words
SWAP_THEN_ASK = re.compile(r"^(?:那么?|那个|还有|另外)?(?P<x>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:的)?呢[，,\s]*"
                           r"(?=[^，。]{0,10}(?:多少|几|什么|啥|哪|吗|怎么|如何))[^，。]{1,10}[？?]*$")
PERIOD_ONLY = re.compile(r"^(?:那么?|那|还有)?(?P<cue>[\u4e00-\u9fff]{2,4}?)(?:的)?(?:呢|怎么样|如何|情况呢|咋样|又如何)[？?。!！]*$")


def swap_period(prev: str, text: str, cue_kind: str) -> str | None:
    """那下半年呢 after 上半年X做了啥: the last question with its period swapped (下半年X做了啥), so it is
    read as a whole question; None when the turn says more than a period."""
    m = PERIOD_ONLY.match(text.strip())
    if not m or part_kind(m.group("cue"), "zh") != cue_kind or m.group("cue") not in STRONG_CUES:
        return None
    cue = m.group("cue")
    old = next((c for c in STRONG_CUES if c in prev), None)
    return prev.replace(old, cue, 1) if old else None  # no period to swap: read as before


def asks_anew(text: str, before: list[str], words_of, pos_of=None) -> bool:
    """那图书馆新建了几个 after a question on 食堂 [invented]: after 那 a whole question (a thing, what is
    done to it, an asking word) on a thing the last turn did not name; the last turn adds nothing to it.
    那图书馆呢 (nothing asked but 呢) and 那新建了几个 (no thing of its own) lean on the last turn."""
    m = re.match(r"^(?:那么?|那个|又|另外)(?P<rest>[^呢]{6,})$", text.strip("？?。 "))  # 又派了多少X去Y: anew
    if not m or pos_of is None or not FACT_WH.search(m.group("rest")) or POINTS_BACK.match(m.group("rest")):
        return False
    words = pos_of(m.group("rest"))
    ask = next((i for i, (w, _) in enumerate(words) if FACT_WH.search(w)), len(words))
    verb = max((i for i, (_, f) in enumerate(words[:ask]) if f.startswith("v") and f != "vn"), default=None)
    thing = lambda ws: any(f.startswith(("n", "j", "x")) and f != "vn" and len(w) >= 2 and w not in AUDIENCE  # noqa: E731
                           and w not in LEAD_ADVERBS for w, f in ws)
    counted = ask < len(words) and re.search(r"多少|几", words[ask][0]) and thing(words[ask + 1:])
    if not (verb is not None and thing(words[:verb]) or counted):  # 派了多少志愿者: the thing counted after it
        return False  # 那一共惠及多少户 / 那每个馆分到…: no thing of its own before what is done to it
    own = [w for w in words_of(m.group("rest")) if len(w) >= 2 and w not in QUESTION_FILLER and not COUNT_WORD.fullmatch(w)]
    return len(own) >= 2 and not any(w in before for w in own)


LEAD_ADVERBS = {"一共", "总共", "共", "大概", "大约", "到底", "究竟", "还", "又", "也"}  # jieba tags some as j
POINTS_BACK = re.compile(r"^(?:里面|其中|这|它|其|该|上述|以上)")  # 那其中女生占几成: of the thing before


OWN_AREA = re.compile(r"^(?:那么?|那个|还有|另外)?(?P<t>[\u4e00-\u9fff]{2,8}?)(?:这块|这一块|这方面|方面|领域)(?=[^呢？?]+)")
PLACE_WORD = re.compile(r"[\u4e00-\u9fff]{2,3}(?:市|区|县)|无锡|江阴|宜兴|梁溪|锡山|惠山|滨湖|新吴|南京|苏州|常州|上海")


def analyse(question: str, history: list[str], words_of, depth: int = 0, pos_of=None) -> Question:
    """``words_of`` cuts Chinese text into words (the index's jieba tokenizer).

    Each turn is first cut to its ``question_part``: no turn costs more than FOCUS_CHARS to read.
    """
    spaced = question_part(normalise(question, join_chinese=False), pos_of=pos_of)
    text = join_words(spaced)
    lang = "zh" if is_cjk(text) else "en"
    q = Question(original=question, text=text, lang=lang, search_text=text)
    prev = [join_words(question_part(normalise(h, join_chinese=False), pos_of=pos_of)) for h in history if h and h.strip()]
    if len(prev) >= 2 and depth < 3:  # 那江南大学呢 after …, 那南理工呢: the last turn as it was read
        last = analyse(prev[-1], prev[:-1], words_of, depth + 1, pos_of)
        if last.is_followup and last.text != prev[-1]:
            prev[-1] = last.text
        elif last.is_followup:  # 覆盖多少学生 after 网课搞了多久: the last turn with the topic it borrowed
            prev[-1] = last.search_text.strip()
    if prev and is_followup(text, words_of(text) if lang == "zh" else text.split(), lang,
                            words_of(prev[-1]) if lang == "zh" else (), pos_of):
        q.is_followup = True
        topic = prev[-1]
        own = part_kind(text, lang)
        if own is not None:  # "那下半年呢": the new time frame replaces the old one
            topic = strip_cues(topic)
        q.search_text = f"{topic} {text}"
        q.part_kind = own or part_kind(prev[-1], "zh" if is_cjk(prev[-1]) else "en")
        if lang == "zh" and own is not None and (period := swap_period(prev[-1], text, own)):
            q.text = q.search_text = period  # the whole last question, for its new period
        if lang == "zh" and (swapped := swap_slot(prev[-1], text, words_of)):
            q.text = q.search_text = swapped  # 那Y呢 after X下半年的安排: the whole question, swapped
            x = (SWAP_THEN_ASK.match(text.strip()) or SWAP_ASK.match(text.strip())).group("x")
            # a year is the year rule's; a thing with its figure (高中的达标率) the figure rules'
            q.swapped_in = "" if re.fullmatch(r"(?:19|20)\d{2}年?", x) or FACET_WORD.search(x) else x
        if q.text == text and (area := OWN_AREA.match(text)) and has_topic(area.group("t"), pos_of):
            q.search_text = text  # 那食堂这块后面咋弄: its own topic, asked as the last one was
        elif q.text == text and lang == "zh" and asks_anew(text, words_of(prev[-1]), words_of, pos_of):
            q.stands_alone = True  # 那X评上了几家 after a question on Y: its own words are what a sentence must hold
    else:
        q.part_kind = part_kind(text, lang)
    if q.part_kind is None and prev and item_asked(text):  # 第四项 after 上半年有哪几块工作: of that half
        q.part_kind = part_kind(prev[-1], "zh" if is_cjk(prev[-1]) else "en")
    scope = q.search_text
    asked = f"{prev[-1]} {text}" if q.is_followup else text  # before the old time frame was stripped
    broad = PLAN_ASK_RX.search(asked.lower()) or (q.is_followup and BROAD_ASK_RX.search(asked.lower()))
    if q.part_kind == "plan" and broad and not re.search(r"多少|(?<!哪)几", text):
        q.kind = "plan"
    elif LIST_RX.search(scope.lower()) and not PLAN_ASK_RX.search(scope.lower()):
        q.kind = "list"
    elif LIST_RX.search(scope.lower()):
        q.kind = "list"
    q.part_strong = any(c in f"{text} {prev[-1] if q.is_followup else ''}".lower() for c in STRONG_CUES)
    read_asks(q)
    q.years = YEAR_RX.findall(text)
    q.numbers = [n for n in NUMBER_RX.findall(YEAR_RX.sub(" ", text))]
    q.relative_years = [v for k, v in RELATIVE_YEARS.items() if k in text]
    q.ordinals = ["第" + o for o in ORDINAL_RX.findall(text)]
    q.listed = CJK_SPACE.sub("、", spaced) if q.text == text else ""  # 体育课 劳动课: two things joined
    if lang == "en":  # "in September": the evidence must say 9月
        q.months = [f"{EN_MONTHS[w]}月" for w in re.findall(r"[a-z]+", text.lower()) if w in EN_MONTHS and w != "may"]
    return q


def read_asks(q: Question) -> None:
    """What the answer must hold: ``多少名中小学教师`` -> a count in 名/人 of 教师."""
    text = q.text.lower()
    if ORDINAL_ASK.search(text):
        q.answer_rx = re.compile(rf"第{NUMERAL}|{NUMERAL}名")
    elif DURATION_ASK.search(text):  # 要去多长时间: a length of time, not a count
        q.answer_rx = re.compile(rf"{NUMERAL}\s*[多余]?\s*个?(?:年|月|周|天|日|学期|星期|小时)")
    elif (money := MONEY_ASK.search(text)) is not None:
        q.count_head = _clause_before(text, money.start())  # 学费多少钱: the money of 学费
        q.answer_rx = re.compile(rf"{NUMERAL}\s*(?:万元|亿元|元|亿(?!人|[{MEASURES}]))")  # 2亿人次 is no sum
    elif RATE_ASK.search(text):
        q.answer_rx = re.compile(r"\d[\d.]*\s*%")
    elif (m := COUNT_ASK.search(text)) is not None and not A_FEW.search(text):
        measure, tail = m.group(2) or "", m.group(3) or ""
        unit = MEASURE_ALTS.get(measure, measure)
        q.count_measure = measure
        q.answer_rx = re.compile(rf"(?<!每){NUMERAL}\s*多?\s*(?:万|亿)?(?:{unit})") if unit else ANY_NUMBER  # 每一所: no count
        # 多少个在建项目: 在 starts the noun; 多少位家长参与了: 与 of 参与 joins nothing
        q.count_tail = re.split(r"(?<=.)(?<![参给])[的了呢吗啊呀是有在和与]", tail)[0]
        q.count_head = _clause_before(text, m.start())
    elif (m := re.search(r"人数|数量|总数|规模多大", text)) is not None:
        q.answer_rx = ANY_NUMBER
        q.count_head = _clause_before(text, m.start())
    elif EN_COUNT_ASK.search(text):
        # a figure with its measure word (12所, 2亿人次, 86%), not a year or a title's number (《…2035》)
        q.answer_rx = re.compile(rf"\d[\d.,]*\s*[多余]?\s*(?:万|亿)?\s*(?:人次|万元|亿元|元|%|[{MEASURES}])")
    q.asks_time = bool(TIME_ASK.search(text))
    q.asks_why = bool(WHY_ASK.search(text))
    if (m := COMPARED_WITH.search(text)) and not NUMERAL_START.match(m.group("x")):
        q.compared_with = m.group("x")
    q.asks_person = bool(PERSON_ASK.search(text))
    entity = ENTITY_ASK.search(text)
    q.asks_names = bool(entity or NAMES_ASK.search(text)) or q.asks_person
    q.excluded, q.per_unit, q.part_of = excluded(text), per_unit(text), part_of(text)
    q.names_kind = entity.group(2) if entity else ("学校" if re.search(r"哪[几一]?所", text) else "")  # 所 counts schools


def _clause_before(text: str, end: int) -> str:
    """The question's words from the start of its clause up to ``end``."""
    return re.split(r"[，,；;。？?！!]", text[:end])[-1]
