"""Scale benchmark: ``python -m eval bench --docs N`` — the engine over N report-sized documents.

The corpus is the real report plus N-1 reports generated from its structure (same parts,
items and sentence shapes) for other issuers (the city's districts and county-level cities),
years and halves, with other figures, some sentences left out and some wording varied —
deterministic, and no two alike. Measured:

- the first index build (everything embedded), and the incremental re-index after one
  document's figures are edited (in process, and as ``python -m bot index`` in a new process),
  after a document is added, and after one is deleted;
- answer latency p50/p95 over eval/qa.jsonl, over all documents and filtered to the real report;
- peak RSS of the answering process (a separate process: the build's memory is not counted);
- answer accuracy on the questions about the real report (``doc`` = the real report), to
  compare with N = 1.

``generate(n)`` is also what tests use for small multi-document corpora.
"""
from __future__ import annotations

import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "wuxi-education-2020-h1.txt"
ORIGINAL = "wuxi-education-2020-h1"
# issuer, its short name (replaces 无锡 in names), id, level (市: keeps 全市/我市; 区: 全区/我区)
ISSUERS = [("无锡市", "无锡", "wuxi", "市"), ("梁溪区", "梁溪", "liangxi", "区"), ("锡山区", "锡山", "xishan", "区"),
           ("惠山区", "惠山", "huishan", "区"), ("滨湖区", "滨湖", "binhu", "区"), ("新吴区", "新吴", "xinwu", "区"),
           ("江阴市", "江阴", "jiangyin", "市"), ("宜兴市", "宜兴", "yixing", "市"), ("经开区", "经开", "jingkai", "区")]
YEARS = range(2010, 2032)
# wording varied per document (each pair swapped or not): same meaning, other characters
VARIANTS = [("推进", "推动"), ("加强", "强化"), ("扎实", "切实"), ("持续", "不断"), ("积极", "主动"), ("深化", "深入推进"),
            ("进一步", "更好地"), ("组织开展", "组织实施"), ("顺利", "稳步"), ("完善", "健全"), ("提升", "提高"),
            ("建设", "打造"), ("工作", "各项工作"), ("落实", "贯彻"), ("有效", "切实有效")]
PROTECT = ("完成情况", "工作计划", "计划安排")  # part headings keep their words (what kind of part they are)


def variants() -> list[tuple[str, str, str, int, str]]:
    """Every (issuer, short, id, year, half) but the real report's, in a fixed shuffled order."""
    out = [(name, short, pid, y, h) for name, short, pid, _ in ISSUERS for y in YEARS for h in ("h1", "h2")
           if not (pid == "wuxi" and y == 2020 and h == "h1")]
    random.Random(7).shuffle(out)
    return out


def _level(short: str) -> str:
    return next(lv for _, s, _, lv in ISSUERS if s == short)


def _number(m: re.Match, rng: random.Random, year: int) -> str:
    s, after = m.group(0), m.string[m.end():m.end() + 1]
    if re.fullmatch(r"(?:19|20)\d{2}", s) and after in "年-）)":
        return str(int(s) + year - 2020)  # a year: shifted with the report
    if after == "》":
        return s  # part of a title (无锡教育现代化2035)
    value = float(s) * rng.uniform(0.6, 1.6)
    if after == "%":
        value = min(value, 99.9 if "." in s else 99)
    decimals = len(s.split(".")[1]) if "." in s else 0
    return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))


def make_report(name: str, short: str, pid: str, year: int, half: str, text: str | None = None) -> tuple[str, str, dict]:
    """One generated report: (doc id, text, metadata)."""
    rng = random.Random(f"{pid}-{year}-{half}")
    text = text if text is not None else REPORT.read_text(encoding="utf-8")
    level = _level(short)
    lines = []
    for ln in text.strip().split("\n"):
        ln = ln.strip()
        if re.match(r"^[一二三四五六七八九十]+、", ln):
            lines.append(ln)
            continue
        sentences = re.findall(r"[^。；]*[。；]|[^。；]+$", ln)
        keep = [s for k, s in enumerate(sentences) if k == 0 or rng.random() > 0.15]  # the item heading stays
        lines.append("".join(keep))
    body = "\n".join(lines)
    body = re.sub(r"\d+(?:\.\d+)?", lambda m: _number(m, rng, year), body)
    for a, b in VARIANTS:
        if rng.random() < 0.5:
            body = _swap(body, a, b)
    body = body.replace("无锡市", name).replace("无锡", short)
    if level == "区":
        body = body.replace("全市", "全区").replace("我市", "我区").replace("市委", "区委").replace("市政府", "区政府")
    if half == "h2":
        body = body.replace("上半年", "全年").replace("下半年", "明年")
        title = f"{name}教育局{year}年工作总结和{year + 1}年工作计划"
        period, date = f"{year}年", f"{year + 1}-01"
    else:
        title = f"{name}教育局{year}年上半年工作总结和下半年工作计划"
        period, date = f"{year}年上半年", f"{year}-07"
    doc_id = f"{pid}-education-{year}-{half}"
    meta = {"title": title, "issuer": f"{name}教育局", "year": year, "period": period, "date": date,
            "source": f"{doc_id}.txt", "generated": True}
    return doc_id, body + "\n", meta


