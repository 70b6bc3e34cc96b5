"""The asking part of a long turn: a parent's or a teacher's story before the question is not the question.

    without_personal_context("我是江阴的老师，学校缺编。想问下增核了多少编制") -> "想问下增核了多少编制"
    question_part(text) bounds what any turn costs to analyse and embed (FOCUS_CHARS).

Pure: no index; a tagger (``pos_of``) makes has_topic word-level.
"""
from __future__ import annotations

import re

from .forms import HEARSAY, has_topic
from .text import PLACE_NAME, SCHOOL_NAME, is_cjk
from .vocab import column

FOCUS_CHARS = 80  # what is analysed and embedded of one turn (97 % of written questions are shorter)
FOCUS_CHARS_EN = 320  # the same number of model tokens, about, in English
ASKING = re.compile(r"[吗呢？?]|多少|(?<!好)(?<![十百千万])几[个所名项人次年月天]|(?<!没)(?<!(?<!有)没有)(?:什么|啥)|哪|谁|干嘛|(?<![没不])怎么|怎样|如何|是否|有没有|有无|是不是|能不能|会不会"
                    r"|可不可以|请问|想问|想了解|想知道|问一下|问下|介绍|说说|讲讲|总结|概括|\b(?:what|how|when|which|who|why|is|are|does|did)\b", re.I)
# 没什么支持 says there is none, it asks nothing; 有没有什么 asks
SENTENCE_END = re.compile(r"(?<=[。！!？?；;\n])")
CONFIRM = re.compile(r"是真的吗|是不是真的|对吗|对不对|是这样吗|是不是这样|属实吗|靠谱吗")
SUMMARY_ASK = re.compile("|".join(column("summary_cues", "pattern", asks="report")))  # 概括一下, 总结: the whole report
BARE_COUNT = re.compile(r"(?:多少|几)[个所名位项块家次]?[？?。！!吗呢啊呀]*$")  # a count that names nothing counted
ANAPHOR = re.compile(r"这个|这方面|这块|这件事|这事|此事|这种|这类|这些")
# the asker speaking of themselves (我家孩子…, 我是记者…), or of their child at school (儿子读初一了, 女儿在学校…);
# not of a child's thing: 孩子课后去的兴趣班 is the topic
PERSONAL = re.compile(r"我|俺|本人|咱|作为家长|身为")
CHILD_STORY = re.compile(r"(?:孩子|女儿|儿子|小孩|闺女|娃)(?:[^，,。？?]{0,6}?(?:[初高][一二三]|[一二三四五六]年级|[大中小]班"
                         r"|幼儿园|小学|初中|高中|大学)|(?:今年|现在|已经|正在|马上|刚)?在(?:学校|班上|班里|家))")
TOPIC_MARK = re.compile(r"(?<=[\u4e00-\u9fff])(?<![对在把于说问])(?:这块|这一块|这方面)")  # 融合教育这块: X's own marker
CLAUSE_END = re.compile(r"(?<=[，,。！!；;])|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")  # a space parts clauses


def without_personal_context(text: str, pos_of=None) -> str:
    """Leading clauses about the asker (我家孩子在读小学，……) dropped when a later clause asks:
    ``'我是江阴的老师，学校缺编。想问下增核了多少编制'`` -> ``'想问下增核了多少编制'``; the asker's own
    school or district named there stands in for 学校/我们区 in what is kept (``carry_names``)."""
    kept = _without_personal_context(text, pos_of)
    return carry_names(text[:text.rfind(kept)], kept) if kept != text and kept in text else kept


# the asker's own school or district, said as their own (general usage): 我们区, 本校, 孩子的学校, 听说学校…
OWN_PLACE = re.compile(r"我们(?:这个)?(?:区|县)|咱们?(?:区|县)|我区|本区|我县|本县")
OWN_SCHOOL = re.compile(r"我们(?:学校|学院|幼儿园)|咱们?(?:学校|学院)|我校|本校|(?:孩子|小孩|女儿|儿子)的?学校"
                        r"|(?:^|(?<=[，,])|(?<=听说)|(?<=请问)|(?<=问下)|(?<=问一下))学校")
NOT_A_NAME = re.compile(r"[一某这那][所家个]?")  # 一家民办幼儿园: a kind of school, not its name
ASKER = re.compile(r"^(?:我|俺|本人|咱)们?家?的?(?:孩子|小孩|女儿|儿子|娃)?(?:是|在|就读于|读|上)?")


