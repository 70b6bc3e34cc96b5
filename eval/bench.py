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
        res["http"] = http_throughput(settings.index_dir, [q["question"] for q in qa])
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "bench.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        (out_dir / "bench.md").write_text(bench_md(res), encoding="utf-8")
    return res


def http_throughput(index_dir: Path, questions: list[str], levels=(1, 4, 16), per_level: int = 200) -> dict:
    """Requests/s and latency of POST /api/chat on a real server on 127.0.0.1, at 1/4/16 concurrent clients."""
    import asyncio
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "BOT_PORT": str(port), "BOT_INDEX_DIR": str(index_dir), "BOT_DATA_DIR": data,
               "BOT_LLM_BASE_URL": "", "BOT_RATE_LIMIT": "1000000"}
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.3)

            async def level(n: int) -> dict:
                lat, errors, todo = [], 0, iter(range(per_level))

                async def client(c: httpx.AsyncClient):
                    nonlocal errors
                    for i in todo:
                        t = time.perf_counter()
                        r = await c.post(base + "/api/chat", json={"question": questions[i % len(questions)]})
                        lat.append((time.perf_counter() - t) * 1000)
                        errors += r.status_code != 200

                async with httpx.AsyncClient(timeout=60) as c:
                    t0 = time.perf_counter()
                    await asyncio.gather(*(client(c) for _ in range(n)))
                    wall = time.perf_counter() - t0
                return {"requests": per_level, "errors": errors, "rps": round(per_level / wall, 1),
                        "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1)}

            return {str(n): asyncio.run(level(n)) for n in levels}
        finally:
            proc.terminate()
            proc.wait(timeout=15)


def bench_md(res: dict) -> str:
    m = res["machine"]
    rows = [("建索引（1 篇报告）", f"{res['index_build_s']} s"), ("进程内加载引擎", f"{res['engine_load_s']} s"),
            ("冷启动到第一个答案（CLI 子进程）", f"{res['cold_start_to_first_answer_s']} s"),
            ("答案延迟 p50 / p95", f"{res['answer_p50_ms']} / {res['answer_p95_ms']} ms"),
            ("嵌入一个问题（p50，下限）", f"{res['embed_one_query_p50_ms']} ms"),
            ("p50 ÷ 嵌入一个问题", f"{res['ratio_p50_to_embed']}×"), ("峰值内存 RSS", f"{res['peak_rss_mib']} MiB")]
    head = f"机器：{m['cpu']}，{m['cores']} 核，{m['ram_gib']} GiB，Python {m['python']}；{res['answers_timed']} 次作答计时。\n\n"
    http = "\n".join(f"| {n} | {v['requests']} | {v['errors']} | {v['rps']} | {v['p50_ms']} | {v['p95_ms']} |"
                     for n, v in res.get("http", {}).items())
    return (head + "| 项目 | 数值 |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows) + "\n\n"
            "HTTP `POST /api/chat`，真实服务器在 127.0.0.1（单进程 uvicorn）：\n\n"
            "| 并发客户端 | 请求数 | 错误 | 每秒请求 | p50 (ms) | p95 (ms) |\n|---|---|---|---|---|---|\n" + http + "\n")
