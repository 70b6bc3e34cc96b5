"""Whether something will be finished (年内能完成吗), and whether a sentence says it is or will be:
a yes/no question's finishing asked of a sentence that only starts or pushes the work is not answered;
nor is how sure a plan is (肯定能招生吗) asked of a plan that does not say.
"""
from __future__ import annotations

import re

# will it be finished (general usage): a modal, then a verb of finishing; and a sentence that says it is or will be
COMPLETION_ASK = re.compile(r"(?:能|会|可以|能够|可否|要)[^，。？?]{0,6}?(?P<v>完成|建成|建好|建完|盖好|完工|竣工|办完|办好|弄完|搞完|"
                            r"落成|投用|投入使用|到位|结束|完结)[^，。？?]{0,4}(?:吗|不|没|[？?]|$)")
COMPLETION_SAID = re.compile(r"完成|建成|竣工|完工|落成|投用|投入使用|交付|到位|结束|办结")
STARTS = re.compile(r"开工|动工|开建|启动|开始")


def completion_unstated(question: str, body: str, plan: bool = False) -> str:
    """年内能完成吗 of a sentence that starts or pushes the work (启动, 推进, 做好…工作): the report does not say
    it will be finished; the verb asked, or "". A plan that the work starts this year (下半年开工建设) does
    say: only started (the verdict's rules answer 还没有).

    said: 某馆改造年内能完工吗 of 某馆改造工程计划于年底前完工。 [invented]
    unsaid: 某学院更名年内可以办完吗 of 全面启动某学院更名工作。 [invented]
    """
    m = COMPLETION_ASK.search(question)
    if not m or COMPLETION_SAID.search(body) or (plan and STARTS.search(body)):
        return ""
    return m.group("v")


# how sure it is (general usage): 肯定/一定/保证 + a modal; a plan says so only with its own word of it
CERTAIN_ASK = re.compile(r"(?P<w>肯定|一定|确定|保证|百分之?百|铁定|必定|必然)(?:能|会|可以|能够|要)")
CERTAIN_SAID = re.compile(r"确保|务必|必须|一定|保证")


def certainty_unstated(question: str, body: str, plan: bool) -> str:
    """肯定能…吗 / 一定会…吗 of a plan's sentence: a plan says what is to be done, not that it surely will be,
    unless it says so itself (确保…); the word of sureness asked, or "". A result is sure: it was done.

    said: 新馆今年一定能开放吗 of 确保新馆年内开放。 (a plan) [invented]
    unsaid: 新馆今年肯定能开放吗 of 新馆年内开放。 (a plan) [invented]
    """
    m = CERTAIN_ASK.search(question)
    return m.group("w") if m and plan and not CERTAIN_SAID.search(body) else ""
