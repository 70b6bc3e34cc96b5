"""CLI: python -m bot index [--rebuild] | ask "问题" [--history …] [--doc DOC] [--json] [--explain] | ask --batch FILE | serve
       | docs | report [--since YYYY-MM-DD] [--csv] | add FILE|URL [--name NAME] [--replace] [--no-index]

Exit codes: 0 success, 2 bad input (one line on stderr).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from . import messages

EXIT_BAD_INPUT = 2


def _print_answer(ans: dict) -> None:
    print(ans["answer"])
    if ans["citations"]:
        print("\n来源：")
        for c in ans["citations"]:
            title = c.get("title") or c["doc"]
            print(f"[{c['n']}] 《{title}》 {c['section']}（{c['doc']}，第 {c['start']}–{c['end']} 字）")
            print(f"    {c['quote']}")


def _print_why(why: dict) -> None:
    """The debug view of an answer: the kind chosen, the rule that decided, the best candidates."""
    print(f"\n判定：{why['rule']}（题型 {why['kind']}）" + (f"：{why['reason']}" if why.get("reason") else ""))
    for c in why.get("candidates", []):
        failed = "、".join(c["failed"]) or "无"
        print(f"  {c['score']:.3f}  支持度 {c['support']:.2f}  相似度 {c['dense']:.3f}  未通过：{failed}  {c['section_id']}")
        print(f"      {c['text']}")


def _cmd_add(args) -> int:
    from .admin.cli import cmd_add  # the console's upload from a shell: its imports only when asked for

    return cmd_add(args)


def _bad(msg: str) -> int:
    print(msg, file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_index(args) -> int:
    from .config import Settings
    from .embeddings import make_embeddings
    from .index import ensure

    settings = Settings()
    emb = make_embeddings(settings)
    try:
        what, build_dir = ensure(settings, emb, rebuild=args.rebuild, show_progress=True)
    except (ValueError, RuntimeError) as e:  # an empty corpus, two files with one name, no Chroma server
        return _bad(str(e))
    m = json.loads((build_dir / "manifest.json").read_text())
    label = {"up-to-date": "索引已是最新，无需重建", "built": "索引已建立", "updated": "索引已更新",
             "rebuilt": "索引已重建"}[what]
    print(f"{label}：{m['documents']} 篇文档，{m['chunks']} 个分块，{m['sentences']} 个句子（{build_dir}）")
    ch = m.get("changes")
    if ch and what == "rebuilt" and not ch["from_build"]:
        print(f"全部重新嵌入：{ch['embedded']} 段；用时 {m['build_seconds']} 秒")
    elif ch and what != "up-to-date":
        names = lambda ids: "（" + "、".join(ids[:5]) + ("……" if len(ids) > 5 else "") + "）" if ids else ""  # noqa: E731
        print(f"新增 {len(ch['added'])} 篇{names(ch['added'])}，修改 {len(ch['changed'])} 篇{names(ch['changed'])}，"
              f"删除 {len(ch['removed'])} 篇{names(ch['removed'])}，未变 {ch['unchanged']} 篇；"
              f"嵌入 {ch['embedded']} 段，复用 {ch['reused']} 段；用时 {m['build_seconds']} 秒")
    return 0


def cmd_docs(args) -> int:
    """The indexed documents: id, period, title (the values ``--doc`` takes)."""
    from .config import Settings
    from .index import current_build

    build = current_build(Settings().index_dir)
    if build is None:
        return _bad(messages.NO_INDEX)
    for d in json.loads((build / "docs.json").read_text(encoding="utf-8")):
        meta = d["meta"]
        print(f"{d['doc_id']}\t{meta.get('period') or meta.get('year') or ''}\t{meta.get('title') or ''}")
    return 0


def cmd_ask(args) -> int:
    from .chain import BadQuestion, Engine

    if args.batch is None and not args.question:
        return _bad(messages.EMPTY_QUESTION)
    requests = []
    if args.batch is not None:
        try:
            fh = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
        except OSError as e:
            return _bad(f"无法读取文件：{e.filename}")
        with fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
                        raise ValueError
                except ValueError:
                    return _bad(messages.BAD_BATCH_LINE.format(line=n))
                requests.append((obj["question"], obj.get("history") or [], obj.get("doc") or args.doc))
    else:
        requests.append((args.question, args.history or [], args.doc))
    engine = Engine(show_progress=sys.stderr.isatty())
    for question, history, doc in requests:
        try:
            ans = engine.ask(question, history, doc=doc, explain=args.explain)
        except BadQuestion as e:
            if args.batch is None:
                return _bad(str(e))
            ans = {"question": question, "error": str(e)}
        if args.json or args.batch is not None:
            print(json.dumps(ans, ensure_ascii=False), flush=True)
        else:
            _print_answer(ans)
            if args.explain:
                _print_why(ans["why"])
    return 0


def cmd_serve(args) -> int:
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
    return 0


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _clip(s: str, width: int) -> str:
    s = " ".join(s.split())
    if _width(s) <= width:
        return s
    out = ""
    for ch in s:
        if _width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns padded by display width (CJK characters count 2)."""
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(r, widths)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_report(args) -> int:
    """Refused questions and 👎 answers, with counts: the questions the report leaves open."""
    from datetime import datetime

    from .config import Settings
    from .feedback import FILENAME, FeedbackUnavailable, open_store, write_csv

    since = 0.0
    if args.since:
        try:
            since = datetime.strptime(args.since, "%Y-%m-%d").timestamp()
        except ValueError:
            return _bad(messages.REPORT_BAD_DATE.format(value=args.since))
    settings = Settings()
    path = settings.data_dir / FILENAME
    if not settings.database_url and not path.exists():
        print(messages.REPORT_NO_DATA.format(path=path))
        return 0
    store = open_store(settings)  # feedback.db, or PostgreSQL with BOT_DATABASE_URL
    try:
        rep = store.report(since)
    except FeedbackUnavailable:
        return _bad(messages.REPORT_NO_DATABASE)
    finally:
        store.close()

    def when(ts: float) -> str:
        return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")

    if args.csv:
        rows = [["kind", "count", "last_seen", "question", "answer"]]
        rows += [["refused", r["count"], when(r["last"]), r["question"], ""] for r in rep["refused"]]
        rows += [["disliked", r["count"], when(r["last"]), r["question"], r["answer"]] for r in rep["disliked"]]
        write_csv(sys.stdout, rows)  # no cell is a spreadsheet formula
        return 0
    m = messages
    refused, disliked = rep["refused"], rep["disliked"]
    print(m.REPORT_REFUSED.format(total=sum(r["count"] for r in refused), distinct=len(refused)))
    print(_table([m.REPORT_HEAD_COUNT, m.REPORT_HEAD_LAST, m.REPORT_HEAD_QUESTION],
                 [[r["count"], when(r["last"]), _clip(r["question"], 60)] for r in refused])
          if refused else m.REPORT_NONE)
    print()
    print(m.REPORT_DISLIKED.format(total=sum(r["count"] for r in disliked), distinct=len(disliked)))
    print(_table([m.REPORT_HEAD_COUNT, m.REPORT_HEAD_LAST, m.REPORT_HEAD_QUESTION, m.REPORT_HEAD_ANSWER],
                 [[r["count"], when(r["last"]), _clip(r["question"], 40), _clip(r["answer"], 50)]
                  for r in disliked])
          if disliked else m.REPORT_NONE)
    return 0


