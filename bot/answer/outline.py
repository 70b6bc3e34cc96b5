"""What the report's outline gives a question about its structure: every item's heading (report
scope), every item of a half (part scope), the count of parts and items, one item by its number
(第四项), the documents a half issued.

Pure: the library's units and documents (bot/evidence.py); no rules, no index.
"""
from __future__ import annotations

import re

MAX_DOCUMENTS = 8  # sentences that issue documents, at most (readable: about 8 bullets)
FIGURE = re.compile(r"\d[\d.]*\s*[%万亿多余]?\s*[\u4e00-\u9fff%]")  # a figure with its unit (86%, 59块)


def doc_of(ev) -> str | None:
    """The document a summary is about: the best hit's (a multi-document corpus), else the only one."""
    if ev.hits:
        return ev.hits[0].unit.doc
    return next(iter(ev.library.docs), None)


def structure_hits(ev, scope: str, half: str | None, hit_type, figures: bool = False, overall: bool = False) -> list:
    """Report scope: every item's heading; part scope: every item of the part, its representative sentence,
    or (``figures``: 有什么成绩, 数据亮点) the sentence of the item that states the most figures.
    ``overall`` (上半年整体干得如何, 用一句话说说上半年): the results part opens with the preamble, the report's
    own summing-up of them (今年以来……进展顺利)."""
    lib = ev.library
    doc = lib.docs.get(doc_of(ev) or "")
    if doc is None:
        return []
    by_idx = {h.idx: h for h in ev.hits}
    out = []
    for part in doc.parts:
        if scope == "part" and half and part.kind != half and not (overall and half == "done" and not part.no):
            continue
        for item in part.items:
            idxs = lib.section_units.get(item.section_id, [])
            if not idxs:
                continue
            if scope == "report":
                pick = next((i for i in idxs if lib.units[i].is_heading), idxs[0])
            else:
                pick = lib.representative.get(item.section_id, idxs[0])
                counts = {i: len(FIGURE.findall(lib.units[i].text)) for i in idxs if not lib.units[i].is_heading}
                if figures and counts and max(counts.values()) > counts.get(pick, 0):
                    pick = max(counts, key=lambda i: (counts[i], -i))
            out.append(by_idx.get(pick) or hit_type(pick, lib.units[pick], 0.0, 0.0, 0.0, 0.0))
    return out


def document_hits(ev, half: str | None, hit_type) -> list:
    """The sentences that issue a document (a 《title》 with 出台/制定/制订/印发…) of the half asked, in order."""
    lib, doc = ev.library, doc_of(ev)
    found = [hit_type(i, u, 0.0, 0.0, 0.0, 0.0) for i, u in enumerate(lib.units)
             if u.doc == doc and not u.is_heading and "《" in u.text and ISSUES.search(u.text)
             and (not half or lib.part_kinds.get(u.section_id) == half)]
    return found[:MAX_DOCUMENTS]


ISSUES = re.compile(r"出台|制定|制订|印发|发布|颁布|修订|出版|编制")  # issuing a document, not citing one (贯彻落实《…》)


def outline_count(doc, scope: str, half: str | None) -> str:
    """分成几大块: how many parts and items the report (or the half asked about) has, said first."""
    from .. import messages

    if doc is None:
        return ""
    parts = [p for p in doc.parts if p.no and p.items and (scope == "report" or not half or p.kind == half)]  # not the preamble
    if scope == "part" and len(parts) == 1:
        return messages.OUTLINE_PART.format(heading=parts[0].heading.lstrip("一二三四五六七八九十、 "), items=len(parts[0].items))
    return messages.OUTLINE_REPORT.format(parts=len(parts), items=sum(len(p.items) for p in parts))


PER_ITEM = 10  # sentences of one item asked by its number: the longest item of the report has 10


def item_hits(ev, n: int, half: str | None, hit_type) -> tuple[list, str]:
    """第四项展开说说: the n-th item of the half asked (or of each half, when none is), its sentences in
    order; with the reason when no part has that many items (``"报告各部分最多7项"``)."""
    lib = ev.library
    doc = lib.docs.get(doc_of(ev) or "")
    if doc is None:
        return [], "no document"
    parts = [p for p in doc.parts if p.no and p.items and (not half or p.kind == half)]
    items = [p.items[n - 1] for p in parts if 0 < n <= len(p.items)]
    if not items:
        return [], f"报告各部分最多{max((len(p.items) for p in parts), default=0)}项"
    per = PER_ITEM // len(items)  # each half's item when none is named: about 10 bullets in all
    hits = [hit_type(i, lib.units[i], 0.0, 0.0, 0.0, 0.0)
            for it in items for i in [i for i in lib.section_units.get(it.section_id, []) if not lib.units[i].is_heading][:per]]
    return hits, ""


