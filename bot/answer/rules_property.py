"""The rule on a property of a thing asked (bot/lang/properties.py): a sentence about the thing that
states no value of the property (no standard, no mechanism, no name) does not answer it.
Registered in ``RULES`` when bot/answer/rules.py is imported.
"""
from __future__ import annotations

from ..lang.properties import asks_findings, asks_where_to, property_asked, states_channel, states_findings, states_property
from .asked import Asked
from .candidate import Sentence
from .rules import rule


@rule("property not stated")
def property_not_stated(a: Asked, s: Sentence) -> list[str]:
    """什么标准 / 叫啥名字 / 什么机制 asks a property of the thing: the sentence must state one, not only
    speak of the thing.

    answerable: 这个补助是按什么标准发的？ → 困难学生补助按每生每年2000元的标准发放。 [invented]
    unanswerable: 这个补助是按什么标准发的？ → 全年累计补助学生1200人次，金额360万元。 [invented]
    """
    prop = property_asked(a.q.text)
    if prop and not states_property(prop, s.text):
        return [f"没有说明{prop}"]
    return []


@rule("no channel")
def no_channel(a: Asked, s: Sentence) -> list[str]:
    """在哪能查到 / 去哪里报名 asks where: the sentence must name a channel (a site, a platform, a counter,
    a phone line), not only the thing.

    answerable: 补助名单在哪里可以查到？ → 补助名单在市教育局官网公示，可登录查询。 [invented]
    unanswerable: 补助名单在哪里可以查到？ → 全年累计补助学生1200人次，金额360万元。 [invented]
    """
    if asks_where_to(a.q.text) and not states_channel(s.text, a.q.text):
        return ["没有说在哪里"]
    return []


@rule("no findings")
def no_findings(a: Asked, s: Sentence) -> list[str]:
    """What a check or an inspection found (抽查发现了什么隐患, 查出几家不合格, 检查结果) needs the sentence to
    say what was found; that a check was held does not say it.

    answerable: 这次图书馆抽查发现了什么隐患？ → 图书馆消防抽查发现3处隐患，已责令整改。 [invented]
    unanswerable: 这次图书馆抽查发现了什么隐患？ → 组织开展全市20家图书馆消防抽查。 [invented]
    """
    if asks_findings(a.q.text) and not states_findings(s.text):
        return ["没有说发现了什么"]
    return []
