"""Every QA set's answers in one file, to show a change leaves answers as they were.

``python -m eval snapshot --out A.json`` before, ``… --out B.json`` after, then
``python -m eval snapshot --diff A.json B.json`` lists the questions whose answer,
refusal or cited sections differ (exit 1 when any do).
"""
from __future__ import annotations

import json
from pathlib import Path

from .run import ROOT, load_qa


def qa_files() -> list[Path]:
    return sorted((ROOT / "eval").glob("*.jsonl"))


def snapshot(engine) -> dict:
    out = {}
    for path in qa_files():
        for item in load_qa(path):
            ans = engine.ask(item["question"], item["history"])
            out[f"{path.name}:{item['id']}"] = {
                "answer": ans["answer"], "refused": ans["refused"], "mode": ans["mode"],
                "sections": [c["section_id"] for c in ans["citations"]]}
    return out


def diff(a: dict, b: dict) -> list[str]:
    return [f"{k}\n  - {a.get(k)}\n  + {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def write(path: Path, snap: dict) -> None:
    Path(path).write_text(json.dumps(snap, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
