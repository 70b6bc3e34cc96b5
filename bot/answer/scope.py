"""The scope a question asks about, and what the report's structure gives for it.

A work report is parts (一、上半年…, 二、下半年…), each of items (一是…), each of sentences.
A question is answered at the scope it asks about:

- report (总结一下 / 主要讲了什么): every part with its items' headings;
- part (上半年有哪些成果 / 下半年的重点是什么): every item of that part, heading + its most
  representative sentence;
- topic (X方面有什么举措 / 情况怎么样 / 做了啥): the few most relevant, non-redundant sentences
  about X, from both halves unless one is named;
- preface (报告开头怎么说的, 导语): the sentences before the first part, the report's own summing-up;
- None: a fact, answered by one sentence elsewhere.

    scope_of("概括一下上半年做的工作", [])        -> "part"
    scope_of("特殊教育这块有什么动作", ["特殊教育"]) -> "topic"

Pure: units are anything with ``section_id``, ``heading``, ``text``, ``is_heading``, ``start``.
"""
from __future__ import annotations

import re

from ..lang.forms import ASKING as _FORM_ASKING, WH as _WH
from ..lang.question import A_FEW, BOTH_HALVES

NO_ASK_CHECK = lambda text: (_FORM_ASKING.search(text) or _WH.search(text)  # noqa: E731 - any asking at all
                              or re.search(r"吗|呢|[？?]|还是|干嘛|干吗|多大|多高|多长|多久|多远", text))
from ..lang.text import PLACE_NAME
from ..lang.question import item_asked
from ..lang.slices import asks_shortcoming, finer_period, states_shortcoming
from .topic import (AUDIENCE, GENERIC, _head_share, _names, conjuncts, in_names_only, joined_text,  # noqa: F401 - re-exported
                    lead_and_figures, non_redundant, specific_bridges, topic_hits, topic_support)
from .outline import (distinction_asked, distinction_hits, doc_of, document_hits, highlight_hits, item_hits,
                      outline_count, structure_hits)
from ..lang.vocab import column



def _cues(asks: str) -> re.Pattern:
    return re.compile("|".join(column("summary_cues", "pattern", asks=asks)))


REPORT_ASK = _cues("report")
PART_ASK = _cues("part")
TOPIC_ASK = _cues("topic")
PRESENT_ASK = _cues("present")  # 分几块说 / 列一下: the form of the answer, a summary when no topic is named
HALF_WORDS = {"上半年": "done", "前半年": "done", "下半年": "plan", "后半年": "plan", "接下来": "plan", "下一步": "plan",
              "今后": "plan", "以后": "plan", "将来": "plan", "计划": "plan", "打算": "plan", "准备": "plan",
              "后面": "plan", "后续": "plan", "往后": "plan"}  # 后面准备搞什么: later in the year (general usage)
LATER = re.compile(r"接下来|下一步|后面|后续|往后|今后")  # 后面准备搞什么: only the plan can say what comes later
COUNT_OF_PARTS = re.compile(r"(?<!哪)几个?大?(?:方面|部分|块|板块|项|条)|多少(?:个)?(?:方面|部分|板块|项|条)")  # 分成几大块: a count of the outline
# the report's documents asked for, by the genre words of their titles (出了哪些规定制度, 准备出台哪些文件)
DOC_ASK = re.compile(r"(?:出台|出了|出|制定|制订|印发|发布|颁布|下发)了?(?:哪些|什么|啥|些什么|些啥)(?:新的?)?(?:文件|规定|制度|办法|规范|方案|政策|规章)"
                     r"|(?:出台|制定|制订|印发|发布|颁布|下发)的?[^，。？?]{0,10}?(?:文件|规定|制度|办法|规范|方案|政策|规章)(?:都|一共)?(?:有哪些|有啥|是哪些)")  # 新出台的文件有哪些
DOC_GENRES = {"文件", "规定", "制度", "办法", "规范", "方案", "政策", "规章", "规章制度", "意见", "通知", "出台", "制定", "印发", "发布",
              "管理", "管理办法", "规范性", "规范性文件", "新"}  # 管理办法、规范性文件: genre phrases cut in two