def _swap(text: str, a: str, b: str) -> str:
    """Replace a by b except inside the words part headings need."""
    marks = {w: f"\0{k}\0" for k, w in enumerate(PROTECT)}
    for w, m in marks.items():
        text = text.replace(w, m)
    text = text.replace(a, b)
    for w, m in marks.items():
        text = text.replace(m, w)
    return text


def generate(n: int, corpus_dir: Path, start: int = 0) -> list[str]:
    """Write the real report and n-1 generated ones (variants ``start``… ) into ``corpus_dir``; returns their ids."""
    corpus_dir = Path(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    ids = []
    if start == 0:
        shutil.copy(REPORT, corpus_dir / REPORT.name)
        shutil.copy(REPORT.with_name(ORIGINAL + ".meta.json"), corpus_dir / (ORIGINAL + ".meta.json"))
        ids.append(ORIGINAL)
    for v in variants()[start:start + n - len(ids)]:
        doc_id, text, meta = make_report(*v)
        (corpus_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (corpus_dir / f"{doc_id}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        ids.append(doc_id)
    return ids


def edit_figures(path: Path, seed: int, count: int = 3) -> None:
    """Change ``count`` figures of a document in place (a correction)."""
    rng = random.Random(seed)
    text = path.read_text(encoding="utf-8")
    spots = [m for m in re.finditer(r"(?<![\d.])\d{2,4}(?![\d.年])", text)]
    for m in sorted(rng.sample(spots, min(count, len(spots))), key=lambda m: -m.start()):
        text = text[:m.start()] + str(int(m.group(0)) + rng.randint(1, 9)) + text[m.end():]
    path.write_text(text, encoding="utf-8")


# -- the benchmark ---------------------------------------------------------------------------------
def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 2)


def scale_bench(n: int, out_dir: Path | None = None, workdir: Path | None = None, rounds: int = 2) -> dict:
    from bot.config import Settings
    from bot.embeddings import make_embeddings
    from bot.index import ensure

    from .bench import machine

    own_tmp = workdir is None
    work = Path(workdir or tempfile.mkdtemp(prefix=f"scale-{n}-"))
    res: dict = {"machine": machine(), "documents": n}
    try:
        settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index", llm_base_url="", chroma_host="")
        ids = generate(n, settings.corpus_dir)
        emb = make_embeddings(settings)
        (what, build), res["index_build_s"] = _timed(lambda: ensure(settings, emb, show_progress=True))
        m = json.loads((build / "manifest.json").read_text())
        res.update(sentences=m["sentences"], chunks=m["chunks"], build_action=what,
                   build_embedded=m["changes"]["embedded"], corpus_chars=sum(
                       len(p.read_text(encoding="utf-8")) for p in settings.corpus_dir.glob("*.txt")))
        target = settings.corpus_dir / f"{ids[len(ids) // 2]}.txt"  # the real report when n = 1

        def update(label: str):
            (what, build), secs = _timed(lambda: ensure(settings, emb, show_progress=False))
            ch = json.loads((build / "manifest.json").read_text())["changes"]
            res[label] = {"seconds": secs, "action": what, "embedded": ch["embedded"], "reused": ch["reused"],
                          "added": len(ch["added"]), "changed": len(ch["changed"]), "removed": len(ch["removed"]),
                          "chroma": ch["chroma"]}

        original_text = target.read_text(encoding="utf-8")
        edit_figures(target, seed=1)
        update("reindex_one_changed")
        edit_figures(target, seed=2)
        env = {**__import__("os").environ, "BOT_CORPUS_DIR": str(settings.corpus_dir),
               "BOT_INDEX_DIR": str(settings.index_dir), "BOT_CHROMA_HOST": ""}
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env, capture_output=True, text=True)
        res["reindex_one_changed_cli_s"] = round(time.perf_counter() - t0, 2)
        res["reindex_cli_output"] = out.stdout.strip().splitlines()[-2:] if out.returncode == 0 else out.stderr[-500:]
        target.write_text(original_text, encoding="utf-8")  # the real report's figures back (n = 1: it was the one edited)
        ensure(settings, emb, show_progress=False)
        generate(1, work / "extra", start=len(variants()) - 1)  # one more report, not among the first n
        for p in (work / "extra").glob(f"{variants()[-1][2]}-*"):
            shutil.move(str(p), settings.corpus_dir / p.name)
        update("reindex_one_added")
        for p in settings.corpus_dir.glob(f"{variants()[-1][2]}-education-{variants()[-1][3]}-{variants()[-1][4]}.*"):
            p.unlink()
        update("reindex_one_removed")
        proc = subprocess.run([sys.executable, "-m", "eval.scale", "measure", "--corpus-dir", str(settings.corpus_dir),
                               "--index-dir", str(settings.index_dir), "--rounds", str(rounds)],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-3000:])
        res.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "scale.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
        (out_dir / "scale.md").write_text(scale_md(res), encoding="utf-8")
    return res


