"""The grounding guard: a generated answer is shown only if its facts stand in the quotes it cites.

Every number with its unit, every 《》 title and every “” name in a sentence of the
answer must occur in the quote of a citation that sentence marks ([n]); every [n]
must exist; the answer must not repeat the system prompt. Anything else is withheld.
"""
from __future__ import annotations

import re

UNITS = "%|％|万元|亿元|万人次|人次|万|亿|所|个|名|块|周|节|项|人|元|类|批|届|轮|倍"
FACT_RX = re.compile(rf"\d[\d,，.]*\s*(?:{UNITS})?|《[^》]+》|“[^”]+”")
MARK_RX = re.compile(r"\[(\d+)\]")
SENTENCE_RX = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+(?:\s*\[\d+\])*|$)")
ECHO_SPAN = 16  # this many characters of the system prompt in an answer count as an echo


def facts(text: str) -> list[str]:
    """``'资助54925人次[1]，出台《办法》'`` -> ``['54925人次', '《办法》']``"""
    return [re.sub(r"[\s,，]", "", m.group(0)).rstrip(".") for m in FACT_RX.finditer(MARK_RX.sub(" ", text))]


def problems(answer: str, citations: list[dict], system_prompt: str = "") -> list[str]:
    """Why the answer cannot be shown; empty when every fact is grounded."""
    quotes = {c["n"]: c["quote"] for c in citations}
    out = [f"[{n}] 不存在" for n in MARK_RX.findall(answer) if int(n) not in quotes]
    for sentence in SENTENCE_RX.findall(answer):
        marks = [int(n) for n in MARK_RX.findall(sentence) if int(n) in quotes]
        for fact in facts(sentence):
            core = fact.strip("《》“”")
            if not any(core in quotes[n].replace(",", "") for n in marks):
                out.append(f"“{fact}”不在所标注的出处中")
    flat = re.sub(r"\s+", "", system_prompt)
    plain = re.sub(r"\s+", "", answer)
    if flat and any(flat[i:i + ECHO_SPAN] in plain for i in range(0, max(1, len(flat) - ECHO_SPAN))):
        out.append("回答复述了系统提示")
    return out