# the results that stand out asked for (general usage): 亮点, 拿得出手, 亮眼, 领先, 硬数字/关键数据
HIGHLIGHT_ASK = re.compile(r"亮点|拿得出手|亮眼|出彩|突出|领先|标志性|硬数字|硬数据|关键数[字据]|重要数[字据]|核心数[字据]")
RESULTS_ASK = re.compile(r"成绩|成果|亮点|数据|数字|成效")  # results asked: an item's figures show them
OVERALL = re.compile(r"总体|整体|总的来说|总的来看|总的情况|一句话|一两句话|几句话|总结|概括|大体|总括")  # the whole of a half
AREA_MARK = re.compile(r"这块|这一块|这方面|那块|那一块|那方面|方面|领域")  # 体育这块: the words before name an area of work
# the report's opening asked (general usage of documents): 报告开头说了啥, 导语讲的什么; the words that may go with it
PREFACE_ASK = re.compile(r"(?:报告|文章|材料|全文|总结|文件|这份|这篇|通篇)[^，。？?\s]{0,3}?(?:开头|开篇|最前面|第一段)"
                         r"|导语|前言|引言|开场白")
# the opening named as where a fact is (开头那段提出要建设什么, 报告开头说了哪两件事): the fact is looked for there first
PREFACE_PLACE = re.compile(PREFACE_ASK.pattern + r"|^(?:报告|文件|材料|总结)?(?:的)?开头|开头(?:那|这)?一?(?:段|部分)")
PREFACE_FRAME = re.compile(r"说法|内容|意思|部分|段落?|话|总体|整体|进展|评价|看法|定性|结论|基调|判断")  # 开头怎么评价的: its verdict


def topic_words(content_words: list[str]) -> list[str]:
    """The question's words that name a topic (not the report, a period or an asking word)."""
    return [w for w in content_words if w not in GENERIC and not any(g == w for g in HALF_WORDS)]


def half_asked(text: str) -> str | None:
    """"done" (上半年), "plan" (下半年/接下来/计划), or None: the part a summary asks about."""
    if BOTH_HALVES.search(text):  # 上下半年都总结下: both
        return None
    found = {kind for word, kind in HALF_WORDS.items() if word in text}
    return found.pop() if len(found) == 1 else None


FACT_ASK = re.compile(r"叫什么|什么名|叫啥|啥名|名字是|哪[一所家位年天]|哪个(?!方面)|哪几(?!个?(?:方面|块|部分|板块|大块))"
                      r"|哪些(?!工作|方面|计划|安排|举措|措施|成绩|成果|成效|进展|亮点|重点|任务|政策|活动|上半年|下半年|上下半年|全年|包括|都|也)(?=[\u4e00-\u9fff])|是谁|多少|几[个所名项人次年月天周块节条]|什么时候|何时|多久|多长|哪天|几号")


def scope_of(text: str, topic: list[str], asks_figure: bool = False) -> str | None:
    """report / part / topic, or None for a fact question (see the module's docstring).

    ``topic``: the words naming what is asked about (``topic_of``); ``asks_figure``: a yes/no or a
    多少 question, a fact whatever words of a summary it holds, unless it asks for the whole report
    or for an answer's form with no topic (分几块说说上半年的工作).
    """
    if item_asked(text) and not topic:
        return "item"  # 第四项展开说说: one item of the outline by its number
    if PREFACE_ASK.search(text) and all(PREFACE_FRAME.fullmatch(w) for w in topic):
        return "preface"  # 报告开头怎么说的: the preamble before the first part
    if not asks_figure and distinction_asked(text, topic):
        return "distinction"  # 得了哪些国字号称号, 哪些做法全省率先: the sentences that carry it
    if DOC_ASK.search(text) and not [w for w in topic if w not in DOC_GENRES]:
        return "documents"  # 上半年都出了哪些规定制度: the report's 《titles》, no topic named
    if COUNT_OF_PARTS.search(text) and (REPORT_ASK.search(text) or PART_ASK.search(text) or not topic):
        asks_figure = False  # 分成几大块, 一共讲了几方面: a count of the report's outline, answered by the outline
    if topic and FACT_ASK.search(text) and not A_FEW.search(text):  # 几个校区进展咋样: a few, not a count
        return None
    if asks_figure and not REPORT_ASK.search(text) and (topic or not PRESENT_ASK.search(text)):
        return None
    summary = REPORT_ASK.search(text) or PART_ASK.search(text) or PRESENT_ASK.search(text)
    if not topic and (summary or TOPIC_ASK.search(text) or COUNT_OF_PARTS.search(text) or (half_asked(text) or OVERALL.search(text))
                      and _WH.search(text) and not compares(text)):
        # 下半年主攻方向是什么, 上半年忙了些什么: a half named, nothing else, something asked: the half as a whole;
        # 整体上主打什么: the whole, with the report's own summing-up
        return "part" if half_asked(text) else "report"
    if topic and (TOPIC_ASK.search(text) or REPORT_ASK.search(text) or PART_ASK.search(text)):
        return "topic"
    if topic and PRESENT_ASK.search(text) and (BOTH_HALVES.search(text) or AREA_MARK.search(text)):
        return "topic"  # 某某这块两个半年各讲讲: a topic to be told about, not a fact
    if topic and not asks_figure and not NO_ASK_CHECK(text):  # 某某服务: a topic named, nothing asked
        return "topic"
    return None