def carry_names(story: str, asking: str) -> str:
    """The school or district the asker names of themselves (我是某某学院的老师) put in place of their own
    reference to it in the asking part (听说学校要搬迁 -> 听说某某学院要搬迁), and before a campus asked
    about without its school (想问下新校区啥时候用 -> 某某大学新校区); the rest is as it was."""
    story = "，".join(ASKER.sub("", c) for c in re.split(r"[，,。；;]", story))
    for own, shape in ((OWN_SCHOOL, SCHOOL_NAME), (OWN_PLACE, PLACE_NAME)):
        name = next((m.group(0) for m in shape.finditer(story) if not NOT_A_NAME.match(m.group(0))), "")
        if name and own.search(asking):
            asking = own.sub(name, asking, count=1)
    owner = next((m.group(0) for m in OWNER_NAME.finditer(story) if not NOT_A_NAME.match(m.group(0))), "")
    campus = BARE_CAMPUS.search(asking)
    at = campus.start() + (campus.group(0)[0] in ASKING_CHARS) if campus else 0  # 问下新校区: 新校区
    if owner and campus and owner not in asking and not re.search(r"(?:大学|学院|的)$", asking[:at]):
        asking = asking[:at] + owner + asking[at:]
    return asking


OWNER_NAME = re.compile(r"[\u4e00-\u9fa5]{2,10}?(?:大学|学院)(?![\u4e00-\u9fa5]{0,4}校区)")  # a school that has campuses
# a campus (江阴校区, 新校区): when no school stands before it, its school is the one the story names
BARE_CAMPUS = re.compile(r"(?:[\u4e00-\u9fa5]{2}|[新老主])(?:校区|分校)")
ASKING_CHARS = "下问的个那这想道解"  # the end of 问下/想问/知道/了解 before a one-character campus (新校区)


def _without_personal_context(text: str, pos_of=None) -> str:
    clauses = [c for c in CLAUSE_END.split(text) if c.strip()]
    if len(clauses) < 2 or ASKING.search(clauses[0]):
        return text
    first_ask = next((i for i, c in enumerate(clauses) if ASKING.search(c)), None)
    if not first_ask or not any(PERSONAL.search(c) or CHILD_STORY.search(c) for c in clauses[:first_ask]):
        return text  # no story of the asker's before the asking
    before = clauses[first_ask - 1]
    if BARE_COUNT.search(clauses[-1]) and not (PERSONAL.search(before) or CHILD_STORY.search(before)):
        return "".join(clauses[first_ask - 1:]).strip()  # …新增了一批名额，某校能分几个: the count is of 名额
    if ANAPHOR.search(TOPIC_MARK.sub("", "".join(clauses[first_ask:]))):
        # 听说有个新学院，这个定了没: the clause before names what 这个 is; the asker's own story does not
        before = clauses[first_ask - 1]
        return text if PERSONAL.search(before) or CHILD_STORY.search(before) else (before + "".join(clauses[first_ask:])).strip()
    asking = "".join(clauses[first_ask:])
    if CONFIRM.search(asking) and not has_topic(asking, pos_of):
        heard = [i for i in range(first_ask) if HEARSAY.match(clauses[i].strip())]
        if heard and heard[-1] > 0:  # …想找份工作，听说某校有个培训班，是真的吗: what was heard is asked
            return "".join(clauses[heard[-1]:]).strip()
        return text  # 班主任说…，是真的吗: what the story says is what is asked
    if not has_topic(asking, pos_of) and SUMMARY_ASK.search(asking):
        return asking.strip()  # 主任叫我写个汇报，帮忙总结一下: a summary needs no topic from the story
    # 听说要出新办法，都包括什么 (and a second question after it): the clause before names what the first asks of
    if not has_topic(clauses[first_ask], pos_of) or OBJECT_LEFT.search(asking):
        # the clause before; past the asker's feelings (我心里很着急), which name nothing, to one that does
        named = first_ask - 1
        while named > 0 and PERSONAL.search(clauses[named]) and not has_topic(clauses[named], pos_of):
            named -= 1
        if not has_topic(clauses[named], pos_of) or named < first_ask - 1 and (
                PERSONAL.search(clauses[named]) or CHILD_STORY.search(clauses[named])):
            named = first_ask - 1  # 孩子在某地读初三: the asker's story, not the thing asked about
        if named == 0 and first_ask == 1:
            return text
        return (clauses[named] + asking).strip()
    return "".join(clauses[first_ask:]).strip()


