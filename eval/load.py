"""Load test: many POST /api/chat requests from concurrent clients (asyncio + httpx) to a real server.

    python -m eval.load                                  # starts app.py on a free 127.0.0.1 port, 3,000 requests, 16 clients
    python -m eval.load --requests 300 --clients 16      # shorter (CI runs this size)
    python -m eval.load --url http://127.0.0.1:7860      # an already running server (mind its BOT_RATE_LIMIT)
    python -m eval.load --no-cache                       # the server embeds every question (BOT_QUERY_CACHE=0)
    python -m eval.load --json out.json --markdown       # figures as JSON, and a Markdown table

Questions are the QA set's (``eval/qa.jsonl``, with their history), in order, round robin.
Reports throughput (requests/s over the wall time), client-side latency p50/p95/p99/max,
the server's own ``latency_ms`` p50, and every non-200 status or transport error. The
server it starts gets ``BOT_RATE_LIMIT`` high enough that the limiter never answers 429
(all clients come from 127.0.0.1). Only 127.0.0.1 is ever contacted.

The machine is shared with the load generator (and maybe other work), so CPU is
accounted too: the server's CPU ms per request, the generator's, and how busy the
whole machine was — the server's figure divided into the cores gives its ceiling, and the
**CPU ratio** (req/s × server CPU s per request ÷ cores) says how much of that ceiling was
reached: 1.0 is every core answering, 1/cores one core (answers serialised) — and the
server's memory (resident now and at its peak), for README's capacity table.

Not here: the page (Gradio queue) — it has its own bound; see SECURITY.md.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
QA_FILE = ROOT / "eval" / "qa.jsonl"
TARGET_RPS = 50
TARGET_CPU_RATIO = 0.85  # issue 15: both cores busy answering at 16 clients


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: ``percentile([1, 2, 3, 4], 50) -> 2``."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def load_bodies(path: Path = QA_FILE) -> list[dict]:
    bodies = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            bodies.append({"question": q["question"], "history": q.get("history") or []})
    return bodies


async def run_load(base: str, bodies: list[dict], requests: int = 3000, clients: int = 16,
                   timeout_s: float = 30, stop: asyncio.Event | None = None) -> dict:
    """Send ``requests`` POST /api/chat from ``clients`` concurrent clients (each its own connection).

    Returns throughput, latency percentiles and error counts. With ``stop``, clients end
    early once it is set (the figures cover what was sent).
    """
    if urlsplit(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load tests only go to 127.0.0.1, not {base}")
    todo = iter(range(requests))
    lat, server_ms, statuses, failures = [], [], Counter(), []
    normal_lat = []  # requests not marked "_adversarial"

    async def client():
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=timeout_s, limits=limits) as c:
            for i in todo:
                if stop is not None and stop.is_set():
                    break
                t = time.perf_counter()
                body = bodies[i % len(bodies)]
                try:
                    r = await c.post("/api/chat", json={k: v for k, v in body.items() if not k.startswith("_")})
                except httpx.HTTPError as e:
                    statuses[type(e).__name__] += 1
                    failures.append(f"{type(e).__name__}: {e}")
                    continue
                lat.append((time.perf_counter() - t) * 1000)
                if not body.get("_adversarial"):
                    normal_lat.append(lat[-1])
                statuses[r.status_code] += 1
                if r.status_code == 200:
                    server_ms.append(r.json()["latency_ms"])
                else:
                    failures.append(f"{r.status_code}: {r.text[:200]}")

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    sent = sum(statuses.values())
    return {
        "requests": sent, "clients": clients, "ok": statuses.get(200, 0), "errors": sent - statuses.get(200, 0),
        "statuses": {str(k): v for k, v in statuses.items()}, "first_failures": failures[:5],
        "wall_s": round(wall, 2), "rps": round(sent / wall, 1) if wall else 0.0,
        "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
        "p99_ms": round(percentile(lat, 99), 1), "max_ms": round(max(lat, default=float("nan")), 1),
        "server_p50_ms": round(percentile(server_ms, 50), 1),
        "normal_p50_ms": round(percentile(normal_lat, 50), 1), "normal_p95_ms": round(percentile(normal_lat, 95), 1),
    }


def with_adversarial(bodies: list[dict], share: float) -> list[dict]:
    """Every 1/share-th body replaced by a worst-case question (eval/cost.py), marked ``_adversarial``."""
    from .cost import candidates

    every = max(1, round(1 / share))
    worst = iter(candidates(len(bodies)))
    return [{"question": q, "history": h, "_adversarial": True} if i % every == every - 1 else b
            for i, (b, (q, h)) in enumerate(zip(bodies, worst))]


class CpuMeter:
    """CPU seconds used by the server process, this process and the whole machine between start and stop."""

    def __init__(self, server_pid: int | None = None):
        self.server_pid = server_pid

    @staticmethod
    def _machine() -> tuple[float, float]:
        with open("/proc/stat") as f:
            v = [float(x) for x in f.readline().split()[1:]]
        hz = os.sysconf("SC_CLK_TCK")
        idle = v[3] + v[4]
        return (sum(v) - idle) / hz, sum(v) / hz

    def _server(self) -> float:
        if not self.server_pid:
            return float("nan")
        try:
            with open(f"/proc/{self.server_pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (float(fields[11]) + float(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return float("nan")

    @staticmethod
    def _self() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    def __enter__(self):
        self.t0, self.m0, self.s0 = self._self(), self._machine(), self._server()
        return self

    def _rss_mb(self) -> tuple[float, float]:
        """The server's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
        try:
            with open(f"/proc/{self.server_pid}/status") as f:
                kb = {k: float(v.split()[0]) for k, v in (line.split(":", 1) for line in f) if k in ("VmRSS", "VmHWM")}
            return round(kb["VmRSS"] / 1024, 1), round(kb["VmHWM"] / 1024, 1)
        except (OSError, KeyError, TypeError):
            return float("nan"), float("nan")

    def __exit__(self, *exc):
        self.rss_mb, self.peak_rss_mb = self._rss_mb() if self.server_pid else (float("nan"), float("nan"))
        m1 = self._machine()
        self.client_s, self.server_s = self._self() - self.t0, self._server() - self.s0
        self.busy_s, total = m1[0] - self.m0[0], m1[1] - self.m0[1]
        self.busy_pct = 100 * self.busy_s / total if total else float("nan")

    def figures(self, requests: int, rps: float | None = None) -> dict:
        """CPU per request; with ``rps``, the CPU ratio: req/s × server CPU s per request ÷ cores —
        1.0 when every core is busy answering (the GIL or a lock serialising answers keeps it near 1/cores)."""
        n = max(requests, 1)
        extra = {}
        if rps is not None and self.server_s == self.server_s:
            extra["cpu_ratio"] = round(rps * (self.server_s / n) / (os.cpu_count() or 1), 2)
        return {**extra, "server_cpu_ms_per_request": round(1000 * self.server_s / n, 1),
                "client_cpu_ms_per_request": round(1000 * self.client_s / n, 1),
                "machine_busy_pct": round(self.busy_pct, 1),
                "other_cpu_s": round(self.busy_s - self.client_s - (self.server_s if self.server_s == self.server_s
                                                                     else 0), 1),
                "server_rss_mb": self.rss_mb, "server_peak_rss_mb": self.peak_rss_mb,
                "cores": os.cpu_count()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_server(index_dir: Path | None = None, env: dict | None = None, log_path: Path | None = None,
                 start_timeout_s: float = 240):
    """``python app.py`` on a free 127.0.0.1 port (temp data dir, rate limit out of the way);
    yields (base URL, server pid)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        full_env = {**os.environ, "BOT_HOST": "127.0.0.1", "BOT_PORT": str(port), "BOT_DATA_DIR": tmp,
                    "BOT_LLM_BASE_URL": "", "BOT_RATE_LIMIT": "1000000", "GRADIO_ANALYTICS_ENABLED": "False",
                    **({"BOT_INDEX_DIR": str(index_dir)} if index_dir else {}), **(env or {})}
        log = open(log_path or Path(tmp) / "server.log", "wb")
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=full_env, stdout=log,
                                stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_timeout_s
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app.py exited with {proc.returncode}")
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"app.py not ready in {start_timeout_s} s")
                time.sleep(0.1)
            yield base, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()


def markdown(res: dict, title: str = "") -> str:
    head = ("| 请求数 | 并发客户端 | 错误 | 用时 (s) | 每秒请求 | p50 (ms) | p95 (ms) | p99 (ms) | 最大 (ms) "
            "| 服务端 p50 (ms) | 服务器 CPU/请求 (ms) | CPU 比 | 机器忙 (%) |")
    row = (f"| {res['requests']} | {res['clients']} | {res['errors']} | {res['wall_s']} | {res['rps']} | "
           f"{res['p50_ms']} | {res['p95_ms']} | {res['p99_ms']} | {res['max_ms']} | {res['server_p50_ms']} | "
           f"{res.get('server_cpu_ms_per_request', '—')} | {res.get('cpu_ratio', '—')} | {res.get('machine_busy_pct', '—')} |")
    return (f"{title}\n\n" if title else "") + head + "\n|" + "---|" * 13 + "\n" + row + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.load", description=__doc__.split("\n")[0])
    ap.add_argument("--url", help="a running server (default: start app.py on a free port)")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--warmup", type=int, default=32, help="requests sent (and not counted) first")
    ap.add_argument("--no-cache", action="store_true", help="started server: no query-vector cache")
    ap.add_argument("--qa", default=str(QA_FILE))
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    ap.add_argument("--adversarial", type=float, default=0.0, metavar="SHARE",
                    help="run twice: all normal, then with this share of worst-case questions; compare normal p95")
    args = ap.parse_args(argv)
    bodies = load_bodies(Path(args.qa))

    def measure(base: str, pid: int | None = None) -> dict:
        if args.warmup:
            asyncio.run(run_load(base, bodies, args.warmup, min(args.clients, args.warmup)))
        with CpuMeter(pid) as cpu:
            res = asyncio.run(run_load(base, bodies, args.requests, args.clients))
        return {**res, **cpu.figures(res["requests"], res["rps"])}

    def both(base: str, pid: int | None = None) -> dict:
        nonlocal bodies
        res = measure(base, pid)
        if args.adversarial:
            normal, bodies = res, with_adversarial(bodies, args.adversarial)
            res = measure(base, pid)
            res["all_normal"] = {k: normal[k] for k in ("rps", "p50_ms", "p95_ms", "normal_p95_ms")}
            res["normal_p95_ratio"] = round(res["normal_p95_ms"] / normal["normal_p95_ms"], 2)
        return res

    if args.url:
        res = both(args.url.rstrip("/"))
    else:
        with local_server(env={"BOT_QUERY_CACHE": "0"} if args.no_cache else None) as (base, pid):
            res = both(base, pid)
    res["query_cache"] = None if args.url else not args.no_cache
    print(json.dumps(res, ensure_ascii=False, indent=1))
    if args.markdown:
        print(markdown(res))
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    met = res["errors"] == 0 and res["rps"] >= TARGET_RPS
    print(("达到" if met else "未达到") + f"目标（≥ {TARGET_RPS} 请求/秒，零错误）", file=sys.stderr)
    if "cpu_ratio" in res:
        busy = res["cpu_ratio"] >= TARGET_CPU_RATIO
        print(f"CPU 比 {res['cpu_ratio']}（每秒请求 × 每请求服务器 CPU 秒 ÷ {res['cores']} 核；"
              f"{'达到' if busy else '未达到'}目标 ≥ {TARGET_CPU_RATIO}：所有核都在作答）", file=sys.stderr)
    return 0 if res["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
