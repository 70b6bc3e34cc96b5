"""Rules on the chosen answer as a whole (stage ``verdict`` of the ``RULES`` registry).

A sentence rule (bot/answer/rules.py) judges each candidate alone; these judge the sentence that
won, against what the whole question asks: a figure about something else, a figure for each one,
a term or a thing the report never names. ``test(asked, verdict, evidence)`` returns the refusing
``Verdict`` that replaces the chosen one, or None. They run in registry order; the first that
refuses decides. Each docstring holds its example pair (tests/test_rules.py runs them):
``question → sentence``, with ``[history: earlier question]`` for a follow-up.
"""
from __future__ import annotations

import re

from ..lang.forms import WH, is_yes_no
from .choose import Verdict
from .facts import not_this
from .rules import RULES, rule
from .unsaid import foreign_terms
from .yesno import asked_comparison, gives_each, judge, unstated


def _others(verdict: Verdict, ev) -> list:
    return [verdict.hits[0]] + [h for h in ev.hits if h is not verdict.hits[0]]


@rule("figure about something else", stage="verdict")
def about_something_else(a, verdict: Verdict, ev) -> Verdict | None:
    """The sentence's figure is about another thing, year or group than the one asked (bot/answer/facts.py):
    refused, and the sentence shown as related.

    answerable: 完成治理任务的配套幼儿园有几所 → 进一步做好城镇小区配套幼儿园治理，34所幼儿园完成治理任务，整改率54.8%，普惠性幼儿园覆盖率达86%。
    unanswerable: 全市一共有几所幼儿园 → 进一步做好城镇小区配套幼儿园治理，34所幼儿园完成治理任务，整改率54.8%，普惠性幼儿园覆盖率达86%。
    """
    why = not_this(a.q, a, verdict.hits[0], ev.library.tokenizer.words)
    return Verdict(True, _others(verdict, ev), why[1], why[0], verdict.candidates, related=True) if why else None


@rule("no figure for each", stage="verdict")
def no_figure_for_each(a, verdict: Verdict, ev) -> Verdict | None:
    """各多少 / 分别是多少 needs a figure for each one: two or more the question does not give.

    answerable: 在线课程和访问量各有多少 → 连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。
    unanswerable: 增核的教师编制各区各给了多少个 → 创新实行义务教育学校教职工编制标准核定、单列管理，构建“以县为主、市域调剂、动态调配”的编制管理新机制，为编制紧缺的市（县）区调剂增核约2000个义务教育教师编制。
    """
    if gives_each(a.q, verdict.hits):
        return None
    return Verdict(True, ev.hits, "没有逐项的数字", "no figure for each", verdict.candidates)


@rule("term not in report", stage="verdict")
def term_not_in_report(a, verdict: Verdict, ev) -> Verdict | None:
    """A Latin-script term of a Chinese question that the report never writes (GDP, PISA).

    answerable: 在线教学连续进行了几周 → 连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。
    unanswerable: STEAM在线教学连续进行了几周 → 连续12周向全市70万中小学生提供在线教学，制作在线课程3000多节，访问量超过2亿人次。
    """
    foreign = foreign_terms(a, ev.library)
    return Verdict(True, ev.hits, "、".join(foreign) + " 不在报告中", "term not in report", verdict.candidates) \
        if foreign else None


@rule("yes-no not stated", stage="verdict")
def yes_no_not_stated(a, verdict: Verdict, ev) -> Verdict | None:
    """A yes/no question about something the evidence does not hold (bot/answer/yesno.py unstated):
    the report does not say.

    answerable: 锡慧在线有没有名师课程 → 疫情防控期间，认真组织名师建设“锡慧在线”课程资源，在全省率先实现“全学段、全学科、全名师、全过程、全免费”线上学习。
    unanswerable: 融合教育资源中心有没有配备康复师 → 持续推进融合教育资源中心建设，新建融合教育资源中心60个。
    """
    if a.q.lang != "zh" or not is_yes_no(a.q.text):
        return None
    missing = unstated(a, verdict.hits[0], ev.library)
    return Verdict(True, ev.hits, "、".join(missing) + " 报告没有提到", "yes-no not stated", verdict.candidates) \
        if missing else None


PERIOD_COMPARE = re.compile(r"(?:跟|和|与|比|较|相比|对比)(?:去年|上年|往年|前年|以前|过去)|同比|环比")
COMPARED = re.compile(r"同比|环比|比上年|比去年|较上年|较去年|上年同期|去年同期|再次|连续|首次|增长|下降|提高了|增加了|减少了")


@rule("no comparison with the period asked", stage="verdict")
def no_period_comparison(a, verdict: Verdict, ev) -> Verdict | None:
    """A question that compares with another period (跟去年比, 同比) needs a sentence that compares
    (同比, 再次, 连续, 增长): a figure of this year alone does not say more or less.

    answerable: 省技能大赛的金牌数跟往年比怎么样 → 我市参加2020年省职业学校技能大赛获得59块金牌，金牌数再次位列全省第二。
    unanswerable: 跟往年比健康促进学校多了几所 → 全市新增5所省健康促进金牌学校。
    """
    asks = [c for c in re.split(r"[，,。；;]", a.q.text) if PERIOD_COMPARE.search(c) and WH.search(c)]
    if not asks or COMPARED.search(verdict.hits[0].unit.text):
        return None  # 据说和往年不同，…对吗: the comparison is the asker's story, not the question
    return Verdict(True, _others(verdict, ev), "报告没有与往年的比较", "no comparison with the period asked",
                   verdict.candidates, related=True)


