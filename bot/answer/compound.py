"""Two questions in one, answered as two: each part at its own scope, joined under short headers
with one citation numbering. A part the report does not answer says so on its own line while the
others are answered; the whole is refused only when every part is.
"""
from __future__ import annotations

import re

from .. import messages
from ..lang.forms import EACH, PHRASE_START, topic_before
from ..lang.numerals import figures_in
from ..lang.text import PLACE_NAME, SCHOOL_NAME, school_levels

MARK = re.compile(r"\[(\d+)\]")
COMPARE = re.compile(r"[跟和与同][^，。？?]{0,8}?(?:比|相比|对比)|相比|比较起来"  # 跟苏州比呢
                     r"|哪[个些所家][^，。？?]{0,6}?(?:最多|最少|最高|最低|最大|最好)")  # 哪个学院最多: among those


def leans_on_before(part: str, followup: bool) -> bool:
    """Does a later part only make sense with the one before (那…呢, 跟苏州比呢, 具体有哪几项)?
    Then it cannot be answered when that one was not."""
    return followup or bool(COMPARE.search(part))


def with_topic(part: str, first: str, names_report, pos_of=None) -> str:
    """A later part that names nothing the report names (以后改叫什么) is about the first part's
    topic: it is asked with that topic before it; one that points back (它的新校区) means the first
    part's school or place. ``names_report(text)``: does the text hold a word of the report that
    names a thing (not the people, the report or an asking word)?"""
    if (det := DETERMINED.search(part)) and (whole := re.search(
            rf"((?:(?![的了是在和与])[\u4e00-\u9fff]){{2,10}}){det.group('h')}", first)):
        return part[:det.start("h")] + whole.group(1) + part[det.start("h"):]  # 每个中心 -> 每个某某中心
    if (back := POINTS_BACK.match(part)) and (name := SCHOOL_NAME.search(first) or PLACE_NAME.search(first)):
        return name.group(0) + ("的" if back.group(0).endswith("的") else "") + part[back.end():]
    topic = topic_before(first)
    if (own := SCHOOL_NAME.search(topic)) and own.group(0) not in part and len(part) <= SHORT_PART \
            and pos_of is not None and no_subject(part, pos_of):
        return own.group(0) + part  # 某学院占地多大，建了几栋楼: the school named first is the subject of both
    if not topic or topic in part or names_report(part):
        return part
    return topic + part


def no_subject(part: str, pos_of) -> bool:
    """Does the part start with its verb (建了几栋楼, 还有几个班), leaving its subject unsaid? 运动会拿了几块
    has its own."""
    for w, flag in pos_of(part):
        if flag.startswith(("d", "c", "t")) or w in LEAD_WORDS:
            continue  # 又/还/也, 那: before the verb
        return flag.startswith("v") and w not in ("是",)
    return False


LEAD_WORDS = {"那", "那么", "另外", "一共", "总共", "共", "大概", "大约", "到底", "究竟"}  # jieba tags some as j/m
SHORT_PART = 12  # a later part this short that names no school or place of its own goes on about the first's


# 每个中心 / 这个分馆: the thing the first part named in full, by its last word (general usage)
DETERMINED = re.compile(r"^(?:那|那么)?(?:每个|每一个|每所|每家|这个|那个|这些|那些|该|各个?)(?P<h>[\u4e00-\u9fff]{2})")
POINTS_BACK = re.compile(r"^(?:它的|它|其|该校的|该校)")  # 它江阴校区: the school the first part named


EACH_ASKED = re.compile(r"(?:各|分别|各自)[\u4e00-\u9fff]{0,4}?(?:多少|几)")  # 各新建了几所


def one_figure_for_all(question: str, answers: list[dict], answer_rx) -> dict | None:
    """A和B各有多少X answered for each with the same figure of one sentence, which names A and B together
    (A、B…认定68所X) or a whole that holds both (70万中小学生 for 小学和初中): the report gives their joint
    figure, not one for each. Refused, the sentence shown as related. ``answer_rx(part)``: the pattern of the figure a part asks for, or None.

    answerable: 甲班和乙班各有几名队员 → 甲班有队员40名，乙班有队员38名。 [invented]
    unanswerable: 甲区和乙区各盖了几座馆 → 甲区、乙区共盖馆6座。 [invented]
    """
    m = EACH.search(re.sub(r"[？?。！!]+$", "", question))
    if not m or not EACH_ASKED.search(m.group("rest")) or any(a.get("refused") for a in answers):
        return None
    lead = m.group("a")
    a = re.sub(r"^那么?", "", lead[PHRASE_START.match(lead).end():] if PHRASE_START.match(lead) else lead)
    b = m.group("b").split("的")[0]
    quotes = {tuple(c["quote"] for c in ans.get("citations", [])) for ans in answers}
    if len(quotes) != 1 or not (quote := "".join(next(iter(quotes)))):
        return None
    if a not in quote or b not in quote:  # 小学和初中 of 中小学生: two stages of a whole the sentence names
        stages = [school_levels(a), school_levels(b)]
        if not all(stages) or not stages[0] | stages[1] <= school_levels(quote):
            return None  # 人次和金额: two figures of one thing, not one figure for two things
    else:
        rx = answer_rx(answers[0]["question"])  # the parts ask one kind of figure (各有多少所)
        found = {f.value for f in figures_in(quote) if f.unit not in ("年", "第")
                 and (not rx or rx.search(quote[f.span[0]:f.span[1] + 4]))}
        if len(found) >= len(answers):
            return None
    cite = {**answers[0]["citations"][0], "n": 1}
    text = messages.EACH_NOT_GIVEN.format(names=f"“{a}”“{b}”") + f"{cite['quote']}[1]"
    return {"question": question, "answer": text, "refused": True, "related": True, "mode": "extractive",
            "citations": [cite]}


def unanswered(part: str) -> dict:
    """The answer of a part that leans on an earlier part the report does not answer."""
    return {"question": part, "answer": messages.REFUSED.format(topic=part.rstrip("？?。 ")), "refused": True,
            "mode": "extractive", "citations": []}


def join(question: str, parts: list[str], answers: list[dict]) -> dict:
    """``answers[i]`` answers ``parts[i]``; their citations are renumbered into one list."""
    lines, cites = [], []
    for part, ans in zip(parts, answers):
        offset = len(cites)
        body = MARK.sub(lambda m: f"[{int(m.group(1)) + offset}]", ans["answer"])
        lines += [f"**{messages.SUB_QUESTION.format(question=part.rstrip('？?。 '))}**", body, ""]
        cites += [{**c, "n": c["n"] + offset} for c in ans.get("citations", [])]
    refused = all(a.get("refused") for a in answers)
    mode = "llm" if any(a.get("mode") == "llm" for a in answers) else "extractive"
    out = {"question": question, "answer": "\n".join(lines).strip(), "refused": refused, "mode": mode,
           "citations": cites, "parts": [{"question": p, "refused": a.get("refused", False)} for p, a in zip(parts, answers)]}
    notes = [a["note"] for a in answers if a.get("note")]
    if notes:
        out["note"] = notes[0]
    return out
