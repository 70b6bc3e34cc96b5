"""The sentences that answer a topic question (X这块有哪些动作, 两个半年各讲讲): those about the topic,
non-redundant, from the half asked about or both; a whole item when the topic heads one.

Pure: units and hits come from the evidence; the library gives words, idf and the report's structure.
"""
from __future__ import annotations

import re

from ..lang.lexicon import report_words
from ..lang.question import BOTH_HALVES
from ..lang.text import PLACE_NAME, SCHOOL_NAME
from ..lang.vocab import column
from ..thresholds import TOPIC_SUPPORT
from .kin import kin_hits
from .outline import FIGURE

GENERIC = set(column("generic_topic"))
AUDIENCE = set(column("audience"))  # the people and places every part is about
MAX_TOPIC_SENTENCES = 5
SAME_RATIO = 0.6  # two sentences sharing this much of their characters say the same thing


def non_redundant(texts: list[str], limit: int = MAX_TOPIC_SENTENCES) -> list[int]:
    """Indexes of the first ``limit`` texts that do not repeat an earlier one (character overlap)."""
    kept: list[int] = []
    for i, t in enumerate(texts):
        chars = set(t)
        if any(len(chars & set(texts[k])) / max(1, min(len(chars), len(set(texts[k])))) >= SAME_RATIO + 0.25
               for k in kept):
            continue
        kept.append(i)
        if len(kept) >= limit:
            break
    return kept


# -- choosing the sentences of a topic --------------------------------------------------------------
def topic_hits(a, ev, ranked: list, checks: dict, half: str | None) -> list:
    """The few most relevant, non-redundant sentences about the question's topic, in report order.

    Only sentences that hold a topic word (or the report's word for an everyday one) and that no
    rule refuses; from the half asked about, or both.
    """
    lib, words = ev.library, a.topic
    kinds = lib.part_kinds
    tags = lib.tokenizer.dict_tags()
    places = [w for w in words if tags.get(w) == "ns" or PLACE_NAME.fullmatch(w)]
    places = places if len(places) == len(words) else []  # a place alone is the topic
    pool, near = [], []  # near: also those holding just the topic's head (教师 of 教师队伍), for a half with no item on it
    for h in ranked:
        if h.unit.is_heading or checks[h.idx].hard:
            continue
        if half and kinds.get(h.unit.section_id) != half:
            continue
        support = topic_support(a, h.unit, lib)
        if support < TOPIC_SUPPORT:
            continue
        if places and all(in_names_only(p, h.unit.text) for p in places):
            continue  # X这边咋样: a university's campus named after X is not X's education
        near.append(h)
        if support > TOPIC_SUPPORT:
            pool.append(h)
    keep = non_redundant([h.unit.text for h in pool])
    chosen = [pool[i] for i in keep]
    # the item named with no half: the one the question's cue points at, else the results (X情况咋样)
    if not half and BOTH_HALVES.search(a.q.text):  # 上下半年都总结下: the item of each half, its figures first
        items = {kind: both_item(a, ranked, lib, kind) for kind in HALVES}
        # a half with no item headed by the topic gives its sentences on it (教师 in 保障水平's item)
        item = [h for kind in HALVES for h in (lead_and_figures(items[kind], PER_HALF, ranked) or _with_kin(
                lib, items[_other(kind)], _of_half(pool, kinds, kind) or _of_half(near, kinds, kind), kind, PER_HALF))]
    else:
        item = whole_item(words, chosen, lib, half or a.q.part_kind or "done")
        if not item and half and not both_item(a, ranked, lib, half):  # 下半年 asked of a topic only the results have an item on
            chosen = _with_kin(lib, both_item(a, ranked, lib, _other(half)), chosen, half, MAX_TOPIC_SENTENCES)
    return item or sorted(chosen, key=lambda h: (h.unit.doc, h.unit.start))


PER_HALF = 4  # sentences of each half's item when both halves are asked: at most about 8 bullets
HALVES = ("done", "plan")


