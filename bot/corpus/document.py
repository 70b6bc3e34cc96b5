"""A report's text as a document: conversion debris cleaned, the 公文 section tree parsed.

A document is cleaned first (``[bookmark: …]`` markers, BOM, stray leading and
trailing spaces, blank lines go; no word changes), and every unit below keeps
exact character offsets into that cleaned text:

    Document › Part (``一、…``) › Item (``（一）`` / ``一是`` / ``1.`` / ``（1）``) › Sentence

Within a part the highest-ranked numbering style that occurs is the item level
(``（一）`` > ``一是`` > ``1.`` > ``（1）``); lower styles stay inside their item.
``一是…；二是…`` run inline in one paragraph is split too. Text before the
first part is part 0 (导语); text of a part before its first item is item 0.

Reading files and their metadata: bot/corpus/files.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang.vocab import column

PARSER_VERSION = "2"
CN_NUM = "一二三四五六七八九十"
DEBRIS = re.compile(r"\[bookmark:[^\]]*\]")
PART_RE = re.compile(rf"^[{CN_NUM}]+、")
ITEM_STYLES = [  # rank order: the first style present in a part is its item level
    ("paren_cn", re.compile(rf"^（[{CN_NUM}]+）")),
    ("shi", re.compile(rf"^[{CN_NUM}]+是")),
    ("arabic", re.compile(r"^\d{1,2}[\.．、](?!\d)")),
    ("paren_num", re.compile(r"^[（(]\d{1,2}[）)]")),
]
INLINE_SHI = re.compile(rf"(?<=[；。])[{CN_NUM}]+是")
TERMINATORS = "。！？；!?;"
OPENERS, CLOSERS = "《“‘（(「『【", "》”’）)」』】"
INTRO_LABEL = "导语"
PLAN_PART_WORDS = column("cues", means="plan", read_in="heading")
DONE_PART_WORDS = column("cues", means="done", read_in="heading")


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Item:
    part_no: int
    item_no: int
    heading: str  # e.g. 六是教育保障水平全面提升
    label: str  # e.g. 一、上半年任务完成情况 › 六是教育保障水平全面提升
    section_id: str
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Part:
    no: int
    heading: str
    start: int
    end: int
    items: list[Item] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        """"plan" for a part about what is to come, "done" for one about results, by its heading."""
        if any(w in self.heading for w in PLAN_PART_WORDS):
            return "plan"
        if any(w in self.heading for w in DONE_PART_WORDS):
            return "done"
        return None


@dataclass
class Document:
    doc_id: str
    text: str  # cleaned
    meta: dict
    parts: list[Part] = field(default_factory=list)
    outline: dict = field(default_factory=dict)  # {"parts": [line], "items": [line]}: headings without numerals
    source_hash: str = ""  # of the file and its metadata

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.doc_id

    def items(self) -> list[Item]:
        return [it for p in self.parts for it in p.items]

    def section(self, section_id: str) -> Item | None:
        return next((it for it in self.items() if it.section_id == section_id), None)


def clean(raw: str) -> str:
    """Remove conversion debris without changing a word.

    ``' 今年以来…\\r\\n[bookmark: _Hlk1]六是…'`` -> ``'今年以来…\\n六是…'``
    """
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    raw = DEBRIS.sub("", raw)
    lines = (ln.strip(" \t\u3000\u00a0") for ln in raw.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split on 。！？； outside 《》“”（） and at line ends; offsets are kept.

    ``'出台《a；b》。再议“c。”好；'`` -> ``['出台《a；b》。', '再议“c。”', '好；']``
    """
    out: list[Sentence] = []
    depth, start, i, n = 0, 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        cut = None
        if ch == "\n":
            cut, depth = i, 0
        elif ch in TERMINATORS and depth == 0:
            cut = i + 1
            while cut < n and text[cut] in "”’」』）)":  # a closing quote stays with its sentence
                cut += 1
        elif ch in "。！？" and depth > 0 and i + 1 < n and text[i + 1] in "”’」』":
            cut = i + 2  # “…。” closes a quoted sentence
            depth = max(0, depth - 1)
        if cut is not None:
            _add_sentence(out, text, start, cut, offset)
            start = cut + 1 if ch == "\n" else cut
            i = max(i + 1, cut)
            continue
        i += 1
    _add_sentence(out, text, start, n, offset)
    return out


