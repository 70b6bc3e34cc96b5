"""``python -m eval compare``: this system and the three baselines on one QA set, in one run.

Writes to ``out``: ``compare.md`` (every metric side by side, then the score by question
type side by side), ``compare.json`` (summary and every answer of every system),
``results.json`` + ``report.md`` + charts for this system (as ``python -m eval run``),
and ``compare.png`` (the headline metrics and the median answer length per system).
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from .metrics import score_of
from .run import EngineSystem, evaluate, load_qa, table, write_outputs

HEADLINE = [("answer_accuracy", "答案准确率"), ("citation_accuracy", "引用准确率"), ("hit@1", "hit@1"),
            ("refusal_accuracy", "拒答准确率")]


def compare(qa_path: Path, out: Path, engine=None, progress: bool = True) -> dict:
    """Run every system on ``qa_path``; returns {system name: {"summary", "results"}} (ours first)."""
    from bot.chain import Engine
    from bot.config import Settings

    from .baselines import baselines

    engine = engine or Engine(Settings(llm_base_url=""))
    qa = load_qa(qa_path)
    out.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as store:
        for system in [EngineSystem(engine), *baselines(engine, store)]:
            rows, summary = evaluate(system, qa, progress=progress)
            runs[system.name] = {"summary": summary, "results": rows}
            if system.name == EngineSystem.name:
                write_outputs(out, rows, summary, f"抽取式模式，{qa_path.name}")
    (out / "compare.json").write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "compare.md").write_text(compare_md(runs, qa_path.name, len(qa)), encoding="utf-8")
    compare_chart(out, runs)
    return runs


def compare_md(runs: dict, qa_name: str, n: int) -> str:
    overall = {name: r["summary"]["overall"] for name, r in runs.items()}
    return (f"# 对比：{qa_name}，{n} 题（{time.strftime('%Y-%m-%d %H:%M')}）\n\n" + table(overall) + "\n\n"
            "## 按题型（可答题为答案准确率，无答案题为拒答准确率）\n\n" + type_table(runs) + "\n")


def type_table(runs: dict) -> str:
    """Rows: question types; columns: systems; cell: score_of (answer or refusal accuracy)."""
    names = list(runs)
    types = list(next(iter(runs.values()))["summary"]["by_type"])
    lines = ["| 题型 | 题数 | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for t in types:
        groups = [runs[n]["summary"]["by_type"][t] for n in names]
        lines.append(f"| {t} | {groups[0]['n']} | " + " | ".join(f"{score_of(g):.3f}" for g in groups) + " |")
    return "\n".join(lines)


def compare_chart(out: Path, runs: dict) -> str:
    """compare.png: headline metrics as grouped bars, median answer length beside them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if "WenQuanYi" in f.name or "Noto Sans CJK" in f.name]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    names = list(runs)
    short = [n.split("（")[0] for n in names]
    overall = [runs[n]["summary"]["overall"] for n in names]
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [3, 1.3]})
    x = np.arange(len(HEADLINE))
    w = 0.8 / len(names)
    colors = ["#2b6cb0", "#a0aec0", "#d69e2e", "#718096"]
    for i, (s, label) in enumerate(zip(overall, short)):
        ax.bar(x + (i - (len(names) - 1) / 2) * w, [s.get(k) or 0 for k, _ in HEADLINE], w, label=label,
               color=colors[i % len(colors)])
    ax.set_xticks(x, [lab for _, lab in HEADLINE])
    ax.set_ylim(0, 1.05)
    ax.set_title("本系统与三个基线")
    ax.legend(fontsize=8, loc="upper right")
    ax2.bar(range(len(names)), [s["median_answer_chars"] for s in overall], color=colors[:len(names)])
    ax2.set_xticks(range(len(names)), short, rotation=30, ha="right")
    ax2.set_title("答案长度中位数（字）")
    fig.tight_layout()
    fig.savefig(out / "compare.png", dpi=110)
    plt.close(fig)
    return "compare.png"
