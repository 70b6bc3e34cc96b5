"""How one question is decided, in order: its form and scope, then the fact path and the rules on
the chosen answer, then a yes/no verdict.

- a summary or topic question (scope report / part / topic) is answered from the report's structure
  (bot/answer/scope.py);
- a question with no word of the report (😀×500, asdfgh) is refused;
- otherwise the best sentence (bot/answer/choose.py, the sentence rules), figures that differ between
  documents (multidoc), the verdict-stage rules (bot/answer/checks.py: the first that refuses decides),
  and for a yes/no question the verdict said first (bot/answer/yesno.py).
"""
from __future__ import annotations

from ..lang.forms import is_yes_no
from .asked import Asked, asked
from .checks import VERDICT_RULES
from .choose import Verdict, choose
from .facts import any_report_word
from .multidoc import with_conflicts
from ..evidence import Evidence
from .scope import PREFACE_PLACE, choose_scope, scope_of
from .yesno import drop_compared_figure, lead_for, own_words, statement_hit, statement_lead, states


def decide(q, ev) -> tuple[Asked, Verdict]:
    """What is asked (worked out once) and the Verdict for it on this evidence."""
    a = asked(q, ev.library)
    zh = q.lang == "zh"
    yes_no = zh and is_yes_no(q.text)
    if yes_no:  # 超过两千节了吗 / 是不是排第一: the figure compared with is not one the evidence must hold
        drop_compared_figure(q)
    scope = scope_of(q.text, a.topic, yes_no or q.answer_rx is not None) if zh else None
    verdict = choose_scope(a, ev, scope) if scope else None
    if not zh and not any_report_word(q.text, ev.library):  # nothing to look for
        verdict = Verdict(True, [], "no word of the report", "no-word-of-the-report")
    if verdict is None:
        verdict = with_conflicts(a, (zh and in_preface(a, ev)) or choose(a, ev), ev)
        for r in VERDICT_RULES:
            if verdict.refused:
                break
            verdict = r.test(a, verdict, ev) or verdict
        if not verdict.refused and yes_no:
            verdict = with_yes_no_lead(q, a, verdict, ev)
    return a, verdict


def in_preface(a, ev) -> Verdict | None:
    """A fact asked of the report's opening (开头那段提出要建设什么): the best sentence of the opening
    that answers it; None when the question names no opening or the opening does not answer it (the
    rest of the report may)."""
    if not PREFACE_PLACE.search(a.q.text):
        return None
    opening = [h for h in ev.hits if not h.unit.part]
    v = choose(a, Evidence(opening, ev.library)) if opening else None
    if v is None or v.refused:
        return None
    v.hits = [h for h in v.hits if not h.unit.part]  # a list of mentions keeps the opening's own
    return v if v.hits else None


def with_yes_no_lead(q, a, verdict: Verdict, ev) -> Verdict:
    """The verdict said first (是的，报告中是3000多节…); when the figure that decides is in another hit,
    that hit is the answer."""
    whole = statement_hit(a, verdict, ev)
    if whole is not None:  # 某校区已经投用了吗: judged on the sentence that says 投用
        verdict.hits = [whole]
    more = [h for h in ev.hits if h not in verdict.hits]
    hits = verdict.hits + more[:3]
    lead, at = lead_for(q.text, hits, lambda h: ev.library.part_kinds.get(h.unit.section_id),
                        lambda i: states(a, hits[i], ev.library), own_words(a))
    if at is not None and at >= len(verdict.hits):
        verdict.hits = [(verdict.hits + more)[at]]
    verdict.lead = lead or statement_lead(a, verdict.hits[0], ev.library)
    return verdict
