"""A property of a thing asked (靠什么机制, 叫啥名字, 属于哪类性质), and whether a sentence states one.

    property_asked("合并后算什么性质的单位") -> "性质"
    states_property("性质", "某学院改制为省属公办高职院校。") -> True
    asks_where_to("在哪能查到") -> True; states_channel("登录某某平台即可查询。") -> True

Pure: data from bot/lang/data/attribute_nouns.tsv.
"""
from __future__ import annotations

import re

from .vocab import rows

STATED = {r["word"]: re.compile(r["stated"]) for r in rows("attribute_nouns")}
_WORDS = "|".join(sorted(STATED, key=len, reverse=True))
ATTRIBUTE = re.compile(_WORDS)
# 什么/啥/哪种 + the property, or the property + 是什么/叫啥: the property is what is asked, not a frame
ASKED = re.compile(rf"(?:什么|啥|哪种|哪类|哪个|哪些|怎样的|怎么样的)(?:样的?)?(?P<a>{_WORDS})"
                   rf"|(?P<b>{_WORDS})(?:面积)?(?:是|叫|为|有)?(?:什么|啥|多少|哪[个种些]|怎样|如何|多大)")


DOCUMENT_WORDS = "规划|方案|办法|意见|纲要|计划|文件|规范|通知|条例|细则|》"  # a document's kind, or its title's end
# the contents asked of a document (某规划的主要内容), not the report's own (X相关内容都列出来)
DOCUMENT_BEFORE = re.compile(rf"(?:{DOCUMENT_WORDS}|政策|规定|标准)(?:的|里的|里)?(?:主要|具体|核心)?(?:有|都有|包括|讲了|写了)?$")


# the contents of a document asked any way (某规划里讲了些啥, 《某办法》讲了哪些, 提出了什么, 具体方案有啥):
# a document's word, then what it says within a few characters (general usage)
DOCUMENT = rf"(?:{DOCUMENT_WORDS}|20[3-5]\d)"
CONTENTS_ASK = re.compile(DOCUMENT + r"[^，。？?]{0,6}?(?:(?:主要|具体|核心)?内容|讲了?(?:哪些|什么|啥)|写了(?:哪些|什么|啥)|"
                          r"(?:定了?|规定了?|提出了?)(?:哪些|什么|啥)|(?:主要|具体)(?:目标|规定|条款|措施))"
                          r"|具体方案(?:是|有)?(?:啥|什么|讲讲|说说)")


def property_asked(text: str) -> str | None:
    """The property a question asks for (its noun), or None."""
    m = ASKED.search(text)
    prop = (m.group("a") or m.group("b")) if m else None
    if prop == "内容" and not DOCUMENT_BEFORE.search(text[:m.start("b") if m.group("b") else m.start()]):
        prop = None
    return prop or ("内容" if CONTENTS_ASK.search(text) else None)


def states_property(prop: str, sentence: str) -> bool:
    return bool(STATED[prop].search(sentence))


# where to see, check or apply for something (在哪能查到, 去哪里报名, 哪个网站能看): a channel is asked
WHERE_TO = re.compile(r"哪(?:里|儿|个网站|个平台|个网址|个部门|个窗口)?(?:能|可以|才能|去|来)?"
                      r"(?:看到?|查到?|查询|找到?|办理?|报名|申请|下载|登录|咨询|投诉|举报|领取?)")
# a channel as a text states it (general usage): a site, an app, a counter, a phone line, an address
CHANNEL = re.compile(r"网址|网站|官网|网页|平台|公众号|小程序|客户端|APP|[Aa]pp|窗口|热线|电话|地址|位于|服务中心|大厅|"
                     r"https?://|www\.|登录|扫码")


def asks_where_to(text: str) -> bool:
    return bool(WHERE_TO.search(text))


def states_channel(sentence: str, question: str = "") -> bool:
    """A channel the question does not name itself (平台在哪能看: the platform is the thing, not where)."""
    return any(m.group(0) not in question for m in CHANNEL.finditer(sentence))


# what a check or an inspection found asked (general usage): 抽查发现了什么隐患, 查出几家不合格, 检查结果如何
FINDINGS_ASK = re.compile(r"(?:有没有|是否|有无)(?:查出|查到|发现)[^，。？?]{0,3}(?:问题|隐患|毛病)|(?:查出|查到|发现)(?:来|了)?(?:有没有|是否|有无)|(?:发现|查出|查到|检查出|暴露出?)(?:了|出|来)*[^，。？?]{0,4}(?:哪些|什么|啥|多少|几)[^，。？?]{0,3}(?:问题|隐患|毛病)"
                          r"|(?:哪些|哪几?[所个家])[^，。？?]{0,6}(?:有|存在|出了?)(?:问题|隐患|毛病)|(?:检查|巡察|督导|抽查)(?:的)?(?:结果|结论)"
                          # 抽查下来情况如何, 检查完结果如何, 整改得怎么样: what came of it
                          r"|(?:检查|巡察|督导|抽查|查)(?:下来|完了?|过后|之后)(?:的)?(?:情况|结果)?(?:怎么样|如何|咋样|怎样)"
                          r"|整改(?:得|的)?(?:咋样|怎么样|如何|情况|结果)")
# a finding as a report states it: 发现…, 存在…问题, 责令整改, 通报
FINDING_SAID = re.compile(r"发现|查出|存在[^，。；]{0,10}(?:问题|隐患|不足)|隐患|整改|通报|责令|处罚|问题[^，。；]{0,4}(?:\d|[一二三四五六七八九十]+)")


def asks_findings(text: str) -> bool:
    return bool(FINDINGS_ASK.search(text))


def states_findings(sentence: str) -> bool:
    """Does the sentence say what a check found (检查发现3所学校存在隐患), not only that it was held?"""
    return bool(FINDING_SAID.search(sentence))
