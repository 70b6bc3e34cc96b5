"""Yes/no questions: the verdict said before the evidence, and what the evidence does not say.

A figure compared (超过三万了吗) is judged by bot/answer/comparison.py; a change, a claim, a finishing
asked are judged by changes.py, claims.py, finishing.py. Pure: no index, no model.
"""
from __future__ import annotations

import re

from ..lang.numerals import figures_in
from ..lang.vocab import rows
from .finishing import COMPLETION_ASK, COMPLETION_SAID, certainty_unstated, completion_unstated  # noqa: F401 - re-exported
from .unsaid import never_said, own_words, specific_noun
from .claims import claim_unsaid, focus_unstated
from .changes import NEGATED, change_unstated, went_ahead  # noqa: F401 - change_unstated re-exported
from .comparison import ALL_WORDS, BARE_SCALE, Comparison, asked_comparison, judge  # noqa: F401 - Comparison re-exported

# -- the verdict said before the evidence -----------------------------------------------------------
OP_WORDS = {">": ("超过", "没有超过"), ">=": ("达到", "没有达到"), "<": ("不到", "不是不到"), "<=": ("不超过", "超过了"),
            "=": ("是", "不是"), "~": ("接近", "不接近")}
EXISTS = re.compile(r"有没有|有无|是否有|有.{0,12}吗")
FUTURE_ASK = re.compile(r"会不会|能不能|可不可以|[会能要将][^，。？?]{1,12}(?:吗|[？?]|$)")  # will it / can it (be done)
DONE_ASK = re.compile(r"已经|已|了吗|了没|过了|完了")  # has it been done: asked of the past
GOES_ON = re.compile(r"还会|还能|还要|继续|仍然|依然|以后还|今后还|下学期|秋季学期")  # does it go on: asked of the future
DONE_YET = re.compile(r"(?:已经|已|开始|完成|建成|建好|建完|盖好|投入使用|投用|批下来|获批|落地|实现|通过|验收|挂牌|成立)[^，。？?]{0,10}(?:了吗|了没|没有|没|吗|了[？?]*$)")


def lead_for(question: str, hits, part_kind_of, holds_all=lambda i: True, words: list[str] = ()) -> tuple[str, int | None]:
    """The verdict of a yes/no question from the chosen evidence, and the hit it rests on.

    A figure compared: "是的，……" / "没有，……" with both figures stated; a thing that exists in the
    report: "有。"; something asked as done that the report only plans: "还没有，报告把它列为下半年的计划。".
    ("", None) when the evidence cannot decide: the evidence is shown without a verdict.
    """
    asked = asked_comparison(question)
    if asked is not None:
        for i, h in enumerate(hits):
            j = judge(asked, h.unit.text, words, own_clause=i > 0)
            want = _asked_text(question, asked)
            yes, no = OP_WORDS.get(asked.op, ("是", "不是"))
            if j.short:
                return f"没有提到{yes}{want}，报告中只说超过{j.figure}。", i
            if j.holds is None:
                continue
            if j.holds:  # 是38所吗: the figure itself says it (not 是的，报告中是38所，是38所)
                return (f"是的，报告中是{j.figure}。" if asked.op == "=" and want == j.figure
                        else f"是的，报告中是{j.figure}，{yes}{want}。"), i
            return f"{'不是' if asked.op in ('=', '~') else '没有'}，报告中是{j.figure}，{no}{want}。", i
        return "", None
    if not hits:
        return "", None
    finish = COMPLETION_ASK.search(question)  # 某馆年底能建完吗 of 某馆开工建设: the plan is that it starts, not that it ends
    if FUTURE_ASK.search(question) and not DONE_ASK.search(question) and part_kind_of(hits[0]) == "plan" \
            and holds_all(0) and not (finish and not COMPLETION_SAID.search(hits[0].unit.text)):
        return "是的，报告把它列为下半年的工作计划：", 0  # 能建成投用吗 of a plan that says 建成投用
    asked_done = DONE_YET.search(question) or DONE_ASK.search(question) and not FUTURE_ASK.search(question)
    if asked_done and "下半年" not in question and part_kind_of(hits[0]) == "plan":  # 验收过了吗 of a plan
        return "还没有，报告把它列为下半年的工作计划：", 0
    for asked_rx, opposite, lead in OPPOSITES:  # 要收费吗 of a sentence that says 全免费
        asked_at = [a for a in asked_rx.finditer(question) if not NEGATED.search(question[:a.start()])
                    or question[a.start() - 2:a.start() - 1] == question[a.start():a.start() + 1]]  # 要不要钱: asks
        if asked_at and (m := opposite.search(hits[0].unit.text)):  # 听说不必到考点去考: the asker says it too
            return f"{lead}，报告中是“{m.group(0)}”：", 0
    if done := went_ahead(question, hits[0].unit.text):
        return f"没有，报告中是“{done}”：", 0  # 停办了吗 of a sentence that says it went ahead
    if EXISTS.search(question) and holds_all(0):
        return "有。", 0
    return "", None