def _other(half: str) -> str:
    return "plan" if half == "done" else "done"


def _with_kin(lib, other_item: list, own: list, kind: str, limit: int) -> list:
    """A half with no item on the topic: its sentences naming the topic (``own``), then those nearest
    in meaning to the other half's item on it (kin.py), at most ``limit``, in report order."""
    seen = {h.idx for h in own}
    both = own + [h for h in kin_hits(lib, other_item, kind, limit) if h.idx not in seen]
    return sorted(both[:limit], key=lambda h: (h.unit.doc, h.unit.start))


def _of_half(pool: list, kinds: dict, kind: str) -> list:
    """The half's best non-redundant sentences on the topic, in report order."""
    own = [h for h in pool if kinds.get(h.unit.section_id) == kind]
    return sorted((own[i] for i in non_redundant([h.unit.text for h in own], PER_HALF)), key=lambda h: h.unit.start)


def both_item(a, ranked: list, lib, kind: str) -> list:
    """The half's item whose heading names the topic, or one of its joined parts (高校和职校 ~ 高教职教)."""
    for group in conjuncts(joined_text(a.q), a.topic):
        if item := whole_item(group, [h for h in ranked if lib.part_kinds.get(h.unit.section_id) == kind], lib, kind):
            return item
    return []


def lead_and_figures(hits: list, limit: int, ranked: list) -> list:
    """An item in ``limit`` sentences, in report order: its lead (an item opens with what it is about),
    then those stating the most figures (the results), the question's nearest first among equals."""
    if not hits:
        return []
    rank = {h.idx: n for n, h in enumerate(ranked)}
    lead, rest = hits[0], hits[1:]
    rest = sorted(rest, key=lambda h: (-len(FIGURE.findall(h.unit.text)), rank.get(h.idx, len(rank)), h.unit.start))
    return sorted([lead] + rest[:limit - 1], key=lambda h: h.unit.start)


def topic_support(a, unit, lib) -> float:
    """The idf share of the topic's words (those the report uses, and everyday words through the
    report's words for them) that the unit's sentence or heading holds; a thing the report never
    names counts against it. Topics joined by 和/与/及 (职业教育和社区教育) are each enough."""
    from .yesno import never_said

    never = set(never_said(a, lib))
    bridges = a.everyday if set(a.topic) <= AUDIENCE else specific_bridges(a)
    # a report word outside the topic (小学 in 从小学到高中这一段的教育) brings no other thing to hold
    aside = [[x for x in report_words(w) if lib.in_corpus(x)] for w in lib.tokenizer.words(a.q.text)
             if w not in a.topic and lib.in_corpus(w)]
    bridges = [g for g in bridges if g not in aside]
    groups = conjuncts(joined_text(a.q), a.topic)
    return max(_support(group, [b for b in bridges if not others_bridge(b, group, groups, lib)], never, unit, lib)
               for group in groups)


def others_bridge(bridge: list[str], group: list[str], groups: list[list[str]], lib) -> bool:
    """Is the bridge another joined topic's own and not this one's (防疫和网课: 在线教学 is 网课's)?"""
    from .candidate import own_bridges

    own = lambda words: [g for w in words for g in own_bridges(w, lib)]  # noqa: E731
    return bridge not in own(group) and any(bridge in own(g) for g in groups if g is not group)


CONJUNCTION = re.compile(r"和|与|及|以及|、|跟")


def joined_text(q) -> str:
    """The question with a space between two of its phrases read as 、, when it is still the turn as
    written (a follow-up rewritten from the last turn is not)."""
    return q.listed or q.text


def conjuncts(text: str, topic: list[str]) -> list[list[str]]:
    """The topic's words grouped by the conjunctions between them: 职业教育和社区教育改革 ->
    [[职业教育], [社区教育, 改革]]; one group when there is none."""
    cuts = [m.start() for m in CONJUNCTION.finditer(text)]
    groups: dict[int, list[str]] = {}
    for w in topic:
        at = text.find(w)
        groups.setdefault(sum(1 for c in cuts if at > c), []).append(w)
    return [g for g in groups.values() if g] or [topic]


