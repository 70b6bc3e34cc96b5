"""Speed and memory: index build, cold start, answer latency against the one-query-embedding floor, peak RSS.

All in one run on this machine, so the ratio p50 / embed is fair: the embedding
of the question is the floor no answer can go under.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .metrics import percentile
from .run import ROOT, load_qa


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem, 1), "python": platform.python_version()}


def bench(out_dir: Path | None = None, rounds: int = 2) -> dict:
    from bot.chain import Engine
    from bot.config import Settings

    res: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_dir=Path(tmp) / "index", llm_base_url="")
        t0 = time.perf_counter()
        engine = Engine(settings)  # builds: nothing is there yet
        res["index_build_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        engine = Engine(settings)
        res["engine_load_s"] = round(time.perf_counter() - t0, 2)
        env = {**os.environ, "BOT_INDEX_DIR": str(settings.index_dir), "BOT_LLM_BASE_URL": ""}
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "上半年资助了多少学生？", "--json"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        res["cold_start_to_first_answer_s"] = round(time.perf_counter() - t0, 2)

        qa = load_qa()
        for item in qa[:5]:  # warm-up
            engine.ask(item["question"], item["history"])
        lat = []
        for _ in range(rounds):
            for item in qa:
                t = time.perf_counter()
                engine.ask(item["question"], item["history"])
                lat.append((time.perf_counter() - t) * 1000)
        emb = []
        for item in qa:
            t = time.perf_counter()
            engine.embeddings.query_vector(item["question"])
            emb.append((time.perf_counter() - t) * 1000)
        p50 = statistics.median(lat)
        embed = statistics.median(emb)
        res.update({
            "questions": len(qa), "answers_timed": len(lat),
            "answer_p50_ms": round(p50, 2), "answer_p95_ms": round(percentile(lat, 95), 2),
            "embed_one_query_p50_ms": round(embed, 2), "ratio_p50_to_embed": round(p50 / embed, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        })
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "bench.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        (out_dir / "bench.md").write_text(bench_md(res), encoding="utf-8")
    return res


def bench_md(res: dict) -> str:
    m = res["machine"]
    rows = [("建索引（1 篇报告）", f"{res['index_build_s']} s"), ("进程内加载引擎", f"{res['engine_load_s']} s"),
            ("冷启动到第一个答案（CLI 子进程）", f"{res['cold_start_to_first_answer_s']} s"),
            ("答案延迟 p50 / p95", f"{res['answer_p50_ms']} / {res['answer_p95_ms']} ms"),
            ("嵌入一个问题（p50，下限）", f"{res['embed_one_query_p50_ms']} ms"),
            ("p50 ÷ 嵌入一个问题", f"{res['ratio_p50_to_embed']}×"), ("峰值内存 RSS", f"{res['peak_rss_mib']} MiB")]
    head = f"机器：{m['cpu']}，{m['cores']} 核，{m['ram_gib']} GiB，Python {m['python']}；{res['answers_timed']} 次作答计时。\n\n"
    return head + "| 项目 | 数值 |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows) + "\n"