def _add_sentence(out: list[Sentence], text: str, a: int, b: int, offset: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(offset + a, offset + b, text[a:b]))


def _cn_numeral(k: int) -> str:
    return CN_NUM[k - 1] if 1 <= k <= 10 else str(k)


def _heading(text: str) -> str:
    """The item's heading: its text up to the first 。；： or line end (at most 60 characters)."""
    m = re.search(r"[。；：:\n]", text)
    head = text[: m.start()] if m else text
    return head[:60]


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for ln in text.split("\n"):
        out.append((pos, ln))
        pos += len(ln) + 1
    return out


def parse(doc_id: str, text: str, meta: dict | None = None, outline: dict | None = None) -> Document:
    """Parse cleaned text into parts › items › sentences.

    ``outline`` names heading lines that carry no numeral (a .docx's styled headings):
    ``{"parts": ["总体要求"], "items": ["课程改革"]}``.
    """
    outline = {k: list(v) for k, v in (outline or {}).items() if v}
    doc = Document(doc_id, text, meta or {}, outline=outline)
    # only headings without a numeral need the hint; numbered ones are found by their numbering
    part_lines = {ln for ln in outline.get("parts", ()) if not PART_RE.match(ln)}
    item_lines = {ln for ln in outline.get("items", ()) if not any(rx.match(ln) for _, rx in ITEM_STYLES)}
    # group lines under part headings
    groups: list[tuple[str, int, list[tuple[int, str]]]] = []  # (heading, start, lines)
    current: tuple[str, int, list] = ("", 0, [])
    for pos, ln in _lines(text):
        if (PART_RE.match(ln) and len(ln) <= 50) or ln in part_lines:
            groups.append(current)
            current = (ln, pos, [])
        else:
            current[2].append((pos, ln))
    groups.append(current)
    for part_no, (heading, pstart, lines) in enumerate(groups):
        if part_no == 0 and not lines:
            continue
        part_label = heading or INTRO_LABEL
        pend = (lines[-1][0] + len(lines[-1][1])) if lines else pstart + len(heading)
        part = Part(part_no, part_label, pstart, pend)
        hinted = _Lines(item_lines) if any(ln in item_lines for _, ln in lines) else None
        for k, (istart, iend) in enumerate(_item_spans(lines, hinted)):
            iend = istart + len(text[istart:iend].rstrip())
            body = text[istart:iend]
            item_no = k if _has_preamble(lines, hinted) else k + 1
            if part_no == 0:
                ihead, label = INTRO_LABEL, INTRO_LABEL
            elif item_no == 0:
                ihead, label = heading, heading
            else:
                ihead = _heading(body)
                label = f"{heading} › {ihead}"
            item = Item(part_no, item_no, ihead, label, f"{doc_id}#{part_no}.{item_no}", istart, iend)
            item.sentences = split_sentences(body, istart)
            part.items.append(item)
        doc.parts.append(part)
    return doc


class _Lines:
    """Item headings named by the outline, matched like an item style."""

    def __init__(self, lines: set[str]):
        self.lines = lines

    def match(self, line: str) -> bool:
        return line in self.lines


def _item_level(lines: list[tuple[int, str]], hinted=None):
    if hinted is not None:
        return hinted
    for name, rx in ITEM_STYLES:
        if any(rx.match(ln) for _, ln in lines):
            return rx
    if any(INLINE_SHI.search(ln) for _, ln in lines):
        return ITEM_STYLES[1][1]
    return None


def _has_preamble(lines: list[tuple[int, str]], hinted=None) -> bool:
    rx = _item_level(lines, hinted)
    return bool(lines) and (rx is None or not rx.match(lines[0][1]))


def _item_spans(lines: list[tuple[int, str]], hinted=None) -> list[tuple[int, int]]:
    """Character spans of a part's items; a preamble before the first item is its own span."""
    if not lines:
        return []
    rx = _item_level(lines, hinted)
    starts: list[int] = []
    for pos, ln in lines:
        if rx is None:
            continue
        if rx.match(ln):
            starts.append(pos)
        if rx is ITEM_STYLES[1][1]:
            starts.extend(pos + m.start() for m in INLINE_SHI.finditer(ln))
    first, last_end = lines[0][0], lines[-1][0] + len(lines[-1][1])
    if not starts or starts[0] != first:
        starts.insert(0, first)
    spans = []
    for a, b in zip(starts, starts[1:] + [last_end]):
        spans.append((a, b))
    return spans
