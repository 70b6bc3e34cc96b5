"""What a list question enumerates: 文中出现过哪些高中 -> [高中]; 拿过哪些国家级或者省级的称号 ->
[国家, 省级, 称号] (a level word X级 is said as X: 国家级 ~ 国家某某基地; 省级 is too short to cut).

Pure: the caller keeps the words its corpus uses and drops the generic ones.
"""
from __future__ import annotations

import re

# 哪些 / 哪几所 / 都有哪些 + what is listed, up to the end of the clause
LISTED = re.compile(r"哪(?:些|几[个所家项位条种类块]?)(?P<x>[\u4e00-\u9fff]{2,16})")
JOINS = re.compile(r"的|或者|或是|还是|以及|和|与|及|跟|、")
LEVEL = re.compile(r"(?<=[\u4e00-\u9fff]{2})级$")  # 国家级 / 省级 -> 国家 / 省 (one character is too short)


def listed_words(text: str) -> list[str]:
    """The words naming what a 哪些 question lists, each as a report would write it."""
    m = LISTED.search(text)
    if not m:
        return []
    words = [LEVEL.sub("", w) for w in JOINS.split(m.group("x"))]
    return [w for w in words if len(w) >= 2]