PROCEDURE_ASK = re.compile(r"(?:报名|申请|入选|参加)的?条件|什么条件|条件是什么"
                           r"|(?:怎么|如何|怎样)(?:报名|申请|办理|登录|登陆|注册|使用|下载|进入|预约)"
                           r"|(?:报名|申请|办理)(?:流程|程序|手续)|(?:需要|要|得)(?:准备|提交|提供|带|交)?(?:什么|哪些|啥)(?:材料|证件|证明|手续)"
                           r"|(?:去|到)哪(?:里|儿)?(?:申请|办理|办|报名)|找谁(?:申请|办理|办)")  # 办转学得带哪些证件, 去哪办
PROCEDURE = re.compile(r"条件|流程|程序|材料|申请|报名|填报|办理")


@rule("no procedure given", stage="verdict")
def no_procedure(a, verdict: Verdict, ev) -> Verdict | None:
    """How to apply, or on what conditions (怎么报名, 报名条件), needs a sentence that says how or on
    what terms; a sentence that something was done says neither.

    answerable: 民办学校怎么报名 → 规范义务教育学校招生行为，民办学校招生纳入审批地统一管理，与公办学校同步招生，统筹做好网上志愿填报、材料审核和电脑派位等工作。
    unanswerable: 对口支援怎么报名 → 选送113名干部教师赴新疆、青海、陕西等地开展对口支援。
    """
    if not PROCEDURE_ASK.search(a.q.text) or PROCEDURE.search(verdict.hits[0].unit.text):
        return None
    return Verdict(True, _others(verdict, ev), "报告没有说明条件或办法", "no procedure given",
                   verdict.candidates, related=True)


@rule("no figure to compare", stage="verdict")
def no_figure_to_compare(a, verdict: Verdict, ev) -> Verdict | None:
    """A yes/no question against a figure (支教期满两年了吗, 超过三百万了吗) needs a figure of that kind in the
    evidence; a sentence about the thing with no such figure cannot say yes or no.

    answerable: 补助金额超过三百万了吗 → 全年累计补助学生1200人次，金额360万元。 [invented]
    unanswerable: 支教期是不是一年 → 今年选派80名教师赴外地支教。 [invented]
    """
    asked = asked_comparison(a.q.text) if a.q.lang == "zh" and is_yes_no(a.q.text) else None
    # a rank (是不是第一个) is also said in words (率先, 首个): not only by a figure
    if asked is None or asked.unit in ("", "第") or any(judge(asked, h.unit.text).holds is not None for h in ev.hits[:COMPARE_WITHIN]):
        return None
    return Verdict(True, _others(verdict, ev), "报告没有可比较的数字", "no figure to compare", verdict.candidates, related=True)


COMPARE_WITHIN = 5  # the hits whose figures may decide a comparison (lead_for looks as far)
@rule("thing never named", stage="verdict")
def thing_never_named(a, verdict: Verdict, ev) -> Verdict | None:
    """A question that asks no figure and no yes/no (those have their own rules) whose topic names things
    the report never names (预算) and nothing it does is not answered by the sentence chosen.

    answerable: 公办学校的公用经费依据啥标准给 → 按照基准定额新标准，全面落实公办学校生均公用经费。
    unanswerable: 预算都用到哪几样上面了 → 按照基准定额新标准，全面落实公办学校生均公用经费。
    """
    if a.q.lang != "zh" or is_yes_no(a.q.text) or a.q.answer_rx is not None:
        return None
    said = {w: _named(w, ev.library) for w in a.topic}
    never = [w for w, s in said.items() if s is False]
    return Verdict(True, _others(verdict, ev), "、".join(never) + " 报告没有提到", "thing never named",
                   verdict.candidates) if never and True not in said.values() else None


def _named(w: str, lib) -> bool | None:
    """True: the report uses the word, spreads it (县区 ~ 市（县）区) or bridges it; False: a dictionary noun
    or verb it never names; None: neither (no dictionary word, or made of the report's words: 学校食堂)."""
    from .unsaid import _spread_in

    if lib.in_corpus(w) or _spread_in(w, lib.corpus_text) or (lib.lexicon and any(
            lib.in_corpus(x) for x in lib.lexicon.bridges(w))):
        return True
    if not lib.tokenizer.dict_tags().get(w, "").startswith(("n", "v")):  # jieba tags 预算 a verb
        return None
    pieces = [p for p in lib.tokenizer.tokens(w) if len(p) >= 2 and p != w]
    return None if pieces and all(lib.in_corpus(p) for p in pieces) else False


VERDICT_RULES = [r for r in RULES if r.stage == "verdict"]  # in registry order: the first that refuses decides
