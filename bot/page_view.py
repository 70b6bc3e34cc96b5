"""The chat page's conversation as HTML, and each answer as plain text for copying.

``conversation_html(turns, docs)`` renders the whole conversation the server keeps for a
session (bot/ui.py): each question, its answer with ``[n]`` marks that open their source, the
sources as one card per cited section (its quoted sentences under it; the whole section, the
quotes highlighted, when the card is opened), follow-up questions and the copy and vote buttons.
Everything from the user or the report is ``html.escape``d: the markup is this module's own,
and the page sets it with ``innerHTML``, so nothing else may become markup. The page's script
(bot/static/page.js) gives the buttons their behaviour; the server renders the votes.

``plain_text(answer, docs)`` is what the copy button copies: the answer without Markdown, then
a plain list of its sources.

Not here: the layout and event handlers (bot/ui.py), the follow-ups themselves (bot/suggest.py).
"""
from __future__ import annotations

import re
from html import escape

from . import messages

CITE = re.compile(r"\[(\d{1,3})\]")
BOLD_LINE = re.compile(r"^\*\*([^*\n]+)\*\*$")
BULLET = re.compile(r"^[-•] (.*)$")
MAX_QUOTES_SHOWN = 3  # a card lists its first quotes; the opened section shows them all


def _a(s) -> str:
    """Text for an attribute value (quotes escaped)."""
    return escape(str(s), quote=True)


def _t(s) -> str:
    """Text for element content."""
    return escape(str(s), quote=False)


def cite_marks(text: str, valid: set[int]) -> str:
    """Escaped text whose ``[n]`` marks (for citations that exist) open their source.

    ``('a<b>[1][9]', {1})`` -> ``'a&lt;b&gt;<span class="qa-cite" …>[1]</span>[9]'``
    """
    out, last = [], 0
    for m in CITE.finditer(text):
        n = int(m.group(1))
        if n not in valid:
            continue
        out += [_t(text[last:m.start()]),
                f'<span class="qa-cite" role="button" tabindex="0" data-n="{n}" '
                f'title="{_a(messages.CITE_TITLE.format(n=n))}" aria-label="{_a(messages.CITE_TITLE.format(n=n))}">[{n}]</span>']
        last = m.end()
    return "".join(out + [_t(text[last:])])


def answer_body(text: str, valid: set[int]) -> str:
    """The answer's lines: a whole ``**heading**`` line, ``- `` bullets (as a list), paragraphs."""
    out, items = [], []

    def flush():
        if items:
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.split("\n"):
        bold, bullet = BOLD_LINE.match(line), BULLET.match(line)
        if bullet:
            items.append(cite_marks(bullet.group(1), valid))
            continue
        flush()
        if bold:
            out.append(f'<p class="qa-a-head"><strong>{cite_marks(bold.group(1), valid)}</strong></p>')
        elif line.strip():
            out.append(f"<p>{cite_marks(line, valid)}</p>")
    flush()
    return "".join(out)


def group_sources(citations: list[dict]) -> list[dict]:
    """Citations grouped by section, in order of first citation: one group per section, quotes by ``n``.

    ``[{n:1, section_id:'a'}, {n:2, section_id:'b'}, {n:3, section_id:'a'}]`` -> groups a (1, 3) and b (2)
    """
    groups: dict[tuple, dict] = {}
    for c in citations:
        key = (c.get("doc"), c.get("section_id"))
        g = groups.setdefault(key, {"doc": c.get("doc"), "section_id": c.get("section_id"),
                                    "section": c.get("section", ""), "title": c.get("title"), "cites": []})
        g["cites"].append(c)
    for g in groups.values():
        g["cites"].sort(key=lambda c: c.get("n", 0))
    return list(groups.values())


def numbers(cites: list[dict]) -> str:
    """``[1, 2, 3, 5]`` -> ``'[1–3] [5]'``"""
    ns = sorted(c["n"] for c in cites)
    runs, start = [], None
    for i, n in enumerate(ns):
        start = n if start is None else start
        if i + 1 == len(ns) or ns[i + 1] != n + 1:
            runs.append(f"[{start}]" if start == n else f"[{start}–{n}]")
            start = None
    return " ".join(runs)


