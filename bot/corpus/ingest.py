"""Put a new report into the corpus folder safely (the staff console's upload, ``python -m bot add``).

- ``kind_of(data, filename)``: what the bytes are, by their content (``%PDF-``, a zip with
  ``word/document.xml``, an HTML head, UTF-8 or GB18030 text), never by the name alone; a name whose
  extension says otherwise, an old .doc/.wps, an image, an empty or oversized file is a ``Refused``
  with a Chinese message. A zip is opened only within limits (entries, unpacked size).
- ``doc_name(filename)``: a document name that is safe as a file name: ``'../../etc/passwd'`` ->
  ``'passwd'``, ``'2020年 总结(终稿).docx'`` -> ``'2020年-总结-终稿'``.
- ``stage`` writes the file (text re-encoded as UTF-8) into a folder of its own, ``preview`` reads it
  as the index will (its section tree), ``publish`` moves it into the corpus folder with its
  ``<name>.meta.json``, each written to a hidden temporary file first and renamed (atomic), after
  removing a same-named document of another type. ``remove`` takes a document out.
- ``fetch(url)``: a page or file from the web (http/https only, size-limited).

Knows nothing of the index: the caller updates it (bot.index.ensure).
"""
from __future__ import annotations

import io
import json
import os
import re
import secrets
import time
import unicodedata
import zipfile
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "txt": ".txt", "md": ".md"}
NAME_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".shtml": "html",
                 ".txt": "txt", ".md": "md", ".markdown": "md"}
ALL_SUFFIXES = tuple(SUFFIX.values())
NAME_OK = re.compile(r"^[0-9A-Za-z\u3400-\u9fff][0-9A-Za-z\u3400-\u9fff_-]{0,79}$")
META_KEYS = ("title", "issuer", "year", "period", "date", "source")
HTML_START = re.compile(r"^(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class Refused(ValueError):
    """A file that cannot become a report; the message is for staff (Chinese)."""


def kind_of(data: bytes, filename: str = "", max_bytes: int = MAX_BYTES) -> str:
    """``'pdf'``, ``'docx'``, ``'html'``, ``'txt'`` or ``'md'`` by content; ``Refused`` otherwise."""
    if not data:
        raise Refused("文件是空的。")
    if len(data) > max_bytes:
        raise Refused(f"文件太大（{len(data) / 1048576:.1f} MB），最多 {max_bytes // 1048576} MB。")
    kind = _sniff(data)
    said = NAME_SUFFIXES.get(Path(filename).suffix.lower()) if filename else None
    if said is not None and {said, kind} - {"txt", "md"} and said != kind:
        raise Refused(f"文件扩展名是 {Path(filename).suffix}，但内容是{_LABEL[kind]}：请检查是否选错了文件。")
    return said if kind in ("txt", "md") and said in ("txt", "md") else kind


_LABEL = {"pdf": " PDF", "docx": " Word 文档", "html": " HTML 网页", "txt": "纯文本", "md": "纯文本"}


def _sniff(data: bytes) -> str:
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused("这是旧版 Word/WPS 文件（.doc/.wps），请另存为 .docx 或 PDF 后再上传。")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")) or head[8:12] == b"WEBP":
        raise Refused("这是图片文件，无法读取文字。请上传报告的 PDF、Word、网页或文本文件。")
    text = decode_text(data)
    if text is None:
        raise Refused("无法识别的文件类型。支持：PDF、Word（.docx）、网页（.html）、文本（.txt/.md）。")
    return "html" if HTML_START.match(text[:4096]) else "txt"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_UNPACKED:
                raise Refused("压缩内容过大或文件过多，不像一份正常的 Word 文档。")
            if "word/document.xml" in z.namelist():
                return "docx"
    except zipfile.BadZipFile:
        raise Refused("文件已损坏（不是有效的 Word/zip 文件）。") from None
    raise Refused("这是压缩包，不是 Word 文档（.docx）。请解压后上传其中的报告文件。")


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 when it reads as Chinese; None for binary data."""
    if b"\x00" in data[:65536]:
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if TEXT_CONTROL.search(text[:65536]):
            return None
        if enc == "gb18030":  # anything decodes as GB18030: it must read as Chinese
            sample = text[:4096]
            cjk = sum("\u4e00" <= ch <= "\u9fff" or ch.isascii() or ch in "，。、；：？！“”（）《》【】" for ch in sample)
            if cjk < 0.9 * len(sample):
                return None
        return text
    return None


def doc_name(filename: str) -> str:
    """A safe document name from an uploaded file's name (or a URL's last part)."""
    base = re.split(r"[/\\]", filename or "")[-1]
    stem, suffix = os.path.splitext(base)
    stem = stem if suffix.lower() in NAME_SUFFIXES else base
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^0-9A-Za-z\u3400-\u9fff_-]+", "-", stem).strip("-_")
    stem = re.sub(r"-{2,}", "-", stem)[:80].strip("-_")
    return stem or time.strftime("report-%Y%m%d-%H%M%S")


def check_name(name: str) -> str:
    if not NAME_OK.match(name or ""):
        raise Refused("文档名只能由中文、字母、数字、- 和 _ 组成（最多 80 个字，不能以符号开头）。")
    return name


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{secrets.token_hex(6)}-{path.name}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def stage(folder: Path, data: bytes, kind: str, name: str) -> Path:
    """Write the upload as ``folder/<name>.<kind>`` (text as UTF-8); returns its path."""
    check_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    if kind in ("txt", "md"):
        data = decode_text(data).replace("\r\n", "\n").encode("utf-8")
    path = folder / (name + SUFFIX[kind])
    _write_atomic(path, data)
    return path


def preview(path: Path):
    """The staged file read as the index will read it (a Document); ``Refused`` if it cannot be."""
    from . import load_document

    try:
        doc = load_document(path)
    except Refused:
        raise
    except ValueError as e:  # a scanned PDF, a page without text: the reader's own Chinese message
        raise Refused(str(e)) from None
    except Exception as e:  # noqa: BLE001 - a broken file: say so, keep the trace for the log
        raise Refused(f"无法读取文件内容（{type(e).__name__}）。请确认文件完整、能正常打开。") from e
    if not doc.text.strip():
        raise Refused("文件中没有读到任何文字。")
    return doc


def meta_of(doc, **given) -> dict:
    """What goes into ``<name>.meta.json``: the document's metadata, overridden by non-empty ``given``."""
    meta = {k: doc.meta[k] for k in META_KEYS if doc.meta.get(k) not in (None, "")}
    meta.update({k: v for k, v in given.items() if k in META_KEYS and v not in (None, "")})
    if "year" in meta:
        try:
            meta["year"] = int(meta["year"])
        except (TypeError, ValueError):
            meta.pop("year")
    return meta


