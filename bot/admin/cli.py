"""``python -m bot add FILE|URL [--name NAME] [--replace] [--no-index]``: the console's upload, from a shell.

A file (.txt/.md/.docx/.pdf/.html) or a web address (a government site's article page, or a PDF
there) is checked like an upload (type by content, size, a scanned PDF refused), read as the
index will read it (its title, period, issuer, date and section headings are printed), placed
in the corpus folder with its ``<name>.meta.json`` (title, date, issuer from the page's own
metadata; ``source`` the file name or address), and the index updated (incremental). A running
server picks up the new build within a second. Exit 2 with one Chinese line when it cannot.
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ..corpus import ingest


def _bad(msg: str) -> int:
    print(msg, file=sys.stderr)
    return 2


def _read(source: str) -> tuple[bytes, str, str]:
    """(content, the name it came with, where it came from)."""
    if re.match(r"^https?://", source, re.I):
        data, final = ingest.fetch(source)
        parts = urlsplit(final)
        return data, (Path(parts.path).name or parts.hostname or ""), final
    path = Path(source)
    if not path.is_file():
        raise ingest.Refused(f"找不到文件：{source}")
    if path.stat().st_size > ingest.MAX_BYTES:
        raise ingest.Refused(f"文件太大，最多 {ingest.MAX_BYTES // 1048576} MB。")
    return path.read_bytes(), path.name, path.name


def cmd_add(args) -> int:
    from ..config import Settings

    settings = Settings()
    try:
        data, filename, source = _read(args.source)
        web = source != filename
        kind = ingest.kind_of(data, "" if web and Path(filename).suffix.lower() not in ingest.NAME_SUFFIXES
                              else filename)
        name = ingest.check_name(args.name or ingest.doc_name(filename))
        existing = ingest.documents_named(settings.corpus_dir, name)
        if existing and not args.replace:
            raise ingest.Refused(f"语料目录中已有同名文档 {existing[0].name}：用 --name 另起一个文档名，或加 --replace 替换它。")
        with tempfile.TemporaryDirectory() as tmp:
            staged = ingest.stage(Path(tmp), data, kind, name)
            doc = ingest.preview(staged)
            meta = ingest.meta_of(doc, source=source)
            Path(settings.corpus_dir).mkdir(parents=True, exist_ok=True)
            target = ingest.publish(settings.corpus_dir, staged, meta)
    except ingest.Refused as e:
        return _bad(str(e))
    print(f"已添加《{meta.get('title', name)}》→ {target}")
    print("  " + "，".join(f"{label}：{meta[k]}" for k, label in (("period", "时期"), ("issuer", "发布单位"),
                                                                  ("date", "日期")) if meta.get(k)))
    for part in doc.parts:
        print(f"  {part.heading}（{len(part.items)} 段）")
    if args.no_index:
        print("未更新索引：运行 python -m bot index 使其上线。")
        return 0
    from ..embeddings import make_embeddings
    from ..index import ensure

    try:
        what, build_dir = ensure(settings, make_embeddings(settings), show_progress=sys.stderr.isatty())
    except (ValueError, RuntimeError) as e:
        return _bad(str(e))
    print(f"索引已更新（{build_dir.name}）；运行中的服务会在一秒内用上它。")
    return 0