def section_marked(docs: dict, group: dict) -> str | None:
    """The whole section of a group, escaped, each quote in ``<mark data-n>``; None if not in the index."""
    doc = docs.get(group["doc"])
    item = doc.section(group["section_id"]) if doc else None
    if item is None:
        return None
    spans, pos = [], item.start
    for c in sorted(group["cites"], key=lambda c: c.get("start", 0)):
        a, b = max(int(c.get("start", 0)), pos), min(int(c.get("end", 0)), item.end)
        if a < b:
            spans.append((a, b, c["n"]))
            pos = b
    out, pos = [], item.start
    for a, b, n in spans:
        out += [_t(doc.text[pos:a]), f'<mark data-n="{n}">{_t(doc.text[a:b])}</mark>']
        pos = b
    return "".join(out + [_t(doc.text[pos:item.end])])


def source_card(turn_id: int, k: int, group: dict, docs: dict, show_title: bool) -> str:
    card_id = f"qa-c{turn_id}-{k}"
    cites = group["cites"]
    title = group.get("title") or (docs[group["doc"]].title if group["doc"] in docs else "")
    head = (f'<div class="qa-card-head"><span class="qa-card-ns">{numbers(cites)}</span> '
            f'<span class="qa-card-label">{_t(group["section"])}</span>'
            + (f' <span class="qa-card-doc">《{_t(title)}》</span>' if show_title and title else "") + "</div>")
    quotes = "".join(f'<li data-n="{c["n"]}"><span class="qa-n">[{c["n"]}]</span>{_t(c.get("quote", ""))}</li>'
                     for c in cites[:MAX_QUOTES_SHOWN])
    more = (f'<div class="qa-card-more">{_t(messages.CARD_MORE.format(n=len(cites)))}</div>'
            if len(cites) > MAX_QUOTES_SHOWN else "")
    full = section_marked(docs, group)
    body = ""
    if full is not None:
        body = (f'<div class="qa-card-full" id="{card_id}-full" hidden>'
                f'<div class="qa-card-title">《{_t(title)}》</div><div class="qa-card-text">{full}</div></div>'
                f'<button type="button" class="qa-card-toggle" aria-expanded="false" aria-controls="{card_id}-full" '
                f'data-open="{_a(messages.CARD_OPEN)}" data-close="{_a(messages.CARD_CLOSE)}">{_t(messages.CARD_OPEN)}</button>')
    ns = " ".join(str(c["n"]) for c in cites)
    return (f'<div class="qa-card" id="{card_id}" data-cites="{ns}" tabindex="-1">{head}'
            f'<ol class="qa-card-quotes">{quotes}</ol>{more}{body}</div>')


THUMB = ("M7 10v11M15 5.9 14 10h5.8a2 2 0 0 1 1.9 2.6l-2.3 7A2 2 0 0 1 17.5 21H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h2.8"
         "a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9Z")


def _vote_button(turn_id: int, vote: str, chosen: str | None) -> str:
    label = messages.VOTE_UP if vote == "up" else messages.VOTE_DOWN
    flip = ' transform="rotate(180)"' if vote == "down" else ""
    pressed = "true" if chosen == vote else "false"
    return (f'<button type="button" class="qa-vote" data-vote="{vote}" data-turn="{turn_id}" aria-pressed="{pressed}" '
            f'aria-label="{_a(label)}" title="{_a(label)}"><svg viewBox="0 0 24 24" width="15" height="15" fill="none" '
            f'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"{flip} aria-hidden="true">'
            f'<path d="{THUMB}"/></svg></button>')


