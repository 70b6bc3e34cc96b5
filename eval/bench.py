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
from .page_bench import page_bench
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
        from .cost import cost_search

        res["cost"] = cost_search(engine)  # the CPU of the worst of 120 adversarial questions
        res["http"] = http_throughput(settings.index_dir, [q["question"] for q in qa])
        res["page"] = page_bench(settings.index_dir, [q["question"] for q in qa])  # Enter -> answer in Chromium
        # the largest finished child: the CLI answer process, or the server after its load
        res["peak_rss_child_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "bench.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        (out_dir / "bench.md").write_text(bench_md(res), encoding="utf-8")
    return res


def http_throughput(index_dir: Path, questions: list[str], levels=(1, 4, 16), per_level: int = 200,
                    start_timeout_s: float = 180) -> dict:
    """Requests/s and latency of POST /api/chat on a real server on 127.0.0.1, at 1/4/16 concurrent clients.

    The server (``python app.py``) gets the index just built and its query-vector cache turned
    off (``BOT_QUERY_CACHE=0``), so every request embeds its question and the levels compare
    fairly. Returns ``{"skipped": reason}`` when there is no app.py or it does not start.
    """
    import asyncio
    import socket

    import httpx

    if not (ROOT / "app.py").exists():
        return {"skipped": "没有 app.py"}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "BOT_HOST": "127.0.0.1", "BOT_PORT": str(port), "BOT_INDEX_DIR": str(index_dir),
               "BOT_DATA_DIR": data, "BOT_LLM_BASE_URL": "", "BOT_RATE_LIMIT": "1000000", "BOT_QUERY_CACHE": "0",
               "GRADIO_ANALYTICS_ENABLED": "False"}
        log_path = Path(data) / "server.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
        try:
            t0 = time.perf_counter()
            while True:
                if proc.poll() is not None:
                    tail = log_path.read_text(errors="replace").strip().splitlines()[-1:] or [""]
                    return {"skipped": f"app.py 退出（{proc.returncode}）：{tail[0][:200]}"}
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.perf_counter() - t0 > start_timeout_s:
                    return {"skipped": f"app.py 在 {start_timeout_s:.0f} 秒内没有就绪"}
                time.sleep(0.2)
            server_start_s = round(time.perf_counter() - t0, 2)

            async def level(n: int) -> dict:
                lat, errors, todo = [], 0, iter(range(per_level))

                async def client(c: httpx.AsyncClient):
                    nonlocal errors
                    for i in todo:
                        t = time.perf_counter()
                        try:
                            r = await c.post(base + "/api/chat", json={"question": questions[i % len(questions)]})
                            errors += r.status_code != 200
                        except httpx.HTTPError:
                            errors += 1
                        lat.append((time.perf_counter() - t) * 1000)

                limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
                async with httpx.AsyncClient(timeout=60, limits=limits) as c:
                    await c.post(base + "/api/chat", json={"question": questions[0]})  # connection + warm-up
                    t0 = time.perf_counter()
                    await asyncio.gather(*(client(c) for _ in range(n)))
                    wall = time.perf_counter() - t0
                return {"requests": per_level, "errors": errors, "rps": round(per_level / wall, 1),
                        "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1)}

            result = {"server_start_s": server_start_s, "query_cache": False,
                      "levels": {str(n): asyncio.run(level(n)) for n in levels}}
            try:
                import psutil

                result["server_rss_mib"] = round(psutil.Process(proc.pid).memory_info().rss / 2**20, 1)
            except (ImportError, OSError):
                pass
            return result
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def bench_md(res: dict) -> str:
    m = res["machine"]
    rows = [("建索引（1 篇报告，新的临时索引目录）", f"{res['index_build_s']} s"),
            ("进程内加载引擎（索引已建好）", f"{res['engine_load_s']} s"),
            ("冷启动到第一个答案（`python -m bot ask … --json` 子进程，端到端）", f"{res['cold_start_to_first_answer_s']} s"),
            ("答案延迟 p50 / p95（进程内，热）", f"{res['answer_p50_ms']} / {res['answer_p95_ms']} ms"),
            ("嵌入一个问题（p50，下限）", f"{res['embed_one_query_p50_ms']} ms"),
            ("p50 ÷ 嵌入一个问题", f"{res['ratio_p50_to_embed']}×"),
            ("峰值内存 RSS，本进程（建索引 + 作答）", f"{res['peak_rss_mib']} MiB")]
    if "cost" in res:
        c = res["cost"]
        rows += [(f"一个问题的 CPU：正常问题 / {c['searched']} 个对抗输入中最贵的（整个作答）",
                  f"{c['normal_ms']} / {c['worst_ms']} ms"),
                 ("最贵的对抗输入，不含模型嵌入（嵌入输入上限 64 个词元）", f"{c['worst_analysis_ms']} ms")]
    page = res.get("page") or {"skipped": "未运行"}
    rows.append(("页面：回车到完整答案 p50 / p95（Chromium 中的真实页面，一段对话 20 题，eval/page_bench.py）",
                 f"跳过（{page.get('skipped', '没有一题答出')}）" if "p50_ms" not in page else
                 f"{page['p50_ms']} / {page['p95_ms']} ms" + (f"（{len(page['failed'])} 题未答）" if page["failed"] else "")))
    if "peak_rss_child_mib" in res:
        rows.append(("峰值内存 RSS，最大的子进程（CLI 或服务器）", f"{res['peak_rss_child_mib']} MiB"))
    head = (f"机器：{m['cpu']}，{m['cores']} 核，{m['ram_gib']} GiB，Python {m['python']}；"
            f"{res['questions']} 题 × 2 轮 = {res['answers_timed']} 次作答计时。\n\n")
    out = head + "| 项目 | 数值 |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows) + "\n\n"
    http = res.get("http") or {"skipped": "未运行"}
    if "skipped" in http:
        return out + f"HTTP 吞吐量：跳过（{http['skipped']}）。\n"
    extra = f"，结束时服务器 RSS {http['server_rss_mib']} MiB" if "server_rss_mib" in http else ""
    out += (f"HTTP `POST /api/chat`，真实服务器（`python app.py`，单进程）在 127.0.0.1，问题向量缓存关闭"
            f"（每个请求都做嵌入）；服务器启动到 /healthz 就绪 {http['server_start_s']} s{extra}。"
            "负载发生器（asyncio + httpx）与服务器在同一台机器上。\n\n"
            "| 并发客户端 | 请求数 | 错误 | 每秒请求 | p50 (ms) | p95 (ms) |\n|---|---|---|---|---|---|\n")
    out += "\n".join(f"| {n} | {v['requests']} | {v['errors']} | {v['rps']} | {v['p50_ms']} | {v['p95_ms']} |"
                      for n, v in http["levels"].items())
    return out + "\n"
