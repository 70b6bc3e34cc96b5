"""How people shorten the universities a corpus names (general usage of Chinese university names):
a two-character stem keeps its first character and 大 (湖滨大学 -> 湖大); a city and a
discipline keep the city's first character and the discipline (东州理工大学 -> 东理工); a city and a
longer field keep the first characters of both and 大 (东州信息工程大学 -> 东信大).

    short_forms({"湖滨大学", "东州理工大学"}) -> {"湖大": "湖滨大学", "东理工": "东州理工大学"}
    expand("那湖大东山校区建好了吗", forms) -> "那湖滨大学东山校区建好了吗"

Pure: derived from the corpus's own words, so a new report's universities get theirs.
"""
from __future__ import annotations

import re
from functools import lru_cache

UNIVERSITY = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,8})大学$")
# the disciplines a city's university is named by and shortened to (南京理工 -> 南理工; general usage)
DISCIPLINES = {"理工", "师范", "农业", "医科", "财经", "工业", "交通", "邮电", "林业", "航空", "中医", "药科",
               "体育", "艺术", "政法", "科技", "工程", "大学"}


def short_forms(vocab) -> dict[str, str]:
    """Short form -> the corpus's full name; a short form two names share, or a word of the corpus's
    own, is dropped (it names neither)."""
    found: dict[str, set[str]] = {}
    for word in vocab:
        m = UNIVERSITY.match(word)
        if not m:
            continue
        stem = m.group("stem")
        if len(stem) == 2:
            forms = [stem[0] + "大"]
        elif len(stem) == 4 and stem[2:] in DISCIPLINES:
            forms = [stem[0] + stem[2:]]
        elif len(stem) >= 5:
            forms = [stem[0] + stem[2] + "大"]
        else:
            forms = []
        for f in forms:
            if f not in vocab:
                found.setdefault(f, set()).add(word)
    return {f: next(iter(names)) for f, names in sorted(found.items()) if len(names) == 1}


def expand(text: str, forms: dict[str, str]) -> str:
    """The text with each short form replaced by the full name, where it stands as a word: after no
    character, or after one that ends a word (那江大…, 和东大); not before 学 (广东大学 holds 东大),
    nor inside another word (长江大桥)."""
    if not forms or not any(f in text for f in forms):
        return text
    return _pattern(tuple(forms)).sub(lambda m: forms[m.group(0)], text)


@lru_cache(maxsize=8)
def _pattern(shorts: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?:(?<=^)|(?<=[^\u4e00-\u9fff])|(?<=[{WORD_END}]))(?:{'|'.join(map(re.escape, shorts))})(?!学)")


WORD_END = "那这的是和与跟及在去到了我你他问说呢吗啊个从对把给"  # characters after which a word starts
