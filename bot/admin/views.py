"""What the console's templates show, as plain data: documents, section trees, an answer's "why".

``why_view`` renders whatever the engine's ``why`` holds (``Engine.ask(..., explain=True)``):
its plain fields as label/value pairs (known keys get Chinese labels, unknown ones keep their
name), its ``candidates`` as a table whose columns are the keys they have, and the deciding rule.
A missing or malformed ``why`` is None (the page says the engine gave no explanation).
"""
from __future__ import annotations

import json

LABELS = {
    "kind": "问题类型", "scope": "回答范围", "part": "指向部分", "rule": "判定规则", "reason": "理由",
    "section_id": "段落", "section": "段落", "text": "句子", "quote": "句子", "score": "得分", "dense": "语义相似度",
    "lexical": "词匹配", "support": "覆盖度", "failed": "未通过的规则", "accepted": "是否采用", "doc": "文档",
}
KINDS = {"fact": "事实", "list": "列举", "plan": "计划", "topic": "主题", "part": "部分", "report": "全文",
         "yesno": "是否", "compound": "复合", "chat": "闲聊"}
ACCEPTED = {"accepted": "通过（作答）", "no evidence": "没有找到证据（拒答）"}
RULES = {  # the engine's rule names (bot/answer/rules.py) in Chinese; a name not here is shown as it is
    "missing year": "缺少问题中的年份", "relative year": "缺少“去年/明年”所指的年份", "missing number": "缺少问题中的数字",
    "missing name": "缺少问题中的名称", "other half": "说的是另一个半年", "names nothing new": "没有给出所问的名称",
    "no figure of the kind asked": "没有所问类型的数字", "counts no counted noun": "数字不是所问事物的数量",
    "counts no qualifier": "缺少所问事物的限定词", "no figure of the measured noun": "没有所问事物的数值",
    "measured kind missing": "数值不属于所问的那一类",
    "no time": "没有时间", "time verb missing": "时间不属于所问的环节", "low support": "与问题的词重合太少",
    "nothing matched": "没有与问题相同的词", "English dense floor": "英文问题相似度不够",
}


def rule_label(name) -> str:
    """``'no time'`` -> ``'没有时间（no time）'``; unknown names unchanged."""
    if name in ACCEPTED:
        return ACCEPTED[name]
    return f"{RULES[name]}（{name}）" if isinstance(name, str) and name in RULES else _fmt(name)


def _fmt(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "、".join(_fmt(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def why_view(why) -> dict | None:
    """``{"kind": "fact", "rule": "accepted", "candidates": [{"score": 1.2, "failed": []}]}`` ->
    ``{"fields": [("问题类型", "fact（事实）"), ("判定规则", "通过（作答）")], "columns": ["得分", "未通过的规则"],
    "rows": [["1.2", "—"]], "rule": "accepted"}``"""
    if not isinstance(why, dict):
        return None
    fields = []
    for k, v in why.items():
        if k == "candidates" or isinstance(v, (list, dict)) and k != "failed":
            continue
        text = _fmt(v)
        if k in ("kind", "scope") and v in KINDS:
            text = f"{v}（{KINDS[v]}）"
        if k in ("rule", "reason"):
            text = "；".join(rule_label(x.strip()) for x in str(v).split(";")) if v else "—"
        fields.append((LABELS.get(k, k), text))
    cands = [c for c in why.get("candidates") or [] if isinstance(c, dict)] if isinstance(why.get("candidates"), list) else []
    keys: list[str] = []
    for c in cands:
        keys += [k for k in c if k not in keys]
    rows = []
    for c in cands:
        row = [_fmt(c.get(k)) for k in keys]
        if "failed" in keys:
            failed = c.get("failed")
            row[keys.index("failed")] = ("、".join(rule_label(x) for x in failed) if isinstance(failed, list) else
                                         _fmt(failed)) if failed else "全部通过"
        rows.append(row)
    extra = {k: v for k, v in why.items() if isinstance(v, (list, dict)) and k not in ("candidates", "failed")}
    return {"fields": fields, "columns": [LABELS.get(k, k) for k in keys], "rows": rows,
            "rule": why.get("rule"), "extra": [(LABELS.get(k, k), _fmt(v)) for k, v in extra.items()]}


def tree(doc) -> list[dict]:
    """A document's parts › items, each with its section id, heading, sentence count and sentences."""
    out = []
    for part in doc.parts:
        out.append({"no": part.no, "heading": part.heading, "kind": part.kind,
                    "items": [{"id": it.section_id, "heading": it.heading, "start": it.start, "end": it.end,
                               "sentences": [s.text for s in it.sentences]} for it in part.items]})
    return out


def doc_row(doc, chunks: int | None = None, file: str = "") -> dict:
    meta = doc.meta
    return {"id": doc.doc_id, "title": doc.title, "period": meta.get("period") or meta.get("year") or "",
            "issuer": meta.get("issuer") or "", "date": meta.get("date") or "", "source": meta.get("source") or "",
            "sections": sum(1 for it in doc.items() if it.part_no > 0), "sentences": sum(len(it.sentences) for it in doc.items()),
            "chars": len(doc.text), "chunks": chunks, "file": file}