def main(argv=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    p = argparse.ArgumentParser(prog="python -m bot", description="无锡市教育局工作报告问答助手")
    sub = p.add_subparsers(dest="cmd", required=True)
    pi = sub.add_parser("index", help="建立或更新索引")
    pi.add_argument("--rebuild", action="store_true", help="即使索引是最新的也重建")
    pa = sub.add_parser("ask", help="提问")
    pa.add_argument("question", nargs="?", help="问题")
    pa.add_argument("--history", action="append", help="之前的问题（可多次给出，按时间顺序）")
    pa.add_argument("--json", action="store_true", help="输出 JSON 答案对象")
    pa.add_argument("--doc", help="只在这份文档中查找（文档名或标题，见 python -m bot docs）")
    pa.add_argument("--explain", action="store_true", help="说明判定：题型、拒答或接受的规则、候选句及其得分")
    pa.add_argument("--batch", metavar="FILE", help="每行一个 {\"question\": …, \"history\": […]}；- 表示标准输入")
    sub.add_parser("serve", help="启动网页和 API（同 python app.py）")
    sub.add_parser("docs", help="列出已索引的文档（文档名、时期、标题）")
    pr = sub.add_parser("report", help="未能回答的问题和被点踩的回答（含次数）")
    pr.add_argument("--since", metavar="YYYY-MM-DD", help="只统计这一天及以后的记录")
    pr.add_argument("--csv", action="store_true", help="输出 CSV（UTF-8）")
    pd = sub.add_parser("add", help="添加一份报告（文件或网址）并更新索引")  # bot/admin/cli.py, loaded when used
    pd.add_argument("source", help="文件（.txt/.md/.docx/.pdf/.html）或网址（http/https）")
    pd.add_argument("--name", help="文档名（默认取文件名或网址的最后一段）")
    pd.add_argument("--replace", action="store_true", help="替换同名文档")
    pd.add_argument("--no-index", action="store_true", help="只放入语料目录，不更新索引")
    try:
        args = p.parse_args(argv)
    except SystemExit as e:
        return EXIT_BAD_INPUT if e.code else 0
    from .config import ConfigError

    try:
        return {"index": cmd_index, "ask": cmd_ask, "serve": cmd_serve, "docs": cmd_docs,
                "report": cmd_report, "add": _cmd_add}[args.cmd](args)
    except ConfigError as e:  # a wrong BOT_* value: say which and what it needs, no traceback
        return _bad(str(e))


if __name__ == "__main__":
    sys.exit(main())