def _asked_text(question: str, asked: Comparison) -> str:
    """The question's own figure as written (五万人次, 九成, 一亿)."""
    figs = [f for f in figures_in(question) if f.unit != "年"]
    if figs:
        f = figs[-1]
        return question[f.span[0]:f.span[1]]
    m = BARE_SCALE.search(question)
    if m:
        return f"一{m.group(1)}"
    every = ALL_WORDS.search(question)
    if every is None:
        return ""
    return every.group(0) if every.group(0) in ("百分之百", "百分百", "100%") else "全部"


def drop_compared_figure(q) -> None:
    """A yes/no question's own figure (超过1000个, 第一) is what the report's is compared with, not a
    figure the evidence must hold: it leaves the question's required numbers and ordinals."""
    asked = asked_comparison(q.text)
    if asked is None:
        return
    figs = [f for f in figures_in(q.text) if f.unit != "年"]
    written = q.text[figs[-1].span[0]:figs[-1].span[1]] if figs else ""
    q.numbers = [n for n in q.numbers if n not in written]
    q.ordinals = [o for o in q.ordinals if o not in written]


def unstated(a, hit, lib) -> list[str]:
    """A yes/no question's things the evidence does not hold, so the report does not say:

    - for any yes/no question, specific nouns of its own that the report never uses, nor a word it
      uses for them, when they are the larger part of what is asked (幼儿园伙食费是不是涨了: the
      evidence about 幼儿园 does not speak of 伙食费); one such word among several the evidence
      holds is read as the asker's wording (中考体育要去考点考吗 ~ 送考到校);
    - a change asked (涨了没有, 是不是取消了) that the evidence does not state (change_unstated);
    - whether something goes on (还会继续…吗) asked of a results sentence (going_on_unstated);
    - whether something will be finished (年内能完成吗) asked of a sentence that does not say it will be
      or was (completion_unstated);
    - for an existence question (有没有给学生发口罩), also a word the report names elsewhere but not
      in this evidence.
    """
    from .unsaid import uncovered

    compared = asked_comparison(a.q.text)
    if compared is not None and judge(compared, hit.unit.text).holds is not None:
        return []  # the figure decides
    if any(asked_rx.search(a.q.text) and opposite.search(hit.unit.text) for asked_rx, opposite, _ in OPPOSITES):
        return []  # 要收费吗 of 全免费: the evidence says no
    body = f"{hit.unit.text} {hit.unit.heading}"
    for asked_rx, opposite, _ in OPPOSITES:  # 收费吗 of a sentence that says neither 收费 nor 免费
        if (m := asked_rx.search(a.q.text)) and not asked_rx.search(body) and not opposite.search(body):
            return [m.group(0)]
    if not EXISTS.search(a.q.text) and (never := unnamed(a, hit, lib)):
        return never
    if change := change_unstated(a.q.text, hit.unit.text):
        return [change]
    if claimed := claim_unsaid(a.q.text, lib):  # 是不是五星级学校: the category asked is never said
        return claimed
    if focus := focus_unstated(a, body, lib, own_words(a), holds):  # 是不是财政出钱建的: how it was done is what is asked
        return focus
    # 落成了吗 is judged on the event's own sentence; 年底能落成吗 of a results sentence on progress is not
    will = FUTURE_ASK.search(a.q.text) and not DONE_ASK.search(a.q.text) and lib.part_kinds.get(hit.unit.section_id) == "done"
    if not EXISTS.search(a.q.text) and (not DONE_YET.search(a.q.text) or will) and (elsewhere := said_of_another(a, body, lib)):
        return elsewhere
    if going_on_unstated(a.q.text, hit, lib):
        return [GOES_ON.search(a.q.text).group(0)]
    plan = lib.part_kinds.get(hit.unit.section_id) == "plan"
    if finish := completion_unstated(a.q.text, body, plan) or certainty_unstated(a.q.text, body, plan):
        return [finish]
    if not EXISTS.search(a.q.text):
        return []
    bridged = {w for alts in a.everyday for w in alts}
    elsewhere = [w for w in own_words(a) if lib.in_corpus(w) and w not in body and not any(x in body for x in bridged)]
    # 有没有发补贴: the report's word for it (资助) is not in this evidence either
    elsewhere += [w for w in own_words(a) if not lib.in_corpus(w) and lib.lexicon and specific_noun(w, lib)
                  and (syn := [x for x in lib.lexicon.bridges(w)
                               if lib.in_corpus(x)]) and not any(x in body for x in syn)]
    return uncovered(a, lib) or elsewhere