# a doing whose object is left unsaid at the end (总共多少家单位入围了): the clause before names it (general usage)
OBJECT_LEFT = re.compile(r"(?:进|进入|入选|评上|获评|选上|通过|拿到|加入|列入|纳入|参加|参与)了?[？?。！!吗呢啊]*$")


# what the asker will do with the answer (general usage): 要写进季度简报, 我要做个数据一览表, 好给领导汇报
# 我们学校要对照学习, 公司要参考一下, 写汇报用: the asker's unit, then what it will do with it
PURPOSE = re.compile(r"^(?:我|我们)?(?:单位|公司|学校|部门|科室|这边)?(?:也)?(?:要|想|准备|打算|得|需要)?(?:用来|用于|拿去|好)?"
                     r"(?:写进|写到|写入|放进|放到|做个|做一个|做成|整理成|汇总成|写个|写一篇|写篇|写材料|写报告|写稿|写总结|写汇报"
                     r"|汇报|发给|转给|给领导|报给|交给|发朋友圈|发群里|对照着?学|对照学习|学习参考|做参考|做个参考|参考一下|参考用|备课)")


def without_purpose(text: str) -> str:
    """Trailing clauses that say what the answer is for (…归纳一下，要写进季度简报) dropped when an earlier
    clause asks: they name no topic of the question. Anything else comes back as it was."""
    cuts = [0] + [m.end() for m in PURPOSE_BREAK.finditer(text)]
    end = len(text)
    while len(cuts) > 1:
        last = text[cuts[-1]:end]
        head = text[:cuts[-1]]
        purpose = PURPOSE.match(last.strip())
        if not (purpose and not ASKING.search(last.strip()[purpose.end():])  # 写总结用: its own 总结 asks nothing
                and (ASKING.search(head) or SUMMARY_ASK.search(head) or REQUEST.search(head))):
            break
        end = cuts.pop()
    return text if end == len(text) else text[:end].rstrip("，, ")


REQUEST = re.compile(r"汇总|梳理|整理|列(?:一下|个|出来)|讲讲|说说|介绍一下")  # 把这些汇总下: a request asks too
# who asked the asker for it (领导让我…, 主任叫我…): they ask for the answer, they are not its topic (general usage)
REQUESTER = re.compile(r"(?:^|(?<=[，,。；;]))(?:我们|我的|我家)?(?:领导|局长|处长|科长|主任|校长|老板|上级|上面|单位)"
                       r"(?:让|叫|要|要求|安排)(?:我|我们)")
PURPOSE_BREAK = re.compile(r"[，,。！!？?；;]|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def question_part(text: str, limit: int | None = None, pos_of=None) -> str:
    """The part of a long turn that asks: its last asking sentence, with what comes just
    before it while it fits in ``limit`` characters. Short turns are kept whole.

    Bounds what any turn can cost to analyse and embed, and keeps a parent's story
    ("我家孩子在读小学，……") from counting as the question's own words.
    ``'我家孩子在梁溪区上小学，成绩一般。想问下今年资助了多少学生？'`` (limit 16) -> ``'想问下今年资助了多少学生？'``
    """
    limit = limit or (FOCUS_CHARS if is_cjk(text) else FOCUS_CHARS_EN)
    text = without_purpose(without_personal_context(REQUESTER.sub("", text), pos_of))
    if len(text) <= limit:
        return text
    parts = [p for p in SENTENCE_END.split(text) if p.strip()]
    asking = [i for i, p in enumerate(parts) if ASKING.search(p)]
    end = asking[-1] if asking else len(parts) - 1
    out = parts[end].strip()
    if len(out) > limit:  # one long sentence: its asking clause, else its end
        clauses = re.split(r"(?<=[，,、：:])", out)
        asks = [c for c in clauses if ASKING.search(c)]
        out = (asks[-1] if asks else out[-limit:]).strip()[-limit:]
    for p in reversed(parts[:end]):
        if len(out) + len(p.strip()) > limit:
            break
        out = p.strip() + out
    return out