def documents_named(corpus_dir: Path, name: str) -> list[Path]:
    return [p for p in (Path(corpus_dir) / (name + s) for s in ALL_SUFFIXES) if p.is_file()]


def publish(corpus_dir: Path, staged: Path, meta: dict) -> Path:
    """Move a staged file into the corpus folder with its metadata; a same-named document is replaced."""
    corpus_dir = Path(corpus_dir)
    name, suffix = staged.stem, staged.suffix
    check_name(name)
    target = corpus_dir / (name + suffix)
    for old in documents_named(corpus_dir, name):
        if old != target:
            old.unlink()
    _write_atomic(corpus_dir / f"{name}.meta.json", json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
    _write_atomic(target, staged.read_bytes())
    return target


def remove(corpus_dir: Path, name: str) -> list[Path]:
    """Take document ``name`` (and its metadata) out of the corpus folder; returns what was removed."""
    check_name(name)
    gone = documents_named(corpus_dir, name)
    meta = Path(corpus_dir) / f"{name}.meta.json"
    for p in gone + ([meta] if meta.exists() else []):
        p.unlink()
    return gone


def fetch(url: str, max_bytes: int = MAX_BYTES, timeout_s: float = 20.0) -> tuple[bytes, str]:
    """``(content, final URL)`` of a web page or file; ``Refused`` for other schemes, errors, too large."""
    import urllib.error
    import urllib.request

    if not re.match(r"^https?://[^\s/]+", url or "", re.I):
        raise Refused("只能添加 http:// 或 https:// 开头的网址。")
    req = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 (compatible; report-qa/1.0)",
                                               "Accept": "text/html,application/pdf,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:  # noqa: S310 - scheme checked above
            data = resp.read(max_bytes + 1)
            final = resp.geturl()
    except urllib.error.HTTPError as e:
        raise Refused(f"网址返回错误 {e.code}：{url}") from None
    except (urllib.error.URLError, OSError) as e:
        raise Refused(f"无法访问网址 {url}（{getattr(e, 'reason', e)}）。请检查网络，或下载后用文件添加。") from None
    if len(data) > max_bytes:
        raise Refused(f"网址内容太大，最多 {max_bytes // 1048576} MB。")
    return data, final
