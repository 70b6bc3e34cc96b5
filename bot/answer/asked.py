"""What a question asks, worked out once per question: the ``Asked`` the rules read for every candidate.

From the read question (bot/lang/question.py) and the library's tokenizer, lexicon and corpus:
the names it is specific about, its content words, the noun it counts (多少名中小学教师 -> 教师) with
the qualifiers before it, the noun a bare 多少 measures (平均工资是多少 -> 平均工资), the verbs it asks the
time of (什么时候建成 -> 建成), the half-year it names, the kind of name it asks for (哪个小学 -> 小学),
and the report's words for its everyday ones (补习班 -> 校外培训机构).

    asked(analyse("选送了多少名干部教师开展对口支援？", [], tok.words), library).counted  ->  '教师'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..evidence import Library
from ..lang.forms import has_topic
from ..lang.question import ANY_NUMBER, BOTH_HALVES, FILLER, OWNER, TIME_ASK, Question, strip_cues
from ..lang.text import PEOPLE_NOUNS, PLACE_NAME, SCHOOL_NAME, quoted
from ..lang.vocab import column
from .scope import topic_of

QUESTION_WORDS = set(column("question_words", ignored_in="content"))
GENERIC_MEASURED = set(column("generic_measured"))
REACH_VERBS = set(column("question_words", ignored_in="people-count"))
NAME_FLAGS = {"ns", "nr", "nt", "nz"}  # jieba: place, person, organisation, other proper noun


@dataclass
class Asked:
    q: Question
    names: list[str] = field(default_factory=list)  # names the evidence must hold: schools, places, 《titles》
    content_words: list[str] = field(default_factory=list)  # the question's own words (2+ characters, no filler)
    counted: str = ""  # the head noun after 多少/几: 多少名中小学教师 -> 教师
    counted_phrase: list[tuple[str, bool]] = field(default_factory=list)  # 平安校园示范校 -> 平安, 校园, 示范校
    qualifiers: list[str] = field(default_factory=list)  # the phrase's words before the head the corpus uses
    measured: str = ""  # what a bare 多少 measures: 义务教育教师的平均工资是多少 -> 平均工资
    sum_stem: str = ""  # a sum named by its stem: 奖励金 -> 奖励
    measured_alts: list[str] = field(default_factory=list)  # it, and the report's words for it (老师 -> 教师)
    time_verbs: list[str] = field(default_factory=list)  # 什么时候能建成投用 -> 建成
    everyday: list[list[str]] = field(default_factory=list)  # the report's words for each everyday one
    names_kind: str = ""  # 哪个小学 -> 小学
    halves: list[str] = field(default_factory=list)  # 上半年 / 下半年 as the question says them
    topic: list[str] = field(default_factory=list)  # the words naming what it is about (not how it asks)

    @property
    def words(self) -> list[str]:
        """The words whose support the evidence must give (Chinese questions; English ones have none)."""
        return self.content_words if self.q.lang == "zh" else []

    @property
    def kind(self) -> str:
        return self.q.kind

    @property
    def lang(self) -> str:
        return self.q.lang


def asked(q: Question, lib: Library) -> Asked:
    """Everything the rules need to know about the question, computed once."""
    a = Asked(q)
    a.names = names_in(q, lib)
    a.content_words = content_words(q, lib)
    measure_word_or_noun(q, lib)
    a.counted_phrase = counted_phrase(q, lib)
    nouns = [w for w, noun in a.counted_phrase if noun]
    a.counted = nouns[-1] if nouns and len(nouns[-1]) >= 2 else counted_before(q, lib)
    if a.counted and not q.count_measure and PERSON_NOUN.search(a.counted) and q.answer_rx is ANY_NUMBER \
            and not _compound_after(q.count_tail, a.counted, lib):  # 多少老师, not 多少教师编制
        nouns = [a.counted] + [x for g in (lib.lexicon.everyday(a.counted) if lib.lexicon else []) for x in g]
        # 多少老师: a count of people (名/人/位, or N万+the noun: 70万中小学生 for 多少学生), not 68所 or 36个
        q.answer_rx = re.compile(PEOPLE_COUNT + "|".join(map(re.escape, nouns)) + "))")
        a.content_words = [w for w in a.content_words if w not in REACH_VERBS]  # 覆盖多少学生: how many reached
    a.qualifiers = [w for w, _ in a.counted_phrase[:-1] if len(w) >= 2 and lib.in_corpus(w)]
    a.measured = measured_noun(q, lib)
    a.sum_stem = sum_stem(a.measured)
    a.measured_alts = [a.measured] + ([x for alts in lib.lexicon.everyday(a.measured) for x in alts if lib.in_corpus(x)]
                                      if a.measured and lib.lexicon else [])
    if a.sum_stem:
        a.measured_alts.append("金额")  # 奖励金 is a 金额 (sum) of 奖励: its stem is the qualifier
    if a.measured.endswith("率") and len(a.measured) >= 3:
        a.measured_alts.append(a.measured[:-1] + "比例")  # 达标率 is 达标比例 (general usage)
    a.time_verbs = time_verbs(q, lib) if q.asks_time else []
    a.everyday = everyday(q, lib)
    a.names_kind = q.names_kind if q.names_kind and (q.names_kind in lib.tokenizer.words(q.text)
                                                     or q.names_kind not in q.text) else ""  # 哪几所: read from 所
    a.halves = [] if BOTH_HALVES.search(q.text) else [h for h in ("上半年", "下半年") if h in q.text]  # 上下半年: both
    a.topic = topic_of(q.text, a.content_words, lib)
    return a


OTHERS_ASK = re.compile(r"还有(?:哪些|哪几|哪个|哪家|哪所|谁)|其他|其它|别的(?:哪些)?|另外(?:哪些|哪几)")  # general usage


def names_in(q: Question, lib: Library) -> list[str]:
    """Names the question is specific about: schools, places, organisations, titles.

    A word counts when jieba's dictionary tags it as a place/organisation, or it ends
    like a school or a place (…大学, …区); its guesses for unknown words do not count.
    """
    if q.lang != "zh":
        return []
    own = _names(q.text, lib)
    # 啥时候能开放 after a question on 某大学某校区: still that campus; a turn naming its own (那某地呢) swaps them;
    # 还有别的哪几处 asks for others than those just named, which need not stand in the answer
    if own or not q.is_followup or has_topic(q.text, lib.tokenizer.pos) or OTHERS_ASK.search(q.text):
        return own
    return _names(q.search_text, lib)


def _names(text: str, lib: Library) -> list[str]:
    names = set(quoted(text))
    tags = lib.tokenizer.dict_tags()
    last = ""  # the name just before, when nothing came between
    for word, flag in lib.tokenizer.pos(text):
        if len(word) < 2:
            last = ""
            continue
        shaped = SCHOOL_NAME.fullmatch(word) or PLACE_NAME.fullmatch(word)
        tagged = tags.get(word) in ("ns", "nt") and (not lib.lexicon or lib.lexicon.is_proper(word))
        # "x": a term of the report's own dictionary (江南大学), untagged
        if tagged or (flag in NAME_FLAGS | {"x"} and shaped):
            if OWNER.search(last) and CAMPUS.search(word):  # 某大学 + 某地校区: one campus of that university
                names.discard(last)
                word = last + word
            names.add(word)
            last = word
        else:
            last = ""
    return sorted(n for n in names if n not in FILLER)


CAMPUS = re.compile(r"(?:校区|分校)$")  # a campus of the owner named just before it (question.OWNER)


def content_words(q: Question, lib: Library) -> list[str]:
    """The question's own words: ``今年新建了多少个资源中心`` -> ``['新建', '资源', '中心']``."""
    text = strip_cues(q.search_text if q.is_followup and not q.stands_alone else q.text)
    words = lib.tokenizer.words(text)
    return [w for w in dict.fromkeys(words) if len(w) >= 2 and w not in FILLER and w not in QUESTION_WORDS
            and not w.isascii()]


