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

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

PLAN_CUES_ZH = ["下半年", "计划", "将要", "将会", "打算", "准备", "拟", "安排", "接下来", "下一步", "今后",
                "要做", "将", "部署", "目标", "规划", "预计", "力争", "会做", "还要", "下阶段", "后半年"]
DONE_CUES_ZH = ["上半年", "完成", "取得", "成效", "已经", "已", "做了", "进展", "成绩", "成果", "获得",
                "实现了", "开展了", "今年以来", "前半年", "情况", "落实了", "获批", "入选", "了"]
PLAN_CUES_EN = ["plan", "will", "second half", "next", "going to", "intend", "future", "h2", "later this year"]
DONE_CUES_EN = ["first half", "achieve", "did ", "done", "so far", "complete", "h1", "accomplish", "result",
                "got", "won", "was ", "were ", "has ", "have "]
PLAN_PART_WORDS = ["计划", "安排", "打算", "思路", "下一步", "下半年", "明年", "任务部署", "工作要点"]
DONE_PART_WORDS = ["完成情况", "总结", "成效", "回顾", "上半年", "进展", "取得"]

LIST_RX = re.compile(r"哪些|哪几|列举|列出|有哪|都有什么|包括什么|包括哪|几项|几个方面|which (?:ones|schools|documents)|list|what are")
PLAN_ASK_RX = re.compile(
    r"(有什么|有哪些|有何|什么|哪些|做哪些|做什么|怎么|如何)(计划|安排|打算|工作|举措|措施|重点|部署|目标)"
    r"|(计划|安排|打算|部署|重点)(是什么|有哪些|有什么|如何|怎样)|要做什么|准备做什么|将做什么|怎么推进|如何推进"
    r"|what (?:is|are) (?:the )?plan|what .*plan|plans? for")
FOLLOWUP_START = re.compile(r"^(那|那么|还有|另外|其中|它|这个|这些|这方面|他们|同样|又|and\b|what about|how about)", re.I)
FOLLOWUP_END = re.compile(r"(呢|的呢|如何|怎样|怎么样)[？?。!！]*$")
FILLER = set("那 那么 呢 吗 么 的 了 是 有 什么 怎么样 如何 怎样 情况 请问 一下 还有 另外 多少 哪些 呀 啊 吧 和 与 "
             "上半年 下半年 计划 安排 打算 进展 成效 工作 方面 今年 这个 这些 它 又 同样 呀".split())
YEAR_RX = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|年度)?")
NUMBER_RX = re.compile(r"\d+(?:\.\d+)?")
UNIT_ASKS = [  # (what the question says, what the answer must hold)
    (re.compile(r"多少钱|多少资金|多少经费|金额|多少万|花了多少|投入多少|多少元|how much money|amount"), re.compile(r"\d[\d.]*\s*(?:万元|亿元|元|亿)")),
    (re.compile(r"多少所|几所|多少家|几家|how many schools"), re.compile(r"\d+\s*所|[一二三四五六七八九十]+所")),
    (re.compile(r"多少人次|多少人|几人|多少名|几名|多少学生|多少位|how many (?:people|students|teachers)"), re.compile(r"\d[\d.]*\s*(?:万|亿)?(?:人次|人|名)")),
    (re.compile(r"多少块|几块|金牌数|多少枚|how many (?:gold )?medals"), re.compile(r"\d+\s*(?:块|枚)")),
    (re.compile(r"比例|覆盖率|百分之|率是多少|率达|percentage|rate|percent"), re.compile(r"\d[\d.]*\s*%")),
    (re.compile(r"多少周|几周|多长时间|how many weeks|how long"), re.compile(r"\d+\s*周|\d+\s*(?:天|个月|年)")),
    (re.compile(r"多少个|几个|多少项|几项|多少节|多少门|how many"), re.compile(r"\d+(?:\.\d+)?\s*(?:多)?\s*[个项节门类批支块所人名万亿]|\d+")),
    (re.compile(r"多少|几|how much|how many|number of"), re.compile(r"\d")),
]