class _OneDoc:
    """eval.run's system interface, answering from one document."""

    name = "本系统（限定原报告）"

    def __init__(self, engine, doc):
        self.engine, self.doc = engine, doc

    def ask(self, question, history):
        return self.engine.ask(question, history, doc=self.doc)

    def sections(self, question, history):
        hits = self.engine.searcher.search(self.engine.analyse(question, history), k=40, doc=self.doc)
        return list(dict.fromkeys(h.unit.section_id for h in hits))


def measure(corpus_dir: Path, index_dir: Path, rounds: int = 2) -> dict:
    """In a fresh process: load time, latency over all documents and filtered, accuracy, peak RSS."""
    from bot.chain import Engine
    from bot.config import Settings

    from .metrics import percentile
    from .run import EngineSystem, evaluate, load_qa

    settings = Settings(corpus_dir=corpus_dir, index_dir=index_dir, llm_base_url="", chroma_host="")
    engine, load_s = _timed(lambda: Engine(settings, build=False))
    qa = load_qa()
    for item in qa[:5]:
        engine.ask(item["question"], item["history"])

    def latencies(doc):
        lat = []
        for _ in range(rounds):
            for item in qa:
                t = time.perf_counter()
                engine.ask(item["question"], item["history"], doc=doc)
                lat.append((time.perf_counter() - t) * 1000)
        return {"p50_ms": round(statistics.median(lat), 1), "p95_ms": round(percentile(lat, 95), 1)}

    res = {"engine_load_s": load_s, "latency_all_docs": latencies(None), "latency_doc_filter": latencies(ORIGINAL)}
    _, pinned = evaluate(_OneDoc(engine, ORIGINAL), qa, progress=False)
    _, unpinned = evaluate(EngineSystem(engine), qa, progress=False)
    keys = ("answer_accuracy", "citation_accuracy", "refusal_accuracy", "false_refusal_rate")
    res["accuracy_doc_filter"] = {k: pinned["overall"][k] for k in keys}
    res["accuracy_no_filter"] = {k: unpinned["overall"][k] for k in keys}
    res["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return res


def scale_md(r: dict) -> str:
    m = r["machine"]
    a, b = r["accuracy_doc_filter"], r["accuracy_no_filter"]
    rows = [
        ("文档数 / 句子 / 分块", f"{r['documents']} / {r['sentences']} / {r['chunks']}"),
        ("首次建索引（嵌入 {} 段）".format(r["build_embedded"]), f"{r['index_build_s']} s"),
        ("改一篇文档的数字后更新（进程内）", "{seconds} s（嵌入 {embedded} 段，复用 {reused} 段，向量库 {chroma}）".format(
            **r["reindex_one_changed"])),
        ("同上，`python -m bot index` 新进程", f"{r['reindex_one_changed_cli_s']} s"),
        ("新增一篇文档后更新", "{seconds} s（嵌入 {embedded} 段）".format(**r["reindex_one_added"])),
        ("删除一篇文档后更新", "{seconds} s".format(**r["reindex_one_removed"])),
        ("进程内加载引擎", f"{r['engine_load_s']} s"),
        ("答案延迟 p50 / p95，全部文档", "{p50_ms} / {p95_ms} ms".format(**r["latency_all_docs"])),
        ("答案延迟 p50 / p95，限定原报告", "{p50_ms} / {p95_ms} ms".format(**r["latency_doc_filter"])),
        ("峰值内存 RSS（作答进程）", f"{r['peak_rss_mib']} MiB"),
        ("原报告问题（限定原报告）：答案 / 引用 / 拒答 / 误拒",
         f"{a['answer_accuracy']:.3f} / {a['citation_accuracy']:.3f} / {a['refusal_accuracy']:.3f} / "
         f"{a['false_refusal_rate']:.3f}"),
        ("同上，不限定文档（问题不说时期）",
         f"{b['answer_accuracy']:.3f} / {b['citation_accuracy']:.3f} / {b['refusal_accuracy']:.3f} / "
         f"{b['false_refusal_rate']:.3f}"),
    ]
    head = f"机器：{m['cpu']}，{m['cores']} 核，{m['ram_gib']} GiB，Python {m['python']}。\n\n"
    return head + "| 项目 | 数值 |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rows) + "\n"


if __name__ == "__main__":
    import argparse
    import logging

    logging.basicConfig(level=logging.WARNING)
    p = argparse.ArgumentParser(prog="python -m eval.scale")
    sub = p.add_subparsers(dest="cmd", required=True)
    pm = sub.add_parser("measure")
    pm.add_argument("--corpus-dir", required=True)
    pm.add_argument("--index-dir", required=True)
    pm.add_argument("--rounds", type=int, default=2)
    pg = sub.add_parser("generate", help="write a corpus of N reports")
    pg.add_argument("--docs", type=int, required=True)
    pg.add_argument("--out", required=True)
    args = p.parse_args()
    if args.cmd == "measure":
        print(json.dumps(measure(Path(args.corpus_dir), Path(args.index_dir), args.rounds), ensure_ascii=False))
    else:
        print("\n".join(generate(args.docs, Path(args.out))))
