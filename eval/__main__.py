"""python -m eval run [--qa FILE] [--mode extractive|llm] [--out DIR] | compare [--qa FILE] [--out DIR] | bench [--out DIR] | report
                | snapshot [--out FILE] | snapshot --diff A B"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from .run import QA_FILE, ROOT, EngineSystem, evaluate, load_qa, write_outputs


def cmd_run(args) -> int:
    from bot.chain import Engine
    from bot.config import Settings

    settings = Settings()
    if args.mode == "extractive":
        settings.llm_base_url = ""
    elif not settings.llm_base_url:
        print("--mode llm 需要设置 BOT_LLM_BASE_URL 和 BOT_LLM_MODEL", file=sys.stderr)
        return 2
    engine = Engine(settings)
    qa = load_qa(Path(args.qa))
    rows, summary = evaluate(EngineSystem(engine), qa)
    out = Path(args.out) if args.out else ROOT / "eval" / "results" / time.strftime("%Y%m%d-%H%M%S")
    write_outputs(out, rows, summary, f"{args.mode} 模式，{Path(args.qa).name}")
    print(json.dumps(summary["overall"], ensure_ascii=False, indent=1))
    print(f"报告：{out / 'report.md'}")
    return 0


def cmd_compare(args) -> int:
    from .compare import compare

    out = Path(args.out) if args.out else ROOT / "eval" / "results" / time.strftime("compare-%Y%m%d-%H%M%S")
    compare(Path(args.qa), out)
    print((out / "compare.md").read_text(encoding="utf-8"))
    print(f"报告：{out / 'compare.md'}")
    return 0


def cmd_bench(args) -> int:
    if args.docs:  # the scale benchmark: N report-sized documents (eval/scale.py)
        from .scale import scale_bench

        out = Path(args.out) if args.out else ROOT / "eval" / "results" / time.strftime(f"scale-{args.docs}-%Y%m%d-%H%M%S")
        res = scale_bench(args.docs, out, Path(args.workdir) if args.workdir else None)
        print(json.dumps(res, ensure_ascii=False, indent=1))
        print(f"报告：{out / 'scale.md'}")
        return 0
    from .bench import bench

    out = Path(args.out) if args.out else ROOT / "eval" / "results" / time.strftime("bench-%Y%m%d-%H%M%S")
    res = bench(out, page=not args.no_page, cost=not args.no_cost)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    print(f"报告：{out / 'bench.md'}")
    return 0


def cmd_report(args) -> int:
    from .report import REPORT, report

    out = report(Path(args.out) if args.out else None, write=not args.no_write)
    print(f"结果：{out}" + ("" if args.no_write else f"\n已更新：{REPORT}"))
    return 0


def cmd_snapshot(args) -> int:
    from . import snapshot as snap

    if args.diff:
        a, b = (json.loads(Path(f).read_text(encoding="utf-8")) for f in args.diff)
        changed = snap.diff(a, b)
        print("\n".join(changed) or "答案完全相同")
        print(f"{len(changed)} 题不同（共 {len(set(a) | set(b))} 题）")
        return 1 if changed else 0
    from bot.chain import Engine
    from bot.config import Settings

    settings = Settings()
    settings.llm_base_url = ""
    snap.write(Path(args.out), snap.snapshot(Engine(settings)))
    print(f"已写入：{args.out}")
    return 0


def main(argv=None) -> int:
    logging.basicConfig(level=logging.WARNING)
    p = argparse.ArgumentParser(prog="python -m eval")
    sub = p.add_subparsers(dest="cmd", required=True)
    pr = sub.add_parser("run", help="在问答集上评测")
    pr.add_argument("--qa", default=str(QA_FILE))
    pr.add_argument("--mode", choices=["extractive", "llm"], default="extractive")
    pr.add_argument("--out")
    pc = sub.add_parser("compare", help="与三个基线并排评测")
    pc.add_argument("--qa", default=str(QA_FILE))
    pc.add_argument("--out")
    pb = sub.add_parser("bench", help="速度与内存基准")
    pb.add_argument("--out")
    pb.add_argument("--docs", type=int, help="规模基准：N 篇报告规模的文档（见 eval/scale.py）")
    pb.add_argument("--workdir", help="规模基准的语料和索引放在这里（默认临时目录，结束后删除）")
    pb.add_argument("--no-page", action="store_true", help="不跑页面基准（Chromium）")
    pb.add_argument("--no-cost", action="store_true", help="不跑对抗输入的 CPU 搜索")
    pp = sub.add_parser("report", help="compare + 保留题集 + bench，并更新 eval/REPORT.md 中生成的部分")
    pp.add_argument("--out")
    pp.add_argument("--no-write", action="store_true", help="只写结果目录，不改 REPORT.md 和 report-assets/")
    ps = sub.add_parser("snapshot", help="所有题集的答案写入一个文件；--diff A B 比较两次")
    ps.add_argument("--out", default="snapshot.json")
    ps.add_argument("--diff", nargs=2, metavar=("A", "B"))
    args = p.parse_args(argv)
    return {"run": cmd_run, "compare": cmd_compare, "bench": cmd_bench, "report": cmd_report,
            "snapshot": cmd_snapshot}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