@dataclass
class Question:
    original: str
    text: str  # normalised, Simplified
    lang: str  # "zh" or "en"
    search_text: str  # text + the topic of a follow-up
    is_followup: bool = False
    part_kind: str | None = None  # "plan" / "done"
    kind: str = "fact"  # fact / list / plan
    answer_rx: re.Pattern | None = None  # what a right answer must hold
    years: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """``' 上半年資助了多少學生? '`` -> ``'上半年资助了多少学生？'``"""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n")
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff5a" else c for c in text)
    text = _t2s().convert(text.strip())
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)
    return text.replace("?", "？") if is_cjk(text) else text


def is_cjk(text: str) -> bool:
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk >= 2 or cjk > latin / 4


def part_kind(text: str, lang: str) -> str | None:
    """Which kind of part the question points at, by its first strong cue."""
    low = text.lower()
    plan_cues, done_cues = (PLAN_CUES_ZH, DONE_CUES_ZH) if lang == "zh" else (PLAN_CUES_EN, DONE_CUES_EN)
    strong = [("plan", "下半年"), ("done", "上半年"), ("plan", "second half"), ("done", "first half")]
    for kind, cue in strong:
        if cue in low:
            return kind
    plan = any(c in low for c in plan_cues)
    done = any(c in low for c in done_cues)
    if plan and not done:
        return "plan"
    if done and not plan:
        return "done"
    if plan and done:  # 计划…完成了吗 → both: the earlier cue wins
        first = lambda cues: min((low.find(c) for c in cues if c in low), default=len(low))
        return "plan" if first(plan_cues) < first(done_cues) else "done"
    return None


def part_kind_of_heading(heading: str) -> str | None:
    if any(w in heading for w in PLAN_PART_WORDS):
        return "plan"
    if any(w in heading for w in DONE_PART_WORDS):
        return "done"
    return None


def strip_cues(text: str) -> str:
    for c in sorted(PLAN_CUES_ZH + DONE_CUES_ZH, key=len, reverse=True):
        if len(c) >= 2:
            text = text.replace(c, "")
    return text


def is_followup(text: str, words: list[str], lang: str) -> bool:
    content = [w for w in words if w not in FILLER and len(w.strip("？?！!。，, ")) > 0]
    if lang == "en":
        return bool(FOLLOWUP_START.search(text)) and len(text.split()) <= 6
    if FOLLOWUP_START.search(text) and len(text) <= 14:
        return True
    return len(content) == 0 or (FOLLOWUP_END.search(text) is not None and len(content) <= 1 and len(text) <= 10)


def analyse(question: str, history: list[str], words_of) -> Question:
    """``words_of`` cuts Chinese text into words (the index's jieba tokenizer)."""
    text = normalise(question)
    lang = "zh" if is_cjk(text) else "en"
    q = Question(original=question, text=text, lang=lang, search_text=text)
    prev = [normalise(h) for h in history if h and h.strip()]
    if prev and is_followup(text, words_of(text) if lang == "zh" else text.split(), lang):
        q.is_followup = True
        topic = prev[-1]
        own = part_kind(text, lang)
        if own is not None:  # "那下半年呢": the new time frame replaces the old one
            topic = strip_cues(topic)
        q.search_text = f"{topic} {text}"
        q.part_kind = own or part_kind(prev[-1], "zh" if is_cjk(prev[-1]) else "en")
    else:
        q.part_kind = part_kind(text, lang)
    scope = q.search_text
    if LIST_RX.search(scope.lower()) and not PLAN_ASK_RX.search(scope.lower()):
        q.kind = "list"
    elif q.part_kind == "plan" and PLAN_ASK_RX.search(scope.lower()) and not re.search(r"多少|几", scope):
        q.kind = "plan"
    elif LIST_RX.search(scope.lower()):
        q.kind = "list"
    for asks, must in UNIT_ASKS:
        if asks.search(text.lower()):
            q.answer_rx = must
            break
    q.years = YEAR_RX.findall(text)
    q.numbers = [n for n in NUMBER_RX.findall(YEAR_RX.sub(" ", text))]
    return q