# a bureau's own name after its place (某区教育局, 某县教体局; general usage of Chinese government names)
BUREAU = re.compile(r"(?:的)?(?:教育局|教育部门|教委|教体局|教育体育局)")


# a place's own education work (某县本年度教育系统的亮点): that place's report, as its bureau's
PLACE_WORK = re.compile(r"(?P<p>[\u4e00-\u9fff]{2,4}?[区县])(?:今年|这半年|上半年|下半年|全年|这一年)?的?教育(?:工作|系统)(?=的?(?:重点|主要|总体|整体|情况|成绩|亮点|计划|打算|安排))")


def other_bureau(text: str, lib) -> str:
    """The bureau a question names by a place that authored no document (the place is in no
    document's metadata): 某县教体局这半年的工作 [invented] asks for that bureau's report, not this one;
    so does a place's own education work (某县教育系统的成绩)."""
    if (own := PLACE_WORK.search(text)) and not any(own.group("p") in meta for meta in lib.meta_text.values()):
        return own.group("p") + "教育"
    m = BUREAU.search(text)
    if not m:
        return ""
    words = lib.tokenizer.pos(text[:m.start()])
    place = words[-1][0] if words else ""
    tags = lib.tokenizer.dict_tags()
    if not (PLACE_NAME.fullmatch(place) or tags.get(place) == "ns"):
        return ""  # 全年教育局, 教育局: no place before it
    return "" if any(place in meta for meta in lib.meta_text.values()) else place + m.group(0).lstrip("的")


def compares(text: str) -> bool:
    """和往年相比有哪些提高: a comparison with another period, which no half's items answer."""
    from .checks import PERIOD_COMPARE

    return bool(PERIOD_COMPARE.search(text))


# jieba tags of words that name no thing: pronoun, classifier, numeral, adverb, conjunction,
# preposition, particles, modal, distinguishing word, adjective (整个, 简单, 几块, 咋样)
FUNCTION_TAGS = ("r", "q", "m", "d", "c", "p", "u", "y", "b", "e", "o", "a", "z")


def names_a_topic(word: str, lib) -> bool:
    """Does the word name something asked about? The report's word, or a bridge to one, does; a
    function word of the dictionary does not, nor a guess of jieba's HMM that holds a pronoun,
    classifier or particle (列个, 干些, 我列: pieces of 列个清单, 干些啥, 给我列一下) or starts with a
    locative (里分: 报告里 + 分了几块)."""
    if lib.in_corpus(word):
        return True
    from .unsaid import doing_a_bit

    if doing_a_bit(word, lib):
        return False  # 干点啥: a doing, a little of it
    tags = lib.tokenizer.dict_tags()
    tag = tags.get(word)
    if tag is not None:
        return not (tag.startswith(FUNCTION_TAGS) and not tag.startswith(("an", "vn")))
    # a guess that starts with a locative is the end of the noun before it run into a verb (报告里|分了)
    return not any(tags.get(c, "").startswith(("r", "q", "u", "y")) for c in word) and tags.get(word[0]) != "f"


def cue_words(text: str) -> list[str]:
    """The summary cues in the text (太长不看, 汇总一下): a word inside one asks, it names no topic."""
    return [m.group(0) for rx in (REPORT_ASK, PART_ASK, PRESENT_ASK) for m in rx.finditer(text)]


HOW_FUSED = re.compile(r"(?:怎么|怎样|咋|如何)[\u4e00-\u9fff]$")  # 怎么弄, 咋搞: jieba's one word for asking how, no topic