def _support(words: list[str], everyday: list[list[str]], never: set[str], unit, lib) -> float:
    from .candidate import own_bridges

    body = f"{unit.text} {unit.heading}"
    have = total = 0.0
    unseen = 0
    own: list[list[str]] = []  # the groups that are a topic word's own other words (学前教育 -> 幼儿园)
    for w in words:
        if lib.in_corpus(w):
            weight = lib.idf(w, unit.doc)
            total += weight
            mine = [g for g in everyday if g in own_bridges(w, lib)]
            own += mine
            held = w in body or any(x in body for g in mine for x in g)
            have += weight if held else weight * _head_share(w, body, lib)
        elif w in never:
            unseen += 1  # a thing the report never names: no sentence holds it
    everyday = [g for g in everyday if g not in own]
    for alts in everyday:
        weight = min(lib.idf(x, unit.doc) for x in alts)
        total += weight
        have += weight if any(x in body for x in alts) else 0.0
    if not total:
        return 0.0
    weighed = sum(1 for w in words if lib.in_corpus(w)) + len(everyday)
    per_word = total / max(1, weighed)  # a thing never named weighs as an average word the report uses
    return have / (total + unseen * per_word)


def _head_share(word: str, body: str, lib) -> float:
    """Half the weight of a compound whose head-first piece the body holds (教师队伍 in a sentence on
    骨干教师): the body speaks of the thing, not of the whole phrase."""
    pieces = [p for p in lib.tokenizer.tokens(word) if len(p) >= 2 and p != word]
    if len(pieces) < 2 or pieces[0] not in body:
        return 0.0
    return 1.0 if all(p in body or p in GENERIC for p in pieces[1:]) else 0.5  # 民办教育 ~ 民办学校: 教育 says nothing


MAX_ITEM_SENTENCES = 10  # a whole item: the longest of the report has 10 sentences


def whole_item(words: list[str], chosen: list, lib, half: str | None) -> list:
    """When the topic is an item of the report (素质教育 ~ 四是巩固素质教育发展成效), that item of the
    half asked about gives the answer: its own sentences in order (an item opens with its lead), at
    most MAX_ITEM_SENTENCES."""
    from ..evidence import Hit

    if not half or not chosen:
        return []
    for h in chosen:
        sid = h.unit.section_id
        if lib.part_kinds.get(sid) == half and words and all(_names(h.unit.heading, w, lib) for w in words):
            idxs = [i for i in lib.section_units[sid] if not lib.units[i].is_heading][:MAX_ITEM_SENTENCES]
            return [Hit(i, lib.units[i], 0.0, 0.0, 0.0, 0.0) for i in idxs]
    return []


def specific_bridges(a) -> list[list[str]]:
    """The report's words for the question's everyday ones, less those for its people (老师 -> 教师
    says who, not what: 给老师减负 is still about 减负, which the report never names)."""
    return [alts for alts in a.everyday if not all(x in AUDIENCE for x in alts)]


def in_names_only(place: str, text: str) -> bool:
    """Does the place occur in the text only inside names (某大学X校区, X高中)?
    ``in_names_only("宜兴", "某大学宜兴校区已开工")`` -> True; ``("宜兴", "推动宜兴市…")`` -> False."""
    names = [m.span() for m in SCHOOL_NAME.finditer(text)]
    spans = [m.span() for m in re.finditer(re.escape(place), text)]
    return bool(spans) and all(any(a <= s and e <= b for a, b in names) for s, e in spans)


def _names(heading: str, word: str, lib) -> bool:
    """The heading holds the word or the report's word for it (高校 -> 高教)."""
    alts = [x for g in lib.lexicon.everyday(word) for x in g] if lib.lexicon else []
    return word in heading or any(x in heading for x in alts)
