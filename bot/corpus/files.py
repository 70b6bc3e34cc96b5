"""The corpus folder's files as documents: .txt, .md, .docx, .pdf and .html, with their metadata and hashes.

Reads .txt, .md (heading marks, emphasis and list bullets dropped) and .docx
(bot/corpus/docx.py: numbering written out, tables as one sentence per row, styled
headings without a numeral kept as parts/items through ``outline`` hints), .pdf (bot/corpus/pdf.py)
and .html (bot/corpus/html.py: a saved web page's article).
Metadata: ``<name>.meta.json`` first, then the file's own (a .docx title), then
what the text says (title line, issuer, year, period, the date it is signed).
Each document carries ``source_hash``, the hash of its file and metadata, so an
index can tell which documents changed.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..lang.text import ISSUER
from ..lang.vocab import column
from .document import PARSER_VERSION, PART_RE, Document, clean, parse

MD_LINE = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?=\S))")
MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?\s*:?-{3,}")
TITLE_WORDS = re.compile("|".join(column("cues", means="title", read_in="first-line")))
PERIOD_RX = re.compile(r"((?:19|20)\d{2})年(?:度)?(上半年|下半年|第[一二三四]季度)?")
SIGNED_RX = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$")


def clean_markdown(raw: str) -> str:
    """Markdown marks are debris here: ``'## 一、总体要求'`` -> ``'一、总体要求'``, ``**重点**`` -> ``重点``."""
    lines = []
    for ln in raw.split("\n"):
        if MD_RULE.match(ln):
            continue
        lines.append(MD_LINE.sub("", ln).replace("**", "").replace("__", ""))
    return "\n".join(lines)


def infer_meta(text: str, name: str) -> dict:
    """What the cleaned text says about itself: a title line, issuer, year, period, signing date.

    ``'某区教育局2021年工作要点\n…\n2021年3月2日'`` ->
    ``{'title': '某区教育局2021年工作要点', 'issuer': '某区教育局', 'year': 2021, 'period': '2021年', 'date': '2021-03-02'}``
    """
    meta: dict = {}
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= 60 and "。" not in first and not PART_RE.match(first) and TITLE_WORDS.search(first):
        meta["title"] = first
    title = meta.get("title", "")
    if m := ISSUER.match(title):
        meta["issuer"] = m.group(1)
    if m := PERIOD_RX.search(title):
        meta["year"], meta["period"] = int(m.group(1)), m.group(1) + "年" + (m.group(2) or "")
    for ln in text.split("\n")[-3:]:
        if m := SIGNED_RX.search(ln.strip()):
            meta["date"] = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if "year" not in meta and (m := re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", name)):
        meta["year"] = int(m.group(1))
    return meta


def _meta_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def source_hash(path: Path) -> str:
    """Hash of a document's file and its metadata file (and the parser's version)."""
    h = hashlib.sha256(PARSER_VERSION.encode())
    h.update(path.name.encode() + b"\0" + path.read_bytes())
    meta = _meta_path(path)
    if meta.exists():
        h.update(b"\0meta\0" + meta.read_bytes())
    return h.hexdigest()[:16]


def load_document(path: Path) -> Document:
    """Read one .txt/.md/.docx/.pdf/.html file and its ``<name>.meta.json`` (title, issuer, year, period, date, source)."""
    path = Path(path)
    outline, own = {}, {}
    if path.suffix == ".docx":
        from .docx import read_docx

        word = read_docx(path)
        raw, own = word.text, ({"title": word.title} if word.title else {})
        outline = {"parts": [clean(x) for x in word.part_lines], "items": [clean(x) for x in word.item_lines]}
    elif path.suffix in (".pdf", ".html"):  # bot/corpus/pdf.py, html.py; their title read like a first line
        from .html import read_html
        from .pdf import read_pdf

        got = (read_pdf if path.suffix == ".pdf" else read_html)(path)
        raw, own = got.text, {**infer_meta(got.meta.get("title", ""), path.stem), **got.meta}
    else:
        raw = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".md":
            raw = clean_markdown(raw.replace("\r\n", "\n"))
    text = clean(raw)
    meta_path = _meta_path(path)
    given = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    meta = {**infer_meta(text, path.stem), **own, **given}
    meta.setdefault("source", path.name)
    meta.setdefault("title", path.stem)
    doc = parse(path.stem, text, meta, outline)
    doc.source_hash = source_hash(path)
    return doc


SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html")


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The documents of a corpus folder, in name order (Word's ``~$`` lock files and hidden files skipped)."""
    files = sorted(p for p in Path(corpus_dir).iterdir()
                   if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith(("~$", ".")))
    seen: dict[str, Path] = {}
    for p in files:
        if p.stem in seen:
            raise ValueError(f"两个文件的文档名相同：{seen[p.stem].name} 和 {p.name}，请改名其中一个")
        seen[p.stem] = p
    return files


def load_corpus(corpus_dir: Path) -> list[Document]:
    return [load_document(p) for p in corpus_files(corpus_dir)]


def corpus_hash(corpus_dir: Path | None = None, docs: list[Document] | None = None) -> str:
    """Hash of every document's ``source_hash``, in name order (of the files, or of documents already loaded)."""
    hashes = [d.source_hash for d in docs] if docs is not None else [source_hash(p) for p in corpus_files(corpus_dir)]
    h = hashlib.sha256(PARSER_VERSION.encode())
    for x in hashes:
        h.update(x.encode())
    return h.hexdigest()[:16]