def topic_of(text: str, content_words: list[str], lib) -> list[str]:
    """The question's words that name its topic: not the report, a period or an asking word, not
    part of a summary cue (太长不看), and a word that names a thing."""
    cues = cue_words(text)
    words = [w for w in topic_words(content_words) if names_a_topic(w, lib) and not any(w in c for c in cues)
             and not is_domain(w, lib) and not HOW_FUSED.match(w)]
    # 给老师减负 / 为学生办了什么: about 减负, the people after 给/为 say for whom (教师编制 stays one thing)
    whom = [w for w in words if w in AUDIENCE and re.search(f"(?:给|为|替|帮|对)(?:广大|全市)?{w}", text)]
    what = [w for w in words if w not in whom]
    marked = [w for w in what if re.search(re.escape(w) + r"(?:这块|这一块|这方面|方面|的事)", text)]  # 老师这块
    if cues and all(w in AUDIENCE for w in what) and not marked:  # 讲讲下半年的计划，我要转给家长: for the parents
        return []
    if (m := UMBRELLA.search(text)) and (under := [w for w in what if w in m.group("x")]):
        return under  # 书法、围棋这些兴趣课方面: the things listed are examples of the one named after them
    return what or words


def is_domain(word: str, lib) -> bool:
    """Is the word the corpus's own subject or place (某市教育这半年成绩如何: the city, 教育), named in every
    document's title and metadata?"""
    metas = list(lib.meta_text.values())
    return bool(metas) and all(word in m for m in metas)


# 甲、乙这些X / 从甲到乙这段X / 甲和乙等X: X names the whole the things listed belong to (general usage)
UMBRELLA = re.compile(r"(?:这些|这类|这几类|这几块|这段|这一段|等)(?P<x>[\u4e00-\u9fff]{2,8}?)(?=方面|这块|这一块|工作|领域|[，,\s]|上半年|下半年|的|$)")


def choose_scope(a, ev, scope: str):
    """The Verdict for a report, part or topic question; None when the scope gives nothing (fact path)."""
    from ..evidence import Hit
    from ..thresholds import SUPPORT_WEIGHT
    from .choose import Verdict, _candidates
    from .rules import check

    lib = ev.library
    half = half_asked(a.q.text)
    if scope == "distinction":
        hits = distinction_hits(ev, half, Hit, distinction_asked(a.q.text))
        return Verdict(False, hits, scope="part", rule="scope:distinction") if hits else None
    if scope == "documents":
        hits = document_hits(ev, half, Hit)
        return Verdict(False, hits, scope=scope, rule="scope:documents") if hits else None
    if scope == "preface":
        doc = doc_of(ev)
        hits = [Hit(i, u, 0.0, 0.0, 0.0, 0.0) for i, u in enumerate(lib.units)
                if u.doc == doc and not u.part and not u.is_heading]
        return Verdict(False, hits, scope="topic", rule="scope:preface") if hits else \
            Verdict(True, ev.hits, "报告没有开头的导语，正文直接从第一部分开始", "no preface")
    if scope == "item":
        hits, reason = item_hits(ev, item_asked(a.q.text), half or a.q.part_kind, Hit)
        return Verdict(False, hits, scope="topic", rule="scope:item") if hits else Verdict(True, [], reason, "no-such-item")
    if scope in ("report", "part"):
        doc = doc_of(ev)
        year = lib.doc_year.get(doc) if doc else None
        if asks_shortcoming(a.q.text) and not any(states_shortcoming(u.text) for u in lib.units if u.doc == doc):
            return Verdict(True, ev.hits, "报告没有说明未完成的工作或存在的不足", "no shortcoming said", scope=scope)
        if a.q.years and year and str(year) not in a.q.years:  # 概括2018年的工作: another year's report
            return Verdict(True, ev.hits, f"{'、'.join(a.q.years)} 年不是本报告的年份", "other-year", scope=scope)
        if (finer := finer_period(a.q.text)) and not lib.in_corpus(finer.lstrip("第")):  # 第三季度干了啥
            return Verdict(True, ev.hits, f"报告按上半年、下半年讲，没有分{finer}的内容", "finer period", scope=scope)
        if HIGHLIGHT_ASK.search(a.q.text) and not COUNT_OF_PARTS.search(a.q.text):
            hits = highlight_hits(ev, half if scope == "part" else None, Hit, bool(re.search(r"数字|数据", a.q.text)))
            return Verdict(False, hits, scope="part", rule="scope:highlights") if hits else None  # sentences, not headings
        hits = structure_hits(ev, scope, half if scope == "part" else None, Hit, bool(RESULTS_ASK.search(a.q.text)),
                              bool(OVERALL.search(a.q.text)) and not COUNT_OF_PARTS.search(a.q.text))
        lead = outline_count(lib.docs.get(doc or ""), scope, half) if COUNT_OF_PARTS.search(a.q.text) else ""
        return Verdict(False, hits, scope=scope, rule=f"scope:{scope}", lead=lead) if hits else None
    from .unsaid import uncovered
    from ..thresholds import RARE_DOING
    from .yesno import never_said

    # a thing never named refuses outright unless an everyday word of the question is bridged to the report's
    # (放学后去的辅导班: 辅导班 is 校外培训机构, 放学 only says when); then it weighs in topic_support
    if (other := other_bureau(a.q.text, lib)):  # 某县教体局的工作: that bureau's own work, not in this report
        return Verdict(True, ev.hits, f"{other} 的工作不在本报告中", "another bureau", scope=scope)
    missing = uncovered(a, lib) or (never_said(a, lib, RARE_DOING) if not specific_bridges(a) else [])
    groups = conjuncts(a.q.text, a.topic)  # 午餐服务 中午配餐: a space may restate, not join
    if missing and len(groups) > 1 and any(not set(g) & set(missing) for g in groups):
        missing = []  # 老年教育和社区教育方面: one of the things joined is the report's; answer that one
    checks = {h.idx: check(a, h, lib) for h in ev.hits}
    ranked = sorted(ev.hits, key=lambda h: (bool(checks[h.idx].hard), -(h.score + SUPPORT_WEIGHT * checks[h.idx].support)))
    seen = _candidates(ranked, checks)
    if missing:
        return Verdict(True, ev.hits, "、".join(missing) + " 不在报告中", "topic-not-in-report", seen, scope=scope)
    hits = topic_hits(a, ev, ranked, checks, half if a.q.part_strong or LATER.search(a.q.text) else None)
    if not hits:
        return Verdict(True, ev.hits, "no sentence holds the topic", "topic-not-covered", seen, scope=scope)
    if WHOLE_REPORT.search(a.q.text):  # 全文怎么写的: the opening's word on it too
        hits = opening_on(a.topic, lib, doc_of(ev), Hit, hits) + hits
    if (doing := manner_unsaid(a.q.text, [f"{h.unit.heading} {h.unit.text}" for h in hits], lib)):  # 重点突破: its item's
        return Verdict(True, hits, f"报告没有说明怎么{doing}", "manner not said", seen, scope=scope, related=True)
    return Verdict(False, hits, candidates=seen, scope=scope, rule=f"scope:{scope}")


