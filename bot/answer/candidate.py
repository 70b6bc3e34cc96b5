"""One candidate sentence seen against what is asked: what the rules read of it, worked out once
(its context, its figures of the kind asked, whether it names something new), its coverage of the
question's words, and the ``Check`` that records how well it answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..evidence import Hit, Library
from ..lang.question import NUMERAL
from ..lang.text import KIND_SHAPE, PERSON_TITLE, SCHOOL_NAME, clauses, digits, quoted
from ..thresholds import MIN_SUPPORT
from .asked import Asked


class Sentence:
    """One candidate sentence seen against what is asked; what several rules read is worked out once."""

    def __init__(self, a: Asked, hit: Hit, lib: Library):
        self.a, self.hit, self.lib, self.unit = a, hit, lib, hit.unit
        self.text = hit.unit.text

    @cached_property
    def context(self) -> str:
        return self.lib.context(self.unit)

    @cached_property
    def body(self) -> str:
        return f"{self.unit.text} {self.unit.label}"

    @cached_property
    def names_new(self) -> bool:
        """Does it name something new of the kind asked? Only the clauses with the count the question
        repeats count (15个专业是哪些: the names must stand with 15个)."""
        q = self.a.q
        if not q.asks_names:
            return False
        if CATEGORY_ASK.search(q.text):  # 查的是哪类学校: a kind of school the question does not name
            return any(m.group(0) not in q.text for m in CATEGORY_IN_TEXT.finditer(self.text))
        named = "，".join(c for c in clauses(self.text) if any(n in c for n in q.numbers)) if q.numbers else self.text
        return new_names(self.lib, named, q.text, person=q.asks_person, kind=self.a.names_kind, excluded=q.excluded)

    @cached_property
    def figures(self) -> list[tuple[str, str]]:
        """The figures of the kind asked, each with its clause.

        Not a figure the question already gives (113名…里去新疆的有几个 -> not 113名).
        A bare 70万中小学生 counts people without a measure word (not for 多少所: it is no count of 中小学).
        """
        q, counted = self.a.q, self.a.counted
        bare = (re.compile(rf"{NUMERAL}\s*[多余]?(?:万|亿)?{re.escape(counted)}")
                if counted and q.count_measure in ("", "名", "人", "位", "个") else None)
        found = []
        for c in clauses(self.text):
            for rx in (q.answer_rx, bare):
                if rx is None or (rx is bare and counted not in self.lib.tokenizer.words(c)):
                    continue
                found += [(c, m.group(0)) for m in rx.finditer(c)
                          if digits(m.group(0)) not in q.numbers and not VAGUE.fullmatch(m.group(0))]
        return found


# a kind of school, not a school's name: 民办学校, 普通高中 (general usage)
CATEGORY = re.compile(r"(?:民办|公办|普通|中小|各级|各类|职业|高等|义务教育|示范|优质|新优质|直属)[\u4e00-\u9fff]{0,2}"
                      r"(?:学校|中学|小学|高中|院校|高校)$")
CATEGORY_IN_TEXT = re.compile(CATEGORY.pattern.rstrip("$"))
CATEGORY_ASK = re.compile(r"哪[一]?[类种]|什么(?:类型|种类|类|样的)(?=学校|院校|高校)|啥类型")  # asks a kind, not a name
ORG_KINDS = ("公司", "企业")
ORG_NAME = re.compile(r"(?<=[由是为被给向与和及同、，,：:“])[\u4e00-\u9fff]{2,12}?(?:有限公司|公司|集团)")
VAGUE = re.compile(r"[一几]\s*(?:批|些|系列)")  # 新增一批基地: a batch, no count


@dataclass
class Check:
    """How well one sentence answers the question."""
    hard: list[str]  # reasons it cannot answer: a missing year/name, no figure of the kind asked
    missing_known: list[str]  # question words used elsewhere in the report, absent here
    matched: list[str]  # question words found here
    support: float = 1.0  # idf share of the question's known words that this evidence holds
    failed: list[str] = field(default_factory=list)  # the names of the rules that objected, in order

    @property
    def ok(self) -> bool:
        return not self.hard and self.support >= MIN_SUPPORT


def coverage(a: Asked, s: Sentence, words: list[str]) -> tuple[list[str], list[str], float]:
    """The question's words the sentence misses (of those the corpus uses), those it holds, and the idf
    share it holds; an everyday word (补习班) counts as the report's word for it (校外培训机构), and a
    report's word is held by its other word too (学前教育 by 幼儿园) without that one being asked for."""
    u, ctx, lib = s.unit, s.context, s.lib
    groups, held = list(a.everyday), {}
    for w in words:
        mine = [g for g in groups if g in own_bridges(w, lib)] if lib.in_corpus(w) else []
        groups = [g for g in groups if g not in mine]
        held[w] = w in ctx or any(x in ctx for g in mine for x in g) or any(w in c for c in lib.carried(s.hit.idx))
    missing = [w for w in words if not held[w] and lib.in_corpus(w)]
    matched = [w for w in words if w in s.body]
    have = sum(lib.idf(w, u.doc) for w in words if held[w])
    total = have + sum(lib.idf(w, u.doc) for w in missing)
    for alts in groups:
        present = [lib.idf(w, u.doc) for w in alts if w in ctx]
        if present:
            have, total = have + max(present), total + max(present)
        else:
            total += min(lib.idf(w, u.doc) for w in alts)
    return missing, matched, have / total if total else 1.0


def own_bridges(word: str, lib: Library) -> list[list[str]]:
    """The report's other words for one of its own words, as Asked.everyday lists them."""
    if not lib.lexicon:
        return []
    return [[x for x in g if lib.in_corpus(x)] for g in lib.lexicon.everyday_of(word)]


def new_names(lib: Library, sentence: str, question: str, person: bool = False, kind: str = "",
              excluded: list[str] = ()) -> bool:
    """Does the sentence name something (a title, a school, a place; a person if asked) the question does not?
    A name holding one the question sets aside (除了一中还有哪些: 某市一中) is not new.

    ``kind`` narrows it for a school or a place: 哪个小学 wants a …小学, 哪个区 a …区.
    """
    tags = lib.tokenizer.dict_tags()
    words = lib.tokenizer.pos(sentence)
    if person:  # a person is named with a title in a report: 局长张三, 张三同志
        if not PERSON_TITLE.search(sentence):
            return False
        found = {w for w, f in words if f == "nr" and tags.get(w) == "nr"}
    else:
        found = set(quoted(sentence))
        # a school-like word counts unless jieba's dictionary knows it as a common noun (中等职业学校)
        found |= {w for w, f in words if len(w) >= 2 and (tags.get(w) in ("ns", "nt")
                                                         or (SCHOOL_NAME.fullmatch(w) and w not in tags))}
    if kind in ("部门", "单位"):  # jieba names no department: 与公安、卫生健康、市场监管等 lists them, short
        found = {w for w, f in words if tags.get(w) == "nt"}
        found |= {w for c in clauses(sentence) if "、" in c for w in re.split(r"[、等和与及]", c)[1:-1]
                  if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)}
    if kind in ORG_KINDS:  # jieba tags few companies (某某科技有限公司 is 某某/科技/有限公司): by their shape
        found |= set(ORG_NAME.findall(sentence))
    found = {n for n in found if n and n not in question and not CATEGORY.match(n) and not any(x in n for x in excluded)}
    if kind in KIND_SHAPE:
        found = {n for n in found if re.search(KIND_SHAPE[kind], n)}
    return bool(found)
