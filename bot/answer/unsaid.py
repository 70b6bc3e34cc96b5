"""Which words a question states, and which of them the report never says.

``own_words``: the words of the turn that name what it is about (a modal run into its verb is its verb,
a rank such as 四星级 counts); ``never_said``: those the report never uses nor bridges to, common words,
doings and typos left out; ``uncovered``: a topic's specific words the report never uses (研学旅行);
``foreign_terms``: Latin terms it never writes (PISA). Pure: read from the library's tokenizer,
dictionary counts and lexicon.
"""
from __future__ import annotations

import re


def own_words(a) -> list[str]:
    """The words of this turn's question that name what it is about, and a rank it says (四星级)."""
    ranks = [w for w in a.content_words if RANK.search(w) and w not in a.topic and w in a.q.text]
    words = [w[1:] if MODAL_GLUE.fullmatch(w) else w for w in a.topic if w in a.q.text]  # 能建好 -> 建好
    return [w for w in words if len(w) >= 2] + ranks


# 会出, 能建好, 要交: a modal run into a one-character verb by the tokenizer, no thing (会员费 is one)
MODAL_GLUE = re.compile(r"[会要能将可](?:出|交|办|建|做|开|搞|改|去|考|招|收|用|上|给|发)(?:好|完|成)?")


def doing_a_bit(word: str, lib) -> bool:
    """干点 / 想学点 / 做些: a verb and 点/些 (a little of it), which jieba may keep as one word; no thing.
    A word its dictionary counts often is a noun of its own (亮点, 试点, 看点)."""
    tags, (freq, _) = lib.tokenizer.dict_tags(), lib.tokenizer.frequencies()
    return len(word) <= 3 and word[-1] in "点些" and freq.get(word, 0) < A_BIT_COUNTED \
        and (tags.get(word[-2], "").startswith("v") or word[0] in "想要")


A_BIT_COUNTED = 20  # jieba's count of 干点 and 学点: 3; of 看点 93, 亮点 353


RANK = re.compile(r"^[一二三四五六七八九十两]+(?:星级|星|级|类|等)$")  # 四星级, 一类: a rank, not a figure


ASKS_IN_WORD = re.compile(r"什么|怎么|哪|谁|啥|咋|多少|几|干嘛|^[这那]")  # 干什么, 怎么弄, 那件事: phrases that ask or point, not things
CUT_ACROSS = set("和与跟及同在对把被给从向")  # a "word" that starts with a connective is cut across two (和洋 of 和洋老师)
NEVER_SAID = 10.0  # -log share of jieba's counts: 长跑 12.6, 分值 12.4 … 孩子 8.1, 问题 7.4 (everyday nouns say little)


def never_said(a, lib, topic_doings: float = 0.0) -> list[str]:
    """This turn's nouns that the report never uses nor bridges to (保教费, 长跑, 分值): a thing a
    question asks about that the report cannot confirm or deny. Common nouns (孩子, 问题), figures,
    doings (people say them in their own words: 签字 for 签订) and same-sounding typos do not count;
    ``topic_doings``: a word naming the topic asked about that is a doing this rare counts (防欺凌这块, 留守儿童的关爱)."""
    return [w for w in own_words(a) if unsaid(w, lib, topic_doings if w in a.topic and _an_area(w, a.q.text) else 0.0)]


def _an_area(doing: str, text: str) -> bool:
    """Is a doing named as an area of work (防溺水, 欺凌问题, 关爱方面), not told as the asker's story or way of
    asking (停课期间, 帮扶措施, 咋搞)? General usage: 防/预防/反 before it, or 这块/方面/问题/工作 after it."""
    d = re.escape(doing)
    return bool(re.search(rf"(?:防|预防|防止|反)[\u4e00-\u9fff]{{0,3}}{d}|{d}[\u4e00-\u9fff]{{0,2}}?(?:这块|这一块|方面|问题|工作)", text))


def unsaid(w: str, lib, doings: float = 0.0) -> bool:
    """One word the report never uses nor bridges to, rare enough in general language to name a thing
    (see never_said); ``doings``: a doing this rare (-log share ≥ it) counts too (欺凌, 溺水, 转正)."""
    import math

    if lib.in_corpus(w) or re.search(r"[\d一二两三四五六七八九十百千万亿]", w) or w[0] in CUT_ACROSS \
            or doing_a_bit(w, lib):
        return False
    if lib.lexicon and any(lib.in_corpus(x) for alts in lib.lexicon.everyday(w) for x in alts):
        return False
    if lib.lexicon and any(lib.in_corpus(x) for x in lib.lexicon.synonyms(w)):
        return False
    pieces = [p for p in lib.tokenizer.tokens(w) if len(p) >= 2 and p != w]
    if pieces and all(lib.in_corpus(p) for p in pieces) and not _person_made(w, pieces):
        return False  # 收费标准, 大学城: words the report uses, put together (not 督导员: 督导 + 员, a person)
    freq, total = lib.tokenizer.frequencies()
    f, tag = freq.get(w, 0), lib.tokenizer.dict_tags().get(w, "")
    rarity = -math.log((f + 1) / total)
    thing = tag.startswith("n") or tag in ("vn", "l") or (doings and tag == "v" and rarity >= doings)
    if f and (rarity < NEVER_SAID or not thing or ASKS_IN_WORD.search(w)):
        return False
    sounds = lib.lexicon.by_pinyin if lib.lexicon else {}
    if (not f or tag == "v") and ((lib.lexicon and lib.lexicon.sounds_run_together(w)) or _misspelt(w, sounds.values())
                  or run_together(w, lib)):
        return False  # 督倒 ~ 督导, 艺木团 ~ 艺术团, 思政是 = 思政 + 是: a typo or two words run together
    return True