# the whole report asked of, not a half or an item (general usage): 整个报告/全文/通篇是怎么说的
WHOLE_REPORT = re.compile(r"整个报告|整篇|全篇|全文|通篇|报告全文|整份")


def opening_on(topic: list[str], lib, doc, Hit, have) -> list:
    """The opening's sentences that name a word of the topic, not already among ``have``."""
    taken = {h.idx for h in have}
    return [Hit(i, u, 0.0, 0.0, 0.0, 0.0) for i, u in enumerate(lib.units)
            if u.doc == doc and not u.part and not u.is_heading and i not in taken and any(w in u.text for w in topic)]


GENERIC_DOINGS = set(column("generic_doings"))  # 怎么安排, 如何推进: what is done, which the sentences on it say
# how a doing is done asked (怎么分配的, 如何评选): general usage; the doing is the two characters after
MANNER_ASK = re.compile(r"(?:怎么|如何|怎样|咋)(?:样)?(?:来|去|进行)?(?P<v>[\u4e00-\u9fff]{2})(?=的|呢|啊|吗|[？?，,。\s]|$)")


def manner_unsaid(text: str, sentences: list[str], lib) -> str:
    """怎么分配的 of sentences none of which says the doing (分配) or the report's word for it (配置): the
    report does not say how; the doing, or "". A doing the report has no word for and everyone says
    (怎么上课的: 上课 for 在线教学) is the asker's wording, not what is asked.

    answerable: 图书馆的书是怎么分配的 → 新购图书按各分馆读者人数分配。 [invented]
    unanswerable: 这笔专项资金是怎么分配的 → 制订某某专项资金使用管理意见。 [invented]
    """
    m = MANNER_ASK.search(text)
    if not m or m.group("v") in GENERIC_DOINGS or lib.tokenizer.dict_tags().get(m.group("v"), "") not in ("v", "vn"):
        return ""
    v = m.group("v")
    words = [v] + ([x for x in lib.lexicon.bridges(v) if lib.in_corpus(x)] if lib.lexicon else [])
    if not lib.in_corpus(v) and len(words) == 1:
        return ""  # no word of the report's for it: the asker's way of saying what the report says
    return "" if any(w in s for s in sentences for w in words) else v