def measure_word_or_noun(q: Question, lib: Library) -> None:
    """多少名师: 名 starts a noun of the report (名师), not a measure word of 师; the count is of 名师 in
    any measure. 多少名教师 stays a count of 教师 in 名."""
    m = q.count_measure
    if len(m) != 1 or not q.count_tail:
        return
    first = lib.tokenizer.words(m + q.count_tail)[0]
    if len(first) >= 2 and first.startswith(m) and lib.in_corpus(first):
        q.count_tail, q.count_measure, q.answer_rx = first, "", ANY_NUMBER


def counted_phrase(q: Question, lib: Library) -> list[tuple[str, bool]]:
    """The words of the phrase after 多少/几, each with whether it is a noun:
    ``平安校园示范校`` -> 平安 (an adjective), 校园, 示范校."""
    run, pos = [], lib.tokenizer.pos(q.count_tail)
    for i, (w, f) in enumerate(pos):
        noun = f.startswith("n") or f == "j" or (f == "x" and len(w) >= 2 and "\u4e00" <= w[0] <= "\u9fff")  # x: a report's own term
        if w in PREDICATES and any(n for _, n in run):
            break  # 多少家图书馆完成了改造: the thing counted ends where what it did begins
        # a verb or adjective inside the noun phrase (城镇小区配套幼儿园, 平安校园) when a noun follows it
        if not noun and not (f in ("v", "vn", "a") and (run or f == "a") and i + 1 < len(pos)
                             and pos[i + 1][1].startswith("n")):
            break
        run.append((w, noun))
    return run


