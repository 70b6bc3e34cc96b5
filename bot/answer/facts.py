"""Is the chosen sentence about the very thing asked? Rules on the one sentence a fact answer gives.

- ``swapped-not-stated``: a follow-up that swapped one thing for another (那宜兴呢) needs that thing in
  the sentence: the figure for 无锡 is no figure for 宜兴.
- ``year-of-figure``: a sentence that names its own year answers a question about another year no more
  than a figure for 2019 answers 2020.
- ``list-incomplete``: 具体是哪几所 of a sentence that names one as an example and says 等5所 does not
  list them (two or more names are a partial list, and are given).
- ``new-not-total``: how many there are (现在一共有几所) is not answered by how many were added (新增5所).
- ``total-not-new``: how many were built or added (新建了几所) is not answered by a figure whose clause
  states no building or adding (5所学校入选某计划).
- ``breakdown-not-given``: a part of a total (其中去某地的有几个) needs a figure standing with that part.
- ``new-name-not-given``: X的新校名 is not answered by a sentence where X becomes a kind of school.
- ``change-not-given``: how much a figure rose or fell (升了几个点) is not answered by a sentence that
  states its level only (参保率达95%).
- ``subset-count``: a total asked for (一共/总共/全市有多少 + a noun) is not answered by a count of those
  that did something (N所X完成某事): the predicate after the counted noun narrows the count.

Each returns (rule, reason) or None. Pure: the question and one hit.
"""
from __future__ import annotations

import re

from ..lang.lexicon import report_words
from .asked import NEED
from ..lang.text import quoted, stage_said

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
LISTED = re.compile(r"(?P<names>[^，。；：]{2,60}?)等(?P<n>\d+|[一二三四五六七八九十]+)(?P<unit>[所个家名位项])")
TOTAL_ASK = re.compile(r"一共|总共|共有|总数|全市(?:有|共)|有多少")
CN = "一二三四五六七八九十"
LIST_ITEMS = re.compile(r"(?<=[赴到在向])((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4}?)(?=等地|等\d|等[省市区县])")  # 赴新疆、青海、陕西等地
ANY_FIGURE = re.compile(r"\d")
RENAME_ASK = re.compile(r"(?:转设|更名|改名|升格|改制)(?:以后|之后|后|完)?.{0,6}(?:叫什么|叫啥|名字|校名|名称|啥名)|新校名|新名字|新名称")
KIND_OF_SCHOOL = re.compile(r"(?:市属|省属|公办|民办|本科|专科|普通|全日制|独立)")  # a kind, not a name (general usage)
SUBSET = re.compile(r"其中|这里面|里面|当中|之中|(?<![市省县区镇村乡家这那哪城局])里(?=[，,\s]*[\u4e00-\u9fff]{2,8}?(?:各|分别)?(?:有|是|占)?(?:多少|几))")
# a part of what was counted before (两千名队员里 女队员有几个; not 市里/省里: a place's government)
STOCK_ASK = re.compile(r"现在|目前|如今|已经有|一共|总共|共有|总数|总量|全市(?:有|共)")  # how many there are
FLOW = re.compile(r"新建|新增|新办|新开|新认定|增加|增核|增设|扩建|新招|招聘|招录")  # how many were added (or hired)
# the question names a change itself (听说又给学校补了一批编制，一共补了多少): the total of the change is asked
ASKED_FLOW = re.compile(FLOW.pattern + r"|调了|调剂|调配|调拨|拨了|补了|加了|增了|招了|建了|发了")
NEW_COUNT = re.compile(rf"(?:{FLOW.pattern})[^，。；\d]{{0,12}}\d[\d.]*\s*[多余]?[所个家名位项块人]")


