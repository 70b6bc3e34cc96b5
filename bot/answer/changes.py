"""A change a yes/no question asks about (涨了没有, 停办了吗): does the sentence state one of that
direction, or say the very thing went ahead (实行…, 顺利完成)? Pure: question and sentence text.
"""
from __future__ import annotations

import re

from ..lang.vocab import rows

NEGATED = re.compile(r"(?:不用|不必|不需要|无需|不要|不会|没有|没|不)(?:再|还)?(?:去|到|跑去)?$")  # 不用去|考点
CHANGES = [(r["direction"], re.compile(r["asked"]), re.compile(r["stated"])) for r in rows("change_words")]


def change_unstated(question: str, sentence: str) -> str:
    """The change a yes/no question asks about (涨了没有, 停办了吗) when the sentence states no
    change of that direction: the report does not say. ``""`` when none is asked or it is stated.

    ``change_unstated("校车是不是增加了", "……配备校车20辆……")`` -> ``"增加"``
    """
    for direction, asked, stated in CHANGES:
        if m := asked.search(question):
            return "" if stated.search(sentence) or direction == "stop" and went_ahead(question, sentence) else m.group(0)
    return ""


CALLED_OFF = re.compile(r"(?:取消|停办|暂停|叫停|停考)(?:掉)?了")  # was it called off (not 会不会取消: the future)
WENT_AHEAD = re.compile(r"实行[^，。；、和]{2,8}|(?:如期|照常|顺利)(?:举行|开展|进行|完成)")  # it went ahead (general usage)


THING_HELD = 0.5  # share of the thing's characters the sentence holds (a circumstance of the asker's aside)
HEAD = 4  # characters ending the thing: a Chinese noun phrase ends in its head (中考体育)


def went_ahead(question: str, sentence: str) -> str:
    """停办了吗 of a sentence that says the thing went ahead (实行…, 如期举行): the words that say so, else ""."""
    m = CALLED_OFF.search(question)
    if not m or NEGATED.search(question[:m.start()]):
        return ""
    thing = re.findall(r"[\u4e00-\u9fff]", CANCEL_FRAME.sub("", CALLED_OFF.sub("", question)))  # 中考加分: 加分 did not go on
    # 疫情下中考体育取消了吗: the head of the thing (its last characters) must be there, the asker's
    # circumstance before it (疫情下) need not
    if not thing or not all(c in sentence for c in thing[-HEAD:]) or sum(c in sentence for c in thing) / len(thing) < THING_HELD:
        return ""
    # the clause that says most of the thing says whether it went ahead (体育 实行送考到校, 艺术考核 顺利完成)
    said = [(sum(c in clause for c in thing), m.group(0)) for clause in re.split(r"[，,；;。]", sentence)
            if (m := WENT_AHEAD.search(clause))]
    return max(said, key=lambda t: t[0])[1] if said else ""


# the words around the thing asked about in 今年无锡的X停办了吗 (general usage): when, where, how it asks
CANCEL_FRAME = re.compile(r"是不是|是否|有没有|会不会|真的|已经|听说|请问|今年|今年的|无锡市?的?|我市|全市|[了吗呢啊吧的？?，, ]")