# verbs that take what follows as their object (general usage): after a noun they end the noun phrase
PREDICATES = {"完成", "建成", "通过", "获得", "入选", "达到", "实现", "取得", "参加", "参与", "开展", "承担", "获评", "获批",
              "列入", "纳入", "申报", "拿到", "评上"}
ASPECT = {"开始", "进行", "继续", "准备", "打算", "能够"}  # 什么时候开始编: when, of the step after these
PERSON_NOUN = re.compile(rf"(?:{PEOPLE_NOUNS}|[生师员者])$")  # general usage: nouns of people
PEOPLE_COUNT = r"\d[\d.,]*\s*[多余]?\s*万?\s*(?:名|人|位|[\u4e00-\u9fff]{0,3}(?:"  # + the noun counted


def _compound_after(tail: str, noun: str, lib: Library) -> bool:
    """Does the noun start a longer term of the report (教师 in 教师编制)?"""
    at = tail.find(noun)
    rest = lib.tokenizer.words(tail[at + len(noun):]) if at >= 0 else []
    return bool(rest) and lib.in_corpus(noun + rest[0])


NEED = r"(?:需要|待|应该|应当|还需|尚需|有待)"  # general usage: a need, not a thing (多少所需要改造)
NEED_TAIL = re.compile(NEED)
SETTING_AFTER = {"那会儿", "那会", "那时", "那时候", "的时候", "时候", "时"}  # general usage: 疫情那会儿 = during it
VERBAL_MEASURES = {"次", "遍", "回", "趟"}  # 动量词 (general grammar): they count doings, not the noun before (人次 counts people)


def counted_before(q: Question, lib: Library) -> str:
    """某类人员总共多少人: with nothing after 多少人, the noun counted is the last one before it."""
    tail_verb = bool(NEED_TAIL.match(q.count_tail))  # 多少所需要改造: what they need, the noun counted is before
    if not q.count_measure or (q.count_tail and not tail_verb) or not q.count_head or q.count_measure in VERBAL_MEASURES:
        return ""  # 课程被点开了多少次: times something happened, not a count of 课程
    words = lib.tokenizer.pos(q.count_head)
    for i in range(len(words) - 1, -1, -1):
        word, flag = words[i]
        where = i and words[i - 1][0] in ("去", "到", "在", "赴", "往", "向", "从")  # 去外地: where, not who
        # 疫情那会儿 / 假期里: a noun a time or place word follows sets when or where, it is not counted
        where = where or (i + 1 < len(words) and (words[i + 1][0] in SETTING_AFTER or words[i + 1][1] == "f"))
        if flag.startswith("n") and len(word) == 1 and i and words[i - 1][1] in ("vn", "n", "b", "d") \
                and not where and len(words[i - 1][0]) >= 2:
            word = words[i - 1][0] + word  # 在线 + 课: one noun cut in two, not 疫情 before it
        if flag.startswith("n") and len(word) >= 2 and word not in GENERIC_MEASURED and word not in FILLER \
                and word not in QUESTION_WORDS and not PLACE_NAME.fullmatch(word) and not where:
            return word
    return ""


