"""Run a QA file through a system and write report.md, results.json and charts.

A system has ``ask(question, history) -> answer object`` and
``sections(question, history) -> [section_id, …]`` (ranked, for hit@k and MRR).
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from .metrics import cites_gold, is_chat, is_correct, rank_of, score_of, summarise

ROOT = Path(__file__).resolve().parent.parent
QA_FILE = ROOT / "eval" / "qa.jsonl"


def load_qa(path: Path = QA_FILE) -> list[dict]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            item = json.loads(line)
            for key in ("question", "answers"):
                if key not in item:
                    raise ValueError(f"{path}:{n}: missing '{key}'")
            item.setdefault("id", f"line{n}")
            item.setdefault("type", "fact" if item["answers"] else "unanswerable")
            item.setdefault("history", [])
            item.setdefault("section_id", None)
            items.append(item)
    return items


class EngineSystem:
    """The product itself, through the same Engine as the API."""

    name = "本系统（混合检索 + 抽取式答案）"

    def __init__(self, engine):
        self.engine = engine

    def ask(self, question, history):
        return self.engine.ask(question, history, explain=True)  # "why": the rule that decided

    def sections(self, question, history):
        hits = self.engine.searcher.search(self.engine.analyse(question, history), k=40)
        return list(dict.fromkeys(h.unit.section_id for h in hits))


def evaluate(system, qa: list[dict], progress: bool = True) -> tuple[list[dict], dict]:
    rows = []
    for item in tqdm(qa, desc=getattr(system, "name", "eval"), disable=not progress, unit="题"):
        ans = system.ask(item["question"], item["history"])
        ranked = system.sections(item["question"], item["history"]) if item["section_id"] else []
        rows.append({
            "id": item["id"], "type": item["type"], "section_id": item["section_id"],
            "question": item["question"], "history": item["history"],
            "answerable": bool(item["answers"]) or is_chat(item), "correct": is_correct(item, ans),
            "mode": ans.get("mode"), "why": ans.get("why"),
            "cited": cites_gold(item, ans), "refused": bool(ans.get("refused")),
            "parts_refused": sum(1 for p in ans.get("parts", []) if p.get("refused")),
            "rank": rank_of(item, ranked), "length": len(ans.get("answer", "")),
            "latency_ms": ans.get("latency_ms", 0.0), "answer": ans.get("answer", ""),
            "citations": [{k: c.get(k) for k in ("n", "section_id", "quote")} for c in ans.get("citations", [])],
            "expected": item["answers"],
        })
    return rows, breakdown(rows)


def breakdown(rows: list[dict]) -> dict:
    by_type, by_section = defaultdict(list), defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
        by_section[r["section_id"] or "(无答案)"].append(r)
    return {"overall": summarise(rows),
            "by_type": {k: summarise(v) for k, v in sorted(by_type.items())},
            "by_section": {k: summarise(v) for k, v in sorted(by_section.items())}}


def write_outputs(out_dir: Path, rows: list[dict], summary: dict, title: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps({"summary": summary, "results": rows}, ensure_ascii=False, indent=1), encoding="utf-8")
    charts = write_charts(out_dir, rows, summary)
    (out_dir / "report.md").write_text(report_md(summary, rows, title, charts), encoding="utf-8")
    return out_dir


METRIC_NAMES = [("answer_accuracy", "答案准确率"), ("citation_accuracy", "引用准确率"), ("hit@1", "hit@1"),
                ("hit@3", "hit@3"), ("hit@5", "hit@5"), ("mrr", "MRR"), ("refusal_accuracy", "拒答准确率"),
                ("false_refusal_rate", "误拒率"), ("answered_wrong", "答错（未拒答）"), ("median_answer_chars", "答案长度中位数（字）"),
                ("latency_p50_ms", "延迟 p50 (ms)"), ("latency_p95_ms", "延迟 p95 (ms)")]


def _fmt(v, key=""):
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) and not key.endswith(("_ms", "_chars")) else f"{v}"


def table(summaries: dict[str, dict]) -> str:
    cols = list(summaries)
    lines = ["| 指标 | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for key, name in METRIC_NAMES:
        lines.append(f"| {name} | " + " | ".join(_fmt(summaries[c].get(key), key) for c in cols) + " |")
    return "\n".join(lines)


def group_table(groups: dict[str, dict]) -> str:
    lines = ["| 分组 | 题数 | 答案准确率 | 引用准确率 | 拒答准确率 | 误拒率 | 综合 |", "|---|---|---|---|---|---|---|"]
    for k, s in groups.items():
        lines.append(f"| {k} | {s['n']} | {_fmt(s['answer_accuracy'])} | {_fmt(s['citation_accuracy'])} | "
                     f"{_fmt(s['refusal_accuracy'])} | {_fmt(s['false_refusal_rate'])} | {score_of(s):.3f} |")
    return "\n".join(lines)


def decided_by(r: dict) -> str:
    """The rule that refused or accepted a row's answer, with its reason (``why`` of bot/answer/choose.py)."""
    why = r.get("why") or {}
    if not why:
        return ""
    return why.get("rule", "") + (f"：{why['reason'][:60]}" if why.get("reason") else "")