OPPOSITES = [(re.compile(r["asked"]), re.compile(r["stated"]), r["lead"]) for r in rows("opposites")]
def said_of_another(a, body: str, lib) -> list[str]:
    """某校区今年能招生吗 of a sentence on its building: the doing asked (招生) is one the report says of
    something else, not of this: the report does not say it of this."""
    tags = lib.tokenizer.dict_tags()
    bridged = lambda w: lib.lexicon and any(lib.in_corpus(x) for g in lib.lexicon.everyday(w) for x in g)  # noqa: E731 - 完工 -> 建成
    return [w for w in own_words(a) if (lib.in_corpus(w) or bridged(w)) and tags.get(w, "") in ("v", "vn")
            and not holds(body, w, lib) and w not in a.names]


def going_on_unstated(question: str, hit, lib) -> bool:
    """Will something go on (还会继续…吗, 下学期还…吗)? A sentence of the results part says what
    was done, not that it goes on: only the plan part can say yes."""
    return bool(GOES_ON.search(question)) and lib.part_kinds.get(hit.unit.section_id) == "done"


def unnamed(a, hit, lib) -> list[str]:
    """Nouns of the question the report never names (never_said), when they are the larger part of
    what is asked and the evidence speaks of the rest only (幼儿园伙食费是多少 -> a sentence on 幼儿园)."""
    from ..thresholds import TOPIC_SUPPORT
    from .scope import topic_support

    never = never_said(a, lib)
    return never if never and topic_support(a, hit.unit, lib) <= TOPIC_SUPPORT else []


def statement_hit(a, verdict, ev, within: int = 8):
    """Has something happened yet (已经投用了吗)? Judged on the best hit that holds most of the
    statement (idf-weighted), the event's own sentence, when it holds more of it than the chosen one:
    None to keep the chosen one."""
    words = own_words(a)
    if not words or not DONE_YET.search(a.q.text) or asked_comparison(a.q.text) is not None:
        return None
    lib = ev.library
    def held(h) -> float:  # the words it holds, and twice those it holds side by side (某大学 + 某校区)
        body = f"{h.unit.text} {h.unit.heading}"
        pairs = sum(lib.idf(b, h.unit.doc) for a, b in zip(words, words[1:]) if a + b in body)
        return sum(lib.idf(w, h.unit.doc) for w in words if holds(body, w, lib)) + pairs
    named = [n for n in a.names + [a.q.swapped_in] if n]  # 江南大学江阴校区: not another university's campus
    pool = [h for h in ev.hits[:within] if all(n in f"{h.unit.text} {h.unit.heading}" for n in named)]
    best = max(pool, key=held, default=None)
    return best if best is not None and held(best) > held(verdict.hits[0]) + 1e-9 else None


def states(a, hit, lib) -> bool:
    """Does the hit hold every word of the question's own statement, or the report's word for an
    everyday one (有没有发现违规: 发现 and 违规 are not in a sentence that only says 组织开展专项检查)?"""
    body = f"{hit.unit.text} {hit.unit.heading}"
    words = own_words(a)
    return all(holds(body, w, lib) or _short_with_neighbour(words, i, a.q.text, body) for i, w in enumerate(words))


def _short_with_neighbour(words: list[str], i: int, question: str, body: str) -> bool:
    """A short form the tokenizer cut in two (师范高专 -> 师范 + 高专): the word and the one beside it,
    as written side by side in the question, are the short form of a name in the body."""
    pairs = [words[i - 1] + words[i]] if i else []
    pairs += [words[i] + words[i + 1]] if i + 1 < len(words) else []
    return any(p in question and short_form_in(p, body) for p in pairs)


def holds(body: str, word: str, lib) -> bool:
    """The body holds the word, the report's word for it (建好 -> 建成) or its short form (南理工)."""
    alts = [x for g in lib.lexicon.everyday(word) for x in g] if lib.lexicon else []
    return word in body or any(x in body for x in alts) or short_form_in(word, body)


def short_form_in(word: str, text: str) -> bool:
    """A name's short form (南理工 for 南京理工大学): three or more characters, each in order in one
    name of the text, starting with its first, a few characters apart at most."""
    if len(word) < 3 or word in text:
        return word in text
    return re.search("[^，。、；：]{0,3}".join(map(re.escape, word)), text) is not None


def statement_lead(a, hit, lib) -> str:
    """是不是/是否 + a statement: "是的。" when the evidence holds every word of it (or the report's
    word for it, or its short form), else no verdict."""
    if (compared := asked_comparison(a.q.text)) is not None and compared.unit != "第":
        return ""  # 有没有五个亿 of 超过2亿: the figure cannot say; holding the words is no yes (第一个 ~ 率先 can)
    return "是的。" if own_words(a) and states(a, hit, lib) else ""


EACH_ASK = re.compile(r"(?:各|分别|每个|各自)(?:有|是|为|占|给了?)?(?:多少|几)")


def gives_each(q, hits) -> bool:
    """各多少个 / 分别是多少: a figure for each one needs two or more figures the question does not give."""
    if not EACH_ASK.search(q.text):
        return True
    given = {f.value for f in figures_in(q.text)}
    found = {f.value for h in hits for f in figures_in(h.unit.text) if f.unit not in ("年", "第")} - given
    return len(found) >= 2