def not_this(q, a, hit, words_of=None) -> tuple[str, str] | None:
    """Why the chosen sentence's figure is about another thing than the one asked, or None.
    ``words_of``: the tokenizer's ``words`` (a stage said only inside a wider one, 中小学生, is not said)."""
    text = hit.unit.text
    if q.swapped_in and q.swapped_in not in text and q.swapped_in not in hit.unit.heading:
        return "swapped-not-stated", f"{q.swapped_in} 不在所选句子中"
    own_years = set(YEAR.findall(text))
    if q.years and own_years and not own_years & set(q.years):
        return "year-of-figure", f"句子说的是 {'、'.join(sorted(own_years))} 年"
    if q.asks_names and (m := LISTED.search(text)):
        n = int(m.group("n")) if m.group("n").isdigit() else CN.index(m.group("n")[-1]) + 1
        if len(re.split(r"[、和及与]", m.group("names"))) == 1 and n >= 3:  # one example is no list
            return "list-incomplete", f"只列出部分（共{n}{m.group('unit')}）"
    if (m := WHICH_ASK.search(q.text)) and q.answer_rx is None and _only_counted(m.group("x"), text):
        return "names-not-given", f"只给出{m.group('x')}的数量，没有列出名称"
    if q.answer_rx is not None and SUBSET.search(q.text) and (part := _breakdown_missing(a, q, text, words_of)):
        return "breakdown-not-given", f"没有{part}的分项数字"
    if q.answer_rx is not None and (part := _one_of_a_list(a, q, text)):
        return "breakdown-not-given", f"数字是{part}等几处合计的"
    if (m := RENAME_ASK.search(q.text)) and not _renamed_to(q.text[:m.start()], text):
        return "new-name-not-given", "没有给出新的名称"
    if STOCK_ASK.search(q.text) and not ASKED_FLOW.search(q.text) and (m := NEW_COUNT.search(text)) and q.answer_rx is not None:
        return "new-not-total", f"{m.group(0)}是新增的数，不是总数"
    if q.answer_rx is not None and (asked_flow := _flow_asked(q.text)) and not _flow_figure(a, text, asked_flow):
        return "total-not-new", f"数字不是{asked_flow}的数量"
    if q.answer_rx is not None and CHANGE_ASK.search(q.text) and not CHANGE_STATED.search(text):
        return "change-not-given", "只给出了数值，没有给出变化"
    nouns = [a.counted] + report_words(a.counted) if a.counted else []  # 多少老师: the report counts 教师
    if a.counted and TOTAL_ASK.search(q.text) and (pred := next(filter(None, (_predicate(text, n) for n in nouns)), "")):
        done = DONE_PRED.search(pred) and NEEDED.search(q.text)  # 12所完成改造 of 多少所需要改造: done, not needing it
        if not any(w in q.text for w in re.findall(r"[\u4e00-\u9fff]{2}", pred)) or done:
            return "subset-count", f"数的是{a.counted}中{pred}的"
    return None


# how much a figure went up or down (升了几个点) against one that states a level only (参保率达95%; general usage)
CHANGE_ASK = re.compile(r"(?:涨|增长|提高|提升|上升|下降|降低|降|减少|少|多)了?(?:几个?|多少个?)(?:百分点|个点|点)"
                        r"|(?:涨|增长|提高|提升|上升|下降|降低|减少)了?(?:多少|几成)|(?:增幅|涨幅|降幅|增长率)(?:是|有)?多少")
CHANGE_STATED = re.compile(r"提高|增长|增加|上升|下降|减少|降低|提升|同比|比上年|比去年|较上年|较去年|涨|增幅|涨幅|降幅")
HIRED = re.compile(r"新招|招聘|招录|招收|录用|引进")  # people taken on (general usage)
BUILT = re.compile(FLOW.pattern + r"|建成|落成|开办|开工|投用|招收|招录")  # a figure of things added
CREATED = re.compile(r"新建|新办|新开|扩建|开工|建成|落成|开办")  # made, not only counted in (新增 may be 成为首批)
JOINED = re.compile(r"成为|获评|入选|认定|获批|列为|首批|通过")  # joined a list: an addition to it
BUILT_OR_JOINED = re.compile(BUILT.pattern + "|" + JOINED.pattern)


def _flow_asked(text: str) -> str:
    """The adding asked, just before the count asked (新开了几家; 家附近是新开的…整改完几家了: not asked)."""
    at = re.search(r"多少|几", text)
    clause = text[max(0, at.start() - 6):at.start()] if at else ""
    m = FLOW.search(clause) or CREATED.search(clause)
    return m.group(0) if m else ""


def _flow_figure(a, text: str, asked: str) -> bool:
    """Does a clause with a figure (of the counted noun, when one is asked) state the adding asked (新建60个)?
    An addition to a list (新增几所特色校) is also stated by joining it (8校入选首批特色校名单)."""
    figured = [c for c in re.split(r"[，。；]", text) if ANY_FIGURE.search(c)]
    clauses = [c for c in figured if not a.counted or a.counted in c]
    if HIRED.search(asked):  # 招了多少名医生: only a hiring states it (3人获奖 is no hire), whatever it counts
        return any(HIRED.search(c) for c in clauses or figured)
    stated = BUILT if CREATED.search(asked) else BUILT_OR_JOINED
    return not clauses or any(stated.search(c) for c in clauses)


