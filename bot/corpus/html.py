"""Read a web page (an article saved from a government site) as the report's text lines and metadata.

The main content is found by trafilatura (navigation, breadcrumbs, footers, related links and share
bars are boilerplate to it); what is left of a site's chrome inside the article (``【字体：大 中 小】``,
``分享到：``, ``【打印本页】``, ``发布日期：… 来源：…``) is dropped line by line, and so is a first line that
repeats the title (the title is metadata here). Paragraphs stay one per line.

Metadata, first found wins:
- title: the ``ArticleTitle`` meta tag every 政府网站 carries, then trafilatura's (og:title, <h1>, <title>);
- date: ``PubDate``, then trafilatura's (htmldate: the page's dates, the URL), as ``YYYY-MM-DD``;
- issuer: ``ContentSource`` (来源), then ``Author``, then the ``SiteName``;
- source: the URL given, then the page's canonical / og:url / ``<!-- saved from url=… -->``.
The encoding is the page's own (``<meta charset>``) or detected (GBK pages included).

Not handled: pages whose text is loaded by script, articles split over several pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import messages

GOV_META = {"title": ("ArticleTitle",), "date": ("PubDate", "pubdate", "firstpublishedtime"),
            "issuer": ("ContentSource", "Author", "SiteName")}
META_TAG = re.compile(rb"<meta\s+[^>]*>", re.I)
ATTR = re.compile(rb"""(name|content|property)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
DATE = re.compile(r"((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")
CHROME_LINE = re.compile(
    r"^(?:【?\s*字[体号]\s*[：:]|分享到|【?打印本页|【?关闭窗口|(?:发布|发表|更新)(?:日期|时间)\s*[：:]|来源\s*[：:]"
    r"|浏览次数|阅读次数|点击[数率]|当前位置\s*[：:]|您当前的位置|扫一扫|相关附件|附件下载)")


@dataclass
class WebText:
    text: str  # paragraphs joined with "\n", not yet cleaned
    meta: dict = field(default_factory=dict)  # title, date, issuer, source (those found)


def _meta_tags(data: bytes) -> dict[str, str]:
    """``<meta name="PubDate" content="2020-07-15 09:30">`` -> ``{"pubdate": "2020-07-15 09:30"}`` (names lowered)."""
    out = {}
    head = data[: 200_000]
    for tag in META_TAG.findall(head):
        attrs = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3)) for m in ATTR.finditer(tag)}
        name = attrs.get(b"name") or attrs.get(b"property")
        if name and attrs.get(b"content"):
            out.setdefault(_text(name).lower(), _text(attrs[b"content"]).strip())
    return out


def _text(b: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return b.decode(enc)
        except UnicodeDecodeError:
            continue
    return b.decode("utf-8", "replace")


def _first(tags: dict[str, str], names) -> str:
    return next((tags[n.lower()] for n in names if tags.get(n.lower())), "")


def _day(value: str) -> str:
    """``'2020-7-15 09:30'`` -> ``'2020-07-15'``; anything without a date -> ``''``."""
    m = DATE.search(value or "")
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""


def extract(data: bytes, name: str = "page.html", url: str | None = None) -> WebText:
    """The article of an HTML page: its text (one paragraph a line) and metadata."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, include_links=False, include_images=False,
                                      favor_precision=True, deduplicate=False)
    tags = _meta_tags(data)
    found = doc.as_dict() if doc is not None else {}
    saved = SAVED_FROM.search(data[:4096])
    meta = {
        "title": _first(tags, GOV_META["title"]) or (found.get("title") or "").strip(),
        "date": _day(_first(tags, GOV_META["date"])) or _day(found.get("date") or ""),
        "issuer": _first(tags, GOV_META["issuer"]),
        "source": url or found.get("url") or (_text(saved.group(1)) if saved else ""),
    }
    meta = {k: v for k, v in meta.items() if v}
    lines = []
    for ln in (found.get("text") or "").split("\n"):
        ln = ln.strip()
        if not ln or CHROME_LINE.match(ln) or (not lines and ln == meta.get("title")):
            continue
        lines.append(ln)
    if not lines:
        raise ValueError(messages.HTML_NO_TEXT.format(name=name))
    return WebText("\n".join(lines), meta)


def read_html(path: Path) -> WebText:
    path = Path(path)
    return extract(path.read_bytes(), path.name)
