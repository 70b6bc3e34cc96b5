"""Which half of a first-half report a question points at (上半年: the results, 下半年/计划: the plan),
by the cue words of bot/lang/data/cues.tsv; and the question without them.

    part_kind("下半年打算搞些什么", "zh") -> "plan";  part_kind("上下半年各讲讲", "zh") -> None (both)
"""
from __future__ import annotations

from .forms import BOTH_HALVES
from .vocab import column, rows

PLAN_CUES_ZH = column("cues", means="plan", lang="zh", read_in="question")
DONE_CUES_ZH = column("cues", means="done", lang="zh", read_in="question")
PLAN_CUES_EN = column("cues", means="plan", lang="en", read_in="question")
DONE_CUES_EN = column("cues", means="done", lang="en", read_in="question")
STRONG = rows("cues", strength="strong", read_in="question")  # said outright; the first found decides (下半年 before 上半年)
STRONG_CUES = [r["cue"] for r in STRONG]


def part_kind(text: str, lang: str) -> str | None:
    """Which kind of part the question points at, by its first strong cue; none when it names both."""
    low = text.lower()
    if BOTH_HALVES.search(low):
        return None
    plan_cues, done_cues = (PLAN_CUES_ZH, DONE_CUES_ZH) if lang == "zh" else (PLAN_CUES_EN, DONE_CUES_EN)
    for r in STRONG:
        if r["cue"] in low:
            return r["means"]
    plan = any(c in low for c in plan_cues)
    done = any(c in low for c in done_cues)
    if plan and not done:
        return "plan"
    if done and not plan:
        return "done"
    if plan and done:  # 计划…完成了吗 → both: the earlier cue wins
        first = lambda cues: min((low.find(c) for c in cues if c in low), default=len(low))
        return "plan" if first(plan_cues) < first(done_cues) else "done"
    return None


def strip_cues(text: str) -> str:
    """The text without its period cues; each leaves a word break, so its neighbours are not read
    as one word (主要做了 -> 主 了, not 主了)."""
    for c in sorted(PLAN_CUES_ZH + DONE_CUES_ZH, key=len, reverse=True):
        if len(c) >= 2:
            text = text.replace(c, " ")
    return text