def rule_table(rows: list[dict]) -> str:
    """Per deciding rule: how many answerable questions it refused, how many wrong answers it let through."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        rule = (r.get("why") or {}).get("rule")
        if rule and r["answerable"] and r["refused"]:
            counts[rule][0] += 1
        elif rule and not r["correct"] and not r["refused"]:
            counts[rule][1] += 1
    lines = ["| 判定规则 | 误拒 | 答错（未拒答） |", "|---|---|---|"]
    lines += [f"| {k} | {a} | {b} |" for k, (a, b) in sorted(counts.items(), key=lambda kv: -sum(kv[1]))]
    return "\n".join(lines)


def report_md(summary: dict, rows: list[dict], title: str, charts: list[str]) -> str:
    wrong = [r for r in rows if not r["correct"]]
    out = [f"# 评测报告：{title}", "", time.strftime("%Y-%m-%d %H:%M"), "", "## 总体", "",
           table({title: summary["overall"]}), "", "## 按题型", "", group_table(summary["by_type"]), "",
           "## 按章节", "", group_table(summary["by_section"]), ""]
    out += [f"![{c}]({c})" for c in charts]
    if any(r.get("why") for r in rows):
        out += ["", "## 误拒与答错：哪条规则判定的", "", rule_table(rows)]
    out += ["", f"## 答错的题（{len(wrong)}）", ""]
    for r in wrong:
        rule = decided_by(r)
        out.append(f"- `{r['id']}` [{r['type']}] {r['question']} → 期望 {r['expected']}；"
                   f"得到：{r['answer'][:80].replace(chr(10), ' ')}" + (f"（判定：{rule}）" if rule else ""))
    return "\n".join(out) + "\n"


def write_charts(out_dir: Path, rows: list[dict], summary: dict) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if "WenQuanYi" in f.name or "Noto Sans CJK" in f.name]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    names = []
    for key, label in (("by_type", "按题型的准确率"), ("by_section", "按章节的准确率")):
        groups = summary[key]
        fig, ax = plt.subplots(figsize=(9, 4))
        ax.bar(list(groups), [score_of(s) for s in groups.values()], color="#2b6cb0")
        ax.set_ylim(0, 1.05)
        ax.set_title(label)
        ax.tick_params(axis="x", rotation=45)
        fig.tight_layout()
        name = f"accuracy_{key}.png"
        fig.savefig(out_dir / name, dpi=110)
        plt.close(fig)
        names.append(name)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist([r["latency_ms"] for r in rows], bins=30, color="#2f855a")
    ax.set_xlabel("ms")
    ax.set_title("答案延迟分布")
    fig.tight_layout()
    fig.savefig(out_dir / "latency_hist.png", dpi=110)
    plt.close(fig)
    names.append("latency_hist.png")
    return names