def measured_noun(q: Question, lib: Library) -> str:
    """What a bare 多少 measures: the last noun before it (平均年工资是多少 -> 工资, 专任教师总数 -> 专任教师).

    Only when nothing follows 多少 (多少所学校 is the counted noun's, 几级体系 neither's).
    """
    if q.answer_rx is not None and "%" in q.answer_rx.pattern:  # a rate asked by its name: 录取率是多少 -> 录取率
        rates = [w for w in lib.tokenizer.words(q.text) if len(w) >= 3 and w.endswith("率")]
        return rates[-1] if rates else ""
    money = q.answer_rx is not None and "元" in q.answer_rx.pattern
    if (q.answer_rx is not ANY_NUMBER and not money) or q.count_tail:
        return ""
    words = _measure_joined(lib.tokenizer.pos(q.count_head))
    for word, flag in reversed(words):
        if (flag.startswith("n") or flag == "vn" or money and SUM_WORD.search(word)) and len(word) >= 2 \
                and word not in GENERIC_MEASURED \
                and word not in FILLER and word not in QUESTION_WORDS and not PLACE_NAME.fullmatch(word) \
                and (not money or MONEY_NOUN.search(word)):  # 学费多少钱: a sum of 学费; 资助学生的钱: of no noun
            return word
    return ""


def _measure_joined(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A measure noun the cut split (点|赞量 -> 点赞量): a two-character word ending in a measure suffix
    after a single character is one noun."""
    out = []
    for w, f in words:
        if out and len(w) == 2 and MEASURE_SUFFIX.search(w) and len(out[-1][0]) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", out[-1][0]):
            out[-1] = (out[-1][0] + w, "n")
        else:
            out.append((w, f))
    return out


def sum_stem(noun: str) -> str:
    """A sum's own stem, which the sentence must hold too: 奖励金多少钱 -> 奖励 (a 金额 of 奖励).
    The noun before a measured noun (残疾学生) was tried as well and refused a right answer on a
    sealed set while fixing none on the others: left out."""
    sum_ = SUM_SUFFIX.search(noun)
    return noun[:sum_.start()] if sum_ and sum_.start() >= 2 else ""  # 教育经费 -> 教育, 奖励金 -> 奖励


MONEY_NOUN = re.compile(r"(?:费|金|款|价|钱|薪|工资|预算|成本|补贴|投入|投资|支出)$")  # general usage: nouns that are sums
SUM_WORD = re.compile(r"(?:投入|投资|支出)$")  # sums the tagger calls verbs (总投入)
SUM_SUFFIX = re.compile(r"(?:经费|资金|费用|款项|[金款费])$")  # the sum in 教育经费, 专项资金, 奖励金
MEASURE_SUFFIX = re.compile(r"[量额]$")  # 访问量, 点赞量, 销售额


def time_verbs(q: Question, lib: Library) -> list[str]:
    """The report's verbs the question asks the time of: 某楼什么时候能建成 -> 建成; an everyday
    verb by the report's word for it (建完 -> 建成)."""
    out, aspect, unknown, at = [], [], [], TIME_ASK.search(q.text)
    after = q.text[at.end():] if at else ""
    text = after if any(f == "v" and w not in ASPECT for w, f in lib.tokenizer.pos(after)) else q.text  # 什么时候建成: the verb after
    for w, f in lib.tokenizer.pos(text):
        if f != "v" or len(w) < 2 or w in FILLER or w in QUESTION_WORDS:
            continue
        if w in ASPECT:  # 开始编: the step after it is asked, or (with none the report names) its own word
            aspect += [x for g in (lib.lexicon.everyday(w) if lib.lexicon else []) for x in g if lib.in_corpus(x)][:1]
            continue
        if lib.in_corpus(w):
            out.append(w)
        elif lib.lexicon and (alts := [x for g in lib.lexicon.everyday(w) for x in g if lib.in_corpus(x)]):
            out.append(alts[0])
        elif lib.tokenizer.dict_tags().get(w) == "v":
            unknown.append(w)
    return out or aspect or unknown  # 入园报名: with no step the report names, the one asked has no time in it


def everyday(q: Question, lib: Library) -> list[list[str]]:
    """The report's words for the question's everyday ones, those this corpus uses."""
    if not lib.lexicon or q.lang != "zh":
        return []
    return [alts for alts in ([w for w in g if lib.in_corpus(w)] for g in lib.lexicon.everyday(q.text)) if alts]
