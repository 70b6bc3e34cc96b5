"""Read a PDF report (pypdfium2, PDFium's text layer) as the text lines the 公文 parser understands.

A PDF has no paragraphs, only positioned characters; this puts them back:

- lines: PDFium's characters grouped by line, each with its box (loose, font-sized);
- running headers and footers go: a line in the top or bottom 12 % of a page whose text (digits
  read as one) recurs on at least half the pages, and any page number there
  (``第 3 页 共 8 页``, ``— 3 —``, ``3/8``, ``- 3 -``, ``Page 3``);
- paragraphs: a line starts one when it is indented against the page's left edge, when the line
  before had room left for this line's first word (so it was not wrapped), after a vertical gap, and (in documents that do not indent)
  when it opens with ``一、`` or ``（一）`` after a line that closed a sentence. Otherwise it continues
  the line before — across a page break too, so a sentence cut by the page is whole again;
- lines of a paragraph are joined without a space (Chinese), with one between two Latin words;
- PDFium's hyphen marker (U+FFFE) is a ``-`` again; Kangxi radicals and CJK compatibility
  ideographs that some fonts map to (``⼀`` U+2F00 for ``一``) read as the unified character.

A PDF with pages but (almost) no text is a scan: ``ScannedPdf``, with a Chinese message saying so.
Not handled: several text columns, tables as tables (their cells are read as lines), OCR.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import messages

BAND = 0.12  # top and bottom share of a page where running headers and footers live
MIN_CHARS_PER_PAGE = 20  # fewer text characters than this on average: a scan
PAGE_NUMBER = re.compile(r"^[-—–－_\s·]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:[/／]|共|of)\s*\d{1,4}\s*页?)?[-—–－_\s·]*$"
                         r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
OPENS_PART = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
CLOSES = "。；：！？!?;:”’」』）)》"
NO_LINE_START = "。，、；：！？!?,;:”’」』）)》%"  # marks a line break never puts first
OPENS = "（(《“‘「『【"  # marks a line break never leaves last
LATIN_JOINERS = ".-%/:+,"
JUNK_TITLE = re.compile(r"^(?:microsoft word - |untitled$|无标题)|\.(?:docx?|wps|pdf|txt)$", re.I)


class PdfError(ValueError):
    """A PDF that cannot be read as a report; the message is for staff (Chinese)."""


class ScannedPdf(PdfError):
    """Pages with no text layer: an image of the report, not its text."""


@dataclass
class Line:
    page: int
    top: float  # distance from the top of the page
    bottom: float
    x0: float
    x1: float
    text: str
    pitch: float  # the advance of one character
    lead: float = 0.0  # the width of its first unbreakable unit (a Latin word, or a character and its closing marks)


@dataclass
class PdfText:
    text: str  # paragraphs joined with "\n", not yet cleaned
    title: str = ""
    pages: int = 0

    @property
    def meta(self) -> dict:
        return {"title": self.title} if self.title else {}


def _unify(ch: str) -> str:
    """``'⼀'`` (Kangxi radical) -> ``'一'``; ``'\\ufffe'`` (PDFium's hyphen mark) -> ``'-'``; others unchanged."""
    if not ch:
        return ch
    o = ord(ch)
    if ch == "\ufffe":
        return "-"
    if 0x2F00 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2E80 <= o <= 0x2EFF:
        return unicodedata.normalize("NFKC", ch)
    return ch


def _is_cjk(ch: str) -> bool:
    return ch > "\u2e80"


def page_lines(page, page_no: int) -> list[Line]:
    """The text lines of one page, top to bottom; generated spaces between CJK characters dropped."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    tp = page.get_textpage()
    try:
        chars = []  # (char, x0, x1, top, bottom, generated)
        for i in range(tp.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(tp.raw, i)
            # a "-" ending a line is PDFium's "hyphen" (code 2 or U+FFFE): in Chinese text a real dash
            ch = "-" if pdfium_c.FPDFText_IsHyphen(tp.raw, i) or code == 2 else chr(code) if code else ""
            gen = bool(pdfium_c.FPDFText_IsGenerated(tp.raw, i))
            left, bottom, right, top = tp.get_charbox(i, loose=True)
            chars.append((_unify(ch), left, right, height - top, height - bottom, gen))
    finally:
        tp.close()
    lines, cur = [], []
    for c in chars:
        if c[0] in "\r\n" or (cur and _new_line(cur, c)):
            _close(lines, cur, page_no)
            cur = [] if c[0] in "\r\n" else [c]
            continue
        cur.append(c)
    _close(lines, cur, page_no)
    return sorted(lines, key=lambda ln: (round(ln.top), ln.x0))


def _new_line(cur: list, c) -> bool:
    """A character below the current line, or back at its left: PDFium did not mark the break."""
    last = cur[-1]
    size = max(last[4] - last[3], 1.0)
    return abs((c[3] + c[4]) / 2 - (last[3] + last[4]) / 2) > 0.6 * size or c[1] < last[1] - 2 * size


def _close(lines: list[Line], cur: list, page_no: int) -> None:
    text_chars = []
    for k, c in enumerate(cur):
        if c[0] == " " and c[5]:  # a space PDFium generated from a gap: only between Latin words
            prev = cur[k - 1][0] if k else ""
            nxt = cur[k + 1][0] if k + 1 < len(cur) else ""
            if not prev or not nxt or _is_cjk(prev) or _is_cjk(nxt):
                continue
        text_chars.append(c)
    text = "".join(c[0] for c in text_chars).strip()
    if not text:
        return
    solid = [c for c in text_chars if not c[0].isspace()]
    advances = [b[1] - a[1] for a, b in zip(solid, solid[1:]) if b[1] > a[1]]
    pitch = statistics.median(advances) if advances else (solid[0][2] - solid[0][1])
    k = _lead(solid)
    lines.append(Line(page_no, min(c[3] for c in solid), max(c[4] for c in solid), solid[0][1], solid[-1][2],
                      text, max(pitch, 1.0), solid[k - 1][2] - solid[0][1]))


def _lead(solid: list) -> int:
    """How many characters a line break cannot split at the start of a line: opening marks, then a
    Latin word or number (with the character after it) or one character, then closing marks.

    ``'（2020-2022年）》，加快…'`` -> 12; ``'加快…'`` -> 1; ``'年。下…'`` -> 2
    """
    n, k = len(solid), 0
    while k < n - 1 and solid[k][0] in OPENS:
        k += 1
    if solid[k][0].isascii() and solid[k][0].isalnum():
        while k < n and solid[k][0].isascii() and (solid[k][0].isalnum() or solid[k][0] in LATIN_JOINERS):
            k += 1
        k = min(k + 1, n)  # 2022年: a number and the character after it are kept together here
    else:
        k += 1
    while k < n and solid[k][0] in NO_LINE_START:
        k += 1
    return k


def _key(text: str) -> str:
    """Running text compared with its numbers as one: ``'第 3 页 共 8 页'`` -> ``'第#页共#页'``."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_running(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Pages without their running headers, footers and page numbers."""
    def in_band(ln: Line, h: float) -> bool:
        return ln.bottom < BAND * h or ln.top > (1 - BAND) * h

    seen: dict[str, set[int]] = {}
    for p, lines in enumerate(pages):
        for ln in lines:
            if in_band(ln, heights[p]):
                seen.setdefault(_key(ln.text), set()).add(p)
    need = max(2, (len(pages) + 1) // 2)
    running = {k for k, ps in seen.items() if len(ps) >= need}
    return [[ln for ln in lines if not (in_band(ln, heights[p]) and (_key(ln.text) in running
                                                                       or PAGE_NUMBER.match(ln.text.strip())))]
            for p, lines in enumerate(pages)]


def _edges(lines: list[Line], fallback: tuple[float, float]) -> tuple[float, float]:
    """The body's left and right edges on one page (the document's when the page has few lines)."""
    if len(lines) < 3:
        return fallback
    return min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)


def paragraphs(pages: list[list[Line]]) -> list[str]:
    """Body lines of every page -> paragraphs (see the module docstring for the signals)."""
    body = [ln for lines in pages for ln in lines]
    if not body:
        return []
    pitch = statistics.median(ln.pitch for ln in body)
    whole = (min(ln.x0 for ln in body), max(ln.x1 for ln in body))
    edges = {p: _edges(lines, whole) for p, lines in enumerate(pages)}
    indented = sum(1.5 * pitch <= ln.x0 - edges[ln.page][0] <= 2.6 * pitch for ln in body) >= 2
    gaps = [b.top - a.top for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.top]
    leading = statistics.median(gaps) if gaps else 0.0
    out: list[str] = []
    prev = None
    for ln in body:
        left, right = edges[ln.page]
        starts = prev is None or ln.x0 - left > 0.5 * pitch
        if prev is not None and not starts:
            p_left, p_right = edges[prev.page]
            # the line before had room for this line's first word: it ended its paragraph
            short = prev.x1 + ln.lead < p_right - 0.3 * pitch
            gap = prev.page == ln.page and leading and ln.top - prev.top > 1.6 * leading
            opens = (not indented and OPENS_PART.match(ln.text) and prev.text[-1] in CLOSES)
            starts = short or bool(gap) or bool(opens)
        if starts:
            out.append(ln.text)
        else:
            joint = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and ln.text[:1].isascii() \
                and ln.text[:1].isalnum() else ""
            out[-1] += joint + ln.text
        prev = ln
    return out


def _title(meta: dict) -> str:
    title = (meta.get("Title") or "").strip()
    return "" if not title or JUNK_TITLE.search(title) else title


def read_pdf(path: Path) -> PdfText:
    """The report's text as paragraphs, and its title from the PDF's own metadata (when it has a real one)."""
    import pypdfium2 as pdfium

    name = Path(path).name
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise PdfError(messages.PDF_ENCRYPTED.format(name=name)) from None
        raise PdfError(messages.PDF_UNREADABLE.format(name=name)) from None
    try:
        pages, heights = [], []
        for i in range(len(pdf)):
            page = pdf[i]
            heights.append(page.get_height())
            pages.append(page_lines(page, i))
            page.close()
        title = _title(pdf.get_metadata_dict())
    finally:
        pdf.close()
    chars = sum(len(ln.text) for lines in pages for ln in lines)
    if not pages or chars < MIN_CHARS_PER_PAGE * len(pages):
        raise ScannedPdf(messages.PDF_SCANNED.format(name=name, pages=len(pages)))
    return PdfText("\n".join(paragraphs(drop_running(pages, heights))), title, len(pages))