def _one_of_a_list(a, q, text: str) -> str:
    """去青海的干部教师有多少名: 青海 is one of a list (新疆、青海、陕西) the one figure counts together;
    ``""`` when the question names no such part, or all of the list."""
    for items in LIST_ITEMS.findall(text):
        parts = re.split(r"[、和及与]", items)
        named = [p for p in parts if p and p in q.text]
        if len(named) == 1 and len(parts) >= 2 and ANY_FIGURE.search(text):  # 新疆青海那边: the group
            return "、".join(parts)
    return ""


def _renamed_to(asked_before: str, text: str) -> str | None:
    """What the thing asked about (the question's words before 转设/更名…) becomes in the sentence
    (X转设为Y / X更名为Y): Y when it is a name, ``""`` when it is a kind of school (市属公办本科高校),
    None when the sentence renames nothing of the question's."""
    thing = re.sub(r"^(?:那个|那|请问|听说|据说|想问下?|问一下)+|(?:是不是|会不会|是否|打算|准备|计划|是要|将要|就要|要|将|会|是|已经|的)+$", "",
                   re.split(r"[，,]", asked_before.strip())[-1])
    found = None
    for seg in re.split(r"[，。；和]", text):
        m = re.search(r"(?:转设|更名|改名|升格|改制)为(?P<y>[^，。、；和]+)", seg)
        if not m or not thing or thing not in seg[:m.start()]:
            continue
        found = "" if KIND_OF_SCHOOL.match(m.group("y")) else m.group("y")
        if found:
            return found
    return found


def _breakdown_missing(a, q, text: str, words_of=None) -> str:
    """其中去某地的有几个: the part named (某地) with no figure of the kind asked after it in its clause;
    ``""`` when some part named has one (其中X有多少 -> X, then its figure)."""
    after = q.text[SUBSET.search(q.text).end():]  # X里面给某类学生的: the parts named after 里面
    parts = [w for w in a.content_words if w in after and w not in ("其中", "里面", "这里面", "当中")] \
        or [w for w in a.content_words if w in q.text and w not in ("其中", "里面", "这里面", "当中")]
    clauses = re.split(r"[，。；：]", text)
    said = (lambda w, c: stage_said(w, words_of(c))) if words_of else (lambda w, c: True)  # not 小学生 in 中小学生
    held = lambda w: any(c.find(w) >= 0 and said(w, c) and q.answer_rx.search(c[c.find(w) + len(w):])  # noqa: E731
                         for c in clauses)
    missing = [w for w in parts if not held(w)]
    return missing[0] if missing else ""


# which ones (入选的是哪些专业, 名单上是哪几家, 是哪15个专业): the names of a kind of thing
WHICH_ASK = re.compile(r"(?:哪些|哪几个|哪几所|哪几项|哪几家|哪几名|分别是哪些|哪\d+[个所项家名])(?P<x>[\u4e00-\u9fff]{2,4}?)(?:[呢吗啊呀？?，。]|$|入选|获|是|通过|被)")


def _only_counted(thing: str, text: str) -> bool:
    """Does the sentence give only how many of the thing there are (江南大学15个专业入选…), no names of
    them: no list (梁溪区、惠山区), no 等N (A等5所), no quoted or titled name that is one (“…专业”)?"""
    if not re.search(rf"\d[\d.]*\s*[多余]?[个所项名家位]{re.escape(thing)}", text):
        return False
    names = [q for q in quoted(text) if q.endswith(thing[-1])]
    return "、" not in text and not LISTED.search(text) and not names


DONE_PRED = re.compile(r"完成|建成|通过|达到|达标|入选|获评|获批")  # a count of those that got it done (general usage)
NEEDED = re.compile(r"(?:多少|几)[^，。？?]{0,6}?" + NEED)  # a total of those needing it


def _predicate(text: str, counted: str) -> str:
    """What follows a counted noun in its clause: ``'12所中学通过验收'`` (counted 中学) -> ``'通过验收'``;
    a short qualifier may stand between (113名干部教师赴新疆 -> 赴新疆)."""
    m = re.search(rf"\d[\d.]*\s*[多余]?[所个家名位][\u4e00-\u9fff]{{0,3}}?{re.escape(counted)}(?P<pred>[^，。；]*)", text)
    pred = m.group("pred").strip() if m else ""
    return pred if len(pred) >= 2 and not pred.startswith(("的", "等")) else ""


def any_report_word(text: str, lib) -> bool:
    """Does a question that is not Chinese hold anything the report could answer: an English word
    that stands for a word of the report (students -> 学生, Wuxi), or a figure the report writes?
    ``'😀' * 500``, ``'x'``, ``'asdfgh'`` hold none."""
    if lib.lexicon and lib.lexicon.from_english(text):
        return True
    return any(n in lib.corpus_text for n in re.findall(r"\d{2,}", text))