PERSON_SUFFIX = set("生员者师匠手")  # general usage: a report word + one of these names people (培训 -> 培训师)


def _person_made(word: str, pieces: list[str]) -> bool:
    """Is the word its pieces plus a person suffix the pieces leave over (督导员 = 督导 + 员)?"""
    seen = [False] * len(word)
    for p in pieces:
        at = word.find(p)
        while at >= 0:
            seen[at:at + len(p)] = [True] * len(p)
            at = word.find(p, at + 1)
    left = [c for c, s in zip(word, seen) if not s]
    return bool(left) and all(c in PERSON_SUFFIX for c in left)


RUN_ON = set("是的了在和与也都就还又吗呢啊吧呀么嘛着过要会能把被给从向对跟及同个")  # function characters (general usage)


def run_together(w: str, lib) -> bool:
    """Is an unknown word the report's words run together, with at most function characters between
    (思政是 = 思政 + 是)? A report word with a word of another thing (留守 + 儿童, 收费 + 标准) is not."""
    ok = [True] + [False] * len(w)  # ok[i]: w[:i] splits into report words and function characters
    words = [False] * (len(w) + 1)  # words[i]: that split holds a report word
    for i in range(len(w)):
        if not ok[i]:
            continue
        if w[i] in RUN_ON:
            ok[i + 1], words[i + 1] = True, words[i + 1] or words[i]
        for j in range(i + 2, len(w) + 1):
            if lib.in_corpus(w[i:j]):
                ok[j], words[j] = True, True
    return ok[-1] and words[-1]


def specific_noun(word: str, lib) -> bool:
    """A noun jieba's dictionary counts rarely (补贴, 伙食费): a thing asked about, not everyday talk."""
    import math

    freq, total = lib.tokenizer.frequencies()
    f, tag = freq.get(word, 0), lib.tokenizer.dict_tags().get(word, "")
    return bool(f) and tag.startswith("n") and -math.log((f + 1) / total) >= NEVER_SAID


def _misspelt(word: str, vocabulary) -> bool:
    """One character off a word of the report of the same length, three or more long (艺木团 ~ 艺术团)."""
    return len(word) >= 3 and any(len(v) == len(word) and sum(x != y for x, y in zip(v, word)) == 1
                                  for v in vocabulary)


SPECIFIC = 10.5  # -log of a word's share of jieba's dictionary counts: 旅行 10.9, 托管 12.5 … 孩子 8.1, 眼睛 8.6


def uncovered(a, lib) -> list[str]:
    """Specific words of the question that the report never uses, nor a word it uses for them
    (研学旅行, 营养餐补贴, 确诊): the report says nothing on them.

    Specific: a word jieba's general dictionary knows but counts rarely (everyday words such as
    孩子, 眼睛, 问题 are how people talk, not what they ask about; an unknown string is more often a
    typo or a name, left to the other rules). Bridged: a synonym, an everyday-word bridge or a
    same-sounding word the report uses (深话 -> 深化).
    """
    import math

    from .scope import cue_words, topic_words

    freq, total = lib.tokenizer.frequencies()
    tags = lib.tokenizer.dict_tags()
    out = foreign_terms(a, lib)
    cues = cue_words(a.q.text)
    for w in topic_words([w for w in a.content_words if w in a.q.text]):  # this turn's words, not the last's
        if any(w in c for c in cues):
            continue  # 汇总一下: how to answer, not what about
        f = freq.get(w, 0)
        if len(w) < 2 or w.isdigit() or lib.in_corpus(w) or not f or -math.log((f + 1) / total) < SPECIFIC:
            continue
        if not (tags.get(w, "").startswith("n") or tags.get(w) in ("vn", "l")) or ASKS_IN_WORD.search(w) \
                or doing_a_bit(w, lib):
            continue  # a thing asked about (家庭教育), not a way of saying it (怎么弄, 干点)
        if _spread_in(w, lib.corpus_text):  # 县区 ~ 市（县）区
            continue
        pieces = [p for p in lib.tokenizer.tokens(w) if len(p) >= 2 and p != w]
        if pieces and all(lib.in_corpus(p) for p in pieces):  # 心理健康: 心理 and 健康 are the report's words
            continue
        bridges = lib.lexicon.bridges(w) if lib.lexicon else []
        if not any(lib.in_corpus(x) and len(x) >= 2 for x in bridges):  # 留学生 ~ 人: one character names no thing
            out.append(w)
    return out


LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,20}")


def foreign_terms(a, lib) -> list[str]:
    """Latin-script terms of a Chinese question that the report never writes (GDP, PISA, STEAM)."""
    latin = len(re.findall(r"[A-Za-z]", a.q.text))
    if a.q.lang != "zh" or latin * 2 > len(re.findall(r"[\u4e00-\u9fff]", a.q.text)):
        return []  # an English question (with a Chinese name in it) is read as English
    low = lib.corpus_text.lower()
    return [t for t in LATIN_TERM.findall(a.q.text) if t.lower() not in low]


def _spread_in(word: str, text: str, gap: int = 2) -> bool:
    """The word's characters in order with at most ``gap`` others between each: 县区 in 市（县）区."""
    return re.search((".{0,%d}" % gap).join(map(re.escape, word)), text) is not None