def answer_html(turn: dict, docs: dict, show_titles: bool) -> str:
    """One answer: text, source cards, follow-ups, copy and vote buttons (pending: the placeholder)."""
    tid, ans = turn["id"], turn.get("answer")
    if ans is None:
        partial = turn.get("partial") or ""
        state = "streaming" if partial else "pending"
        body = _t(partial) if partial else _t(messages.THINKING)
        return (f'<article class="qa-a" id="qa-a{tid}" data-state="{state}" aria-busy="true">'
                f'<div class="qa-a-text"><p>{body}</p></div></article>')
    cites = ans.get("citations") or []
    valid = {c["n"] for c in cites if isinstance(c.get("n"), int)}
    parts = []
    if ans.get("note"):
        parts.append(f'<p class="qa-note">{_t(ans["note"])}</p>')
    parts.append(f'<div class="qa-a-text">{answer_body(ans.get("answer", ""), valid)}</div>')
    if cites:
        head = messages.RELATED if ans.get("refused") else messages.SOURCES
        groups = group_sources(cites)
        cards = "".join(source_card(tid, k, g, docs, show_titles) for k, g in enumerate(groups, 1))
        parts.append(f'<div class="qa-sources" role="group" aria-label="{_a(head)}">'
                     f'<div class="qa-sources-head">{_t(head)}</div>{cards}</div>')
    if turn.get("suggestions"):
        asks = "".join(f'<button type="button" class="qa-ask" data-q="{_a(q)}">{_t(q)}</button>'
                       for q in turn["suggestions"])
        parts.append(f'<div class="qa-follow" role="group" aria-label="{_a(messages.FOLLOW_UPS)}">'
                     f'<span class="qa-follow-label">{_t(messages.FOLLOW_UPS)}</span>{asks}</div>')
    vote = turn.get("vote")
    thanks = f'<span class="qa-thanks">{_t(messages.FEEDBACK_THANKS)}</span>' if vote else ""
    parts.append(f'<div class="qa-tools"><button type="button" class="qa-copy" data-copy="{_a(plain_text(ans, docs))}" '
                 f'title="{_a(messages.COPY_TITLE)}" data-done="{_a(messages.COPIED)}">{_t(messages.COPY)}</button>'
                 f'{_vote_button(tid, "up", vote)}{_vote_button(tid, "down", vote)}{thanks}</div>')
    return f'<article class="qa-a" id="qa-a{tid}" data-state="done">{"".join(parts)}</article>'


def empty_html(examples: list[str]) -> str:
    asks = "".join(f'<button type="button" class="qa-ask" data-q="{_a(q)}">{_t(q)}</button>' for q in examples)
    return (f'<div class="qa-empty"><p class="qa-hello">{_t(messages.CHAT_PLACEHOLDER)}</p>'
            f'<div class="qa-examples" role="group" aria-label="{_a(messages.EXAMPLES_LABEL)}">'
            f'<span class="qa-examples-label">{_t(messages.EXAMPLES_LABEL)}</span>{asks}</div></div>')


def conversation_html(turns: list[dict], docs: dict, examples: list[str] | None = None) -> str:
    """The whole conversation in its scroll box; the examples when there is none yet."""
    show_titles = len(docs) > 1
    inner = "".join(
        f'<section class="qa-turn" id="qa-t{t["id"]}" data-turn="{t["id"]}">'
        f'<div class="qa-q"><p class="qa-q-text">{_t(t["question"])}</p></div>{answer_html(t, docs, show_titles)}</section>'
        for t in turns) or empty_html(messages.EXAMPLES if examples is None else examples)
    return (f'<div class="qa-scroll" role="log" aria-label="{_a(messages.CHAT_LABEL)}" tabindex="0">{inner}</div>')


def plain_text(ans: dict, docs: dict | None = None) -> str:
    """The answer as text and a plain list of its sources, for the clipboard.

    ``'**标题**\\n- 甲。[1]'`` -> ``'标题\\n• 甲。[1]\\n\\n来源：\\n1. 标题 › 项（《报告》）\\n   [1] 甲。'``
    """
    lines = []
    for line in (ans.get("answer") or "").split("\n"):
        bold, bullet = BOLD_LINE.match(line), BULLET.match(line)
        lines.append(bold.group(1) if bold else f"• {bullet.group(1)}" if bullet else line)
    text = "\n".join(lines).strip()
    if ans.get("note"):
        text = f"{ans['note']}\n\n{text}"
    groups = group_sources(ans.get("citations") or [])
    if not groups:
        return text
    head = messages.RELATED if ans.get("refused") else messages.SOURCES
    out = [text, "", f"{head}："]
    for k, g in enumerate(groups, 1):
        title = g.get("title") or (docs[g["doc"]].title if docs and g["doc"] in docs else "")
        out.append(f"{k}. {g['section']}" + (f"（《{title}》）" if title else ""))
        out += [f"   [{c['n']}] {c.get('quote', '')}" for c in g["cites"]]
    return "\n".join(out)