MAX_HIGHLIGHTS = 8  # readable: about 8 bullets
# what makes a result stand out as a report says it (general usage): a first, a rank, a national or provincial title
DISTINCTION = re.compile(r"率先|唯一|首批|首个|首家|首届|第一|第二|第三|前列|领先|国家级|国家|教育部|全国|省级|全省")


def highlight_hits(ev, half: str | None, hit_type, figures: bool = False) -> list:
    """亮点/拿得出手/硬数字: the results that stand out, across the half asked (the results part when none
    is): sentences with a first, a rank or a title, and with the most figures (``figures``: 硬数字, the
    figures first); at most MAX_HIGHLIGHTS, in report order."""
    lib, doc = ev.library, doc_of(ev)
    half = half or "done"
    scored = []
    for i, u in enumerate(lib.units):
        if u.doc != doc or u.is_heading or lib.part_kinds.get(u.section_id) != half:
            continue
        marks, figs = len(DISTINCTION.findall(u.text)), len(FIGURE.findall(u.text))
        score = 3 * figs + marks if figures else 2 * marks + figs
        if score:
            scored.append((-score, u.start, i))
    keep = sorted(sorted(scored)[:MAX_HIGHLIGHTS], key=lambda t: t[1])
    return [hit_type(i, lib.units[i], 0.0, 0.0, 0.0, 0.0) for _, _, i in keep]


# a kind of distinction asked for as a list (general usage): 国字号称号/国家级荣誉, 全省唯一/率先/领先的;
# each with what marks it in a report's sentence
DISTINCTIONS = {
    "national": (re.compile(r"国家级|国字号|国家层面|国家的?(?:牌子|称号|荣誉|试点|示范)"), re.compile(r"国家|教育部|全国")),
    "first": (re.compile(r"全省(?:唯一|率先|第一|领先|前列)|率先|领先|唯一|第一个|走在前"),
              re.compile(r"唯一|率先|领先|前列|(?:全省|全国|省内)[^，。]{0,4}第[一二三]")),
}
# words that only frame such a list (哪些城市或学校得了称号, 哪些做法): a topic beside them (义务教育,
# 示范校, a school's name) asks about that topic instead (general usage)
DISTINCTION_FRAME = {"学校", "城市", "工作", "方面", "做法", "地方", "项目", "牌子", "称号", "荣誉", "试点", "批复", "成果",
                     "节目", "无锡", "教育", "全省", "国家", "国家级", "国字号", "唯一", "率先", "领先", "前列", "报告",
                     "拿到", "拿来", "获得", "取得", "得到", "评上", "可以"}
LIST_ASK = re.compile(r"哪些|哪几|都有啥|有啥|都有什么|有什么|列(?:一下|个|出来)?|汇总|梳理|捋")


def distinction_asked(text: str, topic: list[str] = ()) -> str | None:
    """The kind of distinction a question asks for a list of (今年拿了哪些国字号称号 -> "national"),
    when its topic words only frame the list."""
    if not LIST_ASK.search(text) or any(w not in DISTINCTION_FRAME and not any(w in f for f in DISTINCTION_FRAME)
                                        for w in topic):
        return None
    return next((k for k, (asked, _) in DISTINCTIONS.items() if asked.search(text)), None)


def distinction_hits(ev, half: str | None, hit_type, kind: str) -> list:
    """The sentences of the half asked (the whole report when none) that carry that distinction, in order."""
    lib, doc, marks = ev.library, doc_of(ev), DISTINCTIONS[kind][1]
    return [hit_type(i, u, 0.0, 0.0, 0.0, 0.0) for i, u in enumerate(lib.units)
            if u.doc == doc and not u.is_heading and u.part and marks.search(u.text)
            and (not half or lib.part_kinds.get(u.section_id) == half)][:MAX_HIGHLIGHTS]
